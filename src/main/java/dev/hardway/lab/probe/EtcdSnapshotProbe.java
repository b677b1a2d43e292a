package dev.hardway.lab.probe;

import dev.hardway.Problem;
import dev.hardway.lab.Probe;
import dev.hardway.lab.ProbeCommands;
import dev.hardway.lab.ProbeResult;
import dev.hardway.lab.Verdicts;
import dev.hardway.lab.Verdicts.NodeCheck;
import dev.hardway.lab.real.EtcdBackupOutput;
import dev.hardway.lab.real.ToolOutput;
import dev.hardway.lab.sim.SimEtcdData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The lesson probe {@code etcd-snapshot} (lesson 15): {@code etcdutl snapshot status PATH -w json} reads the file on
 * every node asked (hash, revision, keys), and they all hold the same snapshot (one hash and revision): restoring
 * members from different files gives a cluster whose members hold different data under one cluster ID.
 */
public final class EtcdSnapshotProbe implements ProbeKind<Probe.EtcdSnapshot, ProbeResult> {

    public static final EtcdSnapshotProbe INSTANCE = new EtcdSnapshotProbe();

    private EtcdSnapshotProbe() {
    }

    /** One node's reading: {@code id} tells snapshots apart (etcdutl's hash and revision; the sim's file sha). */
    record Read(String node, String id, long revision, long keys, Problem problem) {
    }

    private static List<String> commands(Probe.EtcdSnapshot p) {
        return p.nodes().stream().map(n -> ProbeCommands.on(n, ProbeCommands.etcdutlStatus(p.path()))).toList();
    }

    @Override
    public ProbeResult real(RealProbing lab, Probe.EtcdSnapshot p) {
        List<Read> reads = lab.onNodes(p.nodes(), n -> ProbeCommands.etcdutlStatus(p.path()), (n, r) -> {
            if (r.exitCode() == 127) {
                return new Read(n, null, 0, 0, Problem.error(n + ": etcdutl: command not found", "the step of lesson 15-etcd-backup that installs etcdutl (etcd 3.6 moved snapshot status/restore there)"));
            }
            var s = EtcdBackupOutput.snapshotStatus(r.stdout());
            if (!r.ok() || s.isEmpty()) {
                String err = ToolOutput.lastLine(r.stderr());
                return new Read(n, null, 0, 0, Problem.error(n + ": etcdutl snapshot status " + p.path() + ": "
                        + (err.isEmpty() ? "exit " + r.exitCode() : err), "etcdctl snapshot save on one master (one --endpoints), then copy that file to every member"));
            }
            return new Read(n, s.get().hashHex() + "@" + s.get().revision(), s.get().revision(), s.get().totalKeys(),
                    null);
        }, (n, e) -> new Read(n, null, 0, 0, RealProbing.unreachable(n, e)));
        return judge(p, reads, commands(p));
    }

    @Override
    public ProbeResult sim(SimProbing lab, Probe.EtcdSnapshot p) {
        SimEtcdData d = SimEtcdData.of(lab.model());
        List<Read> reads = p.nodes().stream().map(n -> {
            SimEtcdData.SnapshotRead s = d.snapshot(n, p.path());
            return new Read(n, s.ok() ? s.sha256().substring(0, 8) + "@" + s.revision() : null, s.revision(), s.keys(),
                    s.problem());
        }).toList();
        return judge(p, reads, commands(p));
    }

    /** The one verdict of both labs. */
    static ProbeResult judge(Probe.EtcdSnapshot p, List<Read> reads, List<String> commands) {
        List<NodeCheck> checks = new ArrayList<>();
        Map<String, List<String>> byId = new LinkedHashMap<>();
        for (Read r : reads) {
            if (r.problem() != null) {
                checks.add(NodeCheck.fail(r.node(), r.problem()));
            } else {
                byId.computeIfAbsent(r.id(), k -> new ArrayList<>()).add(r.node());
            }
        }
        if (byId.size() > 1) {
            // the snapshot most members hold is the reference (ties: the first node's)
            String first = byId.entrySet().stream().max(java.util.Comparator.comparingInt(e -> e.getValue().size()))
                    .orElseThrow().getKey();
            String groups = String.join("; ", byId.entrySet().stream().map(e -> String.join(", ", e.getValue())
                    + ": revision " + e.getKey().substring(e.getKey().indexOf('@') + 1)).toList());
            for (Read r : reads) {
                if (r.problem() == null) {
                    checks.add(r.id().equals(first) ? NodeCheck.ok(r.node()) : NodeCheck.fail(r.node(), Problem.error(r.node()
                            + " holds another snapshot at " + p.path() + " than " + String.join(", ", byId.get(first))
                            + " (" + groups + "): members restored from different files hold different data under one cluster ID", "copy the one file you saved to every member (scp), then etcdutl snapshot status on each: the same hash and revision")));
                }
            }
        } else {
            reads.stream().filter(r -> r.problem() == null).forEach(r -> checks.add(NodeCheck.ok(r.node())));
        }
        List<NodeCheck> ordered = reads.stream().map(r -> checks.stream().filter(c -> c.node().equals(r.node()))
                .findFirst().orElseThrow()).toList();
        String what = byId.size() == 1 && ordered.stream().allMatch(NodeCheck::ok)
                ? "etcd snapshot " + p.path() + " (revision " + reads.get(0).revision() + ", " + reads.get(0).keys()
                        + " keys" + (reads.size() > 1 ? ", the same on every node" : "") + ")"
                : "etcd snapshot " + p.path();
        return Verdicts.perNode(p.type(), what, ordered, commands);
    }
}
