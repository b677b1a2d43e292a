package dev.hardway.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code inspect} and {@code check} as a learner reads them, in-process on the simulated lab (issue 8, finding 14). */
class InspectOutputTest {

    @TempDir
    static Path home;

    /** "jumpbox: jumpbox:", "etcd: etcd:": a label prefixed twice. */
    static final Pattern DOUBLED = Pattern.compile("\\b([\\w-]+): \\1:");

    static BadInputCorpusTest.Run run(String... words) {
        return BadInputCorpusTest.run(home, Map.of(), List.of(words));
    }

    @BeforeAll
    static void cluster() {
        assertThat(run("cluster", "use", "ha", "--provider", "sim").exit()).isZero();
    }

    @Test
    void beforeAnyLessonTheApiServerIsNotInstalledYetAndNoLabelIsDoubled() {
        BadInputCorpusTest.Run r = run("inspect", "apiserver");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("kube-apiserver is not installed on master1, master2, master3 yet")
                .contains("not installed").doesNotContain("connection refused");
        assertThat(DOUBLED.matcher(r.out()).find()).as(r.out()).isFalse();
        assertThat(run("check", "apiserver").out()).contains("not installed yet");
    }

    @Test
    void noLabelIsDoubledAndCertsFit120Columns() {
        assertThat(run("lesson", "goto", "07-api-lb").exit()).isZero();
        run("break", "master2", "--mode", "power");
        for (List<String> c : List.of(List.of("inspect", "etcd"), List.of("inspect", "apiserver"),
                List.of("inspect", "vip"), List.of("inspect", "lb"), List.of("inspect", "cluster"),
                List.of("inspect", "node", "master2"), List.of("check", "etcd"), List.of("check", "apiserver"),
                List.of("check", "vip"), List.of("check", "cluster"), List.of("inspect", "certs"))) {
            BadInputCorpusTest.Run r = run(c.toArray(String[]::new));
            assertThat(DOUBLED.matcher(r.out() + r.err()).find()).as(c + ":\n" + r.out()).isFalse();
        }
        BadInputCorpusTest.Run certs = run("inspect", "certs");
        assertThat(certs.out()).contains("kube-apiserver.pem").contains("+6 more (inspect certs --json lists all)");
        assertThat(certs.out().lines()).allSatisfy(l -> assertThat(l.length()).as(l).isLessThanOrEqualTo(120));
        assertThat(run("inspect", "certs", "--json").out()).contains("DNS:kubernetes.default.svc.cluster.local");
        run("heal", "--all");
    }
}
