package dev.hardway.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hardway.cluster.ClusterModel;
import dev.hardway.cluster.TestClusters;
import dev.hardway.render.Renderer;
import dev.hardway.render.TemplateModel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProbesTest {

    final ClusterModel ha = new ClusterModel(TestClusters.ha());
    final Renderer renderer = new Renderer();
    final Probes.TemplateText render = (t, node) -> renderer.renderText("check", 1, t,
            node == null ? TemplateModel.of(ha) : TemplateModel.of(ha, node), false);

    Probe parse(String type, Object... kv) throws Exception {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("probe", type);
        for (int i = 0; i < kv.length; i += 2) {
            args.put((String) kv[i], kv[i + 1]);
        }
        return Probes.parse(type, args, "masters", ha, render);
    }

    @Test
    void knownTypesAndTheirArguments() throws Exception {
        assertThat(Probes.knownTypes()).containsExactly("service-active", "file-exists", "etcd-healthy", "vip-held",
                "api-healthy", "api-ready", "leader-lease", "node-ready", "port-open", "node-address",
                "kubelet-config", "proxy-mode", "runtime-ready", "cgroup-v2", "pod-network", "pods-running",
                "service-ip", "can-i", "dns-resolves", "secret-encrypted", "nodeport-answers", "ingress-vip", "ingress-backends", "bgp-sessions",
                "bgp-route", "lb-service-ip", "etcd-snapshot", "etcd-key", "etcd-write", "etcd-restored", "control-plane-stopped");
        assertThat(Probes.arguments("port-open")).containsExactly("host", "port", "from");
        assertThat(Probes.arguments("node-ready")).containsExactly("on", "network");
        assertThat(Probes.arguments("cgroup-v2")).containsExactly("on", "controllers");
    }

    @Test
    void serviceActiveDefaultsToTheStepsNodes() throws Exception {
        assertThat(parse("service-active", "service", "etcd", "fail", "etcd is down on ${node}"))
                .isEqualTo(new Probe.ServiceActive("etcd", List.of("master1", "master2", "master3")));
        assertThat(parse("service-active", "service", "haproxy", "on", List.of("lb1", "lb2")))
                .isEqualTo(new Probe.ServiceActive("haproxy", List.of("lb1", "lb2")));
    }

    @Test
    void fileExistsRendersThePathPerNode() throws Exception {
        Probe.FileExists p = (Probe.FileExists) parse("file-exists", "path", "/var/lib/kubelet/${node.name}.pem",
                "on", "workers");
        assertThat(p.nodes()).containsExactly("worker1", "worker2");
        assertThat(p.pathOn("worker2")).isEqualTo("/var/lib/kubelet/worker2.pem");
        assertThat(p.path()).isEqualTo("/var/lib/kubelet/worker1.pem");
    }

    @Test
    void defaultsComeFromTheCluster() throws Exception {
        assertThat(parse("etcd-healthy")).isEqualTo(new Probe.EtcdHealthy(3));
        assertThat(parse("etcd-healthy", "members", "${cluster.etcd.members}")).isEqualTo(new Probe.EtcdHealthy(3));
        assertThat(parse("vip-held")).isEqualTo(new Probe.VipHeld("10.240.0.10"));
        assertThat(parse("node-ready")).isEqualTo(new Probe.NodeReady(List.of("worker1", "worker2")));
        assertThat(parse("port-open", "host", "${cluster.api.host}", "port", 6443))
                .isEqualTo(new Probe.PortOpen("10.240.0.10", 6443, "jumpbox"));
        assertThat(parse("api-healthy")).isEqualTo(new Probe.ApiHealthy());
        assertThat(parse("node-address")).isEqualTo(new Probe.NodeAddress(List.of("worker1", "worker2")));
        // kubelet-config and proxy-mode default to the step's nodes
        assertThat(parse("kubelet-config", "on", "workers")).isEqualTo(new Probe.KubeletConfig(List.of("worker1",
                "worker2")));
        assertThat(parse("proxy-mode", "on", "worker2")).isEqualTo(new Probe.ProxyMode(List.of("worker2")));
        assertThat(parse("pod-network")).isEqualTo(new Probe.PodNetwork(List.of("worker1", "worker2")));
        assertThat(parse("runtime-ready", "on", "workers")).isEqualTo(new Probe.RuntimeReady(List.of("worker1",
                "worker2")));
    }

    @Test
    void nodeReadyTakesNetworkFalse() throws Exception {
        assertThat(parse("node-ready", "network", false)).isEqualTo(new Probe.NodeReady(List.of("worker1", "worker2"),
                false));
        assertThat(parse("node-ready", "network", "false")).isEqualTo(new Probe.NodeReady(List.of("worker1",
                "worker2"), false));
        assertThatThrownBy(() -> parse("node-ready", "network", "no")).isInstanceOf(ProbeSpecException.class)
                .hasMessage("probe node-ready: 'network' must be true or false, not 'no'. Try: network: false.");
    }

    @Test
    void apiReadyAsksTheMastersByDefaultAndTheVersionIsThePinnedRelease() throws Exception {
        String v = "v" + ha.config().versions().kubernetes();
        assertThat(parse("api-ready")).isEqualTo(new Probe.ApiReady(true, false, v));
        assertThat(parse("api-ready", "via", "endpoint")).isEqualTo(new Probe.ApiReady(false, true, v));
        assertThat(parse("api-ready", "via", "${cluster.hasApiLb?then('masters', 'masters,endpoint')}"))
                .isEqualTo(new Probe.ApiReady(true, false, v));
        assertThat(parse("api-ready", "via", "masters, endpoint", "version", "v1.37.2"))
                .isEqualTo(new Probe.ApiReady(true, true, "v1.37.2"));
        assertThatThrownBy(() -> parse("api-ready", "via", "vip")).isInstanceOf(ProbeSpecException.class)
                .hasMessageContaining("via must be masters, endpoint or masters,endpoint, not 'vip'");
    }

    @Test
    void leaderLeaseNamesAComponentThatElectsALeader() throws Exception {
        assertThat(parse("leader-lease", "component", "kube-scheduler"))
                .isEqualTo(new Probe.LeaderLease("kube-scheduler"));
        assertThatThrownBy(() -> parse("leader-lease")).isInstanceOf(ProbeSpecException.class)
                .hasMessage("probe leader-lease: 'component' is missing. Try: component: kube-controller-manager.");
        assertThatThrownBy(() -> parse("leader-lease", "component", "kube-apiserver"))
                .isInstanceOf(ProbeSpecException.class).hasMessageContaining("must be one of [kube-controller-manager,"
                        + " kube-scheduler], not 'kube-apiserver'");
    }

    @Test
    void cgroupControllersAreWordsAndMayRenderToNone() throws Exception {
        assertThat(parse("cgroup-v2", "on", "workers", "controllers", "cpu memory, pids"))
                .isEqualTo(new Probe.CgroupV2(List.of("worker1", "worker2"), List.of("cpu", "memory", "pids")));
        assertThat(parse("cgroup-v2", "on", "workers", "controllers", "${false?then('cpu', '')}"))
                .isEqualTo(new Probe.CgroupV2(List.of("worker1", "worker2"), List.of()));
        assertThatThrownBy(() -> parse("cgroup-v2", "controllers", "cpu; rm -rf /"))
                .isInstanceOf(ProbeSpecException.class).hasMessageContaining("is not a cgroup controller name");
    }

    @Test
    void unknownTypeListsTheKnownOnes() {
        assertThatThrownBy(() -> parse("etcd-health"))
                .isInstanceOf(ProbeSpecException.class)
                .hasMessage("unknown probe type 'etcd-health'. Try: one of [service-active, file-exists,"
                        + " etcd-healthy, vip-held, api-healthy, api-ready, leader-lease, node-ready, port-open,"
                        + " node-address, kubelet-config, proxy-mode, runtime-ready, cgroup-v2, pod-network,"
                        + " pods-running, service-ip, can-i, dns-resolves, secret-encrypted, nodeport-answers, ingress-vip, ingress-backends, bgp-sessions,"
                        + " bgp-route, lb-service-ip, etcd-snapshot, etcd-key, etcd-write, etcd-restored, control-plane-stopped].");
    }

    @Test
    void lessonFifteenProbes() throws Exception {
        assertThat(parse("etcd-snapshot", "path", "/var/backups/etcd/restore.db")).isEqualTo(new Probe.EtcdSnapshot(
                "/var/backups/etcd/restore.db", List.of("master1", "master2", "master3")));
        assertThat(parse("etcd-key", "key", "/hardway/backup/after", "present", false, "on", "master2"))
                .isEqualTo(new Probe.EtcdKey("/hardway/backup/after", false, List.of("master2")));
        assertThat(parse("etcd-restored", "revision", 1000000000)).isEqualTo(new Probe.EtcdRestored(1_000_000_000L));
        assertThat(parse("etcd-restored", "revision", "1000000000")).isEqualTo(new Probe.EtcdRestored(1_000_000_000L));
        assertThat(parse("control-plane-stopped")).isEqualTo(new Probe.ControlPlaneStopped(List.of("master1",
                "master2", "master3")));
        assertThatThrownBy(() -> parse("etcd-snapshot", "path", "restore.db"))
                .isInstanceOf(ProbeSpecException.class).hasMessageContaining("is not absolute");
        assertThatThrownBy(() -> parse("etcd-key", "key", "/a b"))
                .isInstanceOf(ProbeSpecException.class).hasMessageContaining("has blanks");
        assertThatThrownBy(() -> parse("etcd-key", "key", "/k", "on", "worker1"))
                .isInstanceOf(ProbeSpecException.class).hasMessageContaining("etcd runs on the masters, not on worker1");
        assertThatThrownBy(() -> parse("etcd-restored", "revision", "lots"))
                .isInstanceOf(ProbeSpecException.class).hasMessageContaining("must be a whole number");
    }

    @Test
    void argumentErrorsNameTheArgument() {
        assertThatThrownBy(() -> parse("service-active", "unit", "etcd"))
                .hasMessage("probe service-active: unknown argument 'unit'. Try: one of [service, on].");
        assertThatThrownBy(() -> parse("service-active"))
                .hasMessage("probe service-active: 'service' is missing. Try: service: etcd.");
        assertThatThrownBy(() -> parse("etcd-healthy", "members", "three"))
                .hasMessage("probe etcd-healthy: 'members' must be a whole number, not 'three'. Try: members: 3.");
        assertThatThrownBy(() -> parse("etcd-healthy", "members", 5))
                .hasMessageStartingWith("probe etcd-healthy: members must be 1..3");
        assertThatThrownBy(() -> parse("port-open", "host", "x", "port", List.of(1)))
                .hasMessageStartingWith("probe port-open: 'port' must be a whole number, not list");
        assertThatThrownBy(() -> parse("port-open", "host", "x", "port", 22, "from", "masters"))
                .hasMessageStartingWith("probe port-open: from must name exactly one node");
        assertThatThrownBy(() -> parse("service-active", "service", "etcd", "on", "mastrs"))
                .hasMessageStartingWith("probe service-active: on: unknown node or group 'mastrs'");
        assertThatThrownBy(() -> parse("api-healthy", "vip", "x"))
                .hasMessage("probe api-healthy: unknown argument 'vip'. Try: it takes no arguments.");
    }

    @Test
    void vipHeldWithoutLbPairIsAnError() {
        ClusterModel single = new ClusterModel(TestClusters.single());
        assertThatThrownBy(() -> Probes.parse("vip-held", Map.of(), null, single, Probes.TemplateText.VERBATIM))
                .isInstanceOf(ProbeSpecException.class).hasMessageContaining("no API load balancer pair");
    }

    @Test
    void aMissingOnWithoutStepDefaultIsAnError() {
        assertThatThrownBy(() -> Probes.parse("file-exists", Map.of("path", "/x"), null, ha,
                Probes.TemplateText.VERBATIM))
                .hasMessage("probe file-exists: 'on' is missing and the step has no on: Try: on: masters (or node"
                        + " names).");
    }

    /** A wrong probe (or its node selector) carries what and fix as fields, for the lesson validator's problem. */
    @Test
    void aWrongProbeCarriesWhatAndFixAsFields() {
        ClusterModel ha = new ClusterModel(TestClusters.ha());
        assertThatThrownBy(() -> Probes.parse("service-active", Map.of("service", "etcd", "on", "mastr1"), null, ha,
                Probes.TemplateText.VERBATIM)).isInstanceOfSatisfying(ProbeSpecException.class, e -> {
                    assertThat(e.what()).isEqualTo("probe service-active: on: unknown node or group 'mastr1'");
                    assertThat(e.fix()).startsWith("all, masters, workers").doesNotContain("Try:");
                });
        assertThatThrownBy(() -> Probes.parse("no-such-probe", Map.of(), null, ha, Probes.TemplateText.VERBATIM))
                .isInstanceOfSatisfying(ProbeSpecException.class, e -> {
                    assertThat(e.what()).isEqualTo("unknown probe type 'no-such-probe'");
                    assertThat(e.fix()).startsWith("one of ");
                });
    }

    @Test
    void workloadProbesTakeTheirDefaultsFromTheCluster() throws Exception {
        assertThat(parse("pods-running", "selector", "k8s-app=kube-dns", "namespace", "kube-system", "count", 2))
                .isEqualTo(new Probe.PodsRunning("kube-system", "k8s-app=kube-dns", 2));
        assertThat(parse("pods-running", "selector", "app=nginx,tier=web"))
                .isEqualTo(new Probe.PodsRunning("default", "app=nginx,tier=web", 1));
        assertThat(parse("service-ip", "namespace", "kube-system", "name", "kube-dns", "ip",
                "${cluster.network.clusterDns}")).isEqualTo(new Probe.ServiceIp("kube-system", "kube-dns", "10.32.0.10"));
        assertThat(parse("can-i", "as", "system:serviceaccount:kube-system:coredns", "verb", "list", "resource",
                "endpointslices.discovery.k8s.io")).isEqualTo(new Probe.CanI(
                "system:serviceaccount:kube-system:coredns", "list", "endpointslices.discovery.k8s.io", null));
        assertThat(parse("dns-resolves", "name", "kubernetes.default.svc.${cluster.domain}", "address",
                "${cluster.network.firstServiceIp}")).isEqualTo(new Probe.DnsResolves(
                "kubernetes.default.svc.cluster.local", "10.32.0.1", List.of("worker1", "worker2"), null, "default",
                "10.32.0.10"));
        assertThat(parse("dns-resolves", "name", "nginx", "pod", "deploy/nginx")).isEqualTo(new Probe.DnsResolves(
                "nginx", null, List.of(), "deploy/nginx", "default", "10.32.0.10"));
        assertThat(parse("secret-encrypted", "name", "s1", "prefix", "k8s:enc:secretbox:v1:key1", "plaintext", "v"))
                .isEqualTo(new Probe.SecretEncrypted("default", "s1", "k8s:enc:secretbox:v1:key1", "v", "master1"));
        assertThat(parse("nodeport-answers", "service", "nginx", "on", "worker2", "local", true))
                .isEqualTo(new Probe.NodePortAnswers("default", "nginx", List.of("worker2"), 200, "jumpbox", true));
    }

    @Test
    void workloadProbeArgumentsAreChecked() {
        assertThatThrownBy(() -> parse("pods-running"))
                .hasMessage("probe pods-running: 'selector' is missing. Try: selector: k8s-app=kube-dns.");
        assertThatThrownBy(() -> parse("dns-resolves", "name", "x", "pod", "nginx"))
                .hasMessage("probe dns-resolves: pod 'nginx' must name a Deployment as kubectl exec takes it."
                        + " Try: pod: deploy/nginx.");
        assertThatThrownBy(() -> parse("secret-encrypted", "name", "s", "prefix", "k8s:enc:x", "plaintext", "v",
                "from", "masters")).hasMessageContaining("from must name exactly one node");
        assertThatThrownBy(() -> parse("nodeport-answers", "service", "nginx", "local", "maybe"))
                .hasMessageContaining("'local' must be true or false");
        assertThatThrownBy(() -> parse("service-ip", "name", "Kube_DNS", "ip", "10.32.0.10"))
                .hasMessageContaining("name 'Kube_DNS' is not an object name");
    }

    @Test
    void bgpProbesDefaultToTheRouterWorkersAndPoolAndNeedThem() throws Exception {
        ClusterModel bgp = new ClusterModel(new dev.hardway.cluster.ClusterLoader(() -> 64 * 1024)
                .load(java.nio.file.Path.of("cluster-config/metallb-bgp.yaml")));
        Probes.TemplateText verbatim = Probes.TemplateText.VERBATIM;
        assertThat(Probes.parse("bgp-sessions", Map.of(), "jumpbox", bgp, verbatim)).isEqualTo(
                new Probe.BgpSessions("router", java.util.List.of("worker1", "worker2", "worker3")));
        assertThat(Probes.parse("bgp-route", Map.of("service", "nginx-lb"), "jumpbox", bgp, verbatim)).isEqualTo(
                new Probe.BgpRoute("router", "default", "nginx-lb", null));
        assertThat(Probes.parse("lb-service-ip", Map.of("name", "nginx-lb"), "jumpbox", bgp, verbatim)).isEqualTo(
                new Probe.LbServiceIp("default", "nginx-lb", "172.17.254.0/24"));
        assertThatThrownBy(() -> Probes.parse("bgp-route", Map.of("service", "a", "prefix", "1.2.3.4/32"), "jumpbox",
                bgp, verbatim)).hasMessageContaining("give either service:");
        assertThatThrownBy(() -> parse("bgp-sessions")).hasMessageContaining("this cluster has no default for 'on'");
        assertThatThrownBy(() -> parse("lb-service-ip", "name", "x")).hasMessageContaining("no bgp.address_pool");
    }
}
