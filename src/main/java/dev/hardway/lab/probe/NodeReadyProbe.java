package dev.hardway.lab.probe;

import dev.hardway.Problem;
import dev.hardway.lab.Probe;
import dev.hardway.lab.ProbeCommands;
import dev.hardway.lab.ProbeResult;
import dev.hardway.lab.Verdicts;
import dev.hardway.lab.Verdicts.NodeCheck;
import dev.hardway.lab.real.ToolOutput;
import dev.hardway.lab.sim.SimNodes;
import dev.hardway.target.ExecResult;
import dev.hardway.target.TargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The lesson probe {@code node-ready}: the listed workers are registered with the API and Ready (kubectl). With
 * {@code network: false} a node NotReady only for its pod network (NetworkPluginNotReady: lesson 10 adds the CNI
 * config) passes; the simulated lab also requires kube-proxy ({@link SimNodes}).
 */
public final class NodeReadyProbe implements ProbeKind<Probe.NodeReady, ProbeResult> {

    public static final NodeReadyProbe INSTANCE = new NodeReadyProbe();

    private NodeReadyProbe() {
    }

    @Override
    public ProbeResult real(RealProbing lab, Probe.NodeReady p) {
        String from = lab.cluster().clientNode();
        String cmd = ProbeCommands.kubectlNodes();
        List<String> cmds = List.of(ProbeCommands.on(from, cmd));
        List<NodeCheck> checks = new ArrayList<>();
        try {
            ExecResult r = lab.exec(from, cmd);
            if (!r.ok()) {
                Problem why = Problem.error(from + ": kubectl get nodes failed: " + ToolOutput.lastLine(r.stderr()), "check apiserver");
                p.nodes().forEach(n -> checks.add(NodeCheck.fail(n, why)));
            } else {
                Map<String, ToolOutput.NodeState> nodes = ToolOutput.kubeNodes(r.stdout());
                for (String n : p.nodes()) {
                    ToolOutput.NodeState s = nodes.get(n);
                    if (s == null) {
                        checks.add(NodeCheck.fail(n, Problem.error(n + " is not registered (kubectl get nodes does not list it).", "systemctl status kubelet; journalctl -u kubelet -n 50 (on " + n + ")")));
                    } else if (!s.isReady() && networkOnly(s)) {
                        checks.add(p.network() ? NodeCheck.fail(n, Problem.error(n + " is NotReady only for its pod network (NetworkPluginNotReady: no CNI config in /etc/cni/net.d yet)", "lesson 10-pod-network")) : NodeCheck.ok(n));
                    } else if (!s.isReady()) {
                        checks.add(NodeCheck.fail(n, Problem.error(n + " is not Ready (Ready=" + s.ready() + ", " + s.reason()
                                + (s.message().isEmpty() ? "" : ": " + s.message()) + ")", "journalctl -u kubelet -n 50 (on " + n + ")")));
                    } else {
                        checks.add(NodeCheck.ok(n));
                    }
                }
            }
        } catch (TargetException e) {
            p.nodes().forEach(n -> checks.add(NodeCheck.fail(n, RealProbing.problemOf(e))));
        }
        return Verdicts.perNode(p.type(), what(p), checks, cmds);
    }

    private static String what(Probe.NodeReady p) {
        return p.network() ? "Ready" : "Ready but for the pod network";
    }

    /**
     * The kubelet's Ready condition says only that the runtime's network is not ready (no CNI config yet):
     * "container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady ...".
     */
    static boolean networkOnly(ToolOutput.NodeState s) {
        String m = s.message();
        return m.contains("NetworkReady=false") && !m.contains("RuntimeReady=false")
                && !m.matches("(?s).*\\b(PLEG|container runtime is down|runtime is not ready).*");
    }

    @Override
    public ProbeResult sim(SimProbing lab, Probe.NodeReady p) {
        List<NodeCheck> checks = SimNodes.conditions(lab.model(), p.nodes(), p.network()).stream()
                .map(nc -> nc.ready() ? NodeCheck.ok(nc.node()) : NodeCheck.fail(nc.node(), nc.problem()))
                .toList();
        return Verdicts.perNode(p.type(), what(p), checks,
                List.of(ProbeCommands.on(lab.cluster().clientNode(), ProbeCommands.kubectlNodes())));
    }
}
