package dev.hardway.lab.probe;

import dev.hardway.lab.Probe;
import dev.hardway.lab.ProbeCommands;
import dev.hardway.lab.ProbeResult;
import dev.hardway.lab.Verdicts;
import dev.hardway.lab.Verdicts.NodeCheck;
import dev.hardway.lab.real.ToolOutput;
import dev.hardway.target.ExecResult;
import dev.hardway.target.TargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The lesson probe {@code node-ready}: the listed workers are registered with the API and Ready (kubectl). */
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
                String why = from + ": kubectl get nodes failed: " + ToolOutput.lastLine(r.stderr())
                        + ". Try: check apiserver";
                p.nodes().forEach(n -> checks.add(NodeCheck.fail(n, why)));
            } else {
                Map<String, ToolOutput.NodeState> nodes = ToolOutput.kubeNodes(r.stdout());
                for (String n : p.nodes()) {
                    ToolOutput.NodeState s = nodes.get(n);
                    if (s == null) {
                        checks.add(NodeCheck.fail(n, n + " is not registered (kubectl get nodes does not list it)."
                                + " Try: systemctl status kubelet; journalctl -u kubelet -n 50 (on " + n + ")"));
                    } else if (!s.isReady()) {
                        checks.add(NodeCheck.fail(n, n + " is not Ready (Ready=" + s.ready() + ", " + s.reason()
                                + (s.message().isEmpty() ? "" : ": " + s.message()) + "). Try: journalctl -u kubelet"
                                + " -n 50 (on " + n + ")"));
                    } else {
                        checks.add(NodeCheck.ok(n));
                    }
                }
            }
        } catch (TargetException e) {
            p.nodes().forEach(n -> checks.add(NodeCheck.fail(n, e.getMessage())));
        }
        return Verdicts.perNode(p.type(), "Ready", checks, cmds);
    }

    @Override
    public ProbeResult sim(SimProbing lab, Probe.NodeReady p) {
        List<NodeCheck> checks = lab.model().nodeConditions(p.nodes()).stream()
                .map(nc -> nc.ready() ? NodeCheck.ok(nc.node()) : NodeCheck.fail(nc.node(), nc.problem()))
                .toList();
        return Verdicts.perNode(p.type(), "Ready", checks,
                List.of(ProbeCommands.on(lab.cluster().clientNode(), ProbeCommands.kubectlNodes())));
    }
}
