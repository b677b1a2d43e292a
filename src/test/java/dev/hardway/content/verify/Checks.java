package dev.hardway.content.verify;

import dev.hardway.EditDistance;
import dev.hardway.content.verify.Rendered.Doc;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
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
 * The render verifiers: each takes rendered documents and returns what it refuses, every finding with its file and
 * line. The tool-backed ones (shellcheck, systemd-analyze, kubectl, containerd) run the real programs.
 */
public final class Checks {

    private Checks() {
    }

    // ------------------------------------------------------------------------------------------- shellcheck --

    /**
     * Checks left out, each for a reason (everything else shellcheck 0.9 reports, down to style notes, fails):
     * <ul>
     * <li>SC1091 "not following": a script sources a file written by an earlier step or lesson (e.g.
     * /etc/hardway/node.env); sources rendered in the same step are followed (-x, see {@link #shellcheck}).</li>
     * <li>SC2317 "command appears to be unreachable": the helper libraries' {@code return 1 2>/dev/null || exit 1}
     * (works sourced and run) and functions only their sourcing scripts call; shellcheck 0.9 cannot see either.</li>
     * </ul>
     */
    public static final List<String> SHELLCHECK_EXCLUDES = List.of("SC1091", "SC2317");

    private static final Pattern SOURCE = Pattern.compile("^(\\s*(?:\\.|source)\\s+)(\\S+)(.*)$");
    private static final Pattern GCC = Pattern.compile("^(.+?):(\\d+):(\\d+): (\\w+): (.*)$");

    /**
     * Runs shellcheck (bash dialect: the engine runs every script with bash; sourced helpers have no shebang) over
     * every script at once. So that {@code -x} can follow a {@code . /root/pki/lib.sh}, each script is checked as a
     * copy whose source lines point at the rendered file of the same step and node (same line count).
     */
    public static List<Finding> shellcheck(Rendered r, Path shellcheck, Path work) throws IOException {
        return shellcheck(r, shellcheck, work, new HashMap<>());
    }

    /**
     * As {@link #shellcheck(Rendered, Path, Path)}, checking each distinct script (its text and the files it
     * sources) once across calls: {@code seen} maps that content to its findings, which a later identical script
     * (another node, another cluster) gets under its own name without running shellcheck again.
     */
    public static List<Finding> shellcheck(Rendered r, Path shellcheck, Path work, Map<String, List<Finding>> seen)
            throws IOException {
        List<Path> all = r.scripts();
        List<Finding> out = new ArrayList<>();
        List<Path> scripts = new ArrayList<>();
        Map<String, String> keyOf = new HashMap<>();
        Map<String, String> dupes = new HashMap<>();
        for (Path s : all) {
            String followable = followableSources(r, s);
            StringBuilder key = new StringBuilder(Rendered.read(s));
            for (String line : followable.split("\n")) {
                Matcher m = SOURCE.matcher(line);
                if (m.matches() && Files.isRegularFile(Path.of(m.group(2)))) {
                    key.append('\0').append(Rendered.read(Path.of(m.group(2))));
                }
            }
            String k = key.toString();
            List<Finding> before = seen.get(k);
            if (before != null) {
                before.forEach(f -> out.add(new Finding(r.rel(s), f.line(), f.what())));
            } else if (keyOf.containsValue(k)) {
                dupes.put(r.rel(s), k);
            } else {
                keyOf.put(r.rel(s), k);
                scripts.add(s);
            }
        }
        if (scripts.isEmpty()) {
            return out;
        }
        Map<String, String> back = new HashMap<>();
        List<String> cmd = new ArrayList<>(List.of(shellcheck.toString(), "-x", "-s", "bash", "-f", "gcc",
                "-e", String.join(",", SHELLCHECK_EXCLUDES)));
        for (Path s : scripts) {
            Path copy = work.resolve(r.rel(s));
            Files.createDirectories(copy.getParent());
            Files.writeString(copy, followableSources(r, s));
            back.put(copy.toString(), r.rel(s));
            back.put(s.toString(), r.rel(s));
            cmd.add(copy.toString());
        }
        Tools.Result res = Tools.run(cmd, Duration.ofMinutes(2));
        Map<String, List<Finding>> found = new HashMap<>();
        keyOf.keySet().forEach(rel -> found.put(rel, new ArrayList<>()));
        for (String line : (res.out() + "\n" + res.err()).lines().toList()) {
            Matcher m = GCC.matcher(line);
            if (m.matches()) {
                String rel = back.getOrDefault(m.group(1), m.group(1));
                found.computeIfAbsent(rel, x -> new ArrayList<>()).add(new Finding(rel, Integer.parseInt(m.group(2)),
                        "shellcheck " + m.group(4) + ": " + m.group(5)));
            } else if (!line.isBlank()) {
                out.add(new Finding("shellcheck", 0, line));
            }
        }
        found.forEach((rel, f) -> {
            out.addAll(f);
            if (keyOf.containsKey(rel)) {
                seen.put(keyOf.get(rel), f);
            }
        });
        dupes.forEach((rel, k) -> seen.getOrDefault(k, List.of()).forEach(f -> out.add(new Finding(rel, f.line(),
                f.what()))));
        if (res.exit() != 0 && out.isEmpty()) {
            out.add(new Finding("shellcheck", 0, "exit " + res.exit() + ": " + res.tail()));
        }
        return out;
    }

    /** The script with each source line pointing at the rendered copy of the sourced file, if there is one. */
    static String followableSources(Rendered r, Path script) throws IOException {
        Path nodeDir = nodeDir(r, script);
        StringBuilder sb = new StringBuilder();
        for (String line : Rendered.read(script).split("\n", -1)) {
            Matcher m = SOURCE.matcher(line);
            if (m.matches() && nodeDir != null) {
                Optional<Path> f = sourced(nodeDir.resolve("files"), m.group(2));
                if (f.isPresent()) {
                    line = m.group(1) + f.get() + m.group(3);
                }
            }
            sb.append(line).append('\n');
        }
        return sb.substring(0, sb.length() - 1);
    }

    private static Path nodeDir(Rendered r, Path script) {
        for (Path p = script.getParent(); p != null && p.startsWith(r.dir); p = p.getParent()) {
            if (Files.exists(p.resolve("run.sh")) || p.getFileName().toString().equals("files")) {
                return p.getFileName().toString().equals("files") ? p.getParent() : p;
            }
        }
        return null;
    }

    private static Optional<Path> sourced(Path files, String path) throws IOException {
        if (!Files.isDirectory(files)) {
            return Optional.empty();
        }
        if (path.startsWith("/")) {
            Path p = files.resolve(path.substring(1));
            return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
        }
        String base = Path.of(path).getFileName().toString();
        try (Stream<Path> s = Files.walk(files)) {
            return s.filter(p -> p.getFileName().toString().equals(base) && Files.isRegularFile(p)).findFirst();
        }
    }

    // ---------------------------------------------------------------------------------------------- units --

    /** An Exec line of a unit: its key, the program, and each flag with the physical line it is on. */
    record Exec(String key, int line, String program, List<Flag> flags) {
    }

    record Flag(String name, int line) {
    }

    static List<Exec> execs(String unit) {
        List<Exec> out = new ArrayList<>();
        List<String> lines = unit.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i).strip();
            Matcher m = Pattern.compile("^(Exec(?:Start|StartPre|StartPost|Reload|Stop|StopPost))\\s*=\\s*(.*)$").matcher(l);
            if (!m.matches()) {
                continue;
            }
            int first = i + 1;
            List<String[]> words = new ArrayList<>();   // {word, line}
            String rest = m.group(2);
            while (true) {
                boolean more = rest.endsWith("\\");
                String body = more ? rest.substring(0, rest.length() - 1) : rest;
                for (String w : body.trim().split("\\s+")) {
                    if (!w.isEmpty()) {
                        words.add(new String[] {w, String.valueOf(i + 1)});
                    }
                }
                if (!more || i + 1 >= lines.size()) {
                    break;
                }
                rest = lines.get(++i).strip();
            }
            if (words.isEmpty()) {
                continue;
            }
            String program = words.get(0)[0].replaceFirst("^[-@:+!]+", "");
            List<Flag> flags = new ArrayList<>();
            for (String[] w : words.subList(1, words.size())) {
                if (w[0].startsWith("--") && w[0].length() > 2) {
                    flags.add(new Flag(w[0].split("=", 2)[0], Integer.parseInt(w[1])));
                }
            }
            out.add(new Exec(m.group(1), first, program, flags));
        }
        return out;
    }

    /** Every flag of a kube-* or etcd ExecStart must be in that component's fixture (and not refused there). */
    public static List<Finding> flags(List<Doc> units) {
        List<Finding> out = new ArrayList<>();
        for (Doc d : units) {
            for (Exec e : execs(d.text())) {
                String component = Path.of(e.program()).getFileName().toString();
                if (!Fixtures.COMPONENTS.contains(component)) {
                    continue;
                }
                Map<String, String> known = Fixtures.flags(component);
                for (Flag f : e.flags()) {
                    if (!known.containsKey(f.name())) {
                        String near = EditDistance.closest(f.name().substring(2), known.keySet().stream()
                                .map(k -> k.substring(2)).toList());
                        out.add(new Finding(d.name(), d.line(f.line()), f.name() + " is not a " + component
                                + " flag in the pinned release (" + Fixtures.flagsFile(component)
                                + (near == null ? "" : "; did you mean --" + near + "?") + ")"));
                    } else if (known.get(f.name()) != null) {
                        out.add(new Finding(d.name(), d.line(f.line()), f.name() + " (" + component + "): "
                                + known.get(f.name())));
                    }
                }
            }
        }
        return out;
    }

    private static final Pattern ANALYZE = Pattern.compile("^(/[^:]+):(\\d+): (.*)$");

    /**
     * {@code systemd-analyze verify} of every unit, all units of one node together so their dependencies resolve.
     * What it cannot judge here: whether the programs exist (the build host has no kube binaries), so each Exec
     * line's program is replaced by /bin/true in the copy it sees (same lines); every section, key and value, the
     * unit's type, dependencies and ordering are judged by this host's systemd.
     */
    public static List<Finding> systemdVerify(List<Doc> units, Path analyze, Path work) throws IOException {
        Map<Path, List<Doc>> byNode = new HashMap<>();
        for (Doc d : units) {
            // rendered as <lesson>/<step>/<node>/files/<path>: one directory per node, over every lesson, so a
            // kubelet.service that wants containerd.service (lesson 08) finds it
            Path name = Path.of(d.name());
            String node = name.getNameCount() > 3 ? name.getName(2).toString()
                    : String.valueOf(name.getParent()).replace('/', '_');
            Path nodeDir = work.resolve(node);
            byNode.computeIfAbsent(nodeDir, k -> new ArrayList<>()).add(d);
        }
        List<Finding> out = new ArrayList<>();
        for (Map.Entry<Path, List<Doc>> e : byNode.entrySet()) {
            Files.createDirectories(e.getKey());
            Map<String, Doc> byFile = new HashMap<>();
            List<String> cmd = new ArrayList<>(List.of(analyze.toString(), "verify", "--man=no"));
            for (Doc d : e.getValue()) {
                Path copy = e.getKey().resolve(Path.of(d.target()).getFileName().toString());
                Files.writeString(copy, stubPrograms(d.text()));
                byFile.put(copy.toString(), d);
                cmd.add(copy.toString());
            }
            Tools.Result res = Tools.run(cmd, Duration.ofSeconds(60));
            for (String line : (res.err() + "\n" + res.out()).lines().filter(l -> !l.isBlank()).toList()) {
                Matcher m = ANALYZE.matcher(line);
                Doc d = m.matches() ? byFile.get(m.group(1)) : null;
                if (d != null) {
                    out.add(new Finding(d.name(), d.line(Integer.parseInt(m.group(2))), "systemd-analyze: " + m.group(3)));
                } else {
                    out.add(new Finding(e.getValue().get(0).name(), 0, "systemd-analyze: " + line));
                }
            }
            if (res.exit() != 0 && out.isEmpty()) {
                out.add(new Finding(e.getValue().get(0).name(), 0, "systemd-analyze exit " + res.exit()));
            }
        }
        return out;
    }

    static String stubPrograms(String unit) {
        return Pattern.compile("(?m)^(\\s*Exec\\w+\\s*=\\s*[-@:+!]*)(\\S+)").matcher(unit).replaceAll("$1/bin/true");
    }

    // ---------------------------------------------------------------------------------- YAML manifests --

    private static Yaml yaml() {
        LoaderOptions o = new LoaderOptions();
        o.setAllowDuplicateKeys(false);
        return new Yaml(new SafeConstructor(o));
    }

    static int line(Node n) {
        return n.getStartMark() == null ? 1 : n.getStartMark().getLine() + 1;
    }

    /**
     * Every YAML document must parse and name an apiVersion/kind of the pinned release; a component config's every
     * field must exist in that kind's fixture.
     */
    public static List<Finding> manifests(List<Doc> docs) {
        List<Finding> out = new ArrayList<>();
        Map<String, String> kinds = Fixtures.kinds();
        for (Doc d : docs) {
            List<Node> nodes = new ArrayList<>();
            try {
                yaml().composeAll(new StringReader(d.text())).forEach(nodes::add);
            } catch (MarkedYAMLException e) {
                int l = e.getProblemMark() == null ? 1 : e.getProblemMark().getLine() + 1;
                out.add(new Finding(d.name(), d.line(l), "not valid YAML: " + e.getProblem()));
                continue;
            } catch (YAMLException e) {
                out.add(new Finding(d.name(), d.line(1), "not valid YAML: " + e.getMessage().lines().findFirst().orElse("")));
                continue;
            }
            for (Node n : nodes) {
                if (!(n instanceof MappingNode m)) {
                    continue;
                }
                ScalarNode av = scalar(m, "apiVersion");
                ScalarNode kind = scalar(m, "kind");
                if (av == null || kind == null) {
                    out.add(new Finding(d.name(), d.line(line(m)), "a manifest needs apiVersion and kind"));
                    continue;
                }
                String key = av.getValue() + " " + kind.getValue();
                if (!kinds.containsKey(key)) {
                    List<String> same = kinds.keySet().stream().filter(k -> k.endsWith(" " + kind.getValue()))
                            .map(k -> k.substring(0, k.indexOf(' '))).toList();
                    String near = EditDistance.closest(kind.getValue(), kinds.keySet().stream()
                            .map(k -> k.substring(k.indexOf(' ') + 1)).distinct().toList());
                    String hint = !same.isEmpty() ? "; " + kind.getValue() + " is served as " + String.join(", ", same)
                            : near != null ? "; did you mean kind " + near + "?" : "";
                    boolean metallb = key.startsWith("metallb.io/");
                    out.add(new Finding(d.name(), d.line(line(kind)), key + " does not exist in " + (metallb
                            ? "MetalLB " + Fixtures.version(Fixtures.METALLB_KINDS) + " (" + Fixtures.METALLB_KINDS
                            : "Kubernetes 1.37 (" + Fixtures.DIR.resolve("api-kinds.txt")) + hint + ")"));
                    continue;
                }
                if (kinds.get(key) != null) {
                    out.add(new Finding(d.name(), d.line(line(kind)), key + ": " + kinds.get(key)));
                }
                if (Fixtures.CONFIG_KINDS.contains(kind.getValue())) {
                    fields(d, m, "", Fixtures.fields(kind.getValue()), kind.getValue(), out);
                }
            }
        }
        return out;
    }

    private static ScalarNode scalar(MappingNode m, String key) {
        for (NodeTuple t : m.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key) && t.getValueNode() instanceof ScalarNode v) {
                return v;
            }
        }
        return null;
    }

    private static void fields(Doc d, Node n, String path, Fixtures.Trie t, String kind, List<Finding> out) {
        if (t.isAny()) {
            return;
        }
        if (n instanceof MappingNode m) {
            for (NodeTuple tu : m.getValue()) {
                String key = tu.getKeyNode() instanceof ScalarNode s ? s.getValue() : "?";
                String p = path.isEmpty() ? key : path + "." + key;
                Optional<Fixtures.Trie> c = t.child(key);
                if (c.isEmpty()) {
                    out.add(new Finding(d.name(), d.line(line(tu.getKeyNode())), p + " is not a field of " + kind
                            + " in the pinned release (" + Fixtures.fieldsFile(kind) + ")"));
                } else {
                    fields(d, tu.getValueNode(), p, c.get(), kind, out);
                }
            }
        } else if (n instanceof SequenceNode s) {
            Optional<Fixtures.Trie> c = t.child("[]");
            for (Node item : s.getValue()) {
                if (c.isEmpty()) {
                    out.add(new Finding(d.name(), d.line(line(item)), path + " is not a list in " + kind));
                    return;
                }
                fields(d, item, path + "[]", c.get(), kind, out);
            }
        }
    }

    // ----------------------------------------------------------------------------------------- kubeconfig --

    /** {@code kubectl config view} (kubectl 1.36) loads each kubeconfig, which names a server, a user and a context. */
    public static List<Finding> kubeconfigs(List<Doc> docs, Path kubectl, Path work) throws IOException {
        List<Finding> out = new ArrayList<>();
        int i = 0;
        for (Doc d : docs) {
            Path f = d.firstLine() == 1 && Files.isRegularFile(d.file()) ? d.file()
                    : Files.writeString(work.resolve("kubeconfig-" + (i++)), d.text());
            Tools.Result r = Tools.run(List.of(kubectl.toString(), "config", "view", "--kubeconfig", f.toString(),
                    "--raw", "-o", "jsonpath={.current-context}|{.clusters[0].cluster.server}|{.users[0].name}"),
                    Duration.ofSeconds(30), Map.of("HOME", work.toString(), "KUBECONFIG", ""), null);
            if (!r.ok()) {
                out.add(new Finding(d.name(), d.line(1), "kubectl config view fails: " + r.tail()));
                continue;
            }
            String[] parts = (r.out() + "||").split("\\|", -1);
            if (parts[0].isBlank() || parts[1].isBlank() || parts[2].isBlank()) {
                out.add(new Finding(d.name(), d.line(1), "kubeconfig lacks a current-context, a cluster server or a"
                        + " user (kubectl config view: '" + r.out().strip() + "')"));
            }
        }
        return out;
    }

    // ----------------------------------------------------------------------------------------- containerd --

    private static final Pattern BACKTICK = Pattern.compile("`([A-Za-z_.]+)`");

    /**
     * A real containerd 2.x loads each config: {@code config dump} must succeed, and containerd started on it (its
     * own root, state and socket under {@code work}) must report no deprecation ({@code ctr deprecations list}) and
     * log no deprecation warning. Needs root (containerd sets up its state like a daemon).
     */
    public static List<Finding> containerd(List<Doc> docs, Path containerd, Path ctr, Path work) throws Exception {
        List<Finding> out = new ArrayList<>();
        int i = 0;
        for (Doc d : docs) {
            Path dir = Files.createDirectories(work.resolve("containerd-" + (i++)));
            Path cfg = Files.writeString(dir.resolve("config.toml"), d.text());
            Tools.Result dump = Tools.run(List.of(containerd.toString(), "--config", cfg.toString(), "config", "dump"),
                    Duration.ofSeconds(30));
            if (!dump.ok()) {
                Matcher m = Pattern.compile("line (\\d+)").matcher(dump.tail());
                out.add(new Finding(d.name(), d.line(m.find() ? Integer.parseInt(m.group(1)) : 1),
                        "containerd config dump fails: " + dump.tail()));
                continue;
            }
            for (String w : dump.err().lines().filter(l -> l.toLowerCase().contains("deprecat")).toList()) {
                out.add(new Finding(d.name(), d.line(1), "containerd config dump: " + w));
            }
            Path sock = dir.resolve("c.sock");
            Path log = dir.resolve("containerd.log");
            ProcessBuilder pb = new ProcessBuilder(containerd.toString(), "--config", cfg.toString(), "--root",
                    dir.resolve("root").toString(), "--state", dir.resolve("state").toString(), "--address",
                    sock.toString()).redirectErrorStream(true).redirectOutput(log.toFile());
            Process p = pb.start();
            try {
                for (int t = 0; t < 100 && !Files.exists(sock) && p.isAlive(); t++) {
                    Thread.sleep(50);
                }
                if (!Files.exists(sock)) {
                    out.add(new Finding(d.name(), d.line(1), "containerd does not start on it: "
                            + String.join(" | ", Files.readAllLines(log).stream().filter(l -> l.contains("level=error")
                            || l.contains("level=fatal")).limit(3).toList())));
                    continue;
                }
                Tools.Result dep = Tools.run(List.of(ctr.toString(), "--address", sock.toString(), "deprecations",
                        "list"), Duration.ofSeconds(30));
                for (String row : dep.out().lines().skip(1).filter(l -> !l.isBlank()).toList()) {
                    out.add(new Finding(d.name(), d.line(lineOf(d.text(), row)), "containerd deprecation: "
                            + row.replaceAll("\\s{2,}", " ")));
                }
                if (!dep.ok()) {
                    out.add(new Finding(d.name(), d.line(1), "ctr deprecations list fails: " + dep.tail()));
                }
            } finally {
                p.destroy();
                if (!p.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor();
                }
            }
            for (String l : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                if (l.contains("level=warning") && l.toLowerCase().contains("deprecat")) {
                    Matcher m = Pattern.compile("msg=\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(l);
                    String msg = m.find() ? m.group(1) : l;
                    out.add(new Finding(d.name(), d.line(lineOf(d.text(), msg)), "containerd warns: " + msg));
                }
            }
        }
        return out;
    }

    /** The line of the first property a message names in backticks (`bin_dir`), or 1. */
    static int lineOf(String toml, String message) {
        Matcher m = BACKTICK.matcher(message);
        while (m.find()) {
            String prop = m.group(1).substring(m.group(1).lastIndexOf('.') + 1);
            List<String> lines = toml.lines().toList();
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).strip().matches(Pattern.quote(prop) + "\\s*=.*")) {
                    return i + 1;
                }
            }
        }
        return 1;
    }

    private static final Pattern VTYSH_LINE = Pattern.compile("^line (\\d+): (.*)$");

    /**
     * Every FRR config passes FRR's own check, {@code vtysh --dryrun -f FILE} (FRR 8.4 from Debian): a line it
     * refuses is a finding at that line ({@code line 12: % Unknown command[25]:  neighbor ...}).
     */
    public static List<Finding> frr(List<Doc> docs, Path vtysh, Path work) throws IOException {
        List<Finding> out = new ArrayList<>();
        int i = 0;
        for (Doc d : docs) {
            Path f = work.resolve("frr-" + (i++) + ".conf");
            Files.writeString(f, d.text());
            Tools.Result r = Tools.run(List.of(vtysh.toString(), "--dryrun", "-f", f.toString()),
                    java.time.Duration.ofSeconds(30));
            if (r.ok()) {
                continue;
            }
            boolean located = false;
            for (String l : (r.out() + "\n" + r.err()).lines().toList()) {
                Matcher m = VTYSH_LINE.matcher(l.strip());
                if (m.matches()) {
                    out.add(new Finding(d.name(), d.line(Integer.parseInt(m.group(1))), "vtysh --dryrun: "
                            + m.group(2).strip()));
                    located = true;
                }
            }
            if (!located) {
                out.add(new Finding(d.name(), d.line(1), "vtysh --dryrun exits " + r.exit() + ": " + r.tail()));
            }
        }
        return out;
    }

    // ---------------------------------------------------------------------------- haproxy, keepalived --

    private static final Pattern KEEPALIVED_LINE = Pattern.compile("\\(([^:]+): Line (\\d+)\\) (.*)");

    /** Every haproxy.cfg through {@code haproxy -c -f}: it must say the configuration is valid, without warnings. */
    public static List<Finding> haproxy(List<Doc> docs, Path haproxy, Path work) throws IOException {
        List<Finding> out = new ArrayList<>();
        int i = 0;
        for (Doc d : docs) {
            Path cfg = Files.writeString(work.resolve("haproxy-" + (i++) + ".cfg"), d.text());
            Tools.Result r = Tools.run(List.of(haproxy.toString(), "-c", "-f", cfg.toString()), Duration.ofSeconds(30));
            for (String line : (r.err() + "\n" + r.out()).lines().filter(l -> l.contains("[WARNING]")
                    || l.contains("[ALERT]")).toList()) {
                Matcher m = Pattern.compile(":(\\d+)\\]").matcher(line);
                out.add(new Finding(d.name(), d.line(m.find() ? Integer.parseInt(m.group(1)) : 1), "haproxy -c: " + line.strip()));
            }
            if (!r.ok() && out.isEmpty()) {
                out.add(new Finding(d.name(), d.line(1), "haproxy -c exit " + r.exit() + ": " + r.tail()));
            }
        }
        return out;
    }

    /**
     * Every keepalived config through {@code keepalived --config-test -f} (keepalived 2.2: exit 0 when the file is
     * usable). The steps replace __IFACE__ with the interface holding the node's address; here it becomes
     * {@code iface}, an interface of the build host, since keepalived refuses an unknown one.
     */
    public static List<Finding> keepalived(List<Doc> docs, Path keepalived, String iface, Path work) throws IOException {
        List<Finding> out = new ArrayList<>();
        int i = 0;
        for (Doc d : docs) {
            Path cfg = Files.writeString(work.resolve("keepalived-" + (i++) + ".conf"), d.text().replace("__IFACE__", iface));
            Tools.Result r = Tools.run(List.of(keepalived.toString(), "--config-test", "-f", cfg.toString()),
                    Duration.ofSeconds(30));
            if (r.ok()) {
                continue;
            }
            List<String> lines = (r.err() + "\n" + r.out()).lines().filter(l -> !l.isBlank()).toList();
            for (String line : lines) {
                Matcher m = KEEPALIVED_LINE.matcher(line.strip());
                out.add(m.matches() ? new Finding(d.name(), d.line(Integer.parseInt(m.group(2))), "keepalived"
                        + " --config-test: " + m.group(3)) : new Finding(d.name(), d.line(1), "keepalived --config-test: "
                        + line.strip()));
            }
            if (lines.isEmpty()) {
                out.add(new Finding(d.name(), d.line(1), "keepalived --config-test exit " + r.exit()));
            }
        }
        return out;
    }
}
