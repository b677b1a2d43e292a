package dev.hardway.lab.probe;

import dev.hardway.Problem;
import dev.hardway.cluster.ClusterConfig.Node;
import dev.hardway.lab.Probe;
import dev.hardway.lab.ProbeCommands;
import dev.hardway.lab.ProbeResult;
import dev.hardway.lab.inspect.ScriptSections;
import dev.hardway.lab.inspect.ScriptSections.Section;
import dev.hardway.lab.real.KubeOutput;
import dev.hardway.lab.real.ToolOutput;
import dev.hardway.lab.sim.SimModel;
import dev.hardway.lab.sim.SimNodes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The lesson probe {@code proxy-mode}: kube-proxy on each worker runs and answers {@code /proxyMode} with the
 * cluster config's {@code network.proxy_mode}, from a KubeProxyConfiguration lesson 09 wrote; plus the traps a node
 * shows (nftables on a kernel older than 5.13, br_netfilter off, a kubeconfig that bypasses the API endpoint).
 */
public final class ProxyModeProbe implements ProbeKind<Probe.ProxyMode, ProbeResult> {

    public static final ProxyModeProbe INSTANCE = new ProxyModeProbe();

    private ProxyModeProbe() {
    }

    static String what(String mode) {
        return "kube-proxy in " + mode + " mode";
    }

    static ScriptSections script() {
        return new ScriptSections()
                .add("active", ProbeCommands.serviceActive(SimModel.KUBE_PROXY))
                .add("mode", ProbeCommands.proxyMode())
                .add("config", "cat " + WorkerRules.KUBE_PROXY_CONFIG)
                .add("kernel", ProbeCommands.kernel())
                .add("kubeconfig", ProbeCommands.kubeconfigServer(WorkerRules.KUBE_PROXY_KUBECONFIG))
                .add("brnf", ProbeCommands.bridgeNfCall());
    }

    /** The facts in one node's script output. */
    static WorkerRules.ProxyFacts facts(Map<String, Section> s) {
        Section active = s.get("active");
        String state = active == null ? null : ToolOutput.unitStates(List.of(SimModel.KUBE_PROXY), active.out())
                .get(SimModel.KUBE_PROXY);
        Section mode = s.get("mode");
        Section config = s.get("config");
        Section kernel = s.get("kernel");
        Section kc = s.get("kubeconfig");
        Section br = s.get("brnf");
        return new WorkerRules.ProxyFacts(config != null && config.ok() ? config.out() : null, "active".equals(state),
                mode != null && mode.ok() ? KubeOutput.proxyMode(mode.out()) : null,
                kernel != null && kernel.ok() ? kernel.out().strip() : null,
                kc != null && kc.ok() ? KubeOutput.kubeconfigServer(kc.out()) : null,
                br != null && br.ok() ? br.out() : null);
    }

    @Override
    public ProbeResult real(RealProbing lab, Probe.ProxyMode p) {
        List<String> commands = new ArrayList<>();
        Map<String, List<Problem>> byNode = WorkerRules.onNodes(lab, p.nodes(), script(), commands,
                (n, sections) -> WorkerRules.proxy(lab.cluster(), n, facts(sections)));
        return WorkerRules.verdict(p.type(), what(lab.cluster().config().network().proxyMode()), byNode, commands);
    }

    @Override
    public ProbeResult sim(SimProbing lab, Probe.ProxyMode p) {
        Map<String, List<Problem>> byNode = new LinkedHashMap<>();
        List<String> commands = new ArrayList<>();
        for (String node : p.nodes()) {
            Node n = Roles.node(lab.cluster(), node);
            script().commands().forEach(c -> commands.add(ProbeCommands.on(node, c)));
            byNode.put(node, WorkerRules.proxy(lab.cluster(), n, SimNodes.proxyFacts(lab.model(), n)));
        }
        return WorkerRules.verdict(p.type(), what(lab.cluster().config().network().proxyMode()), byNode, commands);
    }
}
