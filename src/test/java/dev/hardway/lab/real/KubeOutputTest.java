package dev.hardway.lab.real;

import static dev.hardway.lab.real.Fixtures.read;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The workload parsers on recorded output (README.md beside the files says where each comes from). */
class KubeOutputTest {

    @Test
    void podsReadPhaseReadinessAndTheWaitingReason() {
        List<KubeOutput.PodState> pods = KubeOutput.pods(read("kubectl-pods-coredns-crashloop.json"));
        assertThat(pods).hasSize(2);
        KubeOutput.PodState crashed = pods.get(0);
        assertThat(crashed.name()).isEqualTo("coredns-6d7b8c9f5d-4xk2p");
        assertThat(crashed.node()).isEqualTo("worker1");
        assertThat(crashed.ip()).isEqualTo("10.200.1.2");
        assertThat(crashed.phase()).isEqualTo("Running");
        assertThat(crashed.ready()).isFalse();
        assertThat(crashed.status()).isEqualTo("CrashLoopBackOff");
        assertThat(crashed.restarts()).isEqualTo(4);
        assertThat(crashed.message()).startsWith("back-off 1m20s");
        assertThat(pods.get(1).runningAndReady()).isTrue();
        assertThat(pods.get(1).status()).isEqualTo("Running");
    }

    @Test
    void anUnscheduledPodCarriesTheSchedulersMessage() {
        KubeOutput.PodState p = KubeOutput.pods(read("kubectl-pods-pending.json")).get(0);
        assertThat(p.node()).isEmpty();
        assertThat(p.status()).isEqualTo("Pending");
        assertThat(p.message()).startsWith("0/2 nodes are available: 2 node(s) had untolerated taint");
        assertThat(KubeOutput.pods("")).isEmpty();
        assertThat(KubeOutput.pods("not json")).isEmpty();
    }

    @Test
    void servicesReadTypeClusterIpAndTheFirstNodePort() {
        assertThat(KubeOutput.service(read("kubectl-svc-kube-dns.json")))
                .contains(new KubeOutput.ServiceState("ClusterIP", "10.32.0.10", 0));
        assertThat(KubeOutput.service(read("kubectl-svc-nginx-nodeport.json")))
                .contains(new KubeOutput.ServiceState("NodePort", "10.32.0.137", 31234));
        assertThat(KubeOutput.service(read("kubectl-pods-pending.json"))).isEmpty();
        assertThat(KubeOutput.notFound(read("kubectl-svc-notfound.stderr"))).isTrue();
    }

    @Test
    void canIIsYesOnTheFirstLine() {
        assertThat(KubeOutput.canI("yes\n")).isTrue();
        assertThat(KubeOutput.canI("no\n")).isFalse();
        assertThat(KubeOutput.canI("no - RBAC: clusterrole.rbac.authorization.k8s.io \"x\" not found\n")).isFalse();
        assertThat(KubeOutput.canI("")).isFalse();
    }

    @Test
    void digAnswersCnamesAndTimeouts() {
        assertThat(KubeOutput.dig(read("dig-answer.txt"))).isEqualTo(new KubeOutput.Dig(List.of("10.32.0.1"), false));
        assertThat(KubeOutput.dig(read("dig-cname.txt")).addresses()).containsExactly("93.184.215.14");
        assertThat(KubeOutput.dig(read("dig-timeout.txt"))).isEqualTo(new KubeOutput.Dig(List.of(), true));
        assertThat(KubeOutput.dig(";; connection timed out; no servers could be reached\n").timedOut()).isTrue();
        assertThat(KubeOutput.dig("").addresses()).isEmpty();
    }

    @Test
    void getentAndResolvConf() {
        assertThat(KubeOutput.getent(read("getent-kubernetes.txt"))).containsExactly("10.32.0.1");
        assertThat(KubeOutput.getent("")).isEmpty();
        assertThat(KubeOutput.nameserver(read("pod-resolv.conf"))).contains("10.32.0.10");
        assertThat(KubeOutput.nameserver("search x\n")).isEmpty();
    }

    @Test
    void hexdumpGivesBackTheBytesOfAnEncryptedValue() {
        byte[] v = KubeOutput.hexdump(read("etcd-secret-secretbox.hexdump"));
        assertThat(v).hasSize(26 + 24 + 150 + 1);
        assertThat(new String(v, 0, 26, StandardCharsets.ISO_8859_1)).isEqualTo("k8s:enc:secretbox:v1:key1:");
        assertThat(KubeOutput.encryptionPrefix(v)).contains("k8s:enc:secretbox:v1:key1");
        assertThat(KubeOutput.contains(v, "mydata")).isFalse();
        assertThat(KubeOutput.encryptionPrefix(KubeOutput.hexdump(read("etcd-secret-aescbc.hexdump"))))
                .contains("k8s:enc:aescbc:v1:key1");
    }

    @Test
    void hexdumpOfAPlaintextSecretShowsTheValueAndNoPrefix() {
        byte[] v = KubeOutput.hexdump(read("etcd-secret-plaintext.hexdump"));
        assertThat(new String(v, 0, 4, StandardCharsets.ISO_8859_1)).isEqualTo("k8s\0");
        assertThat(KubeOutput.encryptionPrefix(v)).isEmpty();
        assertThat(KubeOutput.contains(v, "mydata")).isTrue();
        assertThat(KubeOutput.contains(v, "kubernetes-the-hard-way")).isTrue();
    }

    @Test
    void hexdumpExpandsTheStarOfRepeatedLines() {
        byte[] v = KubeOutput.hexdump(read("etcd-secret-repeated.hexdump"));
        assertThat(v).hasSize(0x5e);
        assertThat(new String(v, v.length - 4, 4, StandardCharsets.ISO_8859_1)).isEqualTo("tail");
        assertThat(v[0x40]).isZero();
        assertThat(KubeOutput.hexdump("")).isEmpty();
    }

    @Test
    void httpCodeOfCurl() {
        assertThat(KubeOutput.httpCode("200")).isEqualTo(200);
        assertThat(KubeOutput.httpCode(read("curl-refused.txt"))).isZero();
        assertThat(KubeOutput.httpCode("")).isZero();
    }
}
