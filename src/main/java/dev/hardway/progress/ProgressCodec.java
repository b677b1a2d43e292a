package dev.hardway.progress;

import dev.hardway.Problem;
import dev.hardway.YamlKeys;
import java.io.StringReader;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Progress ⇄ YAML. Reading is strict (an imported or damaged file is refused with the path of the bad value);
 * writing dumps plain maps in a stable order so files diff well.
 *
 * <pre>
 * format_version: 1
 * cluster: ha
 * current: {lesson: 05-etcd, step: start}
 * lessons:
 *   05-etcd:
 *     seconds_spent: 312
 *     last_activity: '2026-01-02T10:00:00Z'
 *     steps:
 *       unit: {state: done, attempts: 2, hints_used: 1, first: '...', last: '...', last_failure: '...'}
 * </pre>
 */
final class ProgressCodec {

    private ProgressCodec() {
    }

    static String write(Progress p) {
        Map<String, Object> top = new LinkedHashMap<>();
        top.put("format_version", Progress.FORMAT_VERSION);
        top.put("cluster", p.cluster());
        if (p.current() != null) {
            Map<String, Object> cur = new LinkedHashMap<>();
            cur.put("lesson", p.current().lesson());
            if (p.current().step() != null) {
                cur.put("step", p.current().step());
            }
            top.put("current", cur);
        }
        Map<String, Object> lessons = new LinkedHashMap<>();
        for (Map.Entry<String, LessonProgress> e : new TreeMap<>(p.lessons()).entrySet()) {
            Map<String, Object> lm = new LinkedHashMap<>();
            lm.put("seconds_spent", e.getValue().secondsSpent());
            if (e.getValue().lastActivity() != null) {
                lm.put("last_activity", e.getValue().lastActivity().toString());
            }
            Map<String, Object> steps = new LinkedHashMap<>();
            for (Map.Entry<String, StepProgress> s : e.getValue().steps().entrySet()) {
                StepProgress sp = s.getValue();
                Map<String, Object> sm = new LinkedHashMap<>();
                sm.put("state", sp.state().id());
                sm.put("attempts", sp.attempts());
                sm.put("hints_used", sp.hintsUsed());
                sm.put("first", sp.first().toString());
                sm.put("last", sp.last().toString());
                if (sp.lastFailure() != null) {
                    sm.put("last_failure", sp.lastFailure());
                }
                steps.put(s.getKey(), sm);
            }
            lm.put("steps", steps);
            lessons.put(e.getKey(), lm);
        }
        top.put("lessons", lessons);
        DumperOptions o = new DumperOptions();
        o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        o.setWidth(120);
        o.setSplitLines(false);
        return new Yaml(new SafeConstructor(new LoaderOptions()), new Representer(o), o).dump(top);
    }

    /** Parses and validates; {@code name} is the file name shown in messages. */
    static Progress read(String text, String name) throws ProgressException {
        return new Reader(name).read(text);
    }

    static final List<String> TOP_KEYS = List.of("format_version", "cluster", "current", "lessons");
    static final List<String> CURRENT_KEYS = List.of("lesson", "step");
    static final List<String> LESSON_KEYS = List.of("seconds_spent", "last_activity", "steps");
    static final List<String> STEP_KEYS = List.of("state", "attempts", "hints_used", "first", "last", "last_failure");

    /**
     * One read of one file. The keys are checked on the node tree by {@link YamlKeys} (the rules and wording of
     * cluster configs and lesson files), which also gives every YAML path its line, so a bad value is reported as
     * {@code file:line path: what} like everywhere else.
     */
    private static final class Reader {
        private final String name;
        private final Map<String, Integer> lines = new HashMap<>();
        private final List<Problem> problems = new ArrayList<>();

        Reader(String name) {
            this.name = name;
        }

        Progress read(String text) throws ProgressException {
            Object doc;
            // no implicit timestamps: SnakeYAML reads 2026-13-45 leniently as 2027-02-14; as text, Instant.parse
            // refuses it
            Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()), new Representer(new DumperOptions()),
                    new DumperOptions(), new LoaderOptions(), new NoTimestamps());
            try {
                Node root = yaml.compose(new StringReader(text));
                walk(root);
                if (!problems.isEmpty()) {
                    throw new ProgressException(problems.get(0));
                }
                doc = yaml.load(text);
            } catch (YAMLException e) {
                int line = e instanceof MarkedYAMLException m && m.getProblemMark() != null
                        ? m.getProblemMark().getLine() + 1 : 0;
                throw new ProgressException(new Problem(name, line, "", "not valid YAML ("
                        + firstLine(e instanceof MarkedYAMLException m ? m.getProblem() : e.getMessage()) + ")",
                        "restore it from an export (progress import <file>)"), e);
            }
            Map<String, Object> top = map(doc, "");
            Object fv = top.get("format_version");
            if (!(fv instanceof Integer v)) {
                throw bad("format_version", "missing or not a number", "format_version: 1");
            }
            if (v > Progress.FORMAT_VERSION) {
                throw bad("format_version", v + " is newer than this hardway understands ("
                        + Progress.FORMAT_VERSION + ")", "update hardway");
            }
            String cluster = str(top.get("cluster"), "cluster", true);
            Position current = null;
            if (top.get("current") != null) {
                Map<String, Object> cur = map(top.get("current"), "current");
                current = new Position(str(cur.get("lesson"), "current.lesson", true),
                        str(cur.get("step"), "current.step", false));
            }
            Map<String, LessonProgress> lessons = new LinkedHashMap<>();
            Object lo = top.get("lessons");
            if (lo != null) {
                for (Map.Entry<String, Object> e : map(lo, "lessons").entrySet()) {
                    String lp = "lessons." + e.getKey();
                    Map<String, Object> lm = map(e.getValue(), lp);
                    long secs = num(lm.getOrDefault("seconds_spent", 0), lp + ".seconds_spent");
                    Instant act = lm.get("last_activity") == null ? null
                            : instant(lm.get("last_activity"), lp + ".last_activity");
                    Map<String, StepProgress> steps = new LinkedHashMap<>();
                    Object so = lm.get("steps");
                    if (so != null) {
                        for (Map.Entry<String, Object> st : map(so, lp + ".steps").entrySet()) {
                            String sp = lp + ".steps." + st.getKey();
                            Map<String, Object> sm = map(st.getValue(), sp);
                            String state = str(sm.get("state"), sp + ".state", true);
                            StepState parsed = StepState.parse(state).orElseThrow(() -> bad(sp + ".state",
                                    "'" + state + "' is not a step state", "done, solved-by-tool or failed"));
                            steps.put(st.getKey(), new StepProgress(parsed,
                                    (int) num(sm.getOrDefault("attempts", 0), sp + ".attempts"),
                                    (int) num(sm.getOrDefault("hints_used", 0), sp + ".hints_used"),
                                    instant(sm.get("first"), sp + ".first"),
                                    instant(sm.get("last"), sp + ".last"),
                                    str(sm.get("last_failure"), sp + ".last_failure", false)));
                        }
                    }
                    lessons.put(e.getKey(), new LessonProgress(steps, secs, act));
                }
            }
            return new Progress(cluster, current, lessons);
        }

        /** Checks every mapping's keys (the known levels against their key lists) and records each path's line. */
        private void walk(Node root) {
            if (!(root instanceof MappingNode top)) {
                return; // map() reports it with the value's kind
            }
            lines.put("", YamlKeys.line(root));
            Map<String, NodeTuple> keys = level(top, "", TOP_KEYS, "the top level");
            if (keys.get("current") != null && keys.get("current").getValueNode() instanceof MappingNode cur) {
                level(cur, "current", CURRENT_KEYS, "current");
            }
            if (keys.get("lessons") != null && keys.get("lessons").getValueNode() instanceof MappingNode ls) {
                for (var lesson : level(ls, "lessons", null, "lessons").entrySet()) {
                    String lp = "lessons." + lesson.getKey();
                    if (!(lesson.getValue().getValueNode() instanceof MappingNode lm)) {
                        continue;
                    }
                    var lk = level(lm, lp, LESSON_KEYS, "a lesson");
                    if (lk.get("steps") != null && lk.get("steps").getValueNode() instanceof MappingNode ss) {
                        for (var step : level(ss, lp + ".steps", null, "steps").entrySet()) {
                            if (step.getValue().getValueNode() instanceof MappingNode sm) {
                                level(sm, lp + ".steps." + step.getKey(), STEP_KEYS, "a step");
                            }
                        }
                    }
                }
            }
        }

        /** The mapping's keys (YamlKeys rules), unknown ones reported when {@code allowed} is given. */
        private Map<String, NodeTuple> level(MappingNode m, String path, List<String> allowed, String what) {
            YamlKeys.Sink sink = (at, p, w, fix) -> problems.add(new Problem(name, YamlKeys.line(at), p, w, fix));
            Map<String, NodeTuple> keys = YamlKeys.keys(m, path, sink);
            keys.forEach((k, t) -> lines.put(YamlKeys.child(path, k), YamlKeys.line(t.getValueNode())));
            if (allowed != null) {
                YamlKeys.unknown(keys, path, allowed, what, sink);
            }
            return keys;
        }

        @SuppressWarnings("unchecked")
        private Map<String, Object> map(Object o, String path) throws ProgressException {
            if (!(o instanceof Map<?, ?> m)) {
                throw bad(path.isEmpty() ? "" : path, "expected a mapping", "see docs: progress file format");
            }
            return (Map<String, Object>) m;
        }

        private String str(Object o, String path, boolean required) throws ProgressException {
            if (o == null) {
                if (required) {
                    throw bad(path, "missing", "add " + path.substring(path.lastIndexOf('.') + 1) + ": ...");
                }
                return null;
            }
            if (o instanceof Map || o instanceof List) {
                throw bad(path, "expected text", "write a single value");
            }
            return o.toString();
        }

        private long num(Object o, String path) throws ProgressException {
            if (o instanceof Number n && n.longValue() >= 0) {
                return n.longValue();
            }
            throw bad(path, "'" + o + "' is not a count", "a whole number >= 0");
        }

        private Instant instant(Object o, String path) throws ProgressException {
            if (o instanceof Date d) {
                return d.toInstant();
            }
            if (o == null) {
                throw bad(path, "missing", "an ISO-8601 time such as 2026-01-02T10:00:00Z");
            }
            try {
                return Instant.parse(o.toString());
            } catch (DateTimeParseException e) {
                throw bad(path, "'" + o + "' is not an ISO-8601 time", "e.g. 2026-01-02T10:00:00Z");
            }
        }

        /** A problem at {@code path}, with the line the node walk found for it (or its nearest parent's). */
        private ProgressException bad(String path, String what, String fix) {
            String p = path;
            while (!lines.containsKey(p) && p.contains(".")) {
                p = p.substring(0, p.lastIndexOf('.'));
            }
            return ProgressException.at(name, lines.getOrDefault(p, 0), path, what, fix);
        }
    }

    /** SnakeYAML's resolver less the implicit timestamp type. */
    private static final class NoTimestamps extends org.yaml.snakeyaml.resolver.Resolver {
        @Override
        protected void addImplicitResolvers() {
            addImplicitResolver(org.yaml.snakeyaml.nodes.Tag.BOOL, BOOL, "yYnNtTfFoO");
            addImplicitResolver(org.yaml.snakeyaml.nodes.Tag.INT, INT, "-+0123456789");
            addImplicitResolver(org.yaml.snakeyaml.nodes.Tag.FLOAT, FLOAT, "-+0123456789.");
            addImplicitResolver(org.yaml.snakeyaml.nodes.Tag.MERGE, MERGE, "<");
            addImplicitResolver(org.yaml.snakeyaml.nodes.Tag.NULL, NULL, "~nN\0");
            addImplicitResolver(org.yaml.snakeyaml.nodes.Tag.NULL, EMPTY, null);
        }
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.strip().lines().findFirst().orElse("");
    }
}
