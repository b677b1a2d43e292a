package dev.hardway.cluster;

import dev.hardway.Problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file in src/test/resources/cluster/bad/ is refused (or warned about) with exactly the messages in
 * its sidecar {@code .expected} file: one rendered problem per line, file name, line, path and text included.
 */
class BadConfigTest {

    static final Path DIR = Path.of("src/test/resources/cluster/bad");
    /** A fixed 16 GiB host, so the Vagrant memory warning does not depend on the build machine. */
    final ClusterLoader loader = new ClusterLoader(() -> 16 * 1024);

    static Stream<String> fixtures() throws IOException {
        try (Stream<Path> files = Files.list(DIR)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml"))
                    .map(n -> n.substring(0, n.length() - ".yaml".length())).sorted().toList().stream();
        }
    }

    @Test
    void thereAreAtLeastThirtyFixtures() throws IOException {
        assertThat(fixtures().count()).isGreaterThanOrEqualTo(30);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void reportsExactlyTheExpectedProblems(String fixture) throws IOException {
        List<String> expected = Files.readAllLines(DIR.resolve(fixture + ".expected"), StandardCharsets.UTF_8)
                .stream().filter(l -> !l.isBlank()).toList();
        List<Problem> problems = loader.check(DIR.resolve(fixture + ".yaml"), null);
        assertThat(problems).extracting(Problem::render).containsExactlyElementsOf(expected);
        assertThat(expected).as("a fixture must find something").isNotEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void loadThrowsExactlyWhenThereIsAnError(String fixture) throws Exception {
        Path file = DIR.resolve(fixture + ".yaml");
        List<Problem> problems = loader.check(file, null);
        if (problems.stream().anyMatch(Problem::isError)) {
            assertThatThrownBy(() -> loader.load(file)).isInstanceOf(ConfigException.class)
                    .satisfies(e -> {
                        ConfigException ce = (ConfigException) e;
                        assertThat(ce.problems()).isEqualTo(problems);
                        assertThat(ce.getMessage()).isEqualTo(String.join("\n",
                                problems.stream().map(Problem::render).toList()));
                    });
        } else {
            assertThat(loader.read(file).warnings()).isEqualTo(problems);
        }
    }

    @Test
    void theBriefsExampleMessages() {
        assertThat(loader.check(DIR.resolve("ip-outside-subnet.yaml"), null)).extracting(Problem::render)
                .containsExactly("ip-outside-subnet.yaml:8 nodes[2].ip: 172.16.20.13 is outside node_subnet "
                        + "172.16.10.0/24. Try: use an address in 172.16.10.0/24 or widen node_subnet.");
        assertThat(loader.check(DIR.resolve("unknown-key-node.yaml"), null)).extracting(Problem::render)
                .containsExactly("unknown-key-node.yaml:9 nodes[3].rolez: unknown key 'rolez' (did you mean 'roles'?)."
                        + " Try: rename it to roles.");
    }

    @Test
    void metallbOverlapNamesBothFieldsAndBothRanges() {
        List<Problem> problems = loader.check(DIR.resolve("metallb-overlap.yaml"), null);
        assertThat(problems).hasSize(1);
        Problem p = problems.get(0);
        assertThat(p.isError()).isTrue();
        assertThat(p.path()).isEqualTo("network.service_cidr");
        assertThat(p.line()).isEqualTo(7);
        assertThat(p.render()).startsWith(
                "metallb-overlap.yaml:7 network.service_cidr: 10.244.0.0/16 overlaps network.pod_cidr 10.244.0.0/16");
        assertThat(p.fix()).doesNotContain("10.244.0.0/16 ").contains("e.g. 10.200.0.0/16");
    }

    @Test
    void versionFixSaysWhatToWrite() {
        assertThat(loader.check(DIR.resolve("version-leading-v.yaml"), null)).singleElement()
                .satisfies(p -> assertThat(p.fix()).startsWith("write 1.37.0, not v1.37.0"));
    }
}
