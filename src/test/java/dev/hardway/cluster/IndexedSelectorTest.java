package dev.hardway.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code masters[2]}: one node of a group by its place, so a lesson names "the third master" on every preset. */
class IndexedSelectorTest {

    final ClusterModel ha = new ClusterModel(TestClusters.ha());

    @Test
    void aGroupsNodeByItsPlace() {
        assertThat(ha.resolve("masters[2]")).extracting(ClusterConfig.Node::name).containsExactly("master3");
        assertThat(ha.resolve("lbs[0], masters[0]")).extracting(ClusterConfig.Node::name)
                .containsExactly(ha.apiLbs().get(0).name(), "master1");
        assertThat(ha.isValidSelector("workers[0]")).isTrue();
    }

    @Test
    void pastTheEndIsRefusedNamingTheGroup() {
        assertThatThrownBy(() -> ha.resolve("masters[3]")).isInstanceOf(ClusterModel.SelectorException.class)
                .hasMessageContaining("this cluster has 3 masters ([master1, master2, master3]), counted from 0")
                .hasMessageContaining("masters[2]");
        assertThat(ha.isValidSelector("jumpbox[0]")).isFalse();
        assertThat(List.of(ha.isValidSelector("masters[x]"))).containsExactly(false);
    }
}
