package dev.hardway.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The bounded process runner the ITs share (the packaged shell through a prefix, and VagrantLibvirtIT's tools). */
class PackagedShellTest {

    @Test
    void collectsStdoutAndStderrAndTheExitCode() throws Exception {
        PackagedShell.Run r = PackagedShell.bounded(new ProcessBuilder("bash", "-c", "echo out; echo err >&2; exit 3"),
                Duration.ofSeconds(30), false);
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.out()).contains("out\n", "err\n");
    }

    @Test
    void aRunPastItsBoundIsKilledWithWhatItPrintedSoFar() throws Exception {
        PackagedShell.Run r = PackagedShell.bounded(new ProcessBuilder("bash", "-c", "echo started; exec sleep 60"),
                Duration.ofSeconds(1), false);
        assertThat(r.exit()).isEqualTo(-1);
        assertThat(r.out()).contains("started", "(killed after PT1S)");
    }
}
