package dev.hardway.lab.real;

import static dev.hardway.lab.real.FakePool.result;
import static dev.hardway.lab.real.Fixtures.read;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hardway.cluster.ClusterConfig;
import dev.hardway.cluster.ClusterModel;
import dev.hardway.cluster.TestClusters;
import dev.hardway.lab.Probe;
import dev.hardway.lab.ProbeResult;
import dev.hardway.lab.fault.FaultStore;
import dev.hardway.lab.probe.WorkerRules;
import dev.hardway.render.Renderer;
import dev.hardway.render.TemplateModel;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The real halves of lesson 09's probes: parsing {@code kubectl get nodes -o json}, kube-proxy's /proxyMode answer,
 * a kubelet unit and a resolv.conf (fixtures under src/test/resources/dev/hardway/lab/real/; the JSON follows the
 * v1 Node schema, the unit is KTHW's shape with the flag 1.35 removed), and the per-node scripts fed with answers.
 */
class WorkerProbesRealTest {

    final ClusterModel ha = new ClusterModel(TestClusters.ha());
    final FakePool pool = new FakePool(ha.nodes().stream().map(n -> n.name()).toList());
    final RealLab lab = new RealLab(ha, pool, FaultStore.of(new dev.hardway.HardwayHome(Path.of(
            System.getProperty("java.io.tmpdir"), "hardway-workerprobes-" + ProcessHandle.current().pid())), "ha"));

    static String lessonFile(ClusterModel c, String template, String node) throws Exception {
        return new Renderer(List.of(Path.of("lessons/09-kubelet"))).renderFile(template,
                TemplateModel.of(c, c.node(node).orElseThrow()));
    }

    /** What the probe script prints: each section's stdout, stderr and exit code between marker lines. */
    static String sections(Map<String, String> outs, Map<String, Integer> rcs) {
        StringBuilder b = new StringBuilder();
        outs.forEach((name, out) -> b.append("\n@@hardway-section ").append(name).append(" out\n").append(out)
                .append("\n@@hardway-section ").append(name).append(" err\n")
                .append("\n@@hardway-section ").append(name).append(" rc ").append(rcs.getOrDefault(name, 0))
                .append("\n"));
        return b.toString();
    }

    // ---------------------------------------------------------------------------------------- parsing --

    @Test
    void nodeAddressesFromKubectlJson() {
        Map<String, KubeOutput.NodeAddresses> a = KubeOutput.nodeAddresses(read("kubectl-nodes-addresses.json"));
        assertThat(a.keySet()).containsExactly("worker1", "worker2");
        assertThat(a.get("worker1").internalIps()).containsExactly("10.240.0.31");
        assertThat(a.get("worker2").internalIps()).containsExactly("10.0.2.15");
        assertThat(a.get("worker2").byType().get("Hostname")).containsExactly("worker2");
        assertThat(KubeOutput.nodeAddresses("error: the server doesn't have a resource type")).isEmpty();
        assertThat(KubeOutput.nodeAddresses("")).isEmpty();
    }

    @Test
    void proxyModeAnswer() {
        assertThat(KubeOutput.proxyMode(read("kube-proxy-proxymode-iptables.txt"))).isEqualTo("iptables");
        assertThat(KubeOutput.proxyMode("nftables\n")).isEqualTo("nftables");
        assertThat(KubeOutput.proxyMode("<html><body>404 page not found</body></html>")).isNull();
        assertThat(KubeOutput.proxyMode("")).isNull();
    }

    @Test
    void unitFlagsResolvConfKernelAndKubeconfig() {
        List<String> args = KubeOutput.execStartArgs(read("systemctl-cat-kubelet-old.txt"));
        assertThat(KubeOutput.flagNames(args)).containsExactly("--config", "--kubeconfig",
                "--pod-infra-container-image", "--v");
        assertThat(KubeOutput.flag(args, "--config")).isEqualTo("/var/lib/kubelet/kubelet-config.yaml");
        assertThat(KubeOutput.flag(args, "--node-ip")).isNull();
        assertThat(KubeOutput.flag(List.of("--node-ip", "10.240.0.31"), "--node-ip")).isEqualTo("10.240.0.31");
        assertThat(KubeOutput.nameservers(read("resolv-conf-stub.txt"))).containsExactly("127.0.0.53");
        assertThat(KubeOutput.kernelAtLeast("6.8.0-49-generic", 5, 13)).isTrue();
        assertThat(KubeOutput.kernelAtLeast("5.13.0", 5, 13)).isTrue();
        assertThat(KubeOutput.kernelAtLeast("5.10.0-33-amd64", 5, 13)).isFalse();
        assertThat(KubeOutput.kernelAtLeast("garbage", 5, 13)).isFalse();
        assertThat(KubeOutput.kubeconfigServer("    server: https://10.240.0.10:6443\n")).isEqualTo(
                "https://10.240.0.10:6443");
    }

    // ------------------------------------------------------------------------------------ real probes --

    @Test
    void nodeAddressNamesTheNatAddressAndTheUnregistered() {
        pool.answers = (n, s) -> result(n, 0, read("kubectl-nodes-addresses.json"), "");
        ProbeResult r = lab.probe(new Probe.NodeAddress(List.of("worker1", "worker2")));
        assertThat(r.summary()).isEqualTo("registered with its own InternalIP on 1/2 nodes (not on worker2)");
        assertThat(r.problems()).singleElement().asString().startsWith("worker2 registered InternalIP 10.0.2.15,"
                + " Vagrant's NAT address");
        pool.answers = (n, s) -> result(n, 0, "{\"apiVersion\": \"v1\", \"items\": [], \"kind\": \"List\"}", "");
        assertThat(lab.probe(new Probe.NodeAddress(List.of("worker1"))).problems()).singleElement().asString()
                .startsWith("worker1 is not registered (kubectl get nodes does not list it)");
        assertThat(r.commands()).containsExactly("jumpbox: /root/bin/kubectl --kubeconfig /root/.kube/config get nodes -o json");
    }

    @Test
    void kubeletConfigOnANodeWithEveryTrap() throws Exception {
        String config = lessonFile(ha, "kubelet-config.yaml.ftl", "worker1").replace("@RESOLV_CONF@",
                "/etc/resolv.conf");
        Map<String, String> outs = new LinkedHashMap<>();
        outs.put("config", config);
        outs.put("unit", read("systemctl-cat-kubelet-old.txt"));
        outs.put("resolv", read("resolv-conf-stub.txt"));
        outs.put("cgroup", "tmpfs\n");
        outs.put("cert", "subject=CN = system:node:worker1, O = system:nodes\n");
        outs.put("kubeconfig", "    server: https://10.240.0.11:6443\n");
        outs.put("swaps", "/swap.img file 2G 0B -2\n");
        pool.answers = (n, s) -> result(n, 0, sections(outs, Map.of()), "");
        ProbeResult r = lab.probe(new Probe.KubeletConfig(List.of("worker1")));
        assertThat(r.ok()).isFalse();
        assertThat(r.summary()).isEqualTo("kubelet set up on 0/1 node (not on worker1)");
        assertThat(r.problems()).hasSize(6);
        assertThat(r.problemLines().get(0)).startsWith("worker1 mounts tmpfs on /sys/fs/cgroup (cgroup v1): kubelet 1.37.0"
                + " refuses to start");
        assertThat(r.problemLines().get(1)).startsWith("worker1 has swap on (/swap.img file 2G 0B -2)");
        assertThat(r.problemLines().get(2)).contains("resolvConf /etc/resolv.conf names 127.0.0.53 (systemd-resolved's"
                + " stub)");
        assertThat(r.problemLines().get(3)).startsWith("the kubelet unit on worker1 passes --pod-infra-container-image,"
                + " removed in 1.35");
        assertThat(r.problemLines().get(4)).startsWith("the kubelet unit on worker1 has no --node-ip");
        assertThat(r.problemLines().get(5)).startsWith("/var/lib/kubelet/kubeconfig on worker1 points at"
                + " https://10.240.0.11:6443, not the API endpoint https://10.240.0.10:6443");
        assertThat(r.commands()).contains("worker1: cat /var/lib/kubelet/kubelet-config.yaml",
                "worker1: swapon --show --noheadings");
    }

    @Test
    void kubeletConfigAsTheLessonLeavesItPasses() throws Exception {
        Map<String, String> outs = new LinkedHashMap<>();
        outs.put("config", lessonFile(ha, "kubelet-config.yaml.ftl", "worker2").replace("@RESOLV_CONF@",
                WorkerRules.RESOLVED_RESOLV_CONF));
        outs.put("unit", "# /etc/systemd/system/kubelet.service\n" + lessonFile(ha, "kubelet.service.ftl", "worker2"));
        outs.put("resolv", "nameserver 10.0.2.3\n");
        outs.put("cgroup", "cgroup2fs\n");
        outs.put("cert", "subject=CN=system:node:worker2, O=system:nodes\n");
        outs.put("kubeconfig", "    server: https://10.240.0.10:6443\n");
        outs.put("swaps", "");
        pool.answers = (n, s) -> result(n, 0, sections(outs, Map.of()), "");
        ProbeResult r = lab.probe(new Probe.KubeletConfig(List.of("worker2")));
        assertThat(r.problems()).isEmpty();
        assertThat(r.ok()).isTrue();
        // a missing config is "missing", not "unknown"
        outs.put("config", "");
        pool.answers = (n, s) -> result(n, 0, sections(outs, Map.of("config", 1)), "");
        assertThat(lab.probe(new Probe.KubeletConfig(List.of("worker2"))).problems()).singleElement().asString()
                .startsWith("/var/lib/kubelet/kubelet-config.yaml is missing on worker2");
    }

    @Test
    void proxyModeReadsTheAnswerAndTheNode() throws Exception {
        Map<String, String> outs = new LinkedHashMap<>();
        outs.put("active", "active\n");
        outs.put("mode", read("kube-proxy-proxymode-iptables.txt"));
        outs.put("config", lessonFile(ha, "kube-proxy-config.yaml.ftl", "worker1"));
        outs.put("kernel", "6.8.0-49-generic\n");
        outs.put("kubeconfig", "    server: https://10.240.0.10:6443\n");
        outs.put("brnf", "1\n");
        pool.answers = (n, s) -> result(n, 0, sections(outs, Map.of()), "");
        ProbeResult ok = lab.probe(new Probe.ProxyMode(List.of("worker1")));
        assertThat(ok.problems()).isEmpty();
        assertThat(ok.summary()).isEqualTo("kube-proxy in iptables mode on 1/1 node");
        outs.put("mode", "");
        outs.put("brnf", "");
        pool.answers = (n, s) -> result(n, 0, sections(outs, Map.of("mode", 7)), "");
        assertThat(lab.probe(new Probe.ProxyMode(List.of("worker1"))).problemLines()).containsExactly(
                "worker1: net.bridge.bridge-nf-call-iptables is missing (br_netfilter not loaded): Service traffic"
                        + " between pods on the same bridge bypasses kube-proxy's rules. Try: modprobe br_netfilter;"
                        + " sysctl --system (08-runtime).",
                "kube-proxy on worker1 does not answer http://127.0.0.1:10249/proxyMode. Try: journalctl -u kube-proxy"
                        + " -n 50 (on worker1).");
    }

    @Test
    void nftablesOnAnOldKernelIsNamed() {
        ClusterConfig b = TestClusters.ha();
        ClusterConfig.Network n = b.network();
        ClusterModel nft = new ClusterModel(new ClusterConfig(b.name(), b.provider(), b.domain(), b.versions(),
                b.downloads(), new ClusterConfig.Network(n.nodeSubnet(), n.podCidr(), n.serviceCidr(), n.clusterDns(),
                n.cni(), "nftables"), b.loadbalancers(), b.ssh(), b.vagrant(), b.bgp(), b.nodes(), b.source()));
        List<dev.hardway.Problem> p = WorkerRules.proxy(nft, nft.node("worker1").orElseThrow(), new WorkerRules.ProxyFacts(
                "apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nmode: nftables\n"
                        + "clusterCIDR: 10.200.0.0/16\nclientConnection: {kubeconfig: /var/lib/kube-proxy/kubeconfig}\n",
                true, "nftables", "5.10.0-33-amd64", null, "1"));
        assertThat(p).extracting(dev.hardway.Problem::what, dev.hardway.Problem::fix).containsExactly(
                org.assertj.core.groups.Tuple.tuple("worker1 runs kernel 5.10.0-33-amd64: kube-proxy's nftables mode"
                + " needs 5.13 or newer.", "network.proxy_mode: iptables in the cluster config, or a newer kernel"));
    }
}
