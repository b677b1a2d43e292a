package dev.hardway.lab.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hardway.lab.inspect.ScriptSections.Section;
import dev.hardway.target.ExecOptions;
import dev.hardway.target.ExecResult;
import dev.hardway.target.OutputListener;
import dev.hardway.target.local.LocalTarget;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScriptSectionsTest {

    @Test
    void everyCommandRunsOnceAndComesBackWithItsOwnOutputErrorAndExitCode() throws Exception {
        ScriptSections s = new ScriptSections()
                .add("a", "echo one; echo two")
                .add("b", "echo oops >&2; exit 3")
                .add("c", "printf 'no newline'")
                .add("d", "true")
                .add("e", "sleep 0.3; echo slow");
        ExecResult r = new LocalTarget("local", null, Map.of()).exec(s.script(), ExecOptions.timeout(
                Duration.ofSeconds(20)), OutputListener.NONE);
        assertThat(r.exitCode()).isZero();
        Map<String, Section> m = s.parse(r.stdout());
        assertThat(m.get("a")).isEqualTo(new Section("a", "one\ntwo\n", "", 0));
        assertThat(m.get("b")).isEqualTo(new Section("b", "", "oops\n", 3));
        assertThat(m.get("c").out()).isEqualTo("no newline\n");
        assertThat(m.get("d")).isEqualTo(new Section("d", "", "", 0));
        assertThat(m.get("e").out()).isEqualTo("slow\n");
        // concurrently: the script takes about as long as the slowest command
        assertThat(r.duration()).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aSectionWhoseMarkersAreMissingHasExitCodeMinusOne() {
        ScriptSections s = new ScriptSections().add("a", "true").add("b", "true");
        Map<String, Section> m = s.parse("\n" + ScriptSections.MARK + " a out\nx\n\n" + ScriptSections.MARK
                + " a err\n\n" + ScriptSections.MARK + " a rc 0\n");
        assertThat(m.get("a").out()).isEqualTo("x\n");
        assertThat(m.get("b").rc()).isEqualTo(-1);
    }
}
