package dev.hardway.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hardway.Problem;
import dev.hardway.cluster.ClusterConfig.Versions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one pins file and how a cluster config overrides single pins. */
class PinnedVersionsTest {

    final ClusterLoader loader = new ClusterLoader(() -> 16 * 1024);

    static final String NO_VERSIONS = "name: lab\n"
            + "network: {node_subnet: 172.16.10.0/24, pod_cidr: 10.200.0.0/16, service_cidr: 10.32.0.0/24}\n"
            + "nodes:\n"
            + "  - {name: jumpbox, roles: [jumpbox], ip: 172.16.10.5}\n"
            + "  - {name: master1, roles: [master], ip: 172.16.10.11}\n"
            + "  - {name: worker1, roles: [worker], ip: 172.16.10.41}\n";

    @Test
    void thePinsAreTheReleasesTheNotesConfirm() {
        Versions v = ClusterLoader.pinnedVersions();
        assertThat(v).isEqualTo(new Versions("1.37.2", "3.6.14", "2.3.5", "1.4.3", "1.9.1", "1.37.0", "1.14.7"));
        // cri-tools follows the Kubernetes minor
        assertThat(v.crictl()).startsWith(v.kubernetes().substring(0, v.kubernetes().lastIndexOf('.') + 1));
    }

    @Test
    void thePinsFileIsTheOneInTheSourceTree() throws Exception {
        String text = Files.readString(Path.of("src/main/resources/dev/hardway/cluster", ClusterLoader.PINS_RESOURCE));
        assertThat(ClusterLoader.readPins("versions.yaml", text)).isEqualTo(ClusterLoader.pinnedVersions());
    }

    @Test
    void aConfigWithoutVersionsGetsEveryPin() throws Exception {
        assertThat(loader.load("lab.yaml", NO_VERSIONS).versions()).isEqualTo(ClusterLoader.pinnedVersions());
        assertThat(loader.read("lab.yaml", NO_VERSIONS).warnings()).isEmpty();
    }

    @Test
    void aConfigOverridesSingleVersionsAndKeepsTheOtherPins() throws Exception {
        // what the test bed's cluster.yaml does: the releases its mirror serves
        Versions v = loader.load("lab.yaml", NO_VERSIONS.replace("network:", "versions: {etcd: 3.5.30}\nnetwork:"))
                .versions();
        Versions pins = ClusterLoader.pinnedVersions();
        assertThat(v.etcd()).isEqualTo("3.5.30");
        assertThat(v).isEqualTo(new Versions(pins.kubernetes(), "3.5.30", pins.containerd(), pins.runc(),
                pins.cniPlugins(), pins.crictl(), pins.coredns()));
    }

    @Test
    void anOverrideOfKubernetesAloneWarnsThatCrictlNoLongerFollows() throws Exception {
        LoadResult r = loader.read("lab.yaml", NO_VERSIONS.replace("network:", "versions:\n  kubernetes: 1.36.4\nnetwork:"));
        assertThat(r.warnings()).extracting(Problem::render).containsExactly("lab.yaml:2 versions.crictl: warning:"
                + " crictl 1.37.0 does not follow Kubernetes 1.36 (cri-tools is released per Kubernetes minor)."
                + " Try: use a crictl 1.36.x release.");
    }

    @Test
    void aBadPinsFileIsRefusedWithItsFileAndLine() {
        String text = "# pins\nversions:\n  kubernetes: 1.37.2\n  etcd: 3.6\n  containerd: 2.3.5\n  runc: 1.4.3\n"
                + "  cni_plugins: 1.9.1\n  crictl: 1.37.0\n  pause: 3.10.2\n  flannel: 0.28.9\n  flannel_cni_plugin: 1.9.1-flannel3\n"
                + "  nginx: 1.28.0\n  metallb: 0.16.1\n";
        assertThatThrownBy(() -> ClusterLoader.readPins("versions.yaml", text)).isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).extracting(Problem::render).containsExactly(
                        "versions.yaml:2 versions.coredns: is missing. Try: add coredns: 1.14.7 (or leave the key out"
                                + " to use the pinned 1.14.7) under versions.",
                        "versions.yaml:4 versions.etcd: '3.6' is not a full version (major.minor.patch). Try: write"
                                + " all three numbers, e.g. 3.6.0 (archives and checksums are per exact release)."));
        assertThatThrownBy(() -> ClusterLoader.readPins("versions.yaml", "versions:\n  kubernetes: 1.37.2\n  etc: 1\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("versions.yaml:3 versions.etc: unknown key");
    }

    @Test
    void everyTemplateVersionComesFromTheMergedVersions() throws Exception {
        ClusterConfig c = loader.load("lab.yaml", NO_VERSIONS.replace("network:", "versions: {coredns: 1.14.6}\nnetwork:"));
        @SuppressWarnings("unchecked")
        var cluster = (java.util.Map<String, Object>) dev.hardway.render.TemplateModel.of(new ClusterModel(c))
                .get("cluster");
        @SuppressWarnings("unchecked")
        var versions = (java.util.Map<String, Object>) cluster.get("versions");
        assertThat(versions).containsEntry("coredns", "1.14.6").containsEntry("kubernetes", "1.37.2");
        assertThat(List.copyOf(versions.keySet())).contains("cniPlugins", "crictl", "etcd");
    }
}
