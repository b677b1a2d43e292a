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
import dev.hardway.lab.sim.SimWorkloads;
import dev.hardway.target.ExecResult;
import dev.hardway.target.TargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The lesson probe {@code nodeport-answers}: the NodePort of a Service answers HTTP on every listed worker, asked
 * at the worker's IP from the client node (or, with {@code local}, on each worker at 127.0.0.1, where kube-proxy's
 * nftables mode never answers: that refusal is named as the trap it is).
 */
public final class NodePortProbe implements ProbeKind<Probe.NodePortAnswers, ProbeResult> {

    public static final NodePortProbe INSTANCE = new NodePortProbe();

    private NodePortProbe() {
    }

    private static String subject(Probe.NodePortAnswers p) {
        return "NodePort of " + p.namespace() + "/" + p.service() + " answers " + p.status();
    }

    private static String host(RealProbing lab, Probe.NodePortAnswers p, String node) {
        return p.local() ? "127.0.0.1" : lab.cluster().node(node).map(Node::ip).orElse(node);
    }

    @Override
    public ProbeResult real(RealProbing lab, Probe.NodePortAnswers p) {
        String client = lab.cluster().clientNode();
        String svcCmd = ProbeCommands.service(p.namespace(), p.service());
        List<String> cmds = new ArrayList<>(List.of(ProbeCommands.on(client, svcCmd)));
        int port;
        try {
            ExecResult r = lab.exec(client, svcCmd);
            Optional<KubeOutput.ServiceState> s = KubeOutput.service(r.stdout());
            Problem bad = serviceProblem(p, s.orElse(null), r.ok() ? null : ToolOutput.lastLine(r.stderr()));
            if (bad != null) {
                return ProbeResult.fail(p.type(), subject(p) + ": no NodePort", List.of(bad), cmds);
            }
            port = s.get().nodePort();
        } catch (TargetException e) {
            return ProbeResult.fail(p.type(), subject(p) + ": could not be asked", List.of(RealProbing.problemOf(e)), cmds);
        }
        List<NodeCheck> checks = new ArrayList<>();
        for (String node : p.nodes()) {
            String url = "http://" + host(lab, p, node) + ":" + port + "/";
            String asker = p.local() ? node : p.from();
            String cmd = ProbeCommands.httpCode(url);
            cmds.add(ProbeCommands.on(asker, cmd));
            try {
                ExecResult r = lab.exec(asker, cmd);
                int code = KubeOutput.httpCode(r.stdout());
                if (code == p.status()) {
                    checks.add(NodeCheck.ok(node));
                    continue;
                }
                String why = code != 0 ? "HTTP " + code + ", not " + p.status() : ToolOutput.curlError(r.exitCode());
                Problem trap = null;
                if (p.local() && code == 0) {
                    String mode = ProbeCommands.proxyMode();
                    cmds.add(ProbeCommands.on(node, mode));
                    if (lab.exec(node, mode).stdout().strip().equals("nftables")) {
                        trap = nftables(lab.cluster().node(node).map(Node::ip).orElse(node));
                    }
                }
                checks.add(NodeCheck.fail(node, trap != null ? trap.prefixed(asker + ": " + url + ": " + why)
                        : Problem.error(asker + ": " + url + ": " + why, "kubectl -n " + p.namespace()
                        + " get endpointslices -l kubernetes.io/service-name=" + p.service()
                        + "; systemctl status kube-proxy on " + node)));
            } catch (TargetException e) {
                checks.add(NodeCheck.fail(node, RealProbing.unreachable(asker, e)));
            }
        }
        return Verdicts.perNode(p.type(), subject(p), checks, cmds);
    }

    static Problem nftables(String nodeIp) {
        return Problem.error(": kube-proxy runs in nftables mode there (curl 127.0.0.1:10249/proxyMode says nftables), which never serves NodePorts on 127.0.0.1", "curl the node IP " + nodeIp + " instead");
    }

    /** Why the Service gives no NodePort to ask (absent, not type NodePort), or null. */
    static Problem serviceProblem(Probe.NodePortAnswers p, KubeOutput.ServiceState s, String kubectlError) {
        if (s == null) {
            return Problem.error("there is no Service " + p.service() + " in " + p.namespace() + (kubectlError == null
                    || kubectlError.isEmpty() ? "" : " (" + kubectlError + ")"), "kubectl apply -f its manifest (lesson run)");
        }
        if (s.nodePort() == 0) {
            return Problem.error("the Service " + p.namespace() + "/" + p.service() + " is of type " + s.type() + " and has no NodePort", "type: NodePort in its manifest");
        }
        return null;
    }

    @Override
    public ProbeResult sim(SimProbing lab, Probe.NodePortAnswers p) {
        String client = lab.cluster().clientNode();
        List<String> cmds = new ArrayList<>(List.of(ProbeCommands.on(client, ProbeCommands.service(p.namespace(),
                p.service()))));
        Optional<ProbeResult> down = ServiceQuery.simApiDown(lab, p.type(), subject(p), cmds);
        if (down.isPresent()) {
            return down.get();
        }
        SimWorkloads w = SimWorkloads.of(lab.model());
        Optional<SimWorkloads.Service> svc = w.service(p.namespace(), p.service());
        KubeOutput.ServiceState state = svc.map(s -> new KubeOutput.ServiceState(s.type(), s.clusterIp(),
                s.ports().isEmpty() || s.ports().get(0).nodePort() == null ? 0 : s.ports().get(0).nodePort()))
                .orElse(null);
        Problem bad = serviceProblem(p, state, null);
        if (bad != null) {
            return ProbeResult.fail(p.type(), subject(p) + ": no NodePort", List.of(bad), cmds);
        }
        int port = state.nodePort();
        List<NodeCheck> checks = new ArrayList<>();
        for (String node : p.nodes()) {
            String host = p.local() ? "127.0.0.1" : lab.cluster().node(node).map(Node::ip).orElse(node);
            String asker = p.local() ? node : p.from();
            cmds.add(ProbeCommands.on(asker, ProbeCommands.httpCode("http://" + host + ":" + port + "/")));
            SimWorkloads.Http h = w.nodePort(p.from(), node, svc.get(), port, p.local());
            if (h.status() == p.status()) {
                checks.add(NodeCheck.ok(node));
            } else {
                checks.add(NodeCheck.fail(node, h.status() != 0 ? Problem.error(asker + ": HTTP " + h.status()
                        + ", not " + p.status(), "kubectl -n " + p.namespace() + " logs -l app=" + p.service())
                        : h.problem().prefixed(asker + ": ")));
            }
        }
        return Verdicts.perNode(p.type(), subject(p), checks, cmds);
    }
}
