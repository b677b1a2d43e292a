package dev.hardway.lesson;

import dev.hardway.Problem;

import dev.hardway.cluster.ClusterConfig.Node;
import dev.hardway.cluster.ClusterModel;
import dev.hardway.lab.Probe;
import dev.hardway.lab.ProbeSpecException;
import dev.hardway.lab.Probes;
import dev.hardway.lab.StepAction;
import dev.hardway.lesson.Check.ProbeCheck;
import dev.hardway.lesson.Check.ScriptCheck;
import dev.hardway.render.RenderException;
import dev.hardway.render.Renderer;
import dev.hardway.render.TemplateModel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders the parts of a lesson for one cluster: conditions, explanations, each node's {@link StepAction.NodeAction},
 * and each check's probes and failure texts. Shared by the validator (which renders everything to find errors) and
 * the engine (which renders what it runs), so both see the same errors. Every failure becomes a
 * {@link LessonException} naming the file, line, path and node.
 */
final class Rendering {

    private final ClusterModel cluster;
    private final Renderer renderer;
    private final String rootName;

    Rendering(ClusterModel cluster, Renderer renderer, String rootName) {
        this.cluster = cluster;
        this.renderer = renderer;
        this.rootName = rootName;
    }

    ClusterModel cluster() {
        return cluster;
    }

    /** A probe to evaluate for one check: {@code node} is who {@code ${node}} names in the failure text. */
    record PlannedProbe(Probe probe, String node, String failText) {
    }

    /** A script check on one node. */
    record PlannedScript(String node, String script, String expect, String failText) {
    }

    boolean applies(Lesson l) throws LessonException {
        return l.applies() == null || bool(l, l.applies(), "applies", TemplateModel.of(cluster));
    }

    boolean when(Lesson l, Step s) throws LessonException {
        return s.when() == null || bool(l, s.when(), s.path() + ".when", TemplateModel.of(cluster));
    }

    private boolean bool(Lesson l, Text t, String path, Map<String, Object> model) throws LessonException {
        String v = text(l, t, path, model, false).trim();
        if (v.equals("true")) {
            return true;
        }
        if (v.equals("false")) {
            return false;
        }
        throw new LessonException(new Problem(l.file(), t.line(), path, "renders to '" + v + "', not true or false",
                "write a boolean expression and print it with ?c, e.g. \"${cluster.hasApiLb?c}\""));
    }

    String explainLesson(Lesson l) throws LessonException {
        if (l.explainTemplate() == null) {
            return "";
        }
        try {
            return renderer.renderFile(l.templateName(l.explainTemplate()), TemplateModel.of(cluster));
        } catch (RenderException e) {
            throw fileProblem(l, "explain", null, e);
        }
    }

    List<Node> nodes(Lesson l, Step s) throws LessonException {
        if (s.drives()) {
            return List.of(); // its commands name their nodes; it runs on none
        }
        return select(l, s.on(), s.path() + ".on");
    }

    private List<Node> select(Lesson l, Text on, String path) throws LessonException {
        try {
            return cluster.resolve(on.source());
        } catch (dev.hardway.cluster.ClusterModel.SelectorException e) {
            throw new LessonException(new Problem(l.file(), on.line(), path, e.what() + " on cluster " + cluster.name(),
                    e.fix()));
        }
    }

    /** The step's title, rendered with the cluster (titles may name versions or nodes: "Download etcd ${cluster.versions.etcd}"). */
    String title(Lesson l, Step s) throws LessonException {
        return text(l, new Text(s.title(), s.line()), s.path() + ".title", TemplateModel.of(cluster), false).strip();
    }

    /** The step's short explanation, with {@code node} = its first node. */
    String explainStep(Lesson l, Step s, List<Node> nodes) throws LessonException {
        if (s.explain() == null) {
            return "";
        }
        return text(l, s.explain(), s.path() + ".explain", model(nodes.isEmpty() ? null : nodes.get(0)), false);
    }

    List<String> hints(Lesson l, Step s, List<Node> nodes) throws LessonException {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < s.hints().size(); i++) {
            out.add(text(l, s.hints().get(i), s.path() + ".hints[" + i + "]",
                    model(nodes.isEmpty() ? null : nodes.get(0)), false).strip());
        }
        return out;
    }

    StepAction.NodeAction action(Lesson l, Step s, Node node) throws LessonException {
        return action(l, s, node, null);
    }

    /**
     * Renders one node's action. With a {@code sink}, every problem is added to it and rendering goes on (the
     * validator wants them all); without, the first problem is thrown.
     */
    StepAction.NodeAction action(Lesson l, Step s, Node node, List<Problem> sink) throws LessonException {
        Map<String, Object> model = TemplateModel.of(cluster, node);
        List<StepAction.FileWrite> files = new ArrayList<>();
        for (int i = 0; i < s.files().size(); i++) {
            Step.FileSpec f = s.files().get(i);
            String path = s.path() + ".files[" + i + "]";
            String to = guard(sink, "", () -> text(l, f.to(), path + ".to", model, false).trim());
            String content = guard(sink, "", () -> {
                try {
                    return renderer.renderFile(l.templateName(f.template()), model);
                } catch (RenderException e) {
                    throw fileProblem(l, path + ".template", node, e);
                }
            });
            files.add(new StepAction.FileWrite(to, content.getBytes(StandardCharsets.UTF_8), mode(f.mode(), "0644"),
                    f.owner()));
        }
        List<dev.hardway.lab.ApiObject> objects = new ArrayList<>();
        for (int i = 0; i < s.manifests().size(); i++) {
            Step.FileSpec f = s.manifests().get(i);
            String path = s.path() + ".manifests[" + i + "]";
            String to = guard(sink, "", () -> text(l, f.to(), path + ".to", model, false).trim());
            String content = guard(sink, null, () -> {
                try {
                    return renderer.renderFile(l.templateName(f.template()), model);
                } catch (RenderException e) {
                    throw fileProblem(l, path + ".template", node, e);
                }
            });
            if (content == null) {
                continue;
            }
            files.add(new StepAction.FileWrite(to, content.getBytes(StandardCharsets.UTF_8), mode(f.mode(), "0644"),
                    f.owner()));
            List<dev.hardway.lab.ApiObject> declared = guard(sink, List.of(), () -> {
                try {
                    return dev.hardway.lab.ApiObject.parse(content);
                } catch (dev.hardway.lab.ApiObject.ManifestException e) {
                    throw new LessonException(new Problem(l.file(), f.line(), path + ".template", f.template()
                            + " rendered for " + node.name() + " on cluster " + cluster.name() + " is not a manifest"
                            + " the lessons can apply: " + e.what(), e.fix()));
                }
            });
            objects.addAll(declared);
        }
        List<StepAction.FileCopy> copies = new ArrayList<>();
        for (int i = 0; i < s.copies().size(); i++) {
            Step.CopySpec c = s.copies().get(i);
            String path = s.path() + ".copy[" + i + "]";
            List<Node> from = select(l, new Text(c.fromNode(), c.line()), path + ".from_node");
            if (from.size() != 1) {
                throw new LessonException(new Problem(l.file(), c.line(), path + ".from_node", "'" + c.fromNode()
                        + "' selects " + from.size() + " nodes on cluster " + cluster.name() + ", a copy needs one",
                        "name one node, e.g. from_node: jumpbox"));
            }
            String fromPath = guard(sink, "", () -> text(l, c.from(), path + ".from", model, false).trim());
            String toPath = guard(sink, "", () -> text(l, c.to(), path + ".to", model, false).trim());
            copies.add(new StepAction.FileCopy(from.get(0).name(), fromPath, toPath, mode(c.mode(), "0600"),
                    c.owner()));
        }
        String script = s.run() == null ? "" : guard(sink, "", () -> text(l, s.run(), s.path() + ".run", model, true));
        List<String> creates = new ArrayList<>();
        for (int i = 0; i < s.creates().size(); i++) {
            Text t = s.creates().get(i);
            String p = s.path() + ".creates[" + i + "]";
            // one entry may render to several paths (a <#list> over nodes), separated by whitespace
            for (String path : guard(sink, "", () -> text(l, t, p, model, false)).trim().split("\\s+")) {
                if (!path.isEmpty()) {
                    creates.add(path);
                }
            }
        }
        return new StepAction.NodeAction(node.name(), List.copyOf(files), List.copyOf(copies), script,
                List.copyOf(creates), s.services(), List.copyOf(objects));
    }

    private interface Part<T> {
        T get() throws LessonException;
    }

    private static <T> T guard(List<Problem> sink, T fallback, Part<T> part) throws LessonException {
        try {
            return part.get();
        } catch (LessonException e) {
            if (sink == null) {
                throw e;
            }
            sink.add(e.problem());
            return fallback;
        }
    }

    private static String mode(String m, String dflt) {
        return m == null ? dflt : m;
    }

    /** Probe types that look at nodes one by one: evaluated per node, so a failure names its node. */
    private static final Set<String> PER_NODE = Set.of("service-active", "file-exists", "node-ready",
            "node-address", "kubelet-config", "proxy-mode");

    /** The probes one probe check evaluates: one per node for per-node probes, else one. */
    List<PlannedProbe> probes(Lesson l, Step s, ProbeCheck c, List<Node> stepNodes) throws LessonException {
        String path = s.path() + ".check[" + c.index() + "]";
        Map<String, Object> args = new LinkedHashMap<>();
        c.args().forEach((k, v) -> args.put(k, v.source()));
        List<PlannedProbe> out = new ArrayList<>();
        if (PER_NODE.contains(c.type())) {
            Text on = c.args().containsKey("on") ? c.args().get("on")
                    : new Text(c.type().equals("node-ready") || c.type().equals("node-address") ? "workers"
                            : s.on().source(), s.on().line());
            for (Node n : select(l, on, path + ".on")) {
                Map<String, Object> one = new LinkedHashMap<>(args);
                one.put("on", n.name());
                out.add(new PlannedProbe(parse(l, s, c, path, one), n.name(), fail(l, c, path, n)));
            }
            return out;
        }
        Node focus = stepNodes.isEmpty() ? null : stepNodes.get(0);
        if (c.args().containsKey("from")) {
            List<Node> from = select(l, c.args().get("from"), path + ".from");
            focus = from.isEmpty() ? focus : from.get(0);
        } else if (c.type().equals("port-open") && cluster.jumpbox().isPresent()) {
            focus = cluster.jumpbox().get();
        }
        out.add(new PlannedProbe(parse(l, s, c, path, args), focus == null ? null : focus.name(),
                fail(l, c, path, focus)));
        return out;
    }

    private Probe parse(Lesson l, Step s, ProbeCheck c, String path, Map<String, Object> args)
            throws LessonException {
        String[] arg = new String[1];
        Probes.TemplateText render = (template, node) -> {
            // which argument this is, for the error's path and line
            Map.Entry<String, Text> a = c.args().entrySet().stream().filter(e -> e.getValue().source().equals(template))
                    .findFirst().orElse(null);
            arg[0] = a == null ? null : a.getKey();
            Text t = a == null ? new Text(template, c.line()) : a.getValue();
            if (!t.isTemplate()) {
                return template;
            }
            return renderer.renderText(l.file() + " " + path + "." + arg[0], t.line(), template, model(node), false);
        };
        try {
            return Probes.parse(c.type(), args, s.on() == null ? null : s.on().source(), cluster, render);
        } catch (ProbeSpecException e) {
            throw new LessonException(new Problem(l.file(), c.line(), path + " [" + cluster.name() + "]", e.what(),
                    e.fix()));
        } catch (RenderException e) {
            throw new LessonException(new Problem(l.file(), e.line(), path + "." + arg[0] + where(
                    args.get("on") instanceof String on && cluster.node(on).isPresent() ? on : null), trimDot(e.what()),
                    e.fix()));
        }
    }

    List<PlannedScript> scripts(Lesson l, Step s, ScriptCheck c) throws LessonException {
        String path = s.path() + ".check[" + c.index() + "]";
        Text on = c.on() == null ? s.on() : c.on();
        List<PlannedScript> out = new ArrayList<>();
        for (Node n : select(l, on, path + ".on")) {
            String expect = c.expect() == null ? null
                    : text(l, new Text(c.expect(), c.line()), path + ".expect", model(n), false);
            if (expect != null) {
                try {
                    java.util.regex.Pattern.compile(expect);
                } catch (java.util.regex.PatternSyntaxException e) {
                    throw new LessonException(new Problem(l.file(), c.line(), path + ".expect" + where(n.name()),
                            "'" + expect + "' is not a regular expression: " + e.getDescription(),
                            "quote regex characters in the values, e.g. ${x?replace('.', '\\\\.')}"));
                }
            }
            out.add(new PlannedScript(n.name(), text(l, c.run(), path + ".run", model(n), true), expect,
                    fail(l, c, path, n)));
        }
        return out;
    }

    private String fail(Lesson l, Check c, String path, Node node) throws LessonException {
        if (c.fail() == null) {
            return null;
        }
        return text(l, c.fail(), path + ".fail", model(node), false).strip();
    }

    private Map<String, Object> model(Node node) {
        return node == null ? TemplateModel.of(cluster) : TemplateModel.of(cluster, node);
    }

    /**
     * A drive step's entries rendered for this cluster, in order: entries whose {@code when} is false here are
     * left out; nodes are resolved (one node each), fault modes and expected values typed.
     */
    List<dev.hardway.lab.drill.DrillBeat> drive(Lesson l, Step s) throws LessonException {
        List<dev.hardway.lab.drill.DrillBeat> out = new ArrayList<>();
        Map<String, Object> model = TemplateModel.of(cluster);
        for (int i = 0; i < s.drive().size(); i++) {
            Step.DriveSpec d = s.drive().get(i);
            String path = s.path() + ".drive[" + d.index() + "]";
            if (d.when() != null && !bool(l, d.when(), path + ".when", model)) {
                continue;
            }
            String target = text(l, d.target(), path + "." + d.verb(), model, false).trim();
            dev.hardway.lab.fault.FaultMode mode = null;
            if (d.mode() != null) {
                try {
                    mode = dev.hardway.lab.fault.FaultMode.of(d.mode());
                } catch (dev.hardway.HardwayException e) {
                    throw new LessonException(new Problem(l.file(), d.line(), path + ".mode", "unknown fault mode '"
                            + Problem.clip(d.mode()) + "'", "one of power, services, network, crash"));
                }
            }
            dev.hardway.lab.fault.FaultMode fm = mode;
            dev.hardway.lab.drill.DrillCommand cmd = switch (d.verb()) {
                case "break" -> new dev.hardway.lab.drill.DrillCommand.Break(new dev.hardway.lab.fault.BreakRequest(
                        oneNode(l, d.target(), target, path + ".break"), fm, d.service()));
                case "heal" -> new dev.hardway.lab.drill.DrillCommand.Heal(target.equals("all") || target.equals("--all")
                        ? null : oneNode(l, d.target(), target, path + ".heal"));
                default -> new dev.hardway.lab.drill.DrillCommand.Look(d.verb(),
                        dev.hardway.lab.drill.DrillCommand.Subject.of(target));
            };
            out.add(new dev.hardway.lab.drill.DrillBeat(cmd, expect(l, d, path, model), d.within(), d.line()));
        }
        return List.copyOf(out);
    }

    private String oneNode(Lesson l, Text at, String name, String path) throws LessonException {
        if (cluster.config().nodes().stream().noneMatch(n -> n.name().equals(name))) {
            String near = dev.hardway.EditDistance.closest(name, cluster.config().nodes().stream()
                    .map(dev.hardway.cluster.ClusterConfig.Node::name).toList());
            throw new LessonException(new Problem(l.file(), at.line(), path, "cluster " + cluster.name() + " has no"
                    + " node '" + Problem.clip(name) + "'" + (near != null ? " (did you mean " + near + "?)" : ""),
                    "name a node of the cluster, e.g. \"${cluster.masters[0].name}\""));
        }
        return name;
    }

    private dev.hardway.lab.drill.DrillExpect expect(Lesson l, Step.DriveSpec d, String path, Map<String, Object> model)
            throws LessonException {
        Map<String, String> v = new LinkedHashMap<>();
        for (Map.Entry<String, Text> e : d.expect().entrySet()) {
            v.put(e.getKey(), text(l, e.getValue(), path + ".expect." + e.getKey(), model, false).trim());
        }
        Boolean ok = flag(l, d, path, v, "ok");
        Integer healthy = null;
        if (v.containsKey("healthy")) {
            try {
                healthy = Integer.parseInt(v.get("healthy"));
            } catch (NumberFormatException e) {
                throw new LessonException(new Problem(l.file(), d.expect().get("healthy").line(), path
                        + ".expect.healthy", "renders to '" + Problem.clip(v.get("healthy")) + "', not a number",
                        "healthy: 2"));
            }
        }
        String holder = v.get("holder");
        if (holder != null) {
            oneNode(l, d.expect().get("holder"), holder, path + ".expect.holder");
        }
        return new dev.hardway.lab.drill.DrillExpect(ok, healthy, flag(l, d, path, v, "quorum"),
                flag(l, d, path, v, "leader"), holder, flag(l, d, path, v, "split_brain"), flag(l, d, path, v,
                "through"), flag(l, d, path, v, "api"), v.get("not_ready"));
    }

    private static Boolean flag(Lesson l, Step.DriveSpec d, String path, Map<String, String> v, String key)
            throws LessonException {
        String s = v.get(key);
        if (s == null) {
            return null;
        }
        if (s.equals("true") || s.equals("false")) {
            return Boolean.valueOf(s);
        }
        throw new LessonException(new Problem(l.file(), d.expect().get(key).line(), path + ".expect." + key,
                "renders to '" + Problem.clip(s) + "', not true or false", key + ": true"));
    }

    private String text(Lesson l, Text t, String path, Map<String, Object> model, boolean bash)
            throws LessonException {
        if (!t.isTemplate()) {
            return t.source();
        }
        String name = l.file() + " " + path;
        try {
            return renderer.renderText(name, t.line(), t.source(), model, bash);
        } catch (RenderException e) {
            Object node = model.get("node");
            throw new LessonException(new Problem(l.file(), e.line(), path + where(node), trimDot(e.what()), e.fix()));
        }
    }

    private LessonException fileProblem(Lesson l, String path, Node node, RenderException e) {
        String file = e.template().contains("/") ? rootName + "/" + e.template() : l.file();
        int line = e.line();
        String p = path + where(node == null ? null : node.name());
        if (line == 0) {
            // the template itself is missing: point at the lesson file
            return new LessonException(new Problem(l.file(), 0, p, trimDot(e.what()), e.fix()));
        }
        return new LessonException(new Problem(file, line, p, trimDot(e.what()), e.fix()));
    }

    private String where(Object node) {
        return " [" + (node == null ? "" : node + " of ") + cluster.name() + "]";
    }

    private static String trimDot(String s) {
        s = s.strip();
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
