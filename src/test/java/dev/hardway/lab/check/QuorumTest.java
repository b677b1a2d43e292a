package dev.hardway.lab.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hardway.lab.EtcdStatus;
import dev.hardway.lab.inspect.EtcdReport;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 8, finding 10: quorum is {@code healthy >= n/2+1}, never the leader field. A member left alone still names
 * itself leader for a moment after stepping down; {@code check etcd} said "quorum holds" then.
 */
class QuorumTest {

    static EtcdStatus status(String leader, boolean... healthy) {
        List<EtcdStatus.Member> ms = new java.util.ArrayList<>();
        for (int i = 0; i < healthy.length; i++) {
            String n = "master" + (i + 1);
            ms.add(new EtcdStatus.Member(n, "https://10.0.0." + (i + 1) + ":2379", healthy[i], n.equals(leader), 2,
                    10, 1000, "3.6.0", healthy[i] ? null : dev.hardway.Problem.error(n + ": etcd member unhealthy",
                    "systemctl status etcd")));
        }
        return new EtcdStatus(healthy.length, EtcdStatus.quorumOf(healthy.length), ms, leader, 2);
    }

    static EtcdReport report(EtcdStatus s) {
        return new EtcdReport(false, "master1", s, s.members().stream().map(m -> new EtcdReport.Member(m.name(), "1",
                "https://x:2380", m.endpoint(), true, m.healthy(), m.leader(), 2, 10, 1000, "3.6.0", m.problem()))
                .toList(), List.of(), List.of());
    }

    @Test
    void aStaleLeaderWithNoHealthyMemberIsNoQuorum() {
        EtcdStatus s = status("master1", false, false, false);
        assertThat(s.quorumHolds()).isFalse();
        assertThat(s.toleratesMore()).isZero();
        assertThat(s.verdict(1, List.of()).ok()).isFalse();
        Verdict v = Checks.etcd(report(s));
        assertThat(v.ok()).isFalse();
        assertThat(v.exitCode()).isEqualTo(1);
        assertThat(v.headline()).isEqualTo("etcd quorum lost: 0 of 3 members healthy, a leader needs 2");
        assertThat(report(s).quorumSentence()).contains("quorum lost");
    }

    @Test
    void theLastMemberLeftStillCallingItselfLeaderIsNoQuorum() {
        for (int last = 0; last < 3; last++) {
            boolean[] h = new boolean[3];
            h[last] = true;
            EtcdStatus s = status("master" + (last + 1), h);
            assertThat(s.quorumHolds()).as("master%d left alone", last + 1).isFalse();
            assertThat(Checks.etcd(report(s)).ok()).isFalse();
        }
    }

    @Test
    void twoOfThreeHoldsEvenWhileTheLeaderFieldIsEmpty() {
        EtcdStatus s = status(null, true, true, false);
        assertThat(s.quorumHolds()).isTrue();
        assertThat(Checks.etcd(report(s)).ok()).isTrue();
        assertThat(Checks.etcd(report(s)).headline()).isEqualTo("etcd: 2 of 3 healthy — quorum holds, tolerates 0"
                + " more failures");
        assertThat(status("master1", true, true, true, false, false).quorumHolds()).isTrue();
        assertThat(status("master1", true, true, false, false, false).quorumHolds()).isFalse();
    }

    @Test
    void checkClusterDoesNotDoubleTheComponentName() {
        Verdict e = Checks.etcd(report(status("master1", true, true, true)));
        assertThat(e.headline()).startsWith("etcd: 3 of 3").doesNotContain("etcd: etcd:");
    }
}
