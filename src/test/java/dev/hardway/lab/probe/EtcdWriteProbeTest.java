package dev.hardway.lab.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hardway.lab.Probe;
import dev.hardway.lab.ProbeResult;
import dev.hardway.target.ExecResult;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How {@code etcd-write} reads etcdctl's answer on real nodes: only a timeout shows that writes stop. */
class EtcdWriteProbeTest {

    static ExecResult exec(int exit, String stderr) {
        return new ExecResult("master3", exit, exit == 0 ? "OK\n" : "", stderr, Duration.ofMillis(5));
    }

    static final Probe.EtcdWrite STOPS = new Probe.EtcdWrite("/hardway/drills/write", false, "master3");
    static final Probe.EtcdWrite WRITES = new Probe.EtcdWrite("/hardway/drills/write", true, "master3");

    @Test
    void aCommitAndATimeoutAreTheTwoAnswersThatCount() {
        var committed = EtcdWriteProbe.classify("master3", exec(0, ""));
        assertThat(committed.committed()).isTrue();
        assertThat(EtcdWriteProbe.judge(WRITES, committed, List.of()).ok()).isTrue();
        assertThat(EtcdWriteProbe.judge(STOPS, committed, List.of()).ok()).isFalse();

        // etcd 3.5's etcdctl without a leader: a JSON warn line from the client, then its own error line
        var timedOut = EtcdWriteProbe.classify("master3", exec(1, "{\"level\":\"warn\",\"msg\":\"retrying of unary"
                + " invoker failed\",\"error\":\"rpc error: code = DeadlineExceeded desc = context deadline"
                + " exceeded\"}\nError: context deadline exceeded\n"));
        assertThat(timedOut.timedOut()).isTrue();
        ProbeResult ok = EtcdWriteProbe.judge(STOPS, timedOut, List.of());
        assertThat(ok.ok()).isTrue();
        assertThat(ok.summary()).contains("times out", "Error: context deadline exceeded");
        ProbeResult notOk = EtcdWriteProbe.judge(WRITES, timedOut, List.of());
        assertThat(notOk.ok()).isFalse();
        assertThat(notOk.problems().get(0).fix()).contains("heal");
        assertThat(EtcdWriteProbe.classify("master3", exec(1, "Error: etcdserver: request timed out\n")).timedOut())
                .isTrue();
    }

    @Test
    void anyOtherFailureProvesNeitherAndFailsBothWays() {
        var certs = EtcdWriteProbe.classify("master3", exec(1, "Error: open /etc/etcd/kubernetes.pem: no such file"
                + " or directory\n"));
        assertThat(certs.problem()).isNotNull();
        assertThat(EtcdWriteProbe.judge(STOPS, certs, List.of()).ok()).isFalse();
        assertThat(EtcdWriteProbe.judge(WRITES, certs, List.of()).ok()).isFalse();
        assertThat(certs.problem().what()).contains("master3", "no such file");

        var missing = EtcdWriteProbe.classify("master3", exec(127, "bash: etcdctl: command not found\n"));
        assertThat(EtcdWriteProbe.judge(STOPS, missing, List.of()).summary()).contains("could not be tried");
        assertThat(missing.problem().fix()).contains("05-etcd");
    }
}
