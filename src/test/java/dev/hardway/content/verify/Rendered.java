package dev.hardway.content.verify;

import dev.hardway.cluster.ClusterConfig;
import dev.hardway.cluster.ClusterModel;
import dev.hardway.lab.sim.SimLab;
import dev.hardway.lesson.LessonCatalog;
import dev.hardway.lesson.LessonEngine;
import dev.hardway.progress.ProgressStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Everything {@code lesson render --all} writes for one cluster (the engine's own render, into {@code dir}), sorted
 * by kind: the run scripts and shell files, systemd units, containerd configs, kubeconfigs, YAML documents — the
 * latter also where a script writes them with a here-document ({@code cat > f.yaml <<EOF}). Kinds come from file
 * names and contents, so a new lesson's files are picked up without naming them here.
 */
public final class Rendered {

    public final Path dir;
    public final List<LessonEngine.PlannedStep> plan;
    public final String jumpbox;

    /** A piece of text to check: a rendered file, or a here-document inside a rendered script. */
    public record Doc(String name, Path file, int firstLine, String target, String text) {
        /** A here-document inside a script (its body starts after the line that opens it). */
        public boolean embedded() {
            return firstLine > 1;
        }

        /** "file:line" name of a line inside this document (1-based within the document). */
        public int line(int docLine) {
            return firstLine + docLine - 1;
        }
    }

    private Rendered(Path dir, List<LessonEngine.PlannedStep> plan, String jumpbox) {
        this.dir = dir;
        this.plan = plan;
        this.jumpbox = jumpbox;
    }

    /** Renders every lesson of {@code lessons} for {@code config} into {@code dir} with the engine's render. */
    public static Rendered of(ClusterConfig config, Path lessons, Path dir) throws Exception {
        LessonCatalog catalog = LessonCatalog.load(lessons);
        Files.createDirectories(dir);
        try (SimLab lab = new SimLab(new ClusterModel(config), dir.resolveSibling(dir.getFileName() + "-sim.json"))) {
            LessonEngine engine = new LessonEngine(lab, catalog, catalog.renderer(),
                    new ProgressStore(dir.resolveSibling(dir.getFileName() + "-progress.yaml"), config.name()), null);
            engine.render(null, dir);
            String jb = config.nodes().stream().filter(n -> n.roles().contains(ClusterConfig.Role.JUMPBOX))
                    .map(ClusterConfig.Node::name).findFirst().orElse("jumpbox");
            return new Rendered(dir, engine.plan(null), jb);
        }
    }

    /** A tree that is not a render (the negative tests' hand-written files). */
    public static Rendered ofTree(Path dir) {
        return new Rendered(dir, List.of(), "jumpbox");
    }

    public List<Path> files() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    public String rel(Path p) {
        return dir.relativize(p).toString();
    }

    static String read(Path p) throws IOException {
        return new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
    }

    /** Shell: every run.sh, *.sh, and any file whose first line is a bash/sh shebang. */
    public List<Path> scripts() throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path p : files()) {
            String n = p.getFileName().toString();
            if (n.endsWith(".sh") || firstLine(p).matches("#!\\s*(/usr/bin/env\\s+)?(/bin/|/usr/bin/)?(ba)?sh\\b.*")) {
                out.add(p);
            }
        }
        return out;
    }

    private static String firstLine(Path p) throws IOException {
        String t = read(p);
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl);
    }

    /** Every document of a kind: rendered files plus here-documents of the scripts. */
    public List<Doc> docs(java.util.function.Predicate<Doc> kind) throws IOException {
        List<Doc> out = new ArrayList<>();
        for (Path p : files()) {
            if (p.getFileName().toString().equals("SKIPPED")) {
                continue;
            }
            Doc d = new Doc(rel(p), p, 1, "/" + p.getFileName(), read(p));
            if (kind.test(d)) {
                out.add(d);
            }
        }
        for (Path s : scripts()) {
            for (Doc d : heredocs(rel(s), s, read(s))) {
                if (kind.test(d)) {
                    out.add(d);
                }
            }
        }
        return out;
    }

    public static boolean isUnit(Doc d) {
        return d.target().endsWith(".service");
    }

    /** An FRR configuration (/etc/frr/frr.conf, lesson 16's router). */
    public static boolean isFrrConfig(Doc d) {
        return d.target().endsWith("/frr/frr.conf") || d.target().endsWith("/frr.conf");
    }

    /** haproxy's config (lessons 07, 13): /etc/haproxy/haproxy.cfg. */
    public static boolean isHaproxyConfig(Doc d) {
        return d.target().endsWith("/haproxy.cfg");
    }

    /** keepalived's config or the template a step turns into it (keepalived.conf.in, with __IFACE__). */
    public static boolean isKeepalivedConfig(Doc d) {
        String n = d.target().substring(d.target().lastIndexOf('/') + 1);
        return n.equals("keepalived.conf") || n.equals("keepalived.conf.in");
    }

    public static boolean isContainerdConfig(Doc d) {
        return d.target().endsWith(".toml") && (d.text().contains("[plugins") || d.text().matches("(?s).*^version\\s*=.*"));
    }

    public static boolean isKubeconfig(Doc d) {
        String n = d.target().substring(d.target().lastIndexOf('/') + 1);
        return n.endsWith(".kubeconfig") || n.equals("kubeconfig")
                || d.text().matches("(?s)(.*\\n)?kind:\\s*Config\\s*\\n.*") && d.text().contains("clusters:");
    }

    /** A YAML document that names an apiVersion (manifests and component configs), kubeconfigs excepted. */
    public static boolean isManifest(Doc d) {
        String t = d.target();
        boolean yamlName = t.endsWith(".yaml") || t.endsWith(".yml") || t.endsWith(".yaml.new") || t.endsWith(".json");
        // a here-document counts by its content (kubectl apply -f - <<EOF has no file name); a file by its name
        return (yamlName || d.embedded())
                && Pattern.compile("(?m)^apiVersion:").matcher(d.text()).find() && !isKubeconfig(d);
    }

    private static final Pattern HEREDOC = Pattern.compile("<<(-?)\\s*(['\"]?)([A-Za-z_][A-Za-z0-9_]*)\\2");
    private static final Pattern TARGET = Pattern.compile("(?:>\\s*|\\btee\\s+(?:-a\\s+)?)(\"?)([^\\s\"|;&)]+)\\1");

    /** Here-documents of a script: body, first body line, and the file it is written to (or "" if none). */
    static List<Doc> heredocs(String name, Path file, String script) {
        List<Doc> out = new ArrayList<>();
        List<String> lines = script.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = HEREDOC.matcher(lines.get(i));
            if (!m.find() || lines.get(i).stripLeading().startsWith("#")) {
                continue;
            }
            String delim = m.group(3);
            boolean tabs = !m.group(1).isEmpty();
            Matcher t = TARGET.matcher(lines.get(i).replace(m.group(), " "));
            String target = t.find() ? t.group(2) : "";
            StringBuilder body = new StringBuilder();
            int j = i + 1;
            for (; j < lines.size(); j++) {
                String l = tabs ? lines.get(j).replaceFirst("^\t+", "") : lines.get(j);
                if (l.equals(delim)) {
                    break;
                }
                body.append(l).append('\n');
            }
            out.add(new Doc(name, file, i + 2, target, body.toString()));
            i = j;
        }
        return out;
    }
}
