package dev.hardway.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Vagrantfile's view of each cluster config, without Vagrant: {@code HARDWAY_VAGRANT_DUMP=1 ruby Vagrantfile}
 * prints the machines as JSON, compared here with the YAML read by SnakeYAML. Covers the test sample and every
 * preset in cluster-config/ (when the branch has them). Needs ruby (Debian: apt-get install -y ruby).
 */
class VagrantfileViewTest {

    private static final Path VAGRANTFILE = Path.of("Vagrantfile").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    record Result(int exit, String stdout, String stderr) {
    }

    static Result ruby(Map<String, String> env, Path dir) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("ruby", VAGRANTFILE.toString()).directory(dir.toFile());
        pb.environment().remove("HARDWAY_CLUSTER");
        pb.environment().remove("VAGRANT_DEFAULT_PROVIDER");
        pb.environment().remove("HARDWAY_LIBVIRT_DRIVER");
        pb.environment().put("HARDWAY_VAGRANT_DUMP", "1");
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("ruby finished").isTrue();
        return new Result(p.exitValue(), out, err);
    }

    static void assumeRuby() {
        assumeTrue(Executables.find("ruby", System.getenv()).isPresent(),
                "ruby is not installed: apt-get install -y ruby to check the Vagrantfile");
    }

    static List<Path> configs() throws IOException {
        List<Path> configs = new ArrayList<>(List.of(TestConfigs.SAMPLE));
        Path presets = Path.of("cluster-config");
        if (Files.isDirectory(presets)) {
            try (Stream<Path> s = Files.list(presets)) {
                s.filter(p -> p.toString().endsWith(".yaml")).sorted().forEach(configs::add);
            }
        }
        return configs;
    }

    @TestFactory
    Stream<DynamicTest> everyConfigGetsOneVmPerNode() throws IOException {
        assumeRuby();
        return configs().stream().map(config -> DynamicTest.dynamicTest(config.toString(), () -> {
            Result r = ruby(Map.of("HARDWAY_CLUSTER", config.toAbsolutePath().toString()), Path.of("."));
            assertThat(r.exit()).as("ruby Vagrantfile for %s; stderr: %s", config, r.stderr()).isZero();
            JsonNode view = JSON.readTree(r.stdout());
            Map<String, Object> yaml = TestConfigs.yaml(config);
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> nodes = (List<Map<String, Object>>) yaml.get("nodes");
            @SuppressWarnings("unchecked")
            Map<String, Object> vagrant = (Map<String, Object>) yaml.getOrDefault("vagrant", Map.of());

            assertThat(view.get("config").asText()).isEqualTo(config.toAbsolutePath().normalize().toString());
            assertThat(view.get("cluster").asText()).isEqualTo(yaml.get("name"));
            JsonNode machines = view.get("machines");
            assertThat(machines).hasSize(nodes.size());
            for (int i = 0; i < nodes.size(); i++) {
                Map<String, Object> n = nodes.get(i);
                JsonNode m = machines.get(i);
                assertThat(m.get("name").asText()).isEqualTo(n.get("name"));
                assertThat(m.get("ip").asText()).isEqualTo(n.get("ip"));
                assertThat(m.get("cpus").asInt()).isEqualTo(n.get("cpus"));
                assertThat(m.get("memory").asInt()).isEqualTo(n.get("memory"));
                assertThat(m.get("box").asText()).isEqualTo(vagrant.getOrDefault("box", "debian/bookworm64"));
                assertThat(m.get("provider").asText()).isEqualTo(vagrant.getOrDefault("provider", "virtualbox"));
                List<String> roles = new ArrayList<>();
                m.get("roles").forEach(x -> roles.add(x.asText()));
                assertThat(roles).isEqualTo(n.get("roles"));
            }
        }));
    }

    @Test
    void presetNameAndEnvProviderOverride() throws Exception {
        assumeRuby();
        Path sample = TestConfigs.SAMPLE.toAbsolutePath();
        Result r = ruby(Map.of("HARDWAY_CLUSTER", sample.toString(), "VAGRANT_DEFAULT_PROVIDER", "libvirt"),
                Path.of("."));
        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(JSON.readTree(r.stdout()).get("provider").asText()).isEqualTo("libvirt");

        Result missing = ruby(Map.of("HARDWAY_CLUSTER", "no-such-preset"), Path.of("."));
        assertThat(missing.exit()).isNotZero();
        assertThat(missing.stderr()).contains("HARDWAY_CLUSTER: no preset named 'no-such-preset'")
                .contains("cluster-config/no-such-preset.yaml").contains("Try:");
    }

    /** libvirt's domain type: KVM where /dev/kvm is usable, else QEMU's software emulation; the env decides first. */
    @Test
    void libvirtDriverFromKvmDeviceOrEnv() throws Exception {
        assumeRuby();
        String sample = TestConfigs.SAMPLE.toAbsolutePath().toString();
        Result forced = ruby(Map.of("HARDWAY_CLUSTER", sample, "HARDWAY_LIBVIRT_DRIVER", "qemu"), Path.of("."));
        assertThat(forced.exit()).as(forced.stderr()).isZero();
        assertThat(JSON.readTree(forced.stdout()).at("/libvirt_driver/driver").asText()).isEqualTo("qemu");
        assertThat(JSON.readTree(forced.stdout()).at("/libvirt_driver/why").asText())
                .isEqualTo("HARDWAY_LIBVIRT_DRIVER=qemu");

        Result bad = ruby(Map.of("HARDWAY_CLUSTER", sample, "HARDWAY_LIBVIRT_DRIVER", "xen"), Path.of("."));
        assertThat(bad.exit()).isNotZero();
        assertThat(bad.stderr()).contains("HARDWAY_LIBVIRT_DRIVER='xen' is not kvm or qemu");

        Path usable = Files.writeString(tmp.resolve("kvm"), "");
        ProcessBuilder pb = new ProcessBuilder("ruby", "-e", "load ARGV[0]; "
                + "puts Hardway.libvirt_driver({}, ARGV[1])['driver']; "
                + "puts Hardway.libvirt_driver({}, ARGV[1] + '.missing')['driver']",
                VAGRANTFILE.toString(), usable.toString()).redirectErrorStream(true);
        pb.environment().put("HARDWAY_VAGRANT_DUMP", "1");
        pb.environment().put("HARDWAY_CLUSTER", sample);
        pb.environment().remove("HARDWAY_LIBVIRT_DRIVER");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out.strip().lines().toList()).as(out).endsWith("kvm", "qemu");
    }

    @Test
    void pointerFileInHardwayHome() throws Exception {
        assumeRuby();
        Path home = Files.createDirectories(tmp.resolve("home"));
        Files.writeString(home.resolve("active-cluster"), "# chosen by `cluster use`\n"
                + TestConfigs.SAMPLE.toAbsolutePath() + "\n");
        assumeTrue(!Files.exists(Path.of(".hardway/cluster")) && !Files.exists(Path.of(".hardway/cluster.yaml")),
                "this checkout has a .hardway/cluster pointer, which wins over HARDWAY_HOME");
        Result r = ruby(Map.of("HARDWAY_HOME", home.toString()), Path.of("."));
        assertThat(r.exit()).as(r.stderr()).isZero();
        JsonNode view = JSON.readTree(r.stdout());
        assertThat(view.get("origin").asText()).isEqualTo(home.resolve("active-cluster").toString());
        assertThat(view.get("cluster").asText()).isEqualTo("sample-ha");
    }

    @Test
    void invalidConfigIsRefusedWithEveryProblemAndTheFileName() throws Exception {
        assumeRuby();
        Path bad = tmp.resolve("bad.yaml");
        Files.writeString(bad, """
                name: bad
                vagrant: {provider: hyperv}
                nodes:
                  - {name: Master_1, roles: [master, wizard], ip: 10.0.0.300, cpus: two, memory: 1024}
                  - {name: w1, roles: [worker], ip: 10.0.0.5, cpus: 1, memory: 512}
                  - {name: w1, roles: [worker], ip: 10.0.0.5, cpus: 1}
                """);
        Result r = ruby(Map.of("HARDWAY_CLUSTER", bad.toString()), Path.of("."));
        assertThat(r.exit()).isNotZero();
        assertThat(r.stdout()).isEmpty();
        assertThat(r.stderr()).startsWith("hardway Vagrantfile: " + bad + ": 8 problem(s):")
                .contains("vagrant.provider: 'hyperv' is not supported")
                .contains("nodes[0] (Master_1).name: 'Master_1' is not a valid host name")
                .contains("nodes[0] (Master_1).ip: '10.0.0.300' is not an IPv4 address")
                .contains("unknown role 'wizard'")
                .contains("nodes[0] (Master_1).cpus: \"two\" is not a positive whole number")
                .contains("nodes[2] (w1).memory: missing")
                .contains("nodes: name 'w1' is used 2 times")
                .contains("nodes: ip 10.0.0.5 is used 2 times")
                .contains("Try: fix the file");

        Files.writeString(bad, "name: x\nnodes: [\n");
        Result broken = ruby(Map.of("HARDWAY_CLUSTER", bad.toString()), Path.of("."));
        assertThat(broken.stderr()).startsWith("hardway Vagrantfile: " + bad + ":3: not valid YAML");
    }
}
