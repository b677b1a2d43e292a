package dev.hardway.lab.real;

import static dev.hardway.lab.real.Fixtures.read;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hardway.cluster.ClusterModel;
import dev.hardway.cluster.TestClusters;
import dev.hardway.lab.EtcdStatus;
import dev.hardway.lab.HaproxyStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ToolOutputTest {

    final ClusterModel ha = new ClusterModel(TestClusters.ha());

    EtcdStatus etcd(String version, String state) {
        String status = read("etcd-" + version + "-status-" + state + ".json");
        String stderr = state.equals("3of3") ? "" : read("etcd-" + version + "-status-" + state + ".stderr");
        String members = state.equals("noleader") ? "" : read("etcd-" + version + "-members.json");
        return ToolOutput.etcdStatus(ha, ToolOutput.endpointStatus(status), ToolOutput.failedEndpoints(stderr),
                ToolOutput.endpointHealth(read("etcd-" + version + "-health-" + state + ".json")),
                ToolOutput.memberList(members), "master1");
    }

    @Test
    void endpointStatusKeepsUint64IdsExact() {
        List<ToolOutput.EndpointStatus> s = ToolOutput.endpointStatus(read("etcd-3.4-status-3of3.json"));
        assertThat(s).hasSize(3);
        assertThat(s.get(1).memberId()).isEqualTo("10501334649042878790"); // > Long.MAX_VALUE
        assertThat(s.get(0).leaderId()).isEqualTo("10501334649042878790");
        assertThat(s.get(0).raftTerm()).isEqualTo(2);
        assertThat(s.get(0).version()).isEqualTo("3.4.23");
    }

    @Test
    void etcd34AllHealthy() {
        EtcdStatus s = etcd("3.4", "3of3");
        assertThat(s.healthyCount()).isEqualTo(3);
        assertThat(s.leader()).isEqualTo("master2");
        assertThat(s.raftTerm()).isEqualTo(2);
        assertThat(s.members()).extracting(EtcdStatus.Member::leader).containsExactly(false, true, false);
        assertThat(s.verdict(3, List.of()).ok()).isTrue();
        assertThat(s.describe()).isEqualTo("etcd: 3/3 members healthy, leader master2 (term 2), quorum 3/3,"
                + " tolerates 1 more failure");
    }

    @Test
    void etcd34TwoOfThree() {
        EtcdStatus s = etcd("3.4", "2of3");
        assertThat(s.healthyCount()).isEqualTo(2);
        assertThat(s.leader()).isEqualTo("master3");
        assertThat(s.raftTerm()).isEqualTo(3);
        assertThat(s.toleratesMore()).isZero();
        assertThat(s.members().get(1).problem().sentence()).isEqualTo("master2: etcd member unhealthy (https://10.240.0.12:2379:"
                + " context deadline exceeded). Try: systemctl status etcd and journalctl -u etcd -n 50 on master2.");
        assertThat(s.verdict(3, List.of()).ok()).isFalse();
        assertThat(s.verdict(2, List.of()).ok()).isTrue();
    }

    @Test
    void etcd34NoLeader() {
        assertThat(ToolOutput.failedEndpoints(read("etcd-3.4-status-noleader.stderr")))
                .containsEntry("https://10.240.0.11:2379", "etcdserver: no leader")
                .containsEntry("https://10.240.0.13:2379", "context deadline exceeded")
                .hasSize(3);
        EtcdStatus s = etcd("3.4", "noleader");
        assertThat(s.leader()).isNull();
        assertThat(s.healthyCount()).isZero();
        var v = s.verdict(1, List.of());
        assertThat(v.ok()).isFalse();
        assertThat(v.summary()).isEqualTo("etcd: 0/3 members healthy, no quorum (a leader needs 2)");
        assertThat(v.problemLines()).anyMatch(p -> p.startsWith("quorum lost"));
        // the one member that runs is told apart from the stopped ones: it has no leader, it is not broken itself
        assertThat(s.members().get(0).problem().what()).startsWith("master1: etcd runs but has no leader (1 of 3"
                + " members run, a leader needs 2;");
        assertThat(s.members().get(0).problem().fix()).contains("heal --all");
        assertThat(s.members().get(1).problem().what()).contains("etcd member unhealthy", "context deadline exceeded");
    }

    @Test
    void etcd36AllHealthy() {
        EtcdStatus s = etcd("3.6", "3of3");
        assertThat(s.healthyCount()).isEqualTo(3);
        assertThat(s.leader()).isEqualTo("master1");
        assertThat(s.members().get(0).version()).isEqualTo("3.6.5");
        assertThat(s.members().get(0).dbSize()).isEqualTo(20480);
        assertThat(ToolOutput.memberList(read("etcd-3.6-members.json")))
                .extracting(ToolOutput.Member::name, m -> m.clientUrls().get(0))
                .containsExactly(org.assertj.core.groups.Tuple.tuple("master1", "https://10.240.0.11:2379"),
                        org.assertj.core.groups.Tuple.tuple("master2", "https://10.240.0.12:2379"),
                        org.assertj.core.groups.Tuple.tuple("master3", "https://10.240.0.13:2379"));
    }

    @Test
    void leaderIsNamedThroughStatusWhenMemberListFails() {
        EtcdStatus s = ToolOutput.etcdStatus(ha, ToolOutput.endpointStatus(read("etcd-3.4-status-3of3.json")),
                Map.of(), ToolOutput.endpointHealth(read("etcd-3.4-health-3of3.json")), List.of(), "master1");
        assertThat(s.leader()).isEqualTo("master2");
    }

    @Test
    void ipAddresses() {
        assertThat(ToolOutput.ipv4Addresses(read("ip-lb1-holder.txt")))
                .containsExactly("127.0.0.1", "10.240.0.21", "10.240.0.10");
        assertThat(ToolOutput.ipv4Addresses(read("ip-lb2-backup.txt"))).doesNotContain("10.240.0.10");
        assertThat(ToolOutput.ipv4Addresses("")).isEmpty();
    }

    @Test
    void unitStatesOfSeveralUnits() {
        assertThat(ToolOutput.unitStates(List.of("keepalived", "haproxy", "etcd"), "active\nfailed\ninactive\n"))
                .containsExactly(Map.entry("keepalived", "active"), Map.entry("haproxy", "failed"),
                        Map.entry("etcd", "inactive"));
        assertThat(ToolOutput.unitStates(List.of("etcd", "x"), "active\n")).containsEntry("x", "unknown");
    }

    @Test
    void haproxyCsvBackends() {
        List<HaproxyStatus.Backend> b = ToolOutput.haproxyBackends(read("haproxy-show-stat.csv"));
        assertThat(b).extracting(x -> x.proxy() + "/" + x.server() + " " + x.status() + " " + x.checkStatus())
                .containsExactly("apiservers/master1 UP L4OK", "apiservers/master2 DOWN L4TOUT",
                        "apiservers/master3 DOWN L4CON");
        assertThat(b.get(0).up()).isTrue();
        assertThat(ToolOutput.haproxyBackends("2026/11/23 connect failed: No such file or directory")).isEmpty();
    }

    @Test
    void healthzAndCurlErrors() {
        assertThat(ToolOutput.healthzOk("ok")).isTrue();
        assertThat(ToolOutput.healthzOk("[+]ping ok\n[-]etcd failed: reason withheld\nhealthz check failed\n"))
                .isFalse();
        assertThat(ToolOutput.curlError(7)).startsWith("connection refused");
        assertThat(ToolOutput.curlError(28)).startsWith("timed out");
    }

    @Test
    void kubectlNodes() {
        Map<String, ToolOutput.NodeState> n = ToolOutput.kubeNodes(read("kubectl-nodes.json"));
        assertThat(n.get("worker1").isReady()).isTrue();
        assertThat(n.get("worker2").isReady()).isFalse();
        assertThat(n.get("worker2").reason()).isEqualTo("KubeletNotReady");
    }
}
