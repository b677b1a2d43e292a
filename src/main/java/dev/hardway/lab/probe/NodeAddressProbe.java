package dev.hardway.lab.probe;

import dev.hardway.Problem;
import dev.hardway.cluster.ClusterConfig.Node;
import dev.hardway.lab.Probe;
import dev.hardway.lab.ProbeCommands;
import dev.hardway.lab.ProbeResult;
import dev.hardway.lab.Verdicts;
import dev.hardway.lab.Verdicts.NodeCheck;
import dev.hardway.lab.real.KubeOutput;
import dev.hardway.lab.real.ToolOutput;
import dev.hardway.lab.sim.SimNodes;
import dev.hardway.target.ExecResult;
import dev.hardway.target.TargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The lesson probe {@code node-address}: each listed worker is registered and its InternalIP is its own address
 * from the cluster config. A node that registered Vagrant's NAT address ({@value WorkerRules#NAT_ADDRESS}, the same
 * on every VM: {@code kubectl logs} and {@code exec} then dial the wrong machine) is named as that trap.
 */
public final class NodeAddressProbe implements ProbeKind<Probe.NodeAddress, ProbeResult> {

    public static final NodeAddressProbe INSTANCE = new NodeAddressProbe();
    static final String WHAT = "registered with its own InternalIP";

    private NodeAddressProbe() {
    }

    /** One node's verdict on its registered InternalIPs (null: not registered, with {@code why}). */
    static NodeCheck judge(Node n, List<String> internalIps, Problem why) {
        String w = n.name();
        if (internalIps == null) {
            return NodeCheck.fail(w, why);
        }
        if (internalIps.contains(n.ip())) {
            return NodeCheck.ok(w);
        }
        if (internalIps.contains(WorkerRules.NAT_ADDRESS)) {
            return NodeCheck.fail(w, Problem.error(w + " registered InternalIP " + WorkerRules.NAT_ADDRESS + ", Vagrant's NAT address"
                    + " (every VM has it), not " + n.ip() + ": kubectl logs/exec would dial " + WorkerRules.NAT_ADDRESS + ":10250", "--node-ip=" + n.ip() + " in the kubelet unit, systemctl daemon-reload && systemctl"
                    + " restart kubelet (on " + w + ")"));
        }
        return NodeCheck.fail(w, Problem.error(w + " registered InternalIP " + (internalIps.isEmpty() ? "(none)"
                : String.join(", ", internalIps)) + ", not " + n.ip(), "--node-ip=" + n.ip()
                + " in the kubelet unit, then systemctl daemon-reload && systemctl restart kubelet (on " + w + ")"));
    }

    @Override
    public ProbeResult real(RealProbing lab, Probe.NodeAddress p) {
        String from = lab.cluster().clientNode();
        String cmd = ProbeCommands.kubectlNodes();
        List<String> cmds = List.of(ProbeCommands.on(from, cmd));
        List<NodeCheck> checks = new ArrayList<>();
        try {
            ExecResult r = lab.exec(from, cmd);
            Map<String, KubeOutput.NodeAddresses> nodes = r.ok() ? KubeOutput.nodeAddresses(r.stdout()) : Map.of();
            for (String name : p.nodes()) {
                Node n = Roles.node(lab.cluster(), name);
                if (!r.ok()) {
                    checks.add(NodeCheck.fail(name, Problem.error(from + ": kubectl get nodes failed: "
                            + ToolOutput.lastLine(r.stderr()), "check apiserver")));
                    continue;
                }
                KubeOutput.NodeAddresses a = nodes.get(name);
                checks.add(judge(n, a == null ? null : a.internalIps(), Problem.error(name + " is not registered (kubectl get nodes does not list it)", "systemctl status kubelet; journalctl -u kubelet -n 50 (on " + name + ")")));
            }
        } catch (TargetException e) {
            p.nodes().forEach(n -> checks.add(NodeCheck.fail(n, RealProbing.problemOf(e))));
        }
        return Verdicts.perNode(p.type(), WHAT, checks, cmds);
    }

    @Override
    public ProbeResult sim(SimProbing lab, Probe.NodeAddress p) {
        Map<String, SimNodes.NodeState> states = SimNodes.states(lab.model(), p.nodes(), false);
        List<NodeCheck> checks = new ArrayList<>();
        for (String name : p.nodes()) {
            SimNodes.NodeState s = states.get(name);
            checks.add(judge(Roles.node(lab.cluster(), name), s.registered() ? List.of(s.internalIp()) : null,
                    s.problem()));
        }
        return Verdicts.perNode(p.type(), WHAT, checks,
                List.of(ProbeCommands.on(lab.cluster().clientNode(), ProbeCommands.kubectlNodes())));
    }
}
