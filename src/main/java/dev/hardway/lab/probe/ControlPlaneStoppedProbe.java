package dev.hardway.lab.probe;

import dev.hardway.Problem;
import dev.hardway.lab.Probe;
import dev.hardway.lab.ProbeCommands;
import dev.hardway.lab.ProbeResult;
import dev.hardway.lab.Verdicts;
import dev.hardway.lab.Verdicts.NodeCheck;
import dev.hardway.lab.real.ToolOutput;
import dev.hardway.lab.sim.SimModel;
import java.util.List;

/**
 * The lesson probe {@code control-plane-stopped} (lesson 15): kube-apiserver, kube-controller-manager and
 * kube-scheduler run on none of the nodes asked, as before an etcd restore: an apiserver left running keeps a watch
 * cache of the old data, so objects reappear or vanish after the restore.
 */
public final class ControlPlaneStoppedProbe implements ProbeKind<Probe.ControlPlaneStopped, ProbeResult> {

    public static final ControlPlaneStoppedProbe INSTANCE = new ControlPlaneStoppedProbe();

    static final List<String> UNITS = List.of(SimModel.APISERVER, "kube-controller-manager", "kube-scheduler");

    private ControlPlaneStoppedProbe() {
    }

    private static String command() {
        return ProbeCommands.serviceActive(String.join(" ", UNITS)).replace("'", "") + " || true";
    }

    private static List<String> commands(Probe.ControlPlaneStopped p) {
        return p.nodes().stream().map(n -> ProbeCommands.on(n, command())).toList();
    }

    /** The one verdict of both labs, on the units that still run on a node. */
    static NodeCheck judge(String node, List<String> running) {
        return running.isEmpty() ? NodeCheck.ok(node) : NodeCheck.fail(node, Problem.error(String.join(", ", running)
                + (running.size() == 1 ? " still runs" : " still run") + " on " + node + ": an apiserver running across an etcd restore serves its stale cache (objects reappear or vanish)", "systemctl stop " + String.join(" ", UNITS) + " on " + node + " before the restore"));
    }

    @Override
    public ProbeResult real(RealProbing lab, Probe.ControlPlaneStopped p) {
        List<NodeCheck> checks = lab.onNodes(p.nodes(), n -> command(), (n, r) -> judge(n, ToolOutput.unitStates(
                UNITS, r.stdout()).entrySet().stream().filter(e -> e.getValue().equals("active")
                        || e.getValue().equals("activating") || e.getValue().equals("reloading"))
                .map(java.util.Map.Entry::getKey).toList()), (n, e) -> NodeCheck.fail(n, RealProbing.problemOf(e)));
        return Verdicts.perNode(p.type(), "control plane stopped", checks, commands(p));
    }

    @Override
    public ProbeResult sim(SimProbing lab, Probe.ControlPlaneStopped p) {
        SimModel m = lab.model();
        List<NodeCheck> checks = p.nodes().stream().map(n -> judge(n, UNITS.stream().filter(u -> m.isActive(n, u))
                .toList())).toList();
        return Verdicts.perNode(p.type(), "control plane stopped", checks, commands(p));
    }
}
