package dev.hardway.provider;

import dev.hardway.cluster.ClusterConfig;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Builds {@link ClusterConfig} records from a cluster-config YAML for these tests only: the real loader and
 * validator live in dev.hardway.cluster (another branch); this reads just the keys the providers use.
 */
final class TestConfigs {

    static final Path SAMPLE = Path.of("src/test/resources/vagrant/sample-ha.yaml");

    private TestConfigs() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> yaml(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file)) {
            return (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
        }
    }

    @SuppressWarnings("unchecked")
    static ClusterConfig load(Path file) throws IOException {
        Map<String, Object> y = yaml(file);
        Map<String, Object> net = (Map<String, Object>) y.getOrDefault("network", Map.of());
        Map<String, Object> ssh = (Map<String, Object>) y.getOrDefault("ssh", Map.of());
        Map<String, Object> vagrant = (Map<String, Object>) y.get("vagrant");
        List<ClusterConfig.Node> nodes = ((List<Map<String, Object>>) y.get("nodes")).stream()
                .map(n -> new ClusterConfig.Node((String) n.get("name"),
                        ((List<String>) n.get("roles")).stream()
                                .map(r -> ClusterConfig.Role.parse(r).orElseThrow()).toList(),
                        (String) n.get("ip"), (Integer) n.get("cpus"), (Integer) n.get("memory"),
                        (String) n.get("pod_cidr")))
                .toList();
        return new ClusterConfig((String) y.get("name"),
                ClusterConfig.Provider.parse((String) y.get("provider")).orElse(ClusterConfig.Provider.SIM),
                (String) y.get("domain"), null, ClusterConfig.Downloads.UPSTREAM,
                new ClusterConfig.Network((String) net.get("node_subnet"), (String) net.get("pod_cidr"),
                        (String) net.get("service_cidr"), (String) net.get("cluster_dns"), (String) net.get("cni")),
                ClusterConfig.LoadBalancers.NONE,
                new ClusterConfig.SshSettings((String) ssh.get("user"), (String) ssh.get("key"),
                        ssh.get("port") == null ? 22 : (Integer) ssh.get("port")),
                vagrant == null ? null
                        : new ClusterConfig.VagrantSettings((String) vagrant.get("box"),
                                (String) vagrant.get("provider")),
                null, nodes, file.toAbsolutePath());
    }

    static ClusterConfig sample() {
        try {
            return load(SAMPLE);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static String fixture(String name) {
        try {
            return Files.readString(Path.of("src/test/resources/vagrant", name));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
