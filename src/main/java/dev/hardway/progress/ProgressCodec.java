package dev.hardway.progress;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
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
        Object doc;
        try {
            // no implicit timestamps: SnakeYAML reads 2026-13-45 leniently as 2027-02-14; as text, Instant.parse
            // refuses it
            doc = new Yaml(new SafeConstructor(new LoaderOptions()), new Representer(new DumperOptions()),
                    new DumperOptions(), new LoaderOptions(), new NoTimestamps()).load(text);
        } catch (YAMLException e) {
            throw new ProgressException(name + ": not valid YAML (" + firstLine(e.getMessage()) + ")."
                    + " Try: restore it from an export (progress import <file>)", e);
        }
        Map<String, Object> top = map(doc, name, "");
        known(top, name, "", Set.of("format_version", "cluster", "current", "lessons"));
        Object fv = top.get("format_version");
        if (!(fv instanceof Integer v)) {
            throw bad(name, "format_version", "missing or not a number", "format_version: 1");
        }
        if (v > Progress.FORMAT_VERSION) {
            throw new ProgressException(name + ": format_version " + v + " is newer than this hardway understands ("
                    + Progress.FORMAT_VERSION + "). Try: update hardway");
        }
        String cluster = str(top.get("cluster"), name, "cluster", true);
        Position current = null;
        if (top.get("current") != null) {
            Map<String, Object> cur = map(top.get("current"), name, "current");
            known(cur, name, "current", Set.of("lesson", "step"));
            current = new Position(str(cur.get("lesson"), name, "current.lesson", true),
                    str(cur.get("step"), name, "current.step", false));
        }
        Map<String, LessonProgress> lessons = new LinkedHashMap<>();
        Object lo = top.get("lessons");
        if (lo != null) {
            for (Map.Entry<String, Object> e : map(lo, name, "lessons").entrySet()) {
                String lp = "lessons." + e.getKey();
                Map<String, Object> lm = map(e.getValue(), name, lp);
                known(lm, name, lp, Set.of("seconds_spent", "last_activity", "steps"));
                long secs = num(lm.getOrDefault("seconds_spent", 0), name, lp + ".seconds_spent");
                Instant act = lm.get("last_activity") == null ? null
                        : instant(lm.get("last_activity"), name, lp + ".last_activity");
                Map<String, StepProgress> steps = new LinkedHashMap<>();
                Object so = lm.get("steps");
                if (so != null) {
                    for (Map.Entry<String, Object> s : map(so, name, lp + ".steps").entrySet()) {
                        String sp = lp + ".steps." + s.getKey();
                        Map<String, Object> sm = map(s.getValue(), name, sp);
                        known(sm, name, sp, Set.of("state", "attempts", "hints_used", "first", "last",
                                "last_failure"));
                        String st = str(sm.get("state"), name, sp + ".state", true);
                        StepState state = StepState.parse(st).orElseThrow(() -> bad(name, sp + ".state",
                                "'" + st + "' is not a step state", "done, solved-by-tool or failed"));
                        steps.put(s.getKey(), new StepProgress(state,
                                (int) num(sm.getOrDefault("attempts", 0), name, sp + ".attempts"),
                                (int) num(sm.getOrDefault("hints_used", 0), name, sp + ".hints_used"),
                                instant(sm.get("first"), name, sp + ".first"),
                                instant(sm.get("last"), name, sp + ".last"),
                                str(sm.get("last_failure"), name, sp + ".last_failure", false)));
                    }
                }
                lessons.put(e.getKey(), new LessonProgress(steps, secs, act));
            }
        }
        return new Progress(cluster, current, lessons);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o, String name, String path) throws ProgressException {
        if (!(o instanceof Map<?, ?> m)) {
            throw bad(name, path.isEmpty() ? "(top)" : path, "expected a mapping", "see docs: progress file format");
        }
        for (Object k : m.keySet()) {
            if (!(k instanceof String)) {
                throw bad(name, path, "key '" + k + "' is not a name", "use lesson and step ids as keys");
            }
        }
        return (Map<String, Object>) m;
    }

    private static void known(Map<String, Object> m, String name, String path, Set<String> keys)
            throws ProgressException {
        List<String> unknown = new ArrayList<>();
        for (String k : m.keySet()) {
            if (!keys.contains(k)) {
                unknown.add(k);
            }
        }
        if (!unknown.isEmpty()) {
            throw bad(name, (path.isEmpty() ? "" : path + ".") + unknown.get(0), "unknown key",
                    "remove it; this level takes " + String.join(", ", new java.util.TreeSet<>(keys)));
        }
    }

    private static String str(Object o, String name, String path, boolean required) throws ProgressException {
        if (o == null) {
            if (required) {
                throw bad(name, path, "missing", "add " + path.substring(path.lastIndexOf('.') + 1) + ": ...");
            }
            return null;
        }
        if (o instanceof Map || o instanceof List) {
            throw bad(name, path, "expected text", "write a single value");
        }
        return o.toString();
    }

    private static long num(Object o, String name, String path) throws ProgressException {
        if (o instanceof Number n && n.longValue() >= 0) {
            return n.longValue();
        }
        throw bad(name, path, "'" + o + "' is not a count", "a whole number >= 0");
    }

    private static Instant instant(Object o, String name, String path) throws ProgressException {
        if (o instanceof Date d) {
            return d.toInstant();
        }
        if (o == null) {
            throw bad(name, path, "missing", "an ISO-8601 time such as 2026-01-02T10:00:00Z");
        }
        try {
            return Instant.parse(o.toString());
        } catch (DateTimeParseException e) {
            throw bad(name, path, "'" + o + "' is not an ISO-8601 time", "e.g. 2026-01-02T10:00:00Z");
        }
    }

    private static ProgressException bad(String name, String path, String what, String fix) {
        return new ProgressException(name + " " + path + ": " + what + ". Try: " + fix);
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
