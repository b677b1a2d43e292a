package dev.hardway.lab.sim;

import static dev.hardway.lab.sim.SimFixtures.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hardway.HardwayHome;
import dev.hardway.cluster.ClusterConfig;
import dev.hardway.cluster.ClusterModel;
import dev.hardway.cluster.TestClusters;
import dev.hardway.lab.Probe;
import dev.hardway.lab.ProbeResult;
import dev.hardway.lab.StepAction;
import dev.hardway.lab.StepAction.FileCopy;
import dev.hardway.lab.StepAction.FileWrite;
import dev.hardway.lab.StepAction.NodeAction;
import dev.hardway.render.Renderer;
import dev.hardway.render.TemplateModel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The workers of the simulated lab as lesson 09 leaves them (SimNodes) and the probes that read them: each passes
 * in a solved lab and fails with a named reason in a broken one. The files are lesson 09's own templates, rendered
 * for the test cluster.
 */
class SimNodesTest {

    static final List<String> MASTERS = List.of("master1", "master2", "master3");
    static final List<String> LBS = List.of("lb1", "lb2");
    static final List<String> WORKERS = List.of("worker1", "worker2");
    static final Renderer LESSON = new Renderer(List.of(Path.of("lessons/09-kubelet")));

    @TempDir
    Path home;
    ClusterModel ha;
    SimLab lab;

    @BeforeEach
    void open() {
        ha = new ClusterModel(TestClusters.ha());
        lab = new SimLab(ha, new HardwayHome(home));
    }

    // ------------------------------------------------------------------------------------------ fixtures --

    static byte[] render(ClusterModel c, String template, String node, UnaryOperator<String> edit) {
        try {
            String text = LESSON.renderFile(template, TemplateModel.of(c, c.node(node).orElseThrow()));
            return edit.apply(text).getBytes(StandardCharsets.UTF_8);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Lessons 02/03 (certificates and kubeconfigs made on the jumpbox and copied) and 05-08 (etcd, API, LB, runtime). */
    static void upToTheRuntime(SimLab lab, List<String> workers) {
        List<String> made = new ArrayList<>(List.of("/root/pki/ca.pem", "/root/kubeconfigs/kube-proxy.kubeconfig"));
        for (String w : workers) {
            made.addAll(List.of("/root/pki/" + w + ".pem", "/root/pki/" + w + "-key.pem",
                    "/root/kubeconfigs/" + w + ".kubeconfig"));
        }
        ok(lab.apply(SimFixtures.creates("pki", "jumpbox", "make", made.toArray(String[]::new)), null));
        List<NodeAction> copies = new ArrayList<>();
        for (String w : workers) {
            copies.add(new NodeAction(w, List.of(), List.of(
                    new FileCopy("jumpbox", "/root/pki/ca.pem", "/var/lib/kubelet/ca.pem", "0644", null),
                    new FileCopy("jumpbox", "/root/pki/" + w + ".pem", "/var/lib/kubelet/kubelet.pem", "0644", null),
                    new FileCopy("jumpbox", "/root/pki/" + w + "-key.pem", "/var/lib/kubelet/kubelet-key.pem", "0600",
                            null),
                    new FileCopy("jumpbox", "/root/kubeconfigs/" + w + ".kubeconfig", "/var/lib/kubelet/kubeconfig",
                            "0600", null),
                    new FileCopy("jumpbox", "/root/kubeconfigs/kube-proxy.kubeconfig", "/var/lib/kube-proxy/kubeconfig",
                            "0600", null)), "", List.of(), List.of()));
        }
        ok(lab.apply(new StepAction("copies", copies), null));
        ok(lab.apply(SimFixtures.services("etcd/start", MASTERS, "etcd"), null));
        ok(lab.apply(SimFixtures.services("control-plane/start", MASTERS, "kube-apiserver"), null));
        ok(lab.apply(SimFixtures.services("api-lb/start", LBS, "haproxy", "keepalived"), null));
        ok(lab.apply(SimFixtures.services("runtime/start", workers, "containerd"), null));
    }

    /** 09-kubelet/kubelet-config: the .in file and the unit uploaded, the config made by the script. */
    static void kubeletConfig(SimLab lab, List<String> workers, UnaryOperator<String> config, UnaryOperator<String> unit) {
        ClusterModel c = lab.cluster();
        List<NodeAction> nodes = new ArrayList<>();
        for (String w : workers) {
            nodes.add(new NodeAction(w, List.of(
                    new FileWrite("/var/lib/kubelet/kubelet-config.yaml.in", render(c, "kubelet-config.yaml.ftl", w,
                            config), "0644", null),
                    new FileWrite("/etc/systemd/system/kubelet.service", render(c, "kubelet.service.ftl", w, unit),
                            "0644", null)), List.of(), "sed ...", List.of("/var/lib/kubelet/kubelet-config.yaml"),
                    List.of()));
        }
        ok(lab.apply(new StepAction("09-kubelet/kubelet-config", nodes), null));
    }

    static void kubeProxy(SimLab lab, List<String> workers, UnaryOperator<String> config) {
        ClusterModel c = lab.cluster();
        List<NodeAction> nodes = new ArrayList<>();
        for (String w : workers) {
            nodes.add(new NodeAction(w, List.of(
                    new FileWrite("/var/lib/kube-proxy/kube-proxy-config.yaml", render(c, "kube-proxy-config.yaml.ftl",
                            w, config), "0644", null),
                    new FileWrite("/etc/systemd/system/kube-proxy.service", render(c, "kube-proxy.service.ftl", w,
                            UnaryOperator.identity()), "0644", null)), List.of(), "systemctl enable --now kube-proxy",
                    List.of(), List.of("kube-proxy")));
        }
        ok(lab.apply(new StepAction("09-kubelet/kube-proxy", nodes), null));
    }

    /** The whole of lesson 09 on the HA test cluster's workers, right. */
    static void lesson09(SimLab lab) {
        upToTheRuntime(lab, WORKERS);
        kubeletConfig(lab, WORKERS, UnaryOperator.identity(), UnaryOperator.identity());
        ok(lab.apply(SimFixtures.services("09-kubelet/kubelet-start", WORKERS, "kubelet"), null));
        kubeProxy(lab, WORKERS, UnaryOperator.identity());
    }

    static void cni(SimLab lab, List<String> workers) {
        for (String w : workers) {
            ok(lab.apply(SimFixtures.write("10-pod-network", w, "/etc/cni/net.d/10-bridge.conflist", "{}"), null));
        }
    }

    ProbeResult probe(Probe p) {
        return lab.probe(p);
    }

    // ----------------------------------------------------------------------------------- kubelet-config --

    @Test
    void kubeletConfigFailsBeforeAndPassesAfterTheStep() {
        Probe p = new Probe.KubeletConfig(WORKERS);
        upToTheRuntime(lab, WORKERS);
        ProbeResult before = probe(p);
        assertThat(before.ok()).isFalse();
        assertThat(before.problemLines()).contains("/var/lib/kubelet/kubelet-config.yaml is missing on worker1. Try:"
                + " lesson run (09-kubelet, step kubelet-config).");
        kubeletConfig(lab, WORKERS, UnaryOperator.identity(), UnaryOperator.identity());
        ProbeResult after = probe(p);
        assertThat(after.problems()).isEmpty();
        assertThat(after.ok()).isTrue();
        assertThat(after.summary()).isEqualTo("kubelet set up on 2/2 nodes");
        assertThat(after.commands()).contains("worker1: systemctl cat kubelet", "worker2: stat -fc %T /sys/fs/cgroup");
        // the script filled in the resolv.conf a systemd-resolved node has
        assertThat(SimNodes.kubeletConfig(lab.model(), "worker1"))
                .contains("resolvConf: \"/run/systemd/resolve/resolv.conf\"").doesNotContain("@RESOLV_CONF@");
    }

    @Test
    void clusterDnsOtherThanTheCoreDnsServiceIpIsNamed() {
        upToTheRuntime(lab, WORKERS);
        kubeletConfig(lab, WORKERS, t -> t.replace("- 10.32.0.10", "- 10.32.0.99"), UnaryOperator.identity());
        assertThat(probe(new Probe.KubeletConfig(List.of("worker1"))).problems()).singleElement().asString()
                .isEqualTo("/var/lib/kubelet/kubelet-config.yaml on worker1: clusterDNS [10.32.0.99] is not the CoreDNS"
                        + " Service IP 10.32.0.10 (network.cluster_dns): pods would ask a nameserver nothing answers"
                        + " on. Try: clusterDNS: [10.32.0.10].");
    }

    @Test
    void theResolvedStubAsResolvConfIsNamed() {
        upToTheRuntime(lab, WORKERS);
        kubeletConfig(lab, WORKERS, t -> t.replace("@RESOLV_CONF@", "/etc/resolv.conf"), UnaryOperator.identity());
        assertThat(probe(new Probe.KubeletConfig(List.of("worker2"))).problems()).singleElement().asString()
                .contains("resolvConf /etc/resolv.conf names 127.0.0.53 (systemd-resolved's stub)")
                .contains("loop detected").endsWith("Try: resolvConf: /run/systemd/resolve/resolv.conf.");
    }

    @Test
    void aRemovedFlagInTheUnitIsNamedAndTheKubeletDoesNotRegister() {
        upToTheRuntime(lab, WORKERS);
        kubeletConfig(lab, WORKERS, UnaryOperator.identity(), u -> u.replace("  --v=2",
                "  --pod-infra-container-image=registry.k8s.io/pause:3.10 \\\n  --v=2"));
        assertThat(probe(new Probe.KubeletConfig(List.of("worker1"))).problems()).singleElement().asString()
                .startsWith("the kubelet unit on worker1 passes --pod-infra-container-image, removed in 1.35");
        ok(lab.apply(SimFixtures.services("09-kubelet/kubelet-start", WORKERS, "kubelet"), null));
        assertThat(probe(new Probe.NodeAddress(List.of("worker1"))).problems()).singleElement().asString()
                .startsWith("worker1 is not registered: its kubelet exits at start (unknown flag:"
                        + " --pod-infra-container-image, simulated)");
    }

    @Test
    void failCgroupV1FalseAndAnotherNodesCertificateAreNamed() {
        upToTheRuntime(lab, WORKERS);
        kubeletConfig(lab, WORKERS, t -> t + "failCgroupV1: false\n", UnaryOperator.identity());
        ok(lab.apply(new StepAction("wrong cert", List.of(new NodeAction("worker1", List.of(), List.of(new FileCopy(
                "jumpbox", "/root/pki/worker2.pem", "/var/lib/kubelet/kubelet.pem", "0644", null)), "", List.of(),
                List.of()))), null));
        List<String> problems = probe(new Probe.KubeletConfig(List.of("worker1"))).problemLines();
        assertThat(problems).hasSize(2);
        assertThat(problems.get(0)).contains("failCgroupV1 is false; leave it out");
        assertThat(problems.get(1)).startsWith("/var/lib/kubelet/kubelet.pem on worker1 is not worker1's certificate"
                + " (subject=CN = system:node:worker2, O = system:nodes)");
    }

    // ------------------------------------------------------------------------------------- node-address --

    @Test
    void nodeAddressFailsBeforeAndPassesAfterTheKubeletStarts() {
        Probe p = new Probe.NodeAddress(WORKERS);
        upToTheRuntime(lab, WORKERS);
        kubeletConfig(lab, WORKERS, UnaryOperator.identity(), UnaryOperator.identity());
        assertThat(probe(p).problemLines().get(0)).startsWith("worker1 is not registered/Ready: kubelet was never started"
                + " on worker1");
        ok(lab.apply(SimFixtures.services("09-kubelet/kubelet-start", WORKERS, "kubelet"), null));
        assertThat(probe(p).ok()).isTrue();
        assertThat(probe(p).summary()).isEqualTo("registered with its own InternalIP on 2/2 nodes");
        assertThat(SimNodes.states(lab.model(), WORKERS, false).get("worker2").internalIp()).isEqualTo("10.240.0.32");
        // registered stays true when the node goes away, as the Node object does
        lab.powerOff("worker2");
        assertThat(probe(p).ok()).isTrue();
    }

    @Test
    void withoutNodeIpTheNatAddressIsRegisteredAndNamed() {
        upToTheRuntime(lab, WORKERS);
        kubeletConfig(lab, WORKERS, UnaryOperator.identity(), u -> u.replaceAll("  --node-ip=\\S+ \\\\\n", ""));
        ok(lab.apply(SimFixtures.services("09-kubelet/kubelet-start", WORKERS, "kubelet"), null));
        assertThat(probe(new Probe.NodeAddress(List.of("worker1"))).problems()).singleElement().asString()
                .isEqualTo("worker1 registered InternalIP 10.0.2.15, Vagrant's NAT address (every VM has it), not"
                        + " 10.240.0.31: kubectl logs/exec would dial 10.0.2.15:10250. Try: --node-ip=10.240.0.31 in"
                        + " the kubelet unit, systemctl daemon-reload && systemctl restart kubelet (on worker1).");
        assertThat(probe(new Probe.KubeletConfig(List.of("worker1"))).problems()).singleElement().asString()
                .startsWith("the kubelet unit on worker1 has no --node-ip");
    }

    @Test
    void onExistingHostsWithoutNodeIpTheKubeletPicksTheNodesOwnAddress(@TempDir Path other) {
        SimLab ssh = new SimLab(new ClusterModel(variant(ClusterConfig.Provider.SSH, "iptables")), new HardwayHome(other));
        upToTheRuntime(ssh, WORKERS);
        kubeletConfig(ssh, WORKERS, UnaryOperator.identity(), u -> u.replaceAll("  --node-ip=\\S+ \\\\\n", ""));
        assertThat(SimNodes.internalIp(ssh.model(), ha.node("worker1").orElseThrow())).isEqualTo("10.240.0.31");
        assertThat(SimNodes.internalIp(lab.model(), ha.node("worker1").orElseThrow())).isEqualTo("10.0.2.15");
    }

    /** The HA test cluster with another provider and kube-proxy mode. */
    static ClusterConfig variant(ClusterConfig.Provider provider, String proxyMode) {
        ClusterConfig b = TestClusters.ha();
        ClusterConfig.Network n = b.network();
        return new ClusterConfig(b.name(), provider, b.domain(), b.versions(), b.downloads(),
                new ClusterConfig.Network(n.nodeSubnet(), n.podCidr(), n.serviceCidr(), n.clusterDns(), n.cni(),
                        proxyMode), b.loadbalancers(), b.ssh(), b.vagrant(), b.bgp(), b.nodes(), b.source());
    }

    // --------------------------------------------------------------------------------------- proxy-mode --

    @Test
    void proxyModeFailsBeforeAndPassesAfterTheStep() {
        Probe p = new Probe.ProxyMode(WORKERS);
        upToTheRuntime(lab, WORKERS);
        assertThat(probe(p).problemLines()).contains("/var/lib/kube-proxy/kube-proxy-config.yaml on worker1 is missing."
                + " Try: lesson run (09-kubelet, step kube-proxy).", "kube-proxy is not running on worker1. Try:"
                + " systemctl status kube-proxy; journalctl -u kube-proxy -n 50 (on worker1).");
        kubeProxy(lab, WORKERS, UnaryOperator.identity());
        assertThat(probe(p).problems()).isEmpty();
        assertThat(probe(p).summary()).isEqualTo("kube-proxy in iptables mode on 2/2 nodes");
        assertThat(probe(p).commands()).contains("worker1: curl -s --max-time 5 http://127.0.0.1:10249/proxyMode");
        lab.stopUnits("worker2", List.of("kube-proxy"));
        assertThat(probe(p).problems()).singleElement().asString().startsWith("kube-proxy is not running on worker2");
    }

    @Test
    void aModeOtherThanTheClusterConfigsIsNamed() {
        upToTheRuntime(lab, WORKERS);
        kubeProxy(lab, WORKERS, t -> t.replace("mode: iptables", "mode: nftables"));
        assertThat(probe(new Probe.ProxyMode(List.of("worker1"))).problemLines()).containsExactly(
                "/var/lib/kube-proxy/kube-proxy-config.yaml on worker1: mode is nftables, not iptables"
                        + " (network.proxy_mode of the cluster config). Try: mode: iptables.",
                "kube-proxy on worker1 runs in nftables mode, not iptables (network.proxy_mode). Try: mode: iptables"
                        + " in /var/lib/kube-proxy/kube-proxy-config.yaml, then systemctl restart kube-proxy.");
    }

    @Test
    void nftablesFromTheClusterConfigPassesOnTheSimulatedKernel(@TempDir Path other) {
        ClusterConfig nft = variant(ClusterConfig.Provider.SIM, "nftables");
        SimLab l = new SimLab(new ClusterModel(nft), new HardwayHome(other));
        upToTheRuntime(l, WORKERS);
        kubeProxy(l, WORKERS, UnaryOperator.identity());
        ProbeResult r = l.probe(new Probe.ProxyMode(WORKERS));
        assertThat(r.problems()).isEmpty();
        assertThat(r.summary()).isEqualTo("kube-proxy in nftables mode on 2/2 nodes");
    }

    // --------------------------------------------------------------------------------------- node-ready --

    @Test
    void readyNeedsTheCniConfigAndKubeProxyNetworkFalseOnlyKubeProxy() {
        Probe ready = new Probe.NodeReady(WORKERS);
        Probe butNetwork = new Probe.NodeReady(WORKERS, false);
        upToTheRuntime(lab, WORKERS);
        kubeletConfig(lab, WORKERS, UnaryOperator.identity(), UnaryOperator.identity());
        ok(lab.apply(SimFixtures.services("09-kubelet/kubelet-start", WORKERS, "kubelet"), null));
        assertThat(probe(butNetwork).problemLines().get(0)).startsWith("worker1 has no Service routing: kube-proxy was"
                + " never started on worker1");
        kubeProxy(lab, WORKERS, UnaryOperator.identity());
        assertThat(probe(butNetwork).ok()).isTrue();
        assertThat(probe(butNetwork).summary()).isEqualTo("Ready but for the pod network on 2/2 nodes");
        assertThat(probe(ready).problemLines().get(0)).startsWith("worker1 is NotReady: container runtime network not"
                + " ready: NetworkReady=false reason:NetworkPluginNotReady").endsWith("Try: lesson 10-pod-network.");
        cni(lab, WORKERS);
        assertThat(probe(ready).ok()).isTrue();
        // the API through the VIP is what the kubelets report to
        lab.stopUnits("lb1", List.of("haproxy", "keepalived"));
        lab.stopUnits("lb2", List.of("haproxy", "keepalived"));
        assertThat(probe(ready).problemLines().get(0)).startsWith("worker1 is not Ready: its kubelet cannot report to the"
                + " API server (no load balancer holds the VIP");
        assertThat(lab.model().nodeConditions(WORKERS)).extracting(SimModel.NodeCondition::ready)
                .containsExactly(false, false);
    }
}
