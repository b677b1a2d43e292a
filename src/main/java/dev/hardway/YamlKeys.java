package dev.hardway;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The one reader of a YAML mapping's keys, for cluster configs and lesson files alike: keys in file order, a key that
 * is not a plain word, a duplicate key (YAML would silently keep one), an unknown key with one did-you-mean
 * ({@link EditDistance#closest}) — one set of rules and one wording, reported through a {@link Sink} that puts them
 * into the caller's problem list with the node's line.
 */
public final class YamlKeys {

    /** Where the reader reports a problem: the YAML node it is about (for its line), the YAML path, what, fix. */
    @FunctionalInterface
    public interface Sink {
        void problem(Node at, String path, String what, String fix);
    }

    private YamlKeys() {
    }

    /** The mapping's keys in order; keys that are not plain words and duplicates are reported (the first wins). */
    public static Map<String, NodeTuple> keys(MappingNode m, String path, Sink sink) {
        Map<String, NodeTuple> out = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode ks)) {
                sink.problem(t.getKeyNode(), path, "a key must be a plain word, not " + kind(t.getKeyNode()),
                        "write it as key: value");
                continue;
            }
            String k = ks.getValue();
            if (out.containsKey(k)) {
                sink.problem(t.getKeyNode(), child(path, k), "duplicate key '" + k + "' (first on line "
                        + line(out.get(k).getKeyNode()) + ")", "keep one of them; YAML would silently use only one");
                continue;
            }
            out.put(k, t);
        }
        return out;
    }

    /**
     * Reports every key not in {@code allowed}, with the nearest allowed key where one is near.
     *
     * @param what what the mapping is, for the fix ("a step", "nodes[0]")
     * @return the allowed keys offered as "did you mean" (their absence is the same mistake: report it once)
     */
    public static Set<String> unknown(Map<String, NodeTuple> keys, String path, List<String> allowed, String what,
                                      Sink sink) {
        Set<String> suggested = new HashSet<>();
        for (Map.Entry<String, NodeTuple> e : keys.entrySet()) {
            if (allowed.contains(e.getKey())) {
                continue;
            }
            String near = EditDistance.closest(e.getKey(), allowed);
            if (near != null) {
                suggested.add(near);
            }
            sink.problem(e.getValue().getKeyNode(), child(path, e.getKey()), "unknown key '" + e.getKey() + "'"
                            + (near != null ? " (did you mean '" + near + "'?)" : ""),
                    near != null ? "rename it to " + near : "remove it; " + what + " takes " + String.join(", ", allowed));
        }
        return suggested;
    }

    /** {@code path.key}, or {@code key} at the top. */
    public static String child(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** The node's 1-based line (1 when unknown). */
    public static int line(Node n) {
        return n.getStartMark() == null ? 1 : n.getStartMark().getLine() + 1;
    }

    /** "a mapping", "a list" or "a value", for "expected X, got Y". */
    public static String kind(Node n) {
        if (n instanceof MappingNode) {
            return "a mapping";
        }
        if (n instanceof SequenceNode) {
            return "a list";
        }
        return "a value";
    }
}
