package dev.hardway.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hardway.HardwayHome;
import dev.hardway.cluster.ClusterConfig;
import dev.hardway.cluster.ClusterModel;
import dev.hardway.cluster.TestClusters;
import dev.hardway.lab.real.RealLab;
import dev.hardway.lab.sim.SimLab;
import dev.hardway.target.NodeTarget;
import dev.hardway.target.TargetPool;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabsTest {

    @TempDir
    Path home;

    static ClusterModel withProvider(ClusterConfig c, ClusterConfig.Provider p) {
        return new ClusterModel(new ClusterConfig(c.name(), p, c.domain(), c.versions(), c.downloads(), c.network(),
                c.loadbalancers(), c.ssh(), c.vagrant(), c.bgp(), c.nodes(), c.source()));
    }

    @Test
    void simProviderGivesTheSimulatedLab() {
        Lab lab = Labs.open(new ClusterModel(TestClusters.ha()), new HardwayHome(home), null);
        assertThat(lab).isInstanceOf(SimLab.class);
        assertThat(lab.simulated()).isTrue();
    }

    @Test
    void realProvidersNeedAPool() {
        ClusterModel c = withProvider(TestClusters.ha(), ClusterConfig.Provider.SSH);
        assertThatThrownBy(() -> Labs.open(c, new HardwayHome(home), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Try:");
        TargetPool pool = new TargetPool() {
            public List<String> nodes() {
                return List.of();
            }

            public NodeTarget target(String node) {
                throw new IllegalArgumentException(node);
            }

            public void cancelAll() {
            }

            public void close() {
            }
        };
        Lab lab = Labs.open(c, new HardwayHome(home), pool);
        assertThat(lab).isInstanceOf(RealLab.class);
        assertThat(lab.simulated()).isFalse();
    }
}
