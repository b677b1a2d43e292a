package dev.hardway.lesson;

import dev.hardway.YamlKeys;

import dev.hardway.Problem;

import dev.hardway.lab.ProbeSpecException;
import dev.hardway.lab.Probes;
import dev.hardway.lesson.Check.ProbeCheck;
import dev.hardway.lesson.Check.ScriptCheck;
import dev.hardway.lesson.Step.CopySpec;
import dev.hardway.lesson.Step.FileSpec;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
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
 * Reads one lesson.yaml into a {@link Lesson} from SnakeYAML's composed node tree (never constructing arbitrary
 * objects), so every value keeps its line. Collects every problem it finds in the file; the result is null only
 * when the file cannot be read as a lesson at all.
 */
final class LessonParser {

    static final List<String> LESSON_KEYS = List.of("format_version", "id", "title", "needs", "explain", "applies",
            "steps");
    static final List<String> STEP_KEYS = List.of("id", "title", "on", "when", "explain", "files", "copy", "run",
            "creates", "services", "timeout", "check", "hints", "manifests", "drive");
    /** Keys of a {@code drive:} entry besides its command word. */
    static final List<String> DRIVE_KEYS = List.of("mode", "service", "expect", "within", "when");
    static final List<String> FILE_KEYS = List.of("template", "to", "mode", "owner");
    static final List<String> COPY_KEYS = List.of("from", "from_node", "to", "mode", "owner");
    static final List<String> SCRIPT_CHECK_KEYS = List.of("run", "on", "expect", "fail");

    private static final Pattern STEP_ID = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?");
    private static final Pattern MODE = Pattern.compile("0?[0-7]{3}");
    private static final Pattern UNIT = Pattern.compile("[A-Za-z0-9@._:-]+");

    private final String file;
    private final Path dir;
    private final List<Problem> problems;

    LessonParser(String file, Path dir, List<Problem> problems) {
        this.file = file;
        this.dir = dir;
        this.problems = problems;
    }

    Lesson parse(Path yamlFile) {
        Node root;
        try (Reader r = Files.newBufferedReader(yamlFile, StandardCharsets.UTF_8)) {
            LoaderOptions opts = new LoaderOptions();
            opts.setAllowDuplicateKeys(true); // composing does not check; we report duplicates with their lines
            root = new Yaml(new SafeConstructor(opts)).compose(r);
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            problems.add(new Problem(file, line, "", "not valid YAML: " + e.getProblem(),
                    "fix the YAML syntax at that line (indentation, a missing ':' or an unclosed quote)"));
            return null;
        } catch (YAMLException | IOException e) {
            problems.add(new Problem(file, 0, "", "cannot be read: " + e.getMessage(),
                    "check the file is readable YAML"));
            return null;
        }
        if (!(root instanceof MappingNode)) {
            problems.add(new Problem(file, root == null ? 1 : line(root), "",
                    "a lesson file is a mapping of keys (id, title, steps, ...)", "see docs/lesson-format.md"));
            return null;
        }
        Map<String, NodeTuple> top = mapping(root, "");
        Node fv = value(top, "format_version");
        if (fv != null) {
            String v = scalar(fv, "format_version");
            if (v != null) {
                int n;
                try {
                    n = Integer.parseInt(v.trim());
                } catch (NumberFormatException e) {
                    problem(fv, "format_version", "'" + v + "' is not a format version", "format_version: 1");
                    n = 1;
                }
                if (n > LessonCatalog.FORMAT_VERSION) {
                    // newer files may use keys we do not know: one clear message instead of a cascade
                    problem(fv, "format_version", n + " is newer than this hardway understands ("
                            + LessonCatalog.FORMAT_VERSION + ")", "update hardway");
                    return null;
                }
                if (n < 1) {
                    problem(fv, "format_version", "format_version: " + n + " does not exist", "format_version: 1");
                }
            }
        }
        // unknown keys are reported only now, so a newer format is reported alone
        reportUnknownKeys(top, "", LESSON_KEYS, "a lesson");

        String id = requiredScalar(top, root, "", "id", "id: " + dir.getFileName());
        String title = requiredScalar(top, root, "", "title", "title: <what the learner builds>");
        List<String> needs = new ArrayList<>();
        Node needsNode = value(top, "needs");
        if (needsNode != null) {
            for (Text t : textList(needsNode, "needs")) {
                needs.add(t.source().trim());
            }
        }
        String explain = null;
        Node explainNode = value(top, "explain");
        if (explainNode != null) {
            explain = scalar(explainNode, "explain");
            if (explain != null) {
                templateFile(explainNode, "explain", explain);
            }
        }
        Text applies = optionalText(top, "applies", "applies");
        List<Step> steps = new ArrayList<>();
        Node stepsNode = value(top, "steps");
        if (stepsNode == null) {
            problem(root, "steps", "missing required key 'steps'", "add steps: with at least one step");
        } else if (seq(stepsNode, "steps") != null) {
            List<Node> items = ((SequenceNode) stepsNode).getValue();
            if (items.isEmpty()) {
                problem(stepsNode, "steps", "a lesson needs at least one step", "add a step with id, title, on, check");
            }
            Set<String> stepIds = new HashSet<>();
            for (int i = 0; i < items.size(); i++) {
                Step s = step(items.get(i), i);
                if (s != null) {
                    if (s.id() != null && !stepIds.add(s.id())) {
                        problem(items.get(i), s.path() + ".id", "duplicate step id '" + s.id() + "'",
                                "give every step of the lesson its own id");
                    }
                    steps.add(s);
                }
            }
        }
        if (id == null) {
            return null;
        }
        return new Lesson(id, title == null ? id : title, List.copyOf(needs), explain, applies, List.copyOf(steps),
                dir, file);
    }

    private Step step(Node n, int index) {
        String path = "steps[" + index + "]";
        if (!(n instanceof MappingNode)) {
            problem(n, path, "a step is a mapping (id, title, on, run, check, ...)", "see docs/lesson-format.md");
            return null;
        }
        Map<String, NodeTuple> m = mapping(n, path);
        reportUnknownKeys(m, path, STEP_KEYS, "a step");
        String id = requiredScalar(m, n, path, "id", "id: <short-name>");
        if (id != null && !STEP_ID.matcher(id).matches()) {
            problem(value(m, "id"), path + ".id", "step id '" + id + "' must be lowercase letters, digits and '-'",
                    "id: " + id.toLowerCase().replaceAll("[^a-z0-9-]+", "-"));
        }
        String title = requiredScalar(m, n, path, "title", "title: <what this step does>");
        Text on = null;
        Node onNode = value(m, "on");
        Node driveNode = value(m, "drive");
        List<Step.DriveSpec> drive = driveNode == null ? List.of() : drive(driveNode, path + ".drive");
        if (driveNode != null) {
            for (String k : List.of("on", "run", "files", "copy", "manifests", "creates", "services")) {
                if (value(m, k) != null) {
                    problem(m.get(k).getKeyNode(), path + "." + k, "a drive step runs hardway's own commands, not"
                            + " scripts on nodes, so it has no '" + k + "' (its commands name their nodes)",
                            "put the script in a step of its own, or drop " + k);
                }
            }
        } else if (onNode == null) {
            problem(n, path + ".on", "missing required key 'on'", "on: masters (or all, workers, lbs, jumpbox, node names)");
        } else {
            on = text(onNode, path + ".on");
            if (on != null && !Names.isSelectorSyntax(on.source())) {
                problem(onNode, path + ".on", "'" + on.source() + "' is not a node selector",
                        "all, masters, workers, lbs, elbs, routers, jumpbox, one of a group (masters[2]) or node names separated by commas");
                on = null;
            }
        }
        Text when = optionalText(m, "when", path + ".when");
        Text explain = optionalText(m, "explain", path + ".explain");
        Text run = optionalText(m, "run", path + ".run");

        List<FileSpec> files = new ArrayList<>();
        Node filesNode = value(m, "files");
        if (filesNode != null && seq(filesNode, path + ".files") != null) {
            List<Node> items = ((SequenceNode) filesNode).getValue();
            for (int i = 0; i < items.size(); i++) {
                FileSpec f = fileSpec(items.get(i), path + ".files[" + i + "]", "a files entry");
                if (f != null) {
                    files.add(f);
                }
            }
        }
        List<CopySpec> copies = new ArrayList<>();
        Node copyNode = value(m, "copy");
        if (copyNode != null && seq(copyNode, path + ".copy") != null) {
            List<Node> items = ((SequenceNode) copyNode).getValue();
            for (int i = 0; i < items.size(); i++) {
                CopySpec c = copySpec(items.get(i), path + ".copy[" + i + "]");
                if (c != null) {
                    copies.add(c);
                }
            }
        }
        List<FileSpec> manifests = new ArrayList<>();
        Node manifestsNode = value(m, "manifests");
        if (manifestsNode != null && seq(manifestsNode, path + ".manifests") != null) {
            List<Node> items = ((SequenceNode) manifestsNode).getValue();
            for (int i = 0; i < items.size(); i++) {
                FileSpec f = fileSpec(items.get(i), path + ".manifests[" + i + "]", "a manifests entry");
                if (f != null) {
                    manifests.add(f);
                }
            }
            if (run == null && !items.isEmpty()) {
                problem(manifestsNode, path + ".manifests", "the manifests are uploaded but nothing applies them (the"
                        + " step has no run)", "add run: kubectl apply -f <each to: path>");
            }
        }
        List<Text> creates = value(m, "creates") == null ? List.of() : textList(value(m, "creates"), path + ".creates");
        List<String> services = new ArrayList<>();
        if (value(m, "services") != null) {
            List<Text> ts = textList(value(m, "services"), path + ".services");
            for (int i = 0; i < ts.size(); i++) {
                String s = ts.get(i).source().trim();
                if (!UNIT.matcher(s).matches()) {
                    problems.add(new Problem(file, ts.get(i).line(), path + ".services[" + i + "]",
                            "'" + s + "' is not a systemd unit name", "services: [etcd]"));
                } else {
                    services.add(s);
                }
            }
        }
        int timeout = Step.DEFAULT_TIMEOUT;
        Node to = value(m, "timeout");
        if (to != null) {
            String v = scalar(to, path + ".timeout");
            if (v != null) {
                try {
                    timeout = Integer.parseInt(v.trim());
                    if (timeout < 1) {
                        throw new NumberFormatException();
                    }
                } catch (NumberFormatException e) {
                    problem(to, path + ".timeout", "'" + v + "' is not a positive number of seconds", "timeout: 300");
                    timeout = Step.DEFAULT_TIMEOUT;
                }
            }
        }
        List<Check> checks = new ArrayList<>();
        Node checkNode = value(m, "check");
        boolean observes = drive.stream().anyMatch(Step.DriveSpec::observes);
        if (driveNode != null && !observes) {
            problem(driveNode, path + ".drive", "no check or inspect entry: nothing tells whether the drill showed"
                    + " what it promises", "add - check: etcd with expect: {quorum: true} (or vip, apiserver)");
        }
        if (checkNode == null && driveNode != null) {
            // the drive's observations are the step's check
        } else if (checkNode == null) {
            problem(n, path + ".check", "missing required key 'check'",
                    "add check: with at least one probe (service-active, file-exists, ...), see docs/lesson-format.md");
        } else if (seq(checkNode, path + ".check") != null) {
            List<Node> items = ((SequenceNode) checkNode).getValue();
            for (int i = 0; i < items.size(); i++) {
                Check c = check(items.get(i), path + ".check[" + i + "]", i);
                if (c != null) {
                    checks.add(c);
                }
            }
            boolean hasProbe = items.stream().anyMatch(it -> it instanceof MappingNode mn
                    && mn.getValue().stream().anyMatch(t -> "probe".equals(keyOf(t))));
            if (!hasProbe && !observes) {
                problem(checkNode, path + ".check", "no probe check: the simulated lab and `lesson test` could not"
                        + " tell whether this step ran", "add a probe, e.g. - probe: file-exists / path: ...,"
                        + " or - probe: service-active / service: ...");
            }
        }
        List<Text> hints = value(m, "hints") == null ? List.of() : textList(value(m, "hints"), path + ".hints");
        return new Step(index, id, title == null ? id : title, on, when, explain, List.copyOf(files),
                List.copyOf(copies), run, creates, List.copyOf(services), timeout, List.copyOf(checks), hints, line(n),
                List.copyOf(manifests), drive);
    }

    /** {@code drive:}: a list of entries, each one command word (break, heal, check, inspect) and its keys. */
    private List<Step.DriveSpec> drive(Node n, String path) {
        if (seq(n, path) == null) {
            return List.of();
        }
        List<Node> items = ((SequenceNode) n).getValue();
        if (items.isEmpty()) {
            problem(n, path, "drive is empty", "- break: master1 / - check: etcd with expect: ...");
        }
        List<Step.DriveSpec> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Step.DriveSpec d = driveEntry(items.get(i), path + "[" + i + "]", i);
            if (d != null) {
                out.add(d);
            }
        }
        return List.copyOf(out);
    }

    private Step.DriveSpec driveEntry(Node n, String path, int index) {
        if (!(n instanceof MappingNode)) {
            problem(n, path, "a drive entry is a mapping: one command (break, heal, check, inspect) and its keys",
                    "- break: master1 / mode: services");
            return null;
        }
        Map<String, NodeTuple> m = mapping(n, path);
        List<String> verbs = m.keySet().stream().filter(dev.hardway.lab.drill.DrillCommand.VERBS::contains).toList();
        List<String> unknown = m.keySet().stream().filter(k -> !dev.hardway.lab.drill.DrillCommand.VERBS.contains(k)
                && !DRIVE_KEYS.contains(k)).toList();
        for (String k : unknown) {
            List<String> all = new ArrayList<>(dev.hardway.lab.drill.DrillCommand.VERBS);
            all.addAll(DRIVE_KEYS);
            String near = dev.hardway.EditDistance.closest(k, all);
            boolean command = verbs.isEmpty();
            problem(m.get(k).getKeyNode(), path + "." + k, (command ? "unknown drive command '" : "unknown key '")
                    + dev.hardway.Problem.clip(k) + "'" + (near != null ? " (did you mean " + near + "?)" : ""),
                    command ? "a drive entry starts with one of " + String.join(", ",
                    dev.hardway.lab.drill.DrillCommand.VERBS) : "the keys of a drive entry are its command and "
                    + String.join(", ", DRIVE_KEYS));
        }
        if (verbs.size() != 1) {
            if (verbs.size() > 1) {
                problem(n, path, "one drive entry has " + verbs.size() + " commands (" + String.join(", ", verbs)
                        + ")", "one command per entry: split it into " + verbs.size() + " entries");
            } else if (unknown.isEmpty()) {
                problem(n, path, "a drive entry names no command", "start it with one of "
                        + String.join(", ", dev.hardway.lab.drill.DrillCommand.VERBS));
            }
            return null;
        }
        String verb = verbs.get(0);
        Text target = text(value(m, verb), path + "." + verb);
        if (target == null || target.source().isBlank()) {
            problem(value(m, verb), path + "." + verb, verb + " needs its "
                    + (verb.equals("break") || verb.equals("heal") ? "node" : "subject"), verb + ": "
                    + (verb.equals("break") ? "master1" : verb.equals("heal") ? "all" : "etcd"));
            return null;
        }
        boolean look = verb.equals("check") || verb.equals("inspect");
        for (String k : List.of("mode", "service")) {
            if (value(m, k) != null && !verb.equals("break")) {
                problem(m.get(k).getKeyNode(), path + "." + k, k + " belongs to break, not " + verb, "drop " + k);
            }
        }
        for (String k : List.of("expect", "within")) {
            if (value(m, k) != null && !look) {
                problem(m.get(k).getKeyNode(), path + "." + k, verb + " has no " + k + " (it succeeds or the step"
                        + " fails)", "put the promise on a check after it: - check: etcd / expect: ...");
            }
        }
        String mode = optionalScalar(m, "mode", path + ".mode");
        if (mode != null && java.util.Arrays.stream(dev.hardway.lab.fault.FaultMode.values())
                .noneMatch(fm -> fm.id().equals(mode.trim()))) {
            List<String> ids = java.util.Arrays.stream(dev.hardway.lab.fault.FaultMode.values())
                    .map(dev.hardway.lab.fault.FaultMode::id).toList();
            String near = dev.hardway.EditDistance.closest(mode.trim(), ids);
            problem(value(m, "mode"), path + ".mode", "unknown fault mode '" + dev.hardway.Problem.clip(mode) + "'"
                    + (near != null ? " (did you mean " + near + "?)" : ""), "one of " + String.join(", ", ids));
        }
        String service = optionalScalar(m, "service", path + ".service");
        if (service != null && !UNIT.matcher(service.trim()).matches()) {
            problem(value(m, "service"), path + ".service", "'" + service + "' is not a systemd unit name",
                    "service: etcd");
        }
        Text when = optionalText(m, "when", path + ".when");
        int within = 0;
        Node w = value(m, "within");
        if (w != null) {
            String v = scalar(w, path + ".within");
            try {
                within = Integer.parseInt(v == null ? "" : v.trim());
                if (within < 0 || within > 600) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                problem(w, path + ".within", "'" + v + "' is not a number of seconds from 0 to 600", "within: 30");
                within = 0;
            }
        }
        Map<String, Text> expect = new java.util.LinkedHashMap<>();
        if (look) {
            dev.hardway.lab.drill.DrillCommand.Subject subject = dev.hardway.lab.drill.DrillCommand.Subject.of(
                    target.source());
            if (subject == null) {
                String near = dev.hardway.EditDistance.closest(target.source().trim(),
                        dev.hardway.lab.drill.DrillCommand.Subject.ids());
                problem(value(m, verb), path + "." + verb, "a drive step cannot " + verb + " '"
                        + dev.hardway.Problem.clip(target.source()) + "'" + (near != null ? " (did you mean " + near
                        + "?)" : ""), verb + ": one of " + String.join(", ",
                        dev.hardway.lab.drill.DrillCommand.Subject.ids()));
            }
            Node e = value(m, "expect");
            if (e == null) {
                problem(n, path + ".expect", "a " + verb + " in a drive step must say what it shows (expect)",
                        "expect: {quorum: true, healthy: 2}");
            } else if (!(e instanceof MappingNode)) {
                problem(e, path + ".expect", "expect is a mapping of promised fields", "expect: {quorum: true}");
            } else {
                Map<String, NodeTuple> em = mapping(e, path + ".expect");
                if (em.isEmpty()) {
                    problem(e, path + ".expect", "expect promises nothing", "expect: {ok: true} at least");
                }
                for (Map.Entry<String, NodeTuple> en : em.entrySet()) {
                    String k = en.getKey();
                    var subjects = dev.hardway.lab.drill.DrillExpect.KEYS.get(k);
                    if (subjects == null) {
                        String near = dev.hardway.EditDistance.closest(k,
                                List.copyOf(dev.hardway.lab.drill.DrillExpect.KEYS.keySet()));
                        problem(en.getValue().getKeyNode(), path + ".expect." + k, "unknown expect key '"
                                + dev.hardway.Problem.clip(k) + "'" + (near != null ? " (did you mean " + near + "?)"
                                : ""), "one of " + String.join(", ", dev.hardway.lab.drill.DrillExpect.KEYS.keySet()));
                    } else if (subject != null && !subjects.contains(subject)) {
                        problem(en.getValue().getKeyNode(), path + ".expect." + k, "'" + k + "' is not something "
                                + verb + " " + subject.id() + " shows", "for " + subject.id() + ": " + String.join(
                                ", ", dev.hardway.lab.drill.DrillExpect.KEYS.entrySet().stream().filter(x -> x
                                .getValue().contains(subject)).map(Map.Entry::getKey).toList()));
                    } else {
                        Text t = text(en.getValue().getValueNode(), path + ".expect." + k);
                        if (t != null) {
                            expect.put(k, t);
                        }
                    }
                }
            }
        }
        return new Step.DriveSpec(verb, target, mode == null ? null : mode.trim(), service == null ? null
                : service.trim(), when, expect, within, line(n), index);
    }

    private FileSpec fileSpec(Node n, String path, String what) {
        if (!(n instanceof MappingNode)) {
            problem(n, path, what + " is a mapping (template, to, mode, owner)",
                    "- template: x.ftl / to: /etc/x / mode: \"0644\"");
            return null;
        }
        Map<String, NodeTuple> m = mapping(n, path);
        reportUnknownKeys(m, path, FILE_KEYS, what);
        String template = requiredScalar(m, n, path, "template", "template: <file>.ftl beside lesson.yaml");
        if (template != null) {
            templateFile(value(m, "template"), path + ".template", template);
        }
        Text to = requiredText(m, n, path, "to", "to: /absolute/path/on/the/node");
        String mode = mode(m, path);
        String owner = optionalScalar(m, "owner", path + ".owner");
        if (template == null || to == null) {
            return null;
        }
        return new FileSpec(template, to, mode, owner, line(n));
    }

    private CopySpec copySpec(Node n, String path) {
        if (!(n instanceof MappingNode)) {
            problem(n, path, "a copy entry is a mapping (from, from_node, to, mode, owner)",
                    "- from: /root/pki/ca.pem / to: /etc/etcd/ca.pem");
            return null;
        }
        Map<String, NodeTuple> m = mapping(n, path);
        reportUnknownKeys(m, path, COPY_KEYS, "a copy entry");
        Text from = requiredText(m, n, path, "from", "from: /root/pki/ca.pem");
        Text to = requiredText(m, n, path, "to", "to: /etc/etcd/ca.pem");
        String fromNode = optionalScalar(m, "from_node", path + ".from_node");
        if (fromNode != null && !Names.isSelectorSyntax(fromNode)) {
            problem(value(m, "from_node"), path + ".from_node", "'" + fromNode + "' is not a node name",
                    "from_node: jumpbox");
        }
        String mode = mode(m, path);
        String owner = optionalScalar(m, "owner", path + ".owner");
        if (from == null || to == null) {
            return null;
        }
        return new CopySpec(from, fromNode == null ? "jumpbox" : fromNode.trim(), to, mode, owner, line(n));
    }

    private String mode(Map<String, NodeTuple> m, String path) {
        String mode = optionalScalar(m, "mode", path + ".mode");
        if (mode != null && !MODE.matcher(mode.trim()).matches()) {
            problem(value(m, "mode"), path + ".mode", "'" + mode + "' is not an octal file mode",
                    "mode: \"0644\" (quoted, so YAML keeps the leading zero)");
            return null;
        }
        return mode == null ? null : (mode.trim().length() == 3 ? "0" + mode.trim() : mode.trim());
    }

    private Check check(Node n, String path, int index) {
        if (!(n instanceof MappingNode)) {
            problem(n, path, "a check is a mapping with probe: or run:", "- probe: service-active / service: etcd");
            return null;
        }
        List<String> keys = new ArrayList<>();
        for (NodeTuple t : ((MappingNode) n).getValue()) {
            keys.add(keyOf(t));
        }
        boolean isProbe = keys.contains("probe");
        boolean isRun = keys.contains("run");
        if (isProbe && isRun) {
            problem(n, path, "a check has either probe: or run:, not both", "split it into two checks");
            return null;
        }
        if (!isProbe && !isRun) {
            problem(n, path, "a check needs probe: or run:", "- probe: service-active / service: etcd, or - run: <script>");
            return null;
        }
        if (isRun) {
            Map<String, NodeTuple> m = mapping(n, path);
            reportUnknownKeys(m, path, SCRIPT_CHECK_KEYS, "a script check");
            Text run = text(value(m, "run"), path + ".run");
            Text on = optionalText(m, "on", path + ".on");
            if (on != null && !Names.isSelectorSyntax(on.source())) {
                problem(value(m, "on"), path + ".on", "'" + on.source() + "' is not a node selector",
                        "all, masters, workers, lbs, elbs, routers, jumpbox, one of a group (masters[2]) or node names separated by commas");
                on = null;
            }
            String expect = optionalScalar(m, "expect", path + ".expect");
            if (expect != null && !expect.contains("${")) { // a template is checked once rendered per node
                try {
                    Pattern.compile(expect);
                } catch (java.util.regex.PatternSyntaxException e) {
                    problem(value(m, "expect"), path + ".expect", "'" + expect + "' is not a regular expression: "
                            + e.getDescription(), "expect: \"^active$\"");
                    expect = null;
                }
            }
            Text fail = optionalText(m, "fail", path + ".fail");
            return run == null ? null : new ScriptCheck(index, run, on, expect, fail, line(n));
        }
        // a probe: its own argument names are checked by the ProbeParser, so collect everything but probe/fail
        Map<String, NodeTuple> m = mapping(n, path);
        String type = scalar(value(m, "probe"), path + ".probe");
        Text fail = optionalText(m, "fail", path + ".fail");
        Map<String, Text> args = new LinkedHashMap<>();
        Map<String, String> raw = new LinkedHashMap<>();
        Map<String, Node> argNodes = new LinkedHashMap<>();
        for (Map.Entry<String, NodeTuple> e : m.entrySet()) {
            if (e.getKey().equals("probe") || e.getKey().equals("fail")) {
                continue;
            }
            Node v = e.getValue().getValueNode();
            // a selector may be a YAML list of nodes/groups (on: [master1, master2])
            Text t = v instanceof SequenceNode sq && sq.getValue().stream().allMatch(x -> x instanceof ScalarNode)
                    ? new Text(String.join(",", sq.getValue().stream().map(x -> ((ScalarNode) x).getValue()).toList()),
                    line(v))
                    : text(v, path + "." + e.getKey());
            argNodes.put(e.getKey(), e.getValue().getKeyNode());
            if (t != null) {
                args.put(e.getKey(), t);
                raw.put(e.getKey(), t.source());
            }
        }
        if (type == null) {
            return null;
        }
        type = type.trim();
        if (!Probes.knownTypes().contains(type)) {
            String near = dev.hardway.EditDistance.closest(type, Probes.knownTypes());
            problem(value(m, "probe"), path + ".probe", "unknown probe type '" + type + "'"
                            + (near != null ? " (did you mean '" + near + "'?)" : ""),
                    near != null ? "probe: " + near : "one of " + String.join(", ", Probes.knownTypes()));
            return null;
        }
        List<String> allowed = probeArguments(type);
        for (Map.Entry<String, String> a : raw.entrySet()) {
            String key = a.getKey();
            if (!allowed.contains(key)) {
                String near = dev.hardway.EditDistance.closest(key, allowed);
                problem(argNodes.get(key), path + "." + key, "probe " + type + " has no argument '" + key + "'"
                                + (near != null ? " (did you mean '" + near + "'?)" : ""),
                        near != null ? "rename it to " + near : allowed.isEmpty() ? "remove it; " + type
                                + " takes no arguments" : "remove it; " + type + " takes " + String.join(", ", allowed));
            } else if ((key.equals("members") || key.equals("port") || key.equals("count")
                    || key.equals("status")) && !a.getValue().contains("${")
                    && !a.getValue().trim().matches("\\d{1,9}")) {
                problem(argNodes.get(key), path + "." + key, "'" + a.getValue() + "' is not a whole number",
                        key + ": " + (key.equals("port") ? "6443" : key.equals("status") ? "200" : "3"));
            } else if ((key.equals("on") || key.equals("from")) && !Names.isSelectorSyntax(a.getValue())) {
                problem(argNodes.get(key), path + "." + key, "'" + a.getValue() + "' is not a node selector",
                        "all, masters, workers, lbs, elbs, routers, jumpbox, one of a group (masters[2]) or node names separated by commas");
            }
        }
        return new ProbeCheck(index, type, Map.copyOf(args), fail, line(n));
    }

    private static List<String> probeArguments(String type) {
        try {
            return Probes.arguments(type);
        } catch (ProbeSpecException e) {
            return List.of(); // the type was checked just before
        }
    }

    // ---- node helpers -------------------------------------------------------------------------------------

    /** Keys of a mapping in order; duplicates are reported (the first wins). */
    private Map<String, NodeTuple> mapping(Node n, String path) {
        return YamlKeys.keys((MappingNode) n, path, this::problem);
    }

    private void reportUnknownKeys(Map<String, NodeTuple> m, String path, List<String> allowed, String what) {
        YamlKeys.unknown(m, path, allowed, what, this::problem);
    }

    private static String keyOf(NodeTuple t) {
        return t.getKeyNode() instanceof ScalarNode s ? s.getValue() : null;
    }

    private static Node value(Map<String, NodeTuple> m, String key) {
        NodeTuple t = m.get(key);
        return t == null ? null : t.getValueNode();
    }

    private String requiredScalar(Map<String, NodeTuple> m, Node parent, String path, String key, String fix) {
        Node v = value(m, key);
        if (v == null) {
            problem(parent, join(path, key), "missing required key '" + key + "'", fix);
            return null;
        }
        String s = scalar(v, join(path, key));
        if (s != null && s.isBlank()) {
            problem(v, join(path, key), "'" + key + "' is empty", fix);
            return null;
        }
        return s;
    }

    private Text requiredText(Map<String, NodeTuple> m, Node parent, String path, String key, String fix) {
        Node v = value(m, key);
        if (v == null) {
            problem(parent, join(path, key), "missing required key '" + key + "'", fix);
            return null;
        }
        return text(v, join(path, key));
    }

    private String optionalScalar(Map<String, NodeTuple> m, String key, String path) {
        Node v = value(m, key);
        return v == null ? null : scalar(v, path);
    }

    private Text optionalText(Map<String, NodeTuple> m, String key, String path) {
        Node v = value(m, key);
        return v == null ? null : text(v, path);
    }

    private String scalar(Node n, String path) {
        if (n instanceof ScalarNode s) {
            return s.getValue();
        }
        problem(n, path, "expected a single value, found a " + (n instanceof SequenceNode ? "list" : "mapping"),
                "write it as key: value");
        return null;
    }

    private Text text(Node n, String path) {
        String s = scalar(n, path);
        if (s == null) {
            return null;
        }
        ScalarNode sn = (ScalarNode) n;
        boolean block = sn.getScalarStyle() == DumperOptions.ScalarStyle.LITERAL
                || sn.getScalarStyle() == DumperOptions.ScalarStyle.FOLDED;
        return new Text(s, line(n) + (block ? 1 : 0));
    }

    private SequenceNode seq(Node n, String path) {
        if (n instanceof SequenceNode s) {
            return s;
        }
        problem(n, path, "expected a list", "write it as [a, b] or one '- item' per line");
        return null;
    }

    private List<Text> textList(Node n, String path) {
        if (seq(n, path) == null) {
            return List.of();
        }
        List<Text> out = new ArrayList<>();
        List<Node> items = ((SequenceNode) n).getValue();
        for (int i = 0; i < items.size(); i++) {
            Text t = text(items.get(i), path + "[" + i + "]");
            if (t != null) {
                out.add(t);
            }
        }
        return List.copyOf(out);
    }

    private void templateFile(Node at, String path, String name) {
        if (name.contains("..") || name.startsWith("/")) {
            problem(at, path, "template '" + name + "' must be a file beside lesson.yaml",
                    "move it into " + dir.getFileName() + "/ and name it without a path");
            return;
        }
        if (!Files.isRegularFile(dir.resolve(name))) {
            problem(at, path, "template '" + name + "' not found in " + dir.getFileName() + "/",
                    "create " + dir.getFileName() + "/" + name + " or fix the name");
        }
    }

    private void problem(Node at, String path, String message, String fix) {
        problems.add(new Problem(file, at == null ? 0 : line(at), path, message, fix));
    }

    static int line(Node n) {
        return n.getStartMark().getLine() + 1;
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }
}
