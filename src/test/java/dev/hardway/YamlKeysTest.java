package dev.hardway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.NodeTuple;

/** The one reader of mapping keys that cluster configs and lesson files share: its rules and its one wording. */
class YamlKeysTest {

    private static MappingNode parse(String yaml) {
        LoaderOptions o = new LoaderOptions();
        o.setAllowDuplicateKeys(true);
        return (MappingNode) new Yaml(o).compose(new StringReader(yaml));
    }

    @Test
    void keysInOrderDuplicatesAndNonWordKeysReported() {
        List<String> got = new ArrayList<>();
        YamlKeys.Sink sink = (at, path, what, fix) -> got.add(YamlKeys.line(at) + " " + path + ": " + what + " / " + fix);
        Map<String, NodeTuple> keys = YamlKeys.keys(parse("b: 1\na: 2\nb: 3\n[x]: 4\n"), "nodes[0]", sink);
        assertThat(keys.keySet()).containsExactly("b", "a");
        assertThat(got).containsExactly(
                "3 nodes[0].b: duplicate key 'b' (first on line 1) / keep one of them; YAML would silently use only one",
                "4 nodes[0]: a key must be a plain word, not a list / write it as key: value");
    }

    @Test
    void unknownKeysGetOneDidYouMean() {
        List<String> got = new ArrayList<>();
        YamlKeys.Sink sink = (at, path, what, fix) -> got.add(path + ": " + what + " / " + fix);
        Map<String, NodeTuple> keys = YamlKeys.keys(parse("nmae: x\ncolour: y\nroles: z\n"), "", sink);
        Set<String> suggested = YamlKeys.unknown(keys, "", List.of("name", "roles"), "a node", sink);
        assertThat(suggested).containsExactly("name");
        assertThat(got).containsExactly("nmae: unknown key 'nmae' (did you mean 'name'?) / rename it to name",
                "colour: unknown key 'colour' / remove it; a node takes name, roles");
    }
}
