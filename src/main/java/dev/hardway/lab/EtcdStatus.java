package dev.hardway.lab;

import dev.hardway.Problem;
import java.util.List;

/**
 * etcd as a probe sees it, from the real cluster ({@code etcdctl endpoint status/health -w json}) or the simulated
 * model; what {@code inspect etcd} shows and what the {@code etcd-healthy} probe decides on.
 *
 * @param configured the number of members the cluster was built with (= masters)
 * @param quorum     floor(configured/2)+1: how many healthy members etcd needs to have a leader
 * @param members    one per configured member, in master order
 * @param leader     the leader's name, or null ("etcdserver: no leader")
 * @param raftTerm   the leader's raft term (0 when unknown)
 */
public record EtcdStatus(int configured, int quorum, List<Member> members, String leader, long raftTerm) {

    /**
     * @param endpoint client URL {@code https://ip:2379}
     * @param problem  when not healthy: naming the member and why, with the fix; else null
     */
    public record Member(String name, String endpoint, boolean healthy, boolean leader, long raftTerm,
                         long raftIndex, long dbSize, String version, Problem problem) {
    }

    public EtcdStatus {
        members = List.copyOf(members);
    }

    public static int quorumOf(int configured) {
        return configured / 2 + 1;
    }

    public long healthyCount() {
        return members.stream().filter(Member::healthy).count();
    }

    public boolean hasLeader() {
        return leader != null;
    }

    /**
     * The one quorum rule, used by {@code inspect etcd}, {@code check etcd}, the {@code etcd-healthy} probe and
     * topology alike: at least {@code configured/2+1} members are healthy. The leader field is not trusted for
     * this: a member left alone still names itself leader for a few seconds after stepping down (issue 8, finding
     * 10), while its health check already fails.
     */
    public boolean quorumHolds() {
        return healthyCount() >= quorum;
    }

    /** "1 of 3 members healthy, a leader needs 2": why quorum is lost, in the words every report uses. */
    public String quorumLost() {
        return healthyCount() + " of " + configured + " members healthy, a leader needs " + quorum;
    }

    /** How many more members may fail before the cluster loses quorum (0 when it has none). */
    public long toleratesMore() {
        return quorumHolds() ? Math.max(0, healthyCount() - quorum) : 0;
    }

    /** One line for summaries: "3/3 members healthy, leader master1 (term 2), tolerates 1 more failure". */
    public String describe() {
        String head = "etcd: " + healthyCount() + "/" + configured + " members healthy, ";
        if (!quorumHolds()) {
            return head + "no quorum (a leader needs " + quorum + ")";
        }
        long t = toleratesMore();
        return head + "leader " + leader + (raftTerm > 0 ? " (term " + raftTerm + ")" : "") + ", quorum "
                + healthyCount() + "/" + configured + ", tolerates " + t + " more failure" + (t == 1 ? "" : "s");
    }

    /** The {@code etcd-healthy} verdict: at least {@code minMembers} healthy members and a leader. */
    public ProbeResult verdict(int minMembers, List<String> commands) {
        String type = "etcd-healthy";
        if (quorumHolds() && healthyCount() >= minMembers) {
            return ProbeResult.pass(type, describe(), commands);
        }
        List<Problem> problems = new java.util.ArrayList<>();
        members.stream().filter(m -> !m.healthy() && m.problem() != null).forEach(m -> problems.add(m.problem()));
        if (!quorumHolds()) {
            problems.add(Problem.error("quorum lost: " + quorumLost(), "bring back enough members (start etcd on them or heal them) so " + quorum + " are up"));
        } else if (healthyCount() < minMembers) {
            problems.add(Problem.error("only " + healthyCount() + " healthy members, the check wants " + minMembers, "start etcd on the remaining masters"));
        }
        return ProbeResult.fail(type, describe(), problems, commands);
    }
}
