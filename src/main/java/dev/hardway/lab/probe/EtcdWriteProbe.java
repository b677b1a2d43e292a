package dev.hardway.lab.probe;

import dev.hardway.Problem;
import dev.hardway.cluster.ClusterModel;
import dev.hardway.lab.Probe;
import dev.hardway.lab.ProbeCommands;
import dev.hardway.lab.ProbeResult;
import dev.hardway.lab.real.ToolOutput;
import dev.hardway.lab.sim.SimEtcdData;
import dev.hardway.target.ExecResult;
import dev.hardway.target.TargetException;
import java.util.List;
import java.util.Locale;

/**
 * The lesson probe {@code etcd-write} (lesson 14): a write through every member's client URL, the way
 * kube-apiserver writes, is committed or times out. Without a quorum no leader is elected and etcd commits
 * nothing: {@code etcdctl put} waits out its command timeout and fails with {@code context deadline exceeded}
 * (or {@code etcdserver: request timed out} when a member took the proposal but lost its leader). Only such a
 * timeout shows that writes stop; any other failure (certificates, etcdctl missing, the node unreachable) proves
 * neither and fails the check whatever it expects.
 *
 * <p>On real nodes the write is real: it leaves the key (default {@code /hardway/drills/write}) with the time it
 * was made. The simulated lab decides from its model of which members form a majority and records nothing.
 */
public final class EtcdWriteProbe implements ProbeKind<Probe.EtcdWrite, ProbeResult> {

    public static final EtcdWriteProbe INSTANCE = new EtcdWriteProbe();

    private EtcdWriteProbe() {
    }

    /** What one write did: committed, timed out (no leader), or could not be tried ({@code problem}). */
    public record Write(boolean committed, boolean timedOut, String detail, Problem problem) {
        static Write commit() {
            return new Write(true, false, "committed", null);
        }

        static Write timedOut(String detail) {
            return new Write(false, true, detail, null);
        }

        static Write failed(Problem problem) {
            return new Write(false, false, problem.what(), problem);
        }
    }

    private static List<String> commands(ClusterModel c, Probe.EtcdWrite p) {
        return List.of(ProbeCommands.on(p.from(), ProbeCommands.etcdPut(c, p.key())));
    }

    @Override
    public ProbeResult real(RealProbing lab, Probe.EtcdWrite p) {
        String cmd = ProbeCommands.etcdPut(lab.cluster(), p.key());
        List<String> cmds = List.of(ProbeCommands.on(p.from(), cmd));
        Write w;
        try {
            w = classify(p.from(), lab.exec(p.from(), cmd));
        } catch (TargetException e) {
            w = Write.failed(RealProbing.problemOf(e));
        }
        return judge(p, w, cmds);
    }

    /** How etcdctl's answer reads: exit 0 is a commit; a deadline or request timeout is etcd without a leader. */
    static Write classify(String node, ExecResult r) {
        if (r.ok()) {
            return Write.commit();
        }
        String err = ToolOutput.lastLine(r.stderr());
        String lower = r.stderr().toLowerCase(Locale.ROOT);
        if (lower.contains("deadline exceeded") || lower.contains("request timed out")
                || lower.contains("leader changed") || lower.contains("no leader")) {
            return Write.timedOut(err.isEmpty() ? "timed out" : err);
        }
        if (r.exitCode() == 127) {
            return Write.failed(Problem.error(node + ": etcdctl: command not found", "lesson 05-etcd installs it"
                    + " on the masters (lesson run 05-etcd)"));
        }
        return Write.failed(Problem.error(node + ": etcdctl put failed: " + (err.isEmpty() ? "exit " + r.exitCode()
                : err), "inspect etcd; etcdctl needs https:// endpoints and lesson 05's certificates on " + node));
    }

    @Override
    public ProbeResult sim(SimProbing lab, Probe.EtcdWrite p) {
        List<String> cmds = commands(lab.cluster(), p);
        if (!lab.model().isUp(p.from())) {
            return judge(p, Write.failed(Problem.error(p.from() + " is powered off (simulated)", "heal " + p.from())),
                    cmds);
        }
        if (!lab.model().isEnabled(p.from(), dev.hardway.lab.sim.SimModel.ETCD)) {
            return judge(p, Write.failed(Problem.error(p.from() + ": etcdctl: command not found",
                    "lesson 05-etcd installs it on the masters (lesson run 05-etcd)")), cmds);
        }
        Problem blocked = SimEtcdData.of(lab.model()).writeBlocked(p.from());
        return judge(p, blocked == null ? Write.commit() : Write.timedOut(blocked.what()), cmds);
    }

    /** The one verdict of both labs. */
    static ProbeResult judge(Probe.EtcdWrite p, Write w, List<String> cmds) {
        String subject = "a write to etcd from " + p.from();
        if (w.problem() != null) {
            return ProbeResult.fail(p.type(), subject + " could not be tried", List.of(w.problem()), cmds);
        }
        if (w.committed() == p.writable()) {
            return ProbeResult.pass(p.type(), subject + (w.committed() ? " is committed (" + p.key() + ")"
                    : " times out: no leader commits it (" + w.detail() + ")"), cmds);
        }
        if (w.committed()) {
            return ProbeResult.fail(p.type(), subject + " is committed", List.of(Problem.error(p.from()
                    + ": etcdctl put " + p.key() + " was committed, so etcd still has a quorum and a leader; the"
                    + " step expects writes to stop", "faults must list the masters the drill broke; inspect etcd"
                    + " shows how many members are healthy")), cmds);
        }
        return ProbeResult.fail(p.type(), subject + " times out", List.of(Problem.error(p.from() + ": etcdctl put "
                + p.key() + " timed out (" + w.detail() + "): etcd has no leader to commit it", "inspect etcd"
                + " names the members that are down; heal them (heal --all) so a majority elects a leader")), cmds);
    }
}
