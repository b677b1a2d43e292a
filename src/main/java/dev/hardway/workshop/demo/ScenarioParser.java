package dev.hardway.workshop.demo;

import dev.hardway.Problem;
import dev.hardway.YamlKeys;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads one scenario file from SnakeYAML's node tree (as {@code LessonParser} reads lessons): every problem with its
 * file and line, through {@link YamlKeys} for the keys, collected rather than first-only.
 */
final class ScenarioParser {

    static final List<String> TOP = List.of("id", "title", "about", "needs", "nodes", "beats");
    static final List<String> BEAT = List.of("title", "say", "run", "expect", "pause", "within");
    static final List<String> EXPECT = List.of("exit", "shows", "hides");

    private final String file;
    private final List<Problem> problems;

    ScenarioParser(String file, List<Problem> problems) {
        this.file = file;
        this.problems = problems;
    }

    Scenario parse(Path path) {
        Node root;
        try (Reader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            LoaderOptions opts = new LoaderOptions();
            opts.setAllowDuplicateKeys(true); // reported with their lines by YamlKeys
            root = new Yaml(new SafeConstructor(opts)).compose(r);
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            problems.add(new Problem(file, line, "", "not valid YAML: " + e.getProblem(),
                    "fix the YAML syntax at that line (indentation, a missing ':' or an unclosed quote)"));
            return null;
        } catch (YAMLException | IOException e) {
            problems.add(new Problem(file, 0, "", "cannot be read: " + e.getMessage(), "check the file is readable"));
            return null;
        }
        if (!(root instanceof MappingNode)) {
            problems.add(new Problem(file, root == null ? 1 : YamlKeys.line(root), "",
                    "a scenario file is a mapping of keys (id, title, beats, ...)", "see docs/workshop.md"));
            return null;
        }
        int before = problems.size();
        Map<String, NodeTuple> top = YamlKeys.keys((MappingNode) root, "", this::problem);
        YamlKeys.unknown(top, "", TOP, "a scenario", this::problem);
        String id = required(top, root, "id", "id: ha-failover (the file name without .yaml)");
        String expectedId = path.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        if (id != null && !id.equals(expectedId)) {
            problem(top.get("id").getValueNode(), "id", "id '" + id + "' differs from the file name " + expectedId,
                    "id: " + expectedId);
        }
        String title = required(top, root, "title", "title: what the audience will see");
        String about = optional(top, "about");
        List<String> needs = list(top, "needs");
        List<String> nodes = list(top, "nodes");
        List<Scenario.Beat> beats = new ArrayList<>();
        NodeTuple bt = top.get("beats");
        if (bt == null) {
            problem(root, "beats", "missing required key 'beats'", "beats: a list of beats (title, say, run, expect)");
        } else if (!(bt.getValueNode() instanceof SequenceNode seq) || seq.getValue().isEmpty()) {
            problem(bt.getValueNode(), "beats", "beats must be a non-empty list", "beats: a list of beats, each with a title");
        } else {
            for (int i = 0; i < seq.getValue().size(); i++) {
                Scenario.Beat b = beat(seq.getValue().get(i), "beats[" + i + "]");
                if (b != null) {
                    beats.add(b);
                }
            }
        }
        if (problems.size() > before) {
            return null;
        }
        return new Scenario(id, title, about, needs, nodes, beats, file);
    }

    private Scenario.Beat beat(Node n, String path) {
        if (!(n instanceof MappingNode)) {
            problem(n, path, "a beat is a mapping (title, say, run, expect), not " + YamlKeys.kind(n),
                    "- title: ... with run: and expect: below it");
            return null;
        }
        Map<String, NodeTuple> m = YamlKeys.keys((MappingNode) n, path, this::problem);
        YamlKeys.unknown(m, path, BEAT, "a beat", this::problem);
        String title = required(m, n, path + ".title", "title", "title: the heading the audience reads");
        String say = optional(m, "say");
        String run = optional(m, "run");
        List<String> words = List.of();
        if (run != null) {
            try {
                words = words(run);
                if (words.isEmpty()) {
                    problem(m.get("run").getValueNode(), path + ".run", "run is empty", "run: check etcd, or drop run");
                }
            } catch (IllegalArgumentException e) {
                problem(m.get("run").getValueNode(), path + ".run", e.getMessage(), "close the quote");
            }
        }
        Scenario.Expect expect = Scenario.Expect.NONE;
        NodeTuple et = m.get("expect");
        if (et != null) {
            expect = expect(et.getValueNode(), path + ".expect");
            if (run == null) {
                problem(et.getKeyNode(), path + ".expect", "expect without run: nothing runs to check",
                        "add run: <command>, or drop expect");
            }
        } else if (run != null) {
            problem(n, path + ".expect", "a beat that runs a command must say what it shows (expect)",
                    "expect: {exit: 0, shows: [\"3 of 3 healthy\"]}");
        }
        Integer pause = null;
        NodeTuple pt = m.get("pause");
        if (pt != null) {
            pause = integer(pt.getValueNode(), path + ".pause", 0, 600);
        }
        int within = 0;
        NodeTuple wt = m.get("within");
        if (wt != null) {
            Integer w = integer(wt.getValueNode(), path + ".within", 0, 600);
            within = w == null ? 0 : w;
        }
        return new Scenario.Beat(title, say, run, words, expect, pause, within, YamlKeys.line(n));
    }

    private Scenario.Expect expect(Node n, String path) {
        if (!(n instanceof MappingNode)) {
            problem(n, path, "expect is a mapping (exit, shows, hides), not " + YamlKeys.kind(n),
                    "expect: {exit: 0, shows: [\"quorum holds\"]}");
            return Scenario.Expect.NONE;
        }
        Map<String, NodeTuple> m = YamlKeys.keys((MappingNode) n, path, this::problem);
        YamlKeys.unknown(m, path, EXPECT, "expect", this::problem);
        if (m.isEmpty()) {
            problem(n, path, "expect promises nothing", "expect: {exit: 0} at least");
        }
        Integer exit = m.containsKey("exit") ? integer(m.get("exit").getValueNode(), path + ".exit", 0, 255) : null;
        return new Scenario.Expect(exit, list(m, "shows"), list(m, "hides"));
    }

    private Integer integer(Node n, String path, int min, int max) {
        if (n instanceof ScalarNode s) {
            try {
                int v = Integer.parseInt(s.getValue().trim());
                if (v >= min && v <= max) {
                    return v;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        problem(n, path, "expected a whole number from " + min + " to " + max, path.substring(path.lastIndexOf('.')
                + 1) + ": " + min);
        return null;
    }

    private List<String> list(Map<String, NodeTuple> m, String key) {
        NodeTuple t = m.get(key);
        if (t == null) {
            return List.of();
        }
        Node v = t.getValueNode();
        if (v instanceof ScalarNode s) {
            return List.of(s.getValue());
        }
        if (!(v instanceof SequenceNode seq)) {
            problem(v, key, key + " must be a list of texts, not " + YamlKeys.kind(v), key + ": [\"...\"]");
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (Node item : seq.getValue()) {
            if (item instanceof ScalarNode s && !s.getValue().isBlank()) {
                out.add(s.getValue());
            } else {
                problem(item, key, "each entry of " + key + " must be a non-empty text", key + ": [\"...\"]");
            }
        }
        return out;
    }

    private String required(Map<String, NodeTuple> m, Node parent, String key, String fix) {
        return required(m, parent, key, key, fix);
    }

    private String required(Map<String, NodeTuple> m, Node parent, String path, String key, String fix) {
        NodeTuple t = m.get(key);
        if (t == null) {
            problem(parent, path, "missing required key '" + key + "'", fix);
            return null;
        }
        if (!(t.getValueNode() instanceof ScalarNode s) || s.getValue().isBlank()) {
            problem(t.getValueNode(), path, key + " must be a non-empty text", fix);
            return null;
        }
        return s.getValue();
    }

    private String optional(Map<String, NodeTuple> m, String key) {
        NodeTuple t = m.get(key);
        if (t == null) {
            return null;
        }
        if (!(t.getValueNode() instanceof ScalarNode s)) {
            problem(t.getValueNode(), key, key + " must be a text, not " + YamlKeys.kind(t.getValueNode()),
                    key + ": ...");
            return null;
        }
        return s.getValue().isBlank() ? null : s.getValue();
    }

    private void problem(Node at, String path, String what, String fix) {
        problems.add(new Problem(file, at == null ? 0 : YamlKeys.line(at), path, what, fix));
    }

    /** A command line split into words: whitespace separates, single or double quotes group. */
    static List<String> words(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        char quote = 0;
        boolean in = false;
        for (char c : line.strip().toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    w.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                in = true;
            } else if (Character.isWhitespace(c)) {
                if (in) {
                    out.add(w.toString());
                    w.setLength(0);
                    in = false;
                }
            } else {
                w.append(c);
                in = true;
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("run has an unclosed quote (" + quote + ")");
        }
        if (in) {
            out.add(w.toString());
        }
        return out;
    }
}
