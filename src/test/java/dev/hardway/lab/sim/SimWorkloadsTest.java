package dev.hardway.lab.sim;

import static dev.hardway.lab.sim.SimFixtures.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hardway.HardwayHome;
import dev.hardway.cluster.Cidr;
import dev.hardway.cluster.ClusterModel;
import dev.hardway.cluster.TestClusters;
import dev.hardway.lab.ApiObject;
import dev.hardway.lab.Probe;
import dev.hardway.lab.ProbeResult;
import dev.hardway.lab.StepAction;
import dev.hardway.lab.StepAction.FileWrite;
import dev.hardway.lab.StepAction.NodeAction;
import dev.hardway.lab.StepOutcome;
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
 * The workloads of lessons 11 and 12 in the simulated lab, with the lessons' own manifests: each probe passes in a
 * solved lab and fails, naming why, in a lab broken the way the notes' traps break real ones.
 */
class SimWorkloadsTest {

    static final List<String> MASTERS = List.of("master1", "master2", "master3");
    static final List<String> LBS = List.of("lb1", "lb2");
    static final List<String> WORKERS = List.of("worker1", "worker2");
    static final String GOOD_KUBELET = "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n"
            + "clusterDNS: [10.32.0.10]\nclusterDomain: cluster.local\nresolvConf: /run/systemd/resolve/resolv.conf\n";
    static final String STUB_KUBELET = "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n"
            + "clusterDNS: [10.32.0.10]\nclusterDomain: cluster.local\n";
    static final String APISERVER_UNIT = "[Service]\nExecStart=/usr/local/bin/kube-apiserver"
            + " --encryption-provider-config=/var/lib/kubernetes/encryption-config.yaml\n";

    static final Probe.PodsRunning COREDNS_PODS = new Probe.PodsRunning("kube-system", "k8s-app=kube-dns", 2);
    static final Probe.DnsResolves KUBERNETES_DNS = new Probe.DnsResolves("kubernetes.default.svc.cluster.local",
            "10.32.0.1", WORKERS, null, "default", "10.32.0.10");
    static final Probe.ServiceIp DNS_IP = new Probe.ServiceIp("kube-system", "kube-dns", "10.32.0.10");
    static final Probe.SecretEncrypted SECRET = new Probe.SecretEncrypted("default", "kubernetes-the-hard-way",
            "k8s:enc:secretbox:v1:key1", "mydata", "master1");
    static final Probe.NodePortAnswers NODEPORT = new Probe.NodePortAnswers("default", "nginx", WORKERS, 200,
            "jumpbox", false);

    @TempDir
    Path home;
    ClusterModel ha;
    SimLab lab;
    final Renderer renderer = new Renderer(List.of(Path.of("lessons/11-coredns"), Path.of("lessons/12-smoke-test")));

    @BeforeEach
    void open() {
        ha = new ClusterModel(TestClusters.ha());
        lab = new SimLab(ha, new HardwayHome(home));
    }

    // ---------------------------------------------------------------------------------------- building --

    /** etcd, the encryption config (or not), the control plane, the LBs, and workers with these configs. */
    void cluster(boolean encryptionConfig, String kubeletConfig, String proxyMode) {
        ok(lab.apply(SimFixtures.services("etcd/start", MASTERS, "etcd"), null));
        if (encryptionConfig) {
            for (String m : MASTERS) {
                ok(lab.apply(SimFixtures.write("04/copy", m, SimWorkloads.ENCRYPTION_CONFIG, "kind: x"), null));
            }
        }
        List<NodeAction> cp = new ArrayList<>();
        for (String m : MASTERS) {
            cp.add(new NodeAction(m, List.of(file(SimWorkloads.APISERVER_UNIT, APISERVER_UNIT)), List.of(), "",
                    List.of(), List.of("kube-apiserver", "kube-controller-manager", "kube-scheduler")));
        }
        ok(lab.apply(new StepAction("06/start", cp), null));
        ok(lab.apply(SimFixtures.services("07/start", LBS, "haproxy", "keepalived"), null));
        List<NodeAction> ws = new ArrayList<>();
        for (String w : WORKERS) {
            ws.add(new NodeAction(w, List.of(file(SimWorkloads.KUBELET_CONFIG, kubeletConfig),
                    file(SimWorkloads.KUBE_PROXY_CONFIG, "kind: KubeProxyConfiguration\nmode: " + proxyMode + "\n")),
                    List.of(), "", List.of(), List.of("containerd", "kubelet", "kube-proxy")));
        }
        ok(lab.apply(new StepAction("09/start", ws), null));
    }

    void solvedCluster() {
        cluster(true, GOOD_KUBELET, "iptables");
    }

    static FileWrite file(String path, String content) {
        return new FileWrite(path, content.getBytes(StandardCharsets.UTF_8), "0644", null);
    }

    /** The lesson's manifest, rendered for this cluster, changed by {@code edit}. */
    List<ApiObject> manifest(String template, UnaryOperator<String> edit) throws Exception {
        String yaml = renderer.renderFile(template, TemplateModel.of(ha, ha.node("jumpbox").orElseThrow()));
        return ApiObject.parse(edit.apply(yaml));
    }

    StepOutcome apply(List<ApiObject> objects) {
        return lab.apply(new StepAction("kubectl-apply", List.of(new NodeAction("jumpbox", List.of(), List.of(),
                "kubectl apply -f x.yaml", List.of(), List.of(), objects))), null);
    }

    void applyAll(UnaryOperator<String> edit, String... templates) throws Exception {
        for (String t : templates) {
            ok(apply(manifest(t, edit)));
        }
    }

    void coredns(UnaryOperator<String> edit) throws Exception {
        applyAll(edit, "coredns-serviceaccount.yaml.ftl", "coredns-clusterrole.yaml.ftl",
                "coredns-clusterrolebinding.yaml.ftl", "coredns-configmap.yaml.ftl", "coredns-deployment.yaml.ftl",
                "coredns-service.yaml.ftl");
    }

    void nginx() throws Exception {
        applyAll(UnaryOperator.identity(), "nginx-deployment.yaml.ftl", "nginx-service.yaml.ftl");
    }

    ProbeResult probe(Probe p) {
        return lab.probe(p);
    }

    static String problems(ProbeResult r) {
        return String.join("\n", r.problems());
    }

    // --------------------------------------------------------------------------------------- CoreDNS --

    @Test
    void solvedCoreDnsRunsTwoReadyPodsWithAddressesFromTheirWorkersPodCidr() throws Exception {
        solvedCluster();
        coredns(UnaryOperator.identity());
        assertThat(probe(COREDNS_PODS).ok()).as(problems(probe(COREDNS_PODS))).isTrue();
        assertThat(probe(DNS_IP).ok()).isTrue();
        assertThat(probe(KUBERNETES_DNS).ok()).as(problems(probe(KUBERNETES_DNS))).isTrue();
        assertThat(probe(new Probe.CanI("system:serviceaccount:kube-system:coredns", "list",
                "endpointslices.discovery.k8s.io", null)).ok()).isTrue();
        List<SimWorkloads.Pod> pods = SimWorkloads.of(lab.model()).pods();
        assertThat(pods).hasSize(2).allMatch(p -> p.ready() && p.running());
        for (SimWorkloads.Pod p : pods) {
            String cidr = ha.podCidr(ha.node(p.node()).orElseThrow());
            assertThat(Cidr.parse(cidr).contains(Cidr.parseAddress(p.ip()))).as(p.ip() + " in " + cidr).isTrue();
        }
    }

    @Test
    void withoutCoreDnsNothingResolvesAndTheProbeSaysWhy() {
        solvedCluster();
        ProbeResult r = probe(KUBERNETES_DNS);
        assertThat(r.ok()).isFalse();
        assertThat(r.problems()).hasSize(2).allMatch(p -> p.contains("timed out")
                && p.contains("CoreDNS is not applied"));
        assertThat(probe(COREDNS_PODS).ok()).isFalse();
        assertThat(problems(probe(COREDNS_PODS))).contains("no pod in kube-system matches -l k8s-app=kube-dns");
    }

    @Test
    void theLoopPluginCrashesCoreDnsWhenTheKubeletHandsPodsTheResolvedStub() throws Exception {
        cluster(true, STUB_KUBELET, "iptables");
        coredns(UnaryOperator.identity());
        ProbeResult pods = probe(COREDNS_PODS);
        assertThat(pods.ok()).isFalse();
        assertThat(problems(pods)).contains("CrashLoopBackOff", "systemd-resolved's stub 127.0.0.53",
                "CoreDNS found a forwarding loop", "resolvConf: /run/systemd/resolve/resolv.conf");
        assertThat(problems(probe(KUBERNETES_DNS))).contains("no ready endpoints", "CrashLoopBackOff");
    }

    @Test
    void aClusterRoleWithoutEndpointSlicesLeavesCoreDnsUnready() throws Exception {
        solvedCluster();
        coredns(y -> y.replace("  - apiGroups: [discovery.k8s.io]\n    resources: [endpointslices]\n"
                + "    verbs: [list, watch]\n", ""));
        ProbeResult canI = probe(new Probe.CanI("system:serviceaccount:kube-system:coredns", "list",
                "endpointslices.discovery.k8s.io", null));
        assertThat(canI.ok()).isFalse();
        assertThat(problems(canI)).contains("grants no list on endpointslices.discovery.k8s.io",
                "CoreDNS 1.14 watches EndpointSlices");
        ProbeResult pods = probe(COREDNS_PODS);
        assertThat(pods.ok()).isFalse();
        assertThat(problems(pods)).contains("Running but not Ready",
                "CoreDNS may not list EndpointSlices", "kubectl auth can-i list endpointslices.discovery.k8s.io");
    }

    @Test
    void aKubeDnsServiceAtAnotherAddressIsNamedAsTheClusterDnsTrap() throws Exception {
        solvedCluster();
        coredns(y -> y.replace("clusterIP: 10.32.0.10", "clusterIP: 10.32.0.53"));
        ProbeResult ip = probe(DNS_IP);
        assertThat(ip.ok()).isFalse();
        assertThat(problems(ip)).contains("has ClusterIP 10.32.0.53, not 10.32.0.10", "Service IP ≠ cluster_dns",
                "delete service kube-dns");
        assertThat(problems(probe(KUBERNETES_DNS))).contains("no Service has the ClusterIP 10.32.0.10",
                "kube-system/kube-dns has 10.32.0.53");
        // a ClusterIP cannot change: applying the fixed manifest over it is refused, as kubectl is
        StepOutcome again = apply(manifest("coredns-service.yaml.ftl", UnaryOperator.identity()));
        assertThat(again.ok()).isFalse();
        assertThat(again.failed().toString()).contains("may not change once set");
    }

    @Test
    void aClusterIpOutsideTheServiceRangeIsRefusedAtApply() throws Exception {
        solvedCluster();
        StepOutcome o = apply(manifest("coredns-service.yaml.ftl", y -> y.replace("10.32.0.10", "10.96.0.10")));
        assertThat(o.ok()).isFalse();
        assertThat(o.failed().toString()).contains("provided IP (10.96.0.10) is not in the valid range",
                "10.32.0.0/24");
        assertThat(SimWorkloads.of(lab.model()).objects()).isEmpty();
    }

    @Test
    void kubectlApplyFailsWhileTheApiIsDown() throws Exception {
        ok(lab.apply(SimFixtures.services("etcd/start", MASTERS, "etcd"), null));
        StepOutcome o = apply(manifest("coredns-serviceaccount.yaml.ftl", UnaryOperator.identity()));
        assertThat(o.ok()).isFalse();
        assertThat(o.failed().toString()).contains("unable to connect to the server https://10.240.0.10:6443");
    }

    @Test
    void aMissingConfigMapKeepsThePodsContainerCreating() throws Exception {
        solvedCluster();
        applyAll(UnaryOperator.identity(), "coredns-serviceaccount.yaml.ftl", "coredns-clusterrole.yaml.ftl",
                "coredns-clusterrolebinding.yaml.ftl", "coredns-deployment.yaml.ftl");
        assertThat(problems(probe(COREDNS_PODS))).contains("ContainerCreating", "configmap \"coredns\" not found");
    }

    @Test
    void podsArePendingWithoutAReadyWorkerAndMoveToTheReadyOne() throws Exception {
        solvedCluster();
        coredns(UnaryOperator.identity());
        lab.stopUnits("worker1", List.of("kubelet"));
        assertThat(SimWorkloads.of(lab.model()).pods()).allMatch(p -> p.node().equals("worker2"));
        lab.stopUnits("worker2", List.of("kubelet"));
        ProbeResult pods = probe(COREDNS_PODS);
        assertThat(pods.ok()).isFalse();
        assertThat(problems(pods)).contains("Pending", "0/2 nodes are available", "worker1 is not registered/Ready");
    }

    @Test
    void dnsFromANodeNeedsKubeProxyThere() throws Exception {
        solvedCluster();
        coredns(UnaryOperator.identity());
        lab.stopUnits("worker2", List.of("kube-proxy"));
        ProbeResult r = probe(KUBERNETES_DNS);
        assertThat(r.ok()).isFalse();
        assertThat(r.summary()).contains("1/2 nodes (not on worker2)");
        assertThat(problems(r)).contains("kube-proxy is not running on worker2");
    }

    // ------------------------------------------------------------------------------------- smoke test --

    @Test
    void aSecretIsEncryptedAtRestWhenTheApiserverStartedWithTheEncryptionConfig() throws Exception {
        solvedCluster();
        ProbeResult before = probe(SECRET);
        assertThat(before.ok()).isFalse();
        assertThat(problems(before)).contains("etcd has no key /registry/secrets/default/kubernetes-the-hard-way");
        applyAll(UnaryOperator.identity(), "secret.yaml.ftl");
        ProbeResult after = probe(SECRET);
        assertThat(after.ok()).as(problems(after)).isTrue();
        assertThat(after.summary()).contains("k8s:enc:secretbox:v1:key1", "'mydata' not in clear");
    }

    @Test
    void aSecretIsPlaintextWhenTheEncryptionConfigWasMissingAtApiserverStartAndStaysSoUntilRewritten()
            throws Exception {
        cluster(false, GOOD_KUBELET, "iptables");
        applyAll(UnaryOperator.identity(), "secret.yaml.ftl");
        ProbeResult r = probe(SECRET);
        assertThat(r.ok()).isFalse();
        assertThat(r.summary()).contains("stored as plaintext");
        assertThat(problems(r)).contains("'mydata' is readable in the hexdump",
                "/var/lib/kubernetes/encryption-config.yaml was not on master1 when kube-apiserver started",
                "kubectl replace");
        // the config arrives and the apiserver restarts: the Secret already written stays plaintext ...
        for (String m : MASTERS) {
            ok(lab.apply(SimFixtures.write("04/copy", m, SimWorkloads.ENCRYPTION_CONFIG, "kind: x"), null));
        }
        ok(lab.apply(SimFixtures.services("06/restart", MASTERS, "kube-apiserver"), null));
        applyAll(UnaryOperator.identity(), "secret.yaml.ftl");   // unchanged: kubectl apply writes nothing
        assertThat(probe(SECRET).ok()).isFalse();
        // ... until it is written again
        applyAll(y -> y.replace("mykey: mydata", "mykey: mydata\n  other: value"), "secret.yaml.ftl");
        assertThat(probe(SECRET).ok()).isTrue();
    }

    @Test
    void aSecretIsPlaintextWhenTheApiserverUnitLacksTheFlag() throws Exception {
        ok(lab.apply(SimFixtures.services("etcd/start", MASTERS, "etcd"), null));
        List<NodeAction> cp = new ArrayList<>();
        for (String m : MASTERS) {
            ok(lab.apply(SimFixtures.write("04/copy", m, SimWorkloads.ENCRYPTION_CONFIG, "kind: x"), null));
            cp.add(new NodeAction(m, List.of(file(SimWorkloads.APISERVER_UNIT, "ExecStart=kube-apiserver\n")),
                    List.of(), "", List.of(), List.of("kube-apiserver")));
        }
        ok(lab.apply(new StepAction("06/start", cp), null));
        ok(lab.apply(SimFixtures.services("07/start", LBS, "haproxy", "keepalived"), null));
        applyAll(UnaryOperator.identity(), "secret.yaml.ftl");
        assertThat(problems(probe(SECRET))).contains("runs without --encryption-provider-config");
    }

    @Test
    void theNodePortAnswersOnEveryWorkerAndNamesTheWorkerWithoutKubeProxy() throws Exception {
        solvedCluster();
        coredns(UnaryOperator.identity());
        assertThat(problems(probe(NODEPORT))).contains("there is no Service nginx in default");
        nginx();
        ProbeResult r = probe(NODEPORT);
        assertThat(r.ok()).as(problems(r)).isTrue();
        int port = SimWorkloads.of(lab.model()).service("default", "nginx").orElseThrow().ports().get(0).nodePort();
        assertThat(port).isBetween(30000, 32767);
        assertThat(r.commands()).contains("jumpbox: curl -s -o /dev/null -w '%{http_code}' --max-time 5"
                + " http://10.240.0.31:" + port + "/");
        lab.stopUnits("worker2", List.of("kube-proxy"));
        ProbeResult broken = probe(NODEPORT);
        assertThat(broken.ok()).isFalse();
        assertThat(problems(broken)).contains("kube-proxy is not running on worker2").doesNotContain("worker1:");
    }

    @Test
    void nftablesNeverServesTheNodePortOnLocalhost() throws Exception {
        cluster(true, GOOD_KUBELET, "nftables");
        coredns(UnaryOperator.identity());
        nginx();
        Probe.NodePortAnswers local = new Probe.NodePortAnswers("default", "nginx", WORKERS, 200, "jumpbox", true);
        ProbeResult r = probe(local);
        assertThat(r.ok()).isFalse();
        assertThat(problems(r)).contains("nftables mode", "never serves NodePorts on 127.0.0.1",
                "curl the node IP 10.240.0.31");
        assertThat(probe(NODEPORT).ok()).isTrue();   // the node IPs answer
    }

    @Test
    void aPodResolvesServicesByNameThroughItsKubeletsClusterDns() throws Exception {
        solvedCluster();
        coredns(UnaryOperator.identity());
        applyAll(UnaryOperator.identity(), "nginx-deployment.yaml.ftl");
        Probe.DnsResolves nginx = new Probe.DnsResolves("nginx.default.svc.cluster.local", null, List.of(),
                "deploy/nginx", "default", "10.32.0.10");
        assertThat(problems(probe(nginx))).contains("NXDOMAIN");
        applyAll(UnaryOperator.identity(), "nginx-service.yaml.ftl");
        assertThat(probe(nginx).ok()).isTrue();
        String ip = SimWorkloads.of(lab.model()).service("default", "nginx").orElseThrow().clusterIp();
        Probe.DnsResolves shortName = new Probe.DnsResolves("nginx", ip, List.of(), "deploy/nginx", "default",
                "10.32.0.10");
        assertThat(probe(shortName).ok()).as("search path of the pod's namespace").isTrue();
    }

    @Test
    void aKubeletClusterDnsOtherThanTheServiceIsNamedFromThePod() throws Exception {
        cluster(true, GOOD_KUBELET.replace("10.32.0.10", "10.32.0.99"), "iptables");
        coredns(UnaryOperator.identity());
        applyAll(UnaryOperator.identity(), "nginx-deployment.yaml.ftl");
        ProbeResult r = probe(new Probe.DnsResolves("kubernetes.default.svc.cluster.local", "10.32.0.1", List.of(),
                "deploy/nginx", "default", "10.32.0.10"));
        assertThat(r.ok()).isFalse();
        assertThat(problems(r)).contains("nameserver 10.32.0.99, not the cluster DNS 10.32.0.10",
                "kubelet clusterDNS ≠ the kube-dns Service IP");
    }

    @Test
    void workloadsSurviveReopeningTheLab() throws Exception {
        solvedCluster();
        coredns(UnaryOperator.identity());
        SimLab again = new SimLab(ha, new HardwayHome(home));
        assertThat(again.probe(COREDNS_PODS).ok()).isTrue();
        assertThat(again.json()).contains("\"clusterIp\" : \"10.32.0.10\"");
    }
}
