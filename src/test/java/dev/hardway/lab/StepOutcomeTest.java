package dev.hardway.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hardway.target.TargetException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A node's failure carries its reason apart from the node's name and address, so the lesson view can show one
 * cause once for several nodes without cutting names and IPs out of sentences.
 */
class StepOutcomeTest {

    @Test
    void aTargetFailureKeepsTheReasonApartFromNodeAndAddress() {
        TargetException e = new TargetException(TargetException.Kind.REFUSED, "master2", "172.16.10.12:22",
                dev.hardway.Problem.error("connection refused: sshd is not running", "cluster status"));
        assertThat(e.getMessage()).isEqualTo("master2 (172.16.10.12:22): connection refused: sshd is not running."
                + " Try: cluster status.");
        assertThat(e.problem().what()).isEqualTo("master2 (172.16.10.12:22): connection refused: sshd is not running");
        assertThat(e.problem().fix()).isEqualTo("cluster status");
        assertThat(e.problem().where().node()).isEqualTo("master2");
        StepOutcome.NodeOutcome n = StepOutcome.NodeOutcome.failed("master2", e, true, Duration.ZERO);
        assertThat(n.error()).isEqualTo(e.getMessage());
        assertThat(n.reason()).isEqualTo("connection refused: sshd is not running. Try: cluster status.")
                .doesNotContain("master2", "172.16");
        StepOutcome.NodeOutcome other = StepOutcome.NodeOutcome.failed("master3",
                new TargetException(TargetException.Kind.REFUSED, "master3", "172.16.10.13:22",
                        dev.hardway.Problem.error("connection refused: sshd is not running", "cluster status")), true,
                Duration.ZERO);
        assertThat(other.reason()).as("same cause on two nodes groups by field").isEqualTo(n.reason());
    }

    @Test
    void aScriptFailureNamesTheNodeOnceInItsOneLineForm() {
        StepOutcome.NodeOutcome n = StepOutcome.NodeOutcome.failed("master1", 1, "the step's script exited with 1",
                false, Duration.ZERO);
        assertThat(n.error()).isEqualTo("master1: the step's script exited with 1");
        assertThat(n.ok()).isFalse();
        assertThat(StepOutcome.NodeOutcome.ok("master1", 0, Duration.ZERO).reason()).isNull();
    }
}
