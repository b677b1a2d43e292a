package dev.hardway.cluster;

import dev.hardway.Problem;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hardway.cluster.ClusterConfig.Provider;
import dev.hardway.cluster.ClusterConfig.Role;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every preset in cluster-config/ loads with no problems at all, and has the layout its name promises. */
class ClusterPresetsTest {

    static final Path PRESETS = Path.of("cluster-config");
    /** 16 GiB host: enough for every preset, so the memory warning stays quiet. */
    final ClusterLoader loader = new ClusterLoader(() -> 16 * 1024);

    static Stream<String> presets() {
        return Stream.of("minimal", "default", "ha", "full", "raspi-ha", "metallb-bgp");
    }

    @ParameterizedTest
    @MethodSource("presets")
    void presetLoadsWithoutErrorsOrWarnings(String name) throws Exception {
        LoadResult result = loader.read(PRESETS.resolve(name + ".yaml"));
        assertThat(result.warnings()).isEmpty();
        assertThat(result.config().name()).isEqualTo(name);
        assertThat(result.config().source()).isEqualTo(PRESETS.resolve(name + ".yaml"));
    }

    @Test
    void thereAreNoOtherPresets() throws IOException {
        try (Stream<Path> files = Files.list(PRESETS)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList()).containsExactly(
                    "default.yaml", "full.yaml", "ha.yaml", "metallb-bgp.yaml", "minimal.yaml", "raspi-ha.yaml");
        }
    }

    /** The pins live in one place (versions.yaml in the jar): no preset repeats them, every preset gets them. */
    @ParameterizedTest
    @MethodSource("presets")
    void everyPresetUsesThePinsAndRepeatsNone(String name) throws Exception {
        assertThat(Files.readString(PRESETS.resolve(name + ".yaml"))).doesNotContainPattern("(?m)^versions:");
        assertThat(loader.load(PRESETS.resolve(name + ".yaml")).versions()).isEqualTo(ClusterLoader.pinnedVersions());
    }

    @ParameterizedTest
    @MethodSource("presets")
    void vagrantPresetsAlsoLoadWithProviderVagrant(String name) throws Exception {
        if (name.equals("raspi-ha")) {
            return; // existing hosts: no Vagrant box on purpose
        }
        // Only the advisory VirtualBox host-only range warning may appear (on a 32 GiB host, which fits full).
        List<Problem> problems = new ClusterLoader(() -> 32 * 1024).check(PRESETS.resolve(name + ".yaml"), Provider.VAGRANT);
        assertThat(problems).allMatch(p -> !p.isError() && p.what().contains("host-only"));
    }

    @Test
    void layouts() throws Exception {
        assertThat(counts("minimal")).containsExactly(1, 1, 1, 0, 0, 0);
        assertThat(counts("default")).containsExactly(1, 1, 2, 0, 0, 0);
        assertThat(counts("ha")).containsExactly(1, 3, 2, 2, 0, 0);
        assertThat(counts("full")).containsExactly(1, 3, 3, 2, 2, 0);
        assertThat(counts("raspi-ha")).containsExactly(1, 3, 2, 2, 0, 0);
        assertThat(counts("metallb-bgp")).containsExactly(1, 1, 3, 0, 0, 1);
    }

    @Test
    void defaultsAreApplied() throws Exception {
        ClusterConfig c = loader.load(PRESETS.resolve("ha.yaml"));
        assertThat(c.provider()).isEqualTo(Provider.SIM);
        assertThat(c.ssh()).isEqualTo(new ClusterConfig.SshSettings("vagrant", null, 22));
        assertThat(c.downloads()).isEqualTo(ClusterConfig.Downloads.UPSTREAM);
        assertThat(c.loadbalancers().api()).isEqualTo(
                new ClusterConfig.ApiLb("172.16.10.20", 6443, List.of("mlb1", "mlb2"), "active-standby"));
        assertThat(c.bgp()).isNull();
    }

    @Test
    void raspiUsesTheSeedAddressesOverSsh() throws Exception {
        ClusterConfig c = loader.load(PRESETS.resolve("raspi-ha.yaml"));
        assertThat(c.provider()).isEqualTo(Provider.SSH);
        assertThat(c.ssh().key()).isEqualTo("~/.ssh/id_ed25519");
        assertThat(c.loadbalancers().api().vip()).isEqualTo("192.168.3.240");
        assertThat(c.withRole(Role.LB)).extracting(ClusterConfig.Node::ip)
                .containsExactly("192.168.3.241", "192.168.3.242");
        assertThat(c.withRole(Role.MASTER)).extracting(ClusterConfig.Node::ip)
                .containsExactly("192.168.3.251", "192.168.3.252", "192.168.3.253");
    }

    @Test
    void metallbPresetHasSeparatePodAndServiceRanges() throws Exception {
        ClusterConfig c = loader.load(PRESETS.resolve("metallb-bgp.yaml"));
        assertThat(Cidr.parse(c.network().podCidr()).overlaps(Cidr.parse(c.network().serviceCidr()))).isFalse();
        assertThat(c.network().cni()).isEqualTo("flannel");
        assertThat(c.bgp().clusterAsn()).isEqualTo(64522);
        assertThat(c.bgp().routerAsn()).isEqualTo(64512);
    }

    private List<Integer> counts(String preset) throws Exception {
        ClusterConfig c = loader.load(PRESETS.resolve(preset + ".yaml"));
        return Stream.of(Role.JUMPBOX, Role.MASTER, Role.WORKER, Role.LB, Role.ELB, Role.ROUTER)
                .map(r -> c.withRole(r).size()).toList();
    }
}
