package dev.hardway.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ClusterModelTest {

    private final ClusterModel ha = new ClusterModel(TestClusters.ha());
    private final ClusterModel single = new ClusterModel(TestClusters.single());

    @Test
    void apiEndpointIsTheVipWithLbsAndTheFirstMasterWithout() {
        assertThat(ha.apiEndpoint()).isEqualTo("https://10.240.0.10:6443");
        assertThat(single.apiEndpoint()).isEqualTo("https://10.240.0.11:6443");
    }

    @Test
    void etcdInitialClusterListsEveryMasterPeerUrl() {
        assertThat(ha.etcdInitialCluster()).isEqualTo(
                "master1=https://10.240.0.11:2380,master2=https://10.240.0.12:2380,master3=https://10.240.0.13:2380");
        assertThat(ha.etcdClientEndpoints()).startsWith("https://10.240.0.11:2379,");
    }

    @Test
    void apiserverSansCarryMastersVipFirstServiceIpLoopbackAndServiceNames() {
        assertThat(ha.apiserverSanIps()).containsExactly("10.240.0.11", "10.240.0.12", "10.240.0.13", "10.240.0.10",
                "10.32.0.1", "127.0.0.1");
        assertThat(ha.apiserverSanDns()).contains("kubernetes.default.svc.cluster.local", "kubernetes");
        assertThat(single.apiserverSanIps()).doesNotContain("10.240.0.10");
    }

    @Test
    void podCidrsAreOnePerWorker() {
        assertThat(ha.podCidr(ha.node("worker1").orElseThrow())).isEqualTo("10.200.1.0/24");
        assertThat(ha.podCidr(ha.node("worker2").orElseThrow())).isEqualTo("10.200.2.0/24");
        assertThat(ha.podCidr(ha.node("master1").orElseThrow())).isNull();
    }

    @Test
    void selectorsResolveGroupsAndNames() {
        assertThat(ha.resolve("masters")).extracting(ClusterConfig.Node::name)
                .containsExactly("master1", "master2", "master3");
        assertThat(ha.resolve("lbs")).extracting(ClusterConfig.Node::name).containsExactly("lb1", "lb2");
        assertThat(ha.resolve("jumpbox, master2")).extracting(ClusterConfig.Node::name)
                .containsExactly("jumpbox", "master2");
        assertThatThrownBy(() -> ha.resolve("mastr")).hasMessageContaining("unknown node or group 'mastr'");
    }
}
