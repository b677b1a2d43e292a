package dev.hardway.lab.inspect;

import dev.hardway.Problem;
import dev.hardway.lab.EtcdStatus;
import java.util.List;

/**
 * {@code inspect etcd}: every member, the leader, raft term/index, DB size, health and the quorum sentence.
 *
 * @param answeredBy the master whose {@code etcdctl} gave this picture (null when none could be asked)
 * @param status     the same data in the shape the lab's probes use ({@code etcd-healthy}, {@code check etcd})
 * @param members    one per configured member (= master), in config order
 */
public record EtcdReport(boolean simulated, String answeredBy, EtcdStatus status, List<Member> members,
                         List<Problem> problems, List<String> commands) implements Report {

    /**
     * @param id        etcd's member ID in hex as {@code etcdctl -w table} shows it (null when unknown)
     * @param peerUrl   {@code https://ip:2380}
     * @param clientUrl {@code https://ip:2379}
     * @param up        the member's etcd answers (it may still be unhealthy: no leader, cut off)
     * @param dbSize    bytes
     * @param problem   when not healthy: naming the member, with its fix; else null
     */
    public record Member(String name, String id, String peerUrl, String clientUrl, boolean up, boolean healthy, boolean leader,
                         long raftTerm, long raftIndex, long dbSize, String version, Problem problem) {
    }

    public EtcdReport {
        members = List.copyOf(members);
        problems = List.copyOf(problems);
        commands = List.copyOf(commands);
    }

    public long healthyCount() {
        return status.healthyCount();
    }

    /** {@link EtcdStatus#quorumHolds()}: healthy members against the quorum, never the leader field. */
    public boolean quorumHolds() {
        return status.quorumHolds();
    }

    /** Members whose etcd answers at all. */
    public long upCount() {
        return members.stream().filter(Member::up).count();
    }

    /**
     * "2 of 3 healthy — quorum holds, tolerates 0 more failures"; without a leader "1 of 3 members up — quorum lost
     * (a leader needs 2)" (no member counts as healthy without a leader: etcd's own health check fails).
     */
    public String quorumSentence() {
        if (!status.quorumHolds()) {
            return upCount() + " of " + status.configured() + " members up — quorum lost (a leader needs "
                    + status.quorum() + ")";
        }
        long t = status.toleratesMore();
        return status.healthyCount() + " of " + status.configured() + " healthy — quorum holds, tolerates " + t
                + " more failure" + (t == 1 ? "" : "s");
    }
}
