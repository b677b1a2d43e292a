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
import dev.hardway.lab.StepAction.FileCopy;
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

    /**
     * etcd, the control plane (with the encryption config or not: its unit names --encryption-provider-config), the
     * LBs, and Ready workers (lessons 08-10 as SimNodesTest builds them) with these kubelet and kube-proxy configs.
     */
    void cluster(boolean encryptionConfig, String kubeletConfig, String proxyMode) {
        cluster(encryptionConfig, APISERVER_UNIT, kubeletConfig, proxyMode);
    }

    void cluster(boolean encryptionConfig, String apiserverUnit, String kubeletConfig, String proxyMode) {
        ok(lab.apply(SimFixtures.services("etcd/start", MASTERS, "etcd"), null));
        List<NodeAction> cp = new ArrayList<>();
        for (String m : MASTERS) {
            List<FileWrite> files = new ArrayList<>(SimFixtures.controlPlaneFiles("kube-apiserver",
                    "kube-controller-manager", "kube-scheduler"));
            files.removeIf(f -> f.path().equals(SimWorkloads.ENCRYPTION_CONFIG)
                    || f.path().equals(SimWorkloads.APISERVER_UNIT));
            if (encryptionConfig) {
                files.add(file(SimWorkloads.ENCRYPTION_CONFIG, "kind: x"));
            }
            files.add(file(SimWorkloads.APISERVER_UNIT, apiserverUnit));
            cp.add(new NodeAction(m, files, List.of(), "", List.of(),
                    List.of("kube-apiserver", "kube-controller-manager", "kube-scheduler")));
        }
        ok(lab.apply(new StepAction("06/start", cp), null));
        ok(lab.apply(SimFixtures.services("07/start", LBS, "haproxy", "keepalived"), null));
        workers(kubeletConfig, proxyMode);
    }

    /** Lessons 02/03's worker files, 08's containerd, 09 (with these configs) and 10's CNI config. */
    void workers(String kubeletConfig, String proxyMode) {
        List<String> made = new ArrayList<>(List.of("/root/pki/ca.pem", "/root/kubeconfigs/kube-proxy.kubeconfig"));
        List<NodeAction> copies = new ArrayList<>();
        for (String w : WORKERS) {
            made.addAll(List.of("/root/pki/" + w + ".pem", "/root/pki/" + w + "-key.pem",
                    "/root/kubeconfigs/" + w + ".kubeconfig"));
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
        ok(lab.apply(SimFixtures.creates("pki", "jumpbox", "make", made.toArray(String[]::new)), null));
        ok(lab.apply(new StepAction("copies", copies), null));
        ok(lab.apply(SimFixtures.services("08/containerd", WORKERS, "containerd"), null));
        SimNodesTest.kubeletConfig(lab, WORKERS, UnaryOperator.identity(), UnaryOperator.identity());
        ok(lab.apply(SimFixtures.services("09-kubelet/kubelet-start", WORKERS, "kubelet"), null));
        SimNodesTest.kubeProxy(lab, WORKERS, c -> c.replaceAll("(?m)^mode: .*$", "mode: \"" + proxyMode + "\""));
        SimNodesTest.cni(lab, WORKERS);
        // the configs this test varies, as the kubelet and kube-proxy read them
        List<NodeAction> ws = new ArrayList<>();
        for (String w : WORKERS) {
            ws.add(new NodeAction(w, List.of(file(SimWorkloads.KUBELET_CONFIG, kubeletConfig),
                    file(SimWorkloads.KUBE_PROXY_CONFIG, "kind: KubeProxyConfiguration\nmode: " + proxyMode + "\n")),
                    List.of(), "", List.of(), List.of("containerd", "kubelet", "kube-proxy")));
        }
        ok(lab.apply(new StepAction("09/configs", ws), null));
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
        return String.join("\n", r.problemLines());
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
        assertThat(r.problemLines()).hasSize(2).allMatch(p -> p.contains("timed out")
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
    void withTheFlagButWithoutTheEncryptionConfigTheApiserverDoesNotStartAndNothingIsStored() throws Exception {
        cluster(false, GOOD_KUBELET, "iptables");
        StepOutcome refused = apply(manifest("secret.yaml.ftl", UnaryOperator.identity()));
        assertThat(refused.ok()).as("kube-apiserver exits at start when --encryption-provider-config names no file")
                .isFalse();
        // the config arrives and the apiserver restarts: the Secret is written encrypted
        List<NodeAction> restart = new ArrayList<>();
        for (String m : MASTERS) {
            ok(lab.apply(SimFixtures.write("04/copy", m, SimWorkloads.ENCRYPTION_CONFIG, "kind: x"), null));
            restart.add(new NodeAction(m, List.of(file(SimWorkloads.APISERVER_UNIT, APISERVER_UNIT)), List.of(), "",
                    List.of(), List.of("kube-apiserver")));
        }
        ok(lab.apply(new StepAction("06/restart", restart), null));
        applyAll(UnaryOperator.identity(), "secret.yaml.ftl");
        assertThat(probe(SECRET).ok()).as(probe(SECRET).summary()).isTrue();
    }

    @Test
    void aSecretIsPlaintextWhenTheApiserverUnitLacksTheFlagAndStaysSoUntilRewritten() throws Exception {
        cluster(true, "[Service]\nExecStart=/usr/local/bin/kube-apiserver\n", GOOD_KUBELET, "iptables");
        applyAll(UnaryOperator.identity(), "secret.yaml.ftl");
        ProbeResult r = probe(SECRET);
        assertThat(r.ok()).isFalse();
        assertThat(r.summary()).contains("stored as plaintext");
        assertThat(problems(r)).contains("'mydata' is readable in the hexdump", "runs without --encryption-provider-config",
                "kubectl replace");
        // the flag is added and the apiserver restarts: the Secret already written stays plaintext ...
        List<NodeAction> fixed = new ArrayList<>();
        for (String m : MASTERS) {
            fixed.add(new NodeAction(m, List.of(file(SimWorkloads.APISERVER_UNIT, APISERVER_UNIT)), List.of(), "",
                    List.of(), List.of("kube-apiserver")));
        }
        ok(lab.apply(new StepAction("06/restart", fixed), null));
        applyAll(UnaryOperator.identity(), "secret.yaml.ftl");   // unchanged: kubectl apply writes nothing
        assertThat(probe(SECRET).ok()).isFalse();
        // ... until it is written again
        applyAll(y -> y.replace("mykey: mydata", "mykey: mydata\n  other: value"), "secret.yaml.ftl");
        assertThat(probe(SECRET).ok()).isTrue();
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
