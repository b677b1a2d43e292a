package dev.hardway.lab.probe;

import dev.hardway.Problem;
import dev.hardway.cluster.ClusterConfig.Node;
import dev.hardway.lab.Probe;
import dev.hardway.lab.ProbeCommands;
import dev.hardway.lab.ProbeResult;
import dev.hardway.lab.inspect.ScriptSections;
import dev.hardway.lab.inspect.ScriptSections.Section;
import dev.hardway.lab.real.KubeOutput;
import dev.hardway.lab.sim.SimNodes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The lesson probe {@code kubelet-config}: each worker's KubeletConfiguration, kubelet unit and host, judged by
 * {@link WorkerRules#kubelet} (the fields lesson 09 sets, and the known traps by name). Real: one script per node
 * (the config, {@code systemctl cat kubelet}, the resolv.conf it names, the cgroup filesystem, the certificate's
 * subject, the kubeconfig's server, swap). Simulated: the same facts from the model ({@link SimNodes#kubeletFacts}).
 */
public final class KubeletConfigProbe implements ProbeKind<Probe.KubeletConfig, ProbeResult> {

    public static final KubeletConfigProbe INSTANCE = new KubeletConfigProbe();
    static final String WHAT = "kubelet set up";

    private KubeletConfigProbe() {
    }

    static ScriptSections script() {
        return new ScriptSections()
                .add("config", "cat " + WorkerRules.KUBELET_CONFIG)
                .add("unit", "systemctl cat kubelet")
                .add("resolv", ProbeCommands.kubeletResolvConf())
                .add("cgroup", ProbeCommands.cgroupFs())
                .add("cert", ProbeCommands.certSubject(WorkerRules.KUBELET_CERT))
                .add("kubeconfig", ProbeCommands.kubeconfigServer(WorkerRules.KUBELET_KUBECONFIG))
                .add("swaps", ProbeCommands.swaps());
    }

    private static String ok(Section s) {
        return s.ok() ? s.out() : null;
    }

    /** The facts in one node's script output (a failed command is "unknown", the config and unit "missing"). */
    static WorkerRules.KubeletFacts facts(Map<String, Section> s) {
        Section kc = s.getOrDefault("kubeconfig", new Section("kubeconfig", "", "", -1));
        return new WorkerRules.KubeletFacts(ok(s.get("config")), ok(s.get("unit")), ok(s.get("resolv")),
                ok(s.get("cgroup")), ok(s.get("cert")), kc.ok() ? KubeOutput.kubeconfigServer(kc.out()) : null,
                ok(s.get("swaps")));
    }

    @Override
    public ProbeResult real(RealProbing lab, Probe.KubeletConfig p) {
        List<String> commands = new ArrayList<>();
        Map<String, List<Problem>> byNode = WorkerRules.onNodes(lab, p.nodes(), script(), commands,
                (n, sections) -> WorkerRules.kubelet(lab.cluster(), n, facts(sections)));
        return WorkerRules.verdict(p.type(), WHAT, byNode, commands);
    }

    @Override
    public ProbeResult sim(SimProbing lab, Probe.KubeletConfig p) {
        Map<String, List<Problem>> byNode = new LinkedHashMap<>();
        List<String> commands = new ArrayList<>();
        for (String node : p.nodes()) {
            Node n = Roles.node(lab.cluster(), node);
            script().commands().forEach(c -> commands.add(ProbeCommands.on(node, c)));
            byNode.put(node, WorkerRules.kubelet(lab.cluster(), n, SimNodes.kubeletFacts(lab.model(), n)));
        }
        return WorkerRules.verdict(p.type(), WHAT, byNode, commands);
    }
}
