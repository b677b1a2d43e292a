package dev.hardway.lab.real;

import static dev.hardway.lab.real.FakePool.result;
import static dev.hardway.lab.real.Fixtures.read;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hardway.cluster.ClusterModel;
import dev.hardway.cluster.TestClusters;
import dev.hardway.lab.Probe;
import dev.hardway.lab.ProbeResult;
import dev.hardway.lab.fault.FaultStore;
import dev.hardway.target.ExecResult;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * The real halves of the workload probes (lessons 11, 12), fed recorded tool output over in-memory targets: the
 * commands they run, and the verdicts and trap hints they draw from kubectl, dig, getent, etcdctl | hexdump and curl.
 */
class WorkloadProbesRealTest {

    final ClusterModel ha = new ClusterModel(TestClusters.ha());
    final FakePool pool = new FakePool(ha.nodes().stream().map(n -> n.name()).toList());
    final RealLab lab = new RealLab(ha, pool, FaultStore.of(new dev.hardway.HardwayHome(
            java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "hardway-workloadtest-" + ProcessHandle
                    .current().pid())), "ha"));

    void answer(BiFunction<String, String, ExecResult> a) {
        pool.answers = a;
    }

    static String problems(ProbeResult r) {
        return String.join("\n", r.problemLines());
    }

    @Test
    void podsRunningNamesTheCrashLoopAndTheLoopPluginFromTheLogs() {
        answer((n, s) -> s.contains(" logs ") ? result(n, 0, read("coredns-loop.log"), "")
                : s.contains("get pods") ? result(n, 0, read("kubectl-pods-coredns-crashloop.json"), "") : null);
        ProbeResult r = lab.probe(new Probe.PodsRunning("kube-system", "k8s-app=kube-dns", 2));
        assertThat(r.ok()).isFalse();
        assertThat(r.summary()).isEqualTo("1/2 pods k8s-app=kube-dns in kube-system Running and Ready");
        assertThat(problems(r)).contains("coredns-6d7b8c9f5d-4xk2p on worker1 is CrashLoopBackOff: back-off 1m20s",
                "CoreDNS found a forwarding loop (127.0.0.1:46223 -> :53)", "resolvConf: /run/systemd/resolve/resolv.conf")
                .doesNotContain("coredns-6d7b8c9f5d-9qvzm");
        assertThat(r.commands()).containsExactly(
                "jumpbox: /root/bin/kubectl --kubeconfig /root/.kube/config -n kube-system get pods -l k8s-app=kube-dns"
                        + " -o json",
                "jumpbox: { /root/bin/kubectl --kubeconfig /root/.kube/config -n kube-system logs -l k8s-app=kube-dns"
                        + " --all-containers --prefix --tail=20 --previous || true; /root/bin/kubectl --kubeconfig"
                        + " /root/.kube/config -n kube-system logs -l k8s-app=kube-dns --all-containers --prefix"
                        + " --tail=20; } 2>&1");
        // one Ready pod is enough when one is asked for: the logs are not fetched then
        pool.log.clear();
        assertThat(lab.probe(new Probe.PodsRunning("kube-system", "k8s-app=kube-dns", 1)).ok()).isTrue();
        assertThat(pool.log).noneMatch(l -> l.contains(" logs "));
    }

    @Test
    void podsRunningNamesTheRbacTrapFromTheLogs() {
        answer((n, s) -> s.contains(" logs ") ? result(n, 0, read("coredns-forbidden.log"), "")
                : result(n, 0, read("kubectl-pods-coredns-crashloop.json"), ""));
        assertThat(problems(lab.probe(new Probe.PodsRunning("kube-system", "k8s-app=kube-dns", 2))))
                .contains("CoreDNS may not list EndpointSlices", "--as=system:serviceaccount:kube-system:coredns");
    }

    @Test
    void podsRunningNamesUnschedulablePodsAndThePullLimit() {
        answer((n, s) -> s.contains(" logs ") ? result(n, 0, "", "") : result(n, 0, read("kubectl-pods-pending.json"), ""));
        ProbeResult r = lab.probe(new Probe.PodsRunning("default", "app=nginx", 1));
        assertThat(r.ok()).isFalse();
        assertThat(problems(r)).contains("nginx-7c5ddbdf54-2xv7q (not scheduled) is Pending: 0/2 nodes are available",
                "the registry refuses the image pull (rate limit, 429)");
    }

    @Test
    void podsRunningWhenKubectlCannotReachTheApi() {
        answer((n, s) -> result(n, 1, "", "The connection to the server 10.240.0.10:6443 was refused - did you"
                + " specify the right host or port?\n"));
        ProbeResult r = lab.probe(new Probe.PodsRunning("default", "app=nginx", 1));
        assertThat(problems(r)).contains("kubectl get pods failed: The connection to the server 10.240.0.10:6443 was"
                + " refused");
    }

    @Test
    void serviceIpComparesTheClusterIpAndNamesTheClusterDnsTrap() {
        answer((n, s) -> result(n, 0, read("kubectl-svc-kube-dns.json"), ""));
        assertThat(lab.probe(new Probe.ServiceIp("kube-system", "kube-dns", "10.32.0.10")).ok()).isTrue();
        answer((n, s) -> result(n, 0, read("kubectl-svc-kube-dns.json").replace("10.32.0.10", "10.32.0.53"), ""));
        ProbeResult r = lab.probe(new Probe.ServiceIp("kube-system", "kube-dns", "10.32.0.10"));
        assertThat(problems(r)).contains("has ClusterIP 10.32.0.53, not 10.32.0.10", "Service IP ≠ cluster_dns");
        answer((n, s) -> result(n, 1, "", read("kubectl-svc-notfound.stderr")));
        assertThat(problems(lab.probe(new Probe.ServiceIp("default", "nginx", "10.32.0.10"))))
                .contains("there is no Service nginx in default");
    }

    @Test
    void canIReadsKubectlsYesAndNo() {
        answer((n, s) -> result(n, 0, "yes\n", ""));
        Probe.CanI p = new Probe.CanI("system:serviceaccount:kube-system:coredns", "list",
                "endpointslices.discovery.k8s.io", null);
        assertThat(lab.probe(p).ok()).isTrue();
        assertThat(lab.probe(p).commands()).containsExactly("jumpbox: /root/bin/kubectl --kubeconfig"
                + " /root/.kube/config auth can-i list endpointslices.discovery.k8s.io"
                + " --as=system:serviceaccount:kube-system:coredns");
        answer((n, s) -> result(n, 1, "no\n", ""));
        assertThat(problems(lab.probe(p))).contains("RBAC answers no", "CoreDNS 1.14 watches EndpointSlices");
    }

    @Test
    void dnsFromNodesAsksTheClusterDnsWithDig() {
        Probe.DnsResolves p = new Probe.DnsResolves("kubernetes.default.svc.cluster.local", "10.32.0.1",
                List.of("worker1", "worker2"), null, "default", "10.32.0.10");
        answer((n, s) -> n.equals("worker1") ? result(n, 0, read("dig-answer.txt"), "")
                : result(n, 9, read("dig-timeout.txt"), ""));
        ProbeResult r = lab.probe(p);
        assertThat(r.ok()).isFalse();
        assertThat(r.summary()).contains("1/2 nodes (not on worker2)");
        assertThat(problems(r)).contains("worker2: no answer from 10.32.0.10 (timed out)");
        assertThat(r.commands()).contains("worker1: dig +short +time=2 +tries=1 @10.32.0.10"
                + " kubernetes.default.svc.cluster.local");
        answer((n, s) -> result(n, 0, read("dig-cname.txt"), ""));
        assertThat(problems(lab.probe(p))).contains("resolves to 93.184.215.14, not 10.32.0.1");
        answer((n, s) -> result(n, 127, "", "bash: dig: command not found"));
        assertThat(problems(lab.probe(p))).contains("dig is not installed");
    }

    @Test
    void dnsFromAPodUsesGetentAndNamesAWrongNameserver() {
        Probe.DnsResolves p = new Probe.DnsResolves("kubernetes.default.svc.cluster.local", "10.32.0.1", List.of(),
                "deploy/nginx", "default", "10.32.0.10");
        answer((n, s) -> result(n, 0, read("getent-kubernetes.txt"), ""));
        assertThat(lab.probe(p).ok()).isTrue();
        answer((n, s) -> s.contains("resolv.conf") ? result(n, 0, read("pod-resolv.conf").replace("10.32.0.10",
                "10.96.0.10"), "") : result(n, 2, "", ""));
        ProbeResult r = lab.probe(p);
        assertThat(r.ok()).isFalse();
        assertThat(problems(r)).contains("has no address (NXDOMAIN)", "names nameserver 10.96.0.10, not the cluster"
                + " DNS 10.32.0.10");
        assertThat(r.commands()).contains("jumpbox: /root/bin/kubectl --kubeconfig /root/.kube/config -n default exec"
                + " deploy/nginx -- getent hosts kubernetes.default.svc.cluster.local");
    }

    @Test
    void secretEncryptedReadsTheHexdumpOfTheEtcdValue() {
        Probe.SecretEncrypted p = new Probe.SecretEncrypted("default", "kubernetes-the-hard-way",
                "k8s:enc:secretbox:v1:key1", "mydata", "master1");
        answer((n, s) -> result(n, 0, read("etcd-secret-secretbox.hexdump"), ""));
        ProbeResult ok = lab.probe(p);
        assertThat(ok.ok()).as(problems(ok)).isTrue();
        assertThat(ok.commands().get(0)).startsWith("master1: set -o pipefail; etcdctl --endpoints=https://10.240.0.11"
                + ":2379,").endsWith("get /registry/secrets/default/kubernetes-the-hard-way --print-value-only"
                + " | hexdump -C");
        answer((n, s) -> result(n, 0, read("etcd-secret-plaintext.hexdump"), ""));
        ProbeResult plain = lab.probe(p);
        assertThat(plain.summary()).contains("stored as plaintext");
        assertThat(problems(plain)).contains("'mydata' is readable in the hexdump", "--encryption-provider-config",
                "kubectl replace -f -");
        answer((n, s) -> result(n, 0, read("etcd-secret-aescbc.hexdump"), ""));
        assertThat(problems(lab.probe(p))).contains("encrypted with k8s:enc:aescbc:v1:key1, not"
                + " k8s:enc:secretbox:v1:key1");
        answer((n, s) -> result(n, 0, "", ""));
        assertThat(problems(lab.probe(p))).contains("etcd has no key /registry/secrets/default/kubernetes-the-hard-way");
        answer((n, s) -> result(n, 1, "", "{\"level\":\"warn\",\"msg\":\"retrying of unary invoker failed\"}\n"
                + "Error: context deadline exceeded\n"));
        assertThat(problems(lab.probe(p))).contains("context deadline exceeded", "TLS flags");
    }

    @Test
    void nodePortAsksEveryWorkerAtItsIpAndNamesNftablesOnLocalhost() {
        answer((n, s) -> s.contains("get service") ? result(n, 0, read("kubectl-svc-nginx-nodeport.json"), "")
                : s.contains("10.240.0.32") ? result(n, 7, read("curl-refused.txt"), "") : result(n, 0, "200", ""));
        Probe.NodePortAnswers p = new Probe.NodePortAnswers("default", "nginx", List.of("worker1", "worker2"), 200,
                "jumpbox", false);
        ProbeResult r = lab.probe(p);
        assertThat(r.ok()).isFalse();
        assertThat(r.commands()).contains("jumpbox: curl -s -o /dev/null -w '%{http_code}' --max-time 5"
                + " http://10.240.0.31:31234/");
        assertThat(problems(r)).contains("jumpbox: http://10.240.0.32:31234/: ").doesNotContain("10.240.0.31");
        answer((n, s) -> s.contains("get service") ? result(n, 0, read("kubectl-svc-nginx-nodeport.json"), "")
                : s.contains("proxyMode") ? result(n, 0, "nftables", "") : result(n, 7, "000", ""));
        ProbeResult local = lab.probe(new Probe.NodePortAnswers("default", "nginx", List.of("worker1"), 200,
                "jumpbox", true));
        assertThat(problems(local)).contains("worker1: http://127.0.0.1:31234/", "nftables mode",
                "curl the node IP 10.240.0.31");
        answer((n, s) -> result(n, 0, read("kubectl-svc-kube-dns.json"), ""));
        assertThat(problems(lab.probe(p))).contains("is of type ClusterIP and has no NodePort");
    }
}
