package dev.hardway.cluster;

import dev.hardway.Problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Broken files must come back as problems, never as exceptions: every preset is mutated line by line
 * (line deleted, each value replaced by junk of another type) and checked.
 */
class ClusterLoaderRobustnessTest {

    final ClusterLoader loader = new ClusterLoader(() -> 16 * 1024);
    private static final Pattern VALUE = Pattern.compile("(:\\s+)([^\\s{}\\[\\],#][^,}\\]#]*|\\[[^\\]]*\\])");
    /** One of each kind: word, list, mapping, out-of-range number, null. */
    private static final List<String> JUNK = List.of("x", "[a, b]", "{a: 1}", "999999999999", "~");

    static List<String> presets() {
        return ClusterPresetsTest.presets().toList();
    }

    @ParameterizedTest
    @MethodSource("presets")
    void mutatedPresetsGiveProblemsNotExceptions(String preset) throws Exception {
        List<String> lines = Files.readAllLines(ClusterPresetsTest.PRESETS.resolve(preset + ".yaml"));
        List<String> variants = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            List<String> without = new ArrayList<>(lines);
            without.remove(i);
            variants.add(String.join("\n", without));
            Matcher m = VALUE.matcher(lines.get(i));
            while (m.find()) {
                // One junk kind per value, rotating: every kind still meets every section of the file, and
                // the test stays fast (composing a preset costs a few milliseconds).
                String junk = JUNK.get(variants.size() % JUNK.size());
                List<String> mangled = new ArrayList<>(lines);
                String line = lines.get(i);
                mangled.set(i, line.substring(0, m.start(2)) + junk + line.substring(m.end(2)));
                variants.add(String.join("\n", mangled));
            }
        }
        assertThat(variants).hasSizeGreaterThan(lines.size());
        for (int k = 0; k < variants.size(); k++) {
            String v = variants.get(k);
            // Provider-specific rules: alternate the provider instead of doubling the run time.
            var provider = k % 2 == 0 ? null : ClusterConfig.Provider.values()[k % 3];
            assertThatCode(() -> loader.check(preset + ".yaml", v, provider)).as(v).doesNotThrowAnyException();
        }
    }

    @ParameterizedTest
    @MethodSource("presets")
    void nodesWithoutNamesDoNotBreakTheLoadBalancerRules(String preset) throws Exception {
        String text = Files.readString(Path.of("cluster-config", preset + ".yaml")).replaceAll("\\{name: [a-z0-9]+,", "{");
        assertThat(loader.check(preset + ".yaml", text, null)).isNotEmpty().anyMatch(Problem::isError);
    }
}
