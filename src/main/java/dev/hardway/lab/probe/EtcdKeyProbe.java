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
import java.util.List;

/**
 * The lesson probe {@code etcd-key} (lesson 15): a key is in etcd, or is not, as each member asked serves it by
 * itself ({@code etcdctl get --consistency=s} against its own 127.0.0.1:2379, which needs no leader). Members that
 * disagree are named as what they are: restored from different snapshots, or not all restored.
 */
public final class EtcdKeyProbe implements ProbeKind<Probe.EtcdKey, ProbeResult> {

    public static final EtcdKeyProbe INSTANCE = new EtcdKeyProbe();

    private EtcdKeyProbe() {
    }

    /** One member's answer: whether it has the key, or why it could not say. */
    record Read(String node, boolean present, Problem problem) {
    }

    private static List<String> commands(Probe.EtcdKey p) {
        return p.nodes().stream().map(n -> ProbeCommands.on(n, ProbeCommands.etcdKeyLocal(p.key()))).toList();
    }

    @Override
    public ProbeResult real(RealProbing lab, Probe.EtcdKey p) {
        List<Read> reads = lab.onNodes(p.nodes(), n -> ProbeCommands.etcdKeyLocal(p.key()), (n, r) -> {
            var count = EtcdBackupOutput.getCount(r.stdout());
            if (!r.ok() || count.isEmpty()) {
                String err = ToolOutput.lastLine(r.stderr());
                return new Read(n, false, Problem.error(n + ": etcdctl get " + p.key() + " failed: " + (r.exitCode() == 127
                        ? "etcdctl: command not found (lesson 05-etcd installs it)" : err.isEmpty() ? "exit "
                        + r.exitCode() : err), "systemctl status etcd; journalctl -u etcd -n 50 on " + n));
            }
            return new Read(n, count.get() > 0, null);
        }, (n, e) -> new Read(n, false, RealProbing.unreachable(n, e)));
        return judge(p, reads, commands(p));
    }

    @Override
    public ProbeResult sim(SimProbing lab, Probe.EtcdKey p) {
        SimEtcdData d = SimEtcdData.of(lab.model());
        List<Read> reads = p.nodes().stream().map(n -> {
            SimEtcdData.KeyRead k = d.key(n, p.key());
            return new Read(n, k.present(), k.problem());
        }).toList();
        return judge(p, reads, commands(p));
    }

    /** The one verdict of both labs. */
    static ProbeResult judge(Probe.EtcdKey p, List<Read> reads, List<String> commands) {
        boolean split = reads.stream().filter(r -> r.problem() == null).map(Read::present).distinct().count() > 1;
        List<String> with = reads.stream().filter(r -> r.problem() == null && r.present()).map(Read::node).toList();
        List<String> without = reads.stream().filter(r -> r.problem() == null && !r.present()).map(Read::node)
                .toList();
        String why = split ? " Members disagree (with it: " + String.join(", ", with) + "; without: " + String.join(", ",
                without) + "): they hold different data, restored from different snapshot files or not all"
                + " restored" : null;
        List<NodeCheck> checks = reads.stream().map(r -> {
            if (r.problem() != null) {
                return NodeCheck.fail(r.node(), r.problem());
            }
            if (r.present() == p.present()) {
                return NodeCheck.ok(r.node());
            }
            String base = r.node() + ": key " + p.key() + (r.present() ? " is still in etcd, but it was written"
                    + " after the snapshot: the restore did not take effect on " + r.node() : " is not in etcd");
            String fix = why != null ? "restore every member from the same file (lesson 15-etcd-backup)"
                    : r.present() ? "stop etcd, restore into a fresh data dir, move it to /var/lib/etcd, start etcd"
                    + " (lesson 15-etcd-backup)" : "etcdctl get " + p.key() + " on " + r.node() + "; if it was"
                    + " written before the snapshot, the member was restored from another file";
            return NodeCheck.fail(r.node(), Problem.error(why != null ? base + "." + why : base, fix));
        }).toList();
        return Verdicts.perNode(p.type(), "key " + p.key() + (p.present() ? " present" : " absent"), checks, commands);
    }
}
