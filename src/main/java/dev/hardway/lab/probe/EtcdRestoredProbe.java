package dev.hardway.lab.probe;

import dev.hardway.Problem;
import dev.hardway.cluster.ClusterConfig.Node;
import dev.hardway.cluster.ClusterModel;
import dev.hardway.lab.Probe;
import dev.hardway.lab.ProbeCommands;
import dev.hardway.lab.ProbeResult;
import dev.hardway.lab.real.EtcdBackupOutput;
import dev.hardway.lab.real.ToolOutput;
import dev.hardway.lab.sim.SimEtcdData;
import dev.hardway.target.ExecResult;
import dev.hardway.target.TargetException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The lesson probe {@code etcd-restored} (lesson 15), on {@code etcdctl endpoint status -w json} against every
 * member: each answers, all with one cluster ID (a member left with its old data, or restored with other flags,
 * has another one and is rejected: "request cluster ID mismatch"), at a revision of at least {@code revision}
 * (what --bump-revision gives; without it kube-apiserver's watchers see revisions go back). The simulated lab
 * knows one more trap: a kube-apiserver that was running while etcd was restored (its cache outlives the restore).
 */
public final class EtcdRestoredProbe implements ProbeKind<Probe.EtcdRestored, ProbeResult> {

    public static final EtcdRestoredProbe INSTANCE = new EtcdRestoredProbe();

    private EtcdRestoredProbe() {
    }

    /** One member as endpoint status showed it; {@code clusterId} null when it did not answer. */
    record Member(String node, String clusterId, long revision, Problem problem, List<String> apiserversAtRestore) {
    }

    @Override
    public ProbeResult real(RealProbing lab, Probe.EtcdRestored p) {
        ClusterModel c = lab.cluster();
        String cmd = ProbeCommands.etcdStatus(c);
        List<Problem> tried = new ArrayList<>();
        for (Node from : c.masters()) {
            List<String> cmds = List.of(ProbeCommands.on(from.name(), cmd));
            ExecResult r;
            try {
                r = lab.exec(from.name(), cmd);
            } catch (TargetException e) {
                tried.add(RealProbing.unreachable(from.name(), e));
                continue;
            }
            if (r.exitCode() == 127) {
                tried.add(Problem.error(from.name() + ": etcdctl is not installed", "lesson 05-etcd"));
                continue;
            }
            Map<String, EtcdBackupOutput.MemberHeader> byEndpoint = new LinkedHashMap<>();
            EtcdBackupOutput.headers(r.stdout()).forEach(h -> byEndpoint.put(h.endpoint(), h));
            Map<String, String> failed = ToolOutput.failedEndpoints(r.stderr());
            List<Member> members = c.masters().stream().map(n -> {
                String ep = "https://" + n.ip() + ":2379";
                EtcdBackupOutput.MemberHeader h = byEndpoint.get(ep);
                return h == null ? new Member(n.name(), null, 0, Problem.error(n.name() + " (" + ep + ") does not answer: "
                        + failed.getOrDefault(ep, "no status") + ". If only some members were restored, the others reject it (request cluster ID mismatch)", "journalctl -u etcd -n 50 on " + n.name()),
                        List.of()) : new Member(n.name(), h.clusterId(), h.revision(), null, List.of());
            }).toList();
            return judge(p, members, cmds);
        }
        return ProbeResult.fail(p.type(), "etcd restore: could not be asked", tried, List.of());
    }

    @Override
    public ProbeResult sim(SimProbing lab, Probe.EtcdRestored p) {
        List<Member> members = SimEtcdData.of(lab.model()).members().stream().map(v -> new Member(v.node(),
                v.answers() ? v.clusterId() : null, v.revision(), v.answers() ? null : v.problem(),
                v.apiserversAtRestore())).toList();
        String from = lab.cluster().masters().isEmpty() ? "master1" : lab.cluster().masters().get(0).name();
        return judge(p, members, List.of(ProbeCommands.on(from, ProbeCommands.etcdStatus(lab.cluster()))));
    }

    /** The one verdict of both labs. */
    static ProbeResult judge(Probe.EtcdRestored p, List<Member> members, List<String> cmds) {
        List<Problem> problems = new ArrayList<>();
        Map<String, List<String>> byCluster = new LinkedHashMap<>();
        for (Member m : members) {
            if (m.problem() != null) {
                problems.add(m.problem());
            } else {
                byCluster.computeIfAbsent(m.clusterId(), k -> new ArrayList<>()).add(m.node());
            }
        }
        if (byCluster.size() > 1) {
            problems.add(Problem.error("the members belong to " + byCluster.size() + " clusters (" + String.join("; ", byCluster
                    .entrySet().stream().map(e -> String.join(", ", e.getValue()) + ": cluster ID " + e.getKey())
                    .toList()) + "): not every member was restored with the same --initial-cluster and --initial-cluster-token", "stop etcd everywhere and restore every member from the same file with the same flags"));
        }
        for (Member m : members) {
            if (m.problem() == null && m.revision() < p.revision()) {
                problems.add(Problem.error(m.node() + " is at revision " + m.revision() + ", below " + p.revision() + ": restored"
                        + " without --bump-revision. kube-apiserver's watchers remember higher revisions and would miss changes or see stale objects", "restore again with --bump-revision " + p.revision()
                        + " --mark-compacted"));
            }
            if (!m.apiserversAtRestore().isEmpty()) {
                problems.add(Problem.error(m.node() + " was restored while kube-apiserver ran on " + String.join(", ",
                        m.apiserversAtRestore()) + ": its watch cache outlives the restore (objects reappear or vanish)", "systemctl stop kube-apiserver kube-controller-manager kube-scheduler on every master, then restore again"));
            }
        }
        if (!problems.isEmpty()) {
            return ProbeResult.fail(p.type(), "etcd restore: " + problems.size() + " problem"
                    + (problems.size() == 1 ? "" : "s"), problems, cmds);
        }
        long min = members.stream().mapToLong(Member::revision).min().orElse(0);
        String what = "etcd restored: " + members.size() + "/" + members.size() + " members in cluster "
                + byCluster.keySet().iterator().next() + ", revision >= " + min;
        return ProbeResult.pass(p.type(), what, cmds);
    }
}
