package dev.hardway.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The bad-input corpus (../shared/bad-input-cases.md): every class of mistake a new user makes — command-line
 * misuse, damaged state files, bad configs, bad lesson files, bad progress imports — run through the shell in this
 * JVM (a fresh Spring context and a fresh {@code $HARDWAY_HOME} per case). For each case: the exit code, the message
 * on stderr and not on stdout, a {@code Try:}, no Java class name or "internal error", nothing lost (the learner's
 * progress is still there, or moved aside, never deleted), and an unrelated command still works afterwards.
 */
class BadInputCorpusTest {

    private static Path work;
    private static final Path PROJECT = java.nio.file.Path.of("").toAbsolutePath();

    @BeforeAll
    static void dirs() throws IOException {
        work = Files.createTempDirectory("hardway-corpus");
    }

    @AfterAll
    static void clean() throws IOException {
        try (Stream<Path> s = Files.walk(work)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** What a case sets up in its home before the command. */
    interface Setup {
        void in(Path home, Map<String, String> env) throws Exception;
    }

    /** One bad input: a class (bad-input-cases.md), what is done, the command, and the exit code it must give. */
    record Case(String klass, String name, Setup setup, List<String> words, int exit, boolean needsTry) {
    }

    record Run(int exit, String out, String err) {
    }

    static Run run(Path home, Map<String, String> env, List<String> words) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        Map<String, String> full = new HashMap<>(env);
        full.putIfAbsent("HARDWAY_HOME", home.toString());
        full.putIfAbsent("HARDWAY_PROJECT_DIR", PROJECT.toString());
        full.put("NO_COLOR", "1");
        int code;
        try (PrintStream po = new PrintStream(o, true, StandardCharsets.UTF_8);
             PrintStream pe = new PrintStream(e, true, StandardCharsets.UTF_8)) {
            code = ShellApplication.run(words.toArray(String[]::new), new ShellApplication.Io(full, po, pe, false));
        }
        return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }

    static final String SENTINEL = "# corpus sentinel: the learner's progress\n";

    @TestFactory
    Stream<DynamicTest> everyBadInputEndsClean() {
        List<Case> cases = cases();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(150);
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.klass() + ": " + c.name(), () -> {
            try {
                check(c);
            } catch (AssertionError e) {
                throw new AssertionError("[" + c.klass() + ": " + c.name() + "] " + e.getMessage(), e);
            }
        }));
    }

    /** One piped interactive session: what is set up, the lines typed (stdin is not a terminal). */
    record Piped(String name, Setup setup, List<String> lines) {
    }

    /**
     * Piped interactive input (a separate JVM per session, as a learner's {@code ./hardway < commands.txt} is): a bad
     * line never ends or swallows the session, and the last line, {@code lesson list}, still answers.
     */
    @TestFactory
    Stream<DynamicTest> pipedInteractiveInputEndsClean() {
        List<Piped> cases = List.of(
                new Piped("unclosed quote", none(), List.of("lesson show \"00-machines")),
                new Piped("unclosed single quote", none(), List.of("cluster use 'ha")),
                new Piped("unknown fault mode", none(), List.of("break master1 --mode bogus")),
                new Piped("unknown node", none(), List.of("inspect node mastr1")),
                new Piped("unknown command", none(), List.of("clustr list", "--bogus")),
                new Piped("a 5000-character line", none(), List.of("lesson start " + "x".repeat(5000))),
                new Piped("control characters", none(), List.of("lesson show \u0001\u0007")),
                new Piped("history is a directory", dir("history"), List.of("lesson show 00-machines")),
                new Piped("history is not UTF-8", bytes("history", NOT_UTF8), List.of("lesson show 00-machines")));
        return cases.stream().map(c -> DynamicTest.dynamicTest("piped: " + c.name(), () -> {
            Path home = Files.createTempDirectory(work, "piped");
            Map<String, String> env = new HashMap<>();
            c.setup().in(home, env);
            List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    System.getProperty("java.class.path"), "dev.hardway.Main");
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().put("HARDWAY_HOME", home.toString());
            pb.environment().put("HARDWAY_PROJECT_DIR", PROJECT.toString());
            pb.environment().put("NO_COLOR", "1");
            pb.environment().remove("HARDWAY_CLUSTER");
            Process p = pb.start();
            try (var in = p.getOutputStream()) {
                in.write((String.join("\n", c.lines()) + "\nlesson list\n").getBytes(StandardCharsets.UTF_8));
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int exit = p.waitFor();
            assertThat(exit).as("the session ends normally at end of input:%n%s", out).isZero();
            assertThat(out).as("no internal error").doesNotContain("internal error", "a bug in hardway");
            assertThat(out).as("no Java class names").doesNotContainPattern(
                    "dev\\.hardway\\.|java\\.[a-z]+\\.|[A-Z][A-Za-z]+Exception|\\tat ");
            assertThat(out).as("the last line, lesson list, still ran").contains("05-etcd");
            if (c.name().contains("quote")) {
                assertThat(out).contains("unclosed quote", "Try:");
            } else if (c.name().startsWith("history")) {
                assertThat(out).contains("command history", "moved");
                try (Stream<Path> s = Files.list(home)) {
                    assertThat(s.map(x -> x.getFileName().toString()).toList()).anyMatch(n -> n.startsWith(
                            "history.corrupt-"));
                }
            } else {
                assertThat(out).contains("Try:");
            }
        }));
    }

    private void check(Case c) throws Exception {
        Path home = Files.createTempDirectory(work, "home");
        Map<String, String> env = new HashMap<>();
        // progress the learner made before the mistake: must survive it
        Files.createDirectories(home.resolve("progress"));
        Path progress = home.resolve("progress/default.yaml");
        assertThat(run(home, env, List.of("lesson", "start", "00-machines")).exit()).isZero();
        String before = Files.readString(progress);
        c.setup().in(home, env);
        List<String> words = c.words().stream().map(w -> w.replace("@HOME", home.toString())).toList();
        Run r = run(home, env, words);
        String all = r.out() + r.err();
        assertThat(r.exit()).as("exit code of %s%nstdout:%s%nstderr:%s", words.stream().map(w -> w.length() > 80
                ? "<long>" : w).toList(), r.out(), r.err()).isEqualTo(c.exit());
        assertThat(all).as("no internal error").doesNotContain("internal error", "a bug in hardway");
        assertThat(all).as("no Java class names").doesNotContainPattern(
                "dev\\.hardway\\.|java\\.[a-z]+\\.|[A-Z][A-Za-z]+Exception|\\tat |org\\.yaml|freemarker\\.core");
        assertThat(all.length()).as("no flood of output").isLessThan(20_000);
        if (c.exit() != 0) {
            assertThat(r.err()).as("the problem on stderr").isNotBlank();
            assertThat(r.out()).as("stdout free of the error").doesNotContain("error:", "Try:");
        }
        if (c.needsTry()) {
            assertThat(r.err()).as("a Try: on stderr").contains("Try:");
        }
        // nothing lost: the progress file as it was, or (when the case damaged it on purpose) moved aside
        if (Files.isRegularFile(progress) && Files.readString(progress).contains("00-machines")) {
            assertThat(Files.readString(progress)).contains("00-machines");
        } else {
            try (Stream<Path> s = Files.list(home.resolve("progress"))) {
                assertThat(s.map(p -> p.getFileName().toString()).toList()).as("progress moved aside, not deleted")
                        .anyMatch(n -> n.contains(".corrupt-") || n.equals("default.yaml"));
            }
        }
        assertThat(before).contains("00-machines");
        // an unrelated command still works afterwards in the same home
        Map<String, String> cleanEnv = new HashMap<>(env);
        cleanEnv.remove("HARDWAY_PROFILE");
        cleanEnv.remove("HARDWAY_CLUSTER");
        cleanEnv.remove("HARDWAY_PROVIDER");
        cleanEnv.remove("HARDWAY_PROJECT_DIR");
        if (!c.klass().equals("home")) {
            Run after = run(home, cleanEnv, List.of("lesson", "list"));
            assertThat(after.exit()).as("lesson list afterwards:%n%s%s", after.out(), after.err()).isZero();
            Run after2 = run(home, cleanEnv, List.of("inspect", "etcd"));
            assertThat(after2.exit()).as("inspect etcd afterwards:%n%s%s", after2.out(), after2.err()).isIn(0, 1);
        }
    }

    // ------------------------------------------------------------------------------------------------ cases --

    static Setup none() {
        return (h, e) -> {
        };
    }

    static Setup file(String rel, String text) {
        return (h, e) -> {
            Path p = h.resolve(rel);
            Files.createDirectories(p.getParent());
            deleteTree(p);
            Files.writeString(p, text);
        };
    }

    static void deleteTree(Path p) throws IOException {
        if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> s = Files.walk(p)) {
                for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(q);
                }
            }
        }
        Files.deleteIfExists(p);
    }

    static Setup bytes(String rel, byte[] b) {
        return (h, e) -> {
            Path p = h.resolve(rel);
            Files.createDirectories(p.getParent());
            Files.deleteIfExists(p);
            Files.write(p, b);
        };
    }

    static Setup dir(String rel) {
        return (h, e) -> {
            Path p = h.resolve(rel);
            Files.deleteIfExists(p);
            Files.createDirectories(p);
        };
    }

    static Setup env(String k, String v) {
        return (h, e) -> e.put(k, v);
    }

    static Setup fifo(String rel) {
        return (h, e) -> {
            Path p = h.resolve(rel);
            Files.createDirectories(p.getParent());
            Process pr = new ProcessBuilder("mkfifo", p.toString()).start();
            assertThat(pr.waitFor()).isZero();
        };
    }

    static Setup both(Setup a, Setup b) {
        return (h, e) -> {
            a.in(h, e);
            b.in(h, e);
        };
    }

    static final byte[] NOT_UTF8 = {(byte) 0xff, (byte) 0xfe, (byte) 0xc3, 0x28, 'a', '\n'};
    static final String LONG = "x".repeat(100_000);

    static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        // 1-2, 11-12: command-line misuse -----------------------------------------------------------------------
        for (String n : List.of("mastr1", "nosuch", "MASTER1", "master 1", "../etc", "-", LONG.substring(0, 10_000))) {
            c.add(new Case("cli", "inspect node " + n.length(), none(), List.of("inspect", "node", n), 2, true));
            c.add(new Case("cli", "break " + n.length(), none(), List.of("break", n), 2, true));
            c.add(new Case("cli", "heal " + n.length(), none(), List.of("heal", n), 2, true));
            c.add(new Case("cli", "inspect certs " + n.length(), none(), List.of("inspect", "certs", n), 2, true));
        }
        for (String m : List.of("bogus", "powr", "", "networks", "service")) {
            c.add(new Case("cli", "break --mode '" + m + "'", none(), List.of("break", "master1", "--mode", m), 2, true));
        }
        c.add(new Case("cli", "break --mode power --service etcd", none(),
                List.of("break", "master1", "--mode", "power", "--service", "etcd"), 2, true));
        c.add(new Case("cli", "break --mode network --service etcd", none(),
                List.of("break", "master1", "--mode", "network", "--service", "etcd"), 2, true));
        for (List<String> w : List.of(List.of("clustr", "list"), List.of("cluster"), List.of("set"), List.of("lesson"),
                List.of("inspect"), List.of("check"), List.of("progress", "bogus"), List.of("cluster", "list", "--bogus"),
                List.of("lesson", "start"), List.of("lesson", "start", "nosuch"), List.of("lesson", "start", LONG),
                List.of("lesson", "show", "nosuch"), List.of("lesson", "goto", "nosuch"),
                List.of("lesson", "goto", "05-etcd/nosuch"), List.of("lesson", "goto", "/"),
                List.of("lesson", "reset", "nosuch"), List.of("lesson", "test", "nosuch"),
                List.of("lesson", "render", "nosuch", "--out", "x"), List.of("lesson", "check", "--bogus"),
                List.of("cluster", "use", "nosuch"), List.of("cluster", "use", ""), List.of("cluster", "use", LONG),
                List.of("cluster", "use", "ha", "--provider", "bogus"), List.of("cluster", "use", "ha", "--provider"),
                List.of("cluster", "use", "ha", "extra"), List.of("set", "feedback", "loud"),
                List.of("set", "theme", "neon"), List.of("set", "feedback"), List.of("set", "bogus", "x"),
                List.of("inspect", "bogus"), List.of("check", "bogus"), List.of("heal"), List.of("break"),
                List.of("cluster", "validate", "nosuch.yaml"), List.of("cluster", "validate", "/dev/zero"),
                List.of("cluster", "validate", "/proc"), List.of("cluster", "use", "/dev/null"),
                List.of("progress", "import"), List.of("progress", "import", "nosuch.yaml"),
                List.of("progress", "import", "/dev/zero"), List.of("progress", "import", "/proc"),
                List.of("progress", "export"), List.of("cluster", "render"), List.of("lesson", "render", "00-machines"),
                List.of("cluster", "render", "--out", ""), List.of("lesson", "render", "00-machines", "--out", ""),
                List.of("cluster", "render", "--out", "/proc/hardway-x"),
                List.of("lesson", "render", "00-machines", "--out", "/proc/hardway-x"),
                List.of("progress", "export", "/proc/hardway-x.yaml"), List.of("progress", "export", "/"),
                List.of("topology", "extra"), List.of("faults", "extra"), List.of("lesson", "next", "extra"),
                List.of("inspect", "node"), List.of("--bogus"), List.of("help", "nosuch"))) {
            c.add(new Case("cli", String.join(" ", w.stream().map(x -> x.length() > 40 ? "<long>" : x).toList()),
                    none(), w, 2, true));
        }
        // --out that is an existing regular file
        c.add(new Case("fs", "cluster render --out <a file>", file("afile", "x"), List.of("cluster", "render", "--out",
                "@HOME/afile"), 2, true));
        c.add(new Case("fs", "lesson render --out <a file>", file("afile", "x"), List.of("lesson", "render", "00-machines",
                "--out", "@HOME/afile"), 2, true));
        c.add(new Case("fs", "progress export <a dir>", dir("adir"), List.of("progress", "export", "@HOME/adir"), 2, true));
        // 3: a damaged simulated lab -> moved aside, the command goes on ------------------------------------------
        Map<String, Setup> simBad = new java.util.LinkedHashMap<>();
        simBad.put("garbage", file("labs/default/sim-lab.json", "{ not json"));
        simBad.put("empty", file("labs/default/sim-lab.json", ""));
        simBad.put("array", file("labs/default/sim-lab.json", "[]"));
        simBad.put("truncated", file("labs/default/sim-lab.json", "{\"format\": 1, \"nodes\": {\"master1\": {"));
        simBad.put("null", file("labs/default/sim-lab.json", "null"));
        simBad.put("newer", file("labs/default/sim-lab.json", "{\"format\": 99}"));
        simBad.put("not utf-8", bytes("labs/default/sim-lab.json", NOT_UTF8));
        simBad.put("directory", dir("labs/default/sim-lab.json"));
        for (var e : simBad.entrySet()) {
            for (List<String> w : List.of(List.of("inspect", "etcd"), List.of("lesson", "list"), List.of("progress"),
                    List.of("topology"), List.of("lesson", "reset", "--all", "--yes"))) {
                int exit = 0;
                c.add(new Case("sim-lab", e.getKey() + " then " + String.join(" ", w), e.getValue(), w, exit, true));
            }
        }
        // 4: damaged faults.yaml -------------------------------------------------------------------------------
        for (var e : Map.of("garbage", "faults: [", "not a map", "- 1\n- 2\n", "unknown mode",
                "format: 1\nfaults:\n- {node: master1, mode: bogus}\n", "no node", "format: 1\nfaults:\n- {mode: power}\n",
                "newer", "format: 9\nfaults: []\n", "faults not a list", "faults: 3\n").entrySet()) {
            for (List<String> w : List.of(List.of("heal", "--all"), List.of("faults"), List.of("break", "master1"))) {
                c.add(new Case("faults", e.getKey() + " then " + String.join(" ", w),
                        file("labs/default/faults.yaml", e.getValue()), w, 0, true));
            }
        }
        c.add(new Case("faults", "binary then heal --all", bytes("labs/default/faults.yaml", NOT_UTF8),
                List.of("heal", "--all"), 0, true));
        c.add(new Case("faults", "directory then faults", dir("labs/default/faults.yaml"), List.of("faults"), 0, true));
        // 7, 11: settings, active cluster ---------------------------------------------------------------------
        for (var e : Map.of("loud", "feedback: loud\n", "neon", "theme: neon\n", "garbage", "feedback: [\n",
                "list", "- a\n", "nested", "feedback: {a: b}\n").entrySet()) {
            c.add(new Case("settings", e.getKey(), file("settings.yaml", e.getValue()), List.of("cluster", "list"), 0,
                    true));
        }
        c.add(new Case("settings", "not utf-8", bytes("settings.yaml", NOT_UTF8), List.of("cluster", "list"), 0, true));
        c.add(new Case("settings", "directory", dir("settings.yaml"), List.of("cluster", "list"), 0, true));
        for (var e : Map.of("NUL", "\u0000\n", "bogus provider", PROJECT.resolve("cluster-config/ha.yaml") + "\nbogus\n",
                "three lines", "a\nb\nc\n").entrySet()) {
            c.add(new Case("active", e.getKey() + " then cluster list", file("active-cluster", e.getValue()),
                    List.of("cluster", "list"), 0, true));
            c.add(new Case("active", e.getKey() + " then cluster show", file("active-cluster", e.getValue()),
                    List.of("cluster", "show"), 0, true));
        }
        c.add(new Case("active", "not utf-8", bytes("active-cluster", NOT_UTF8), List.of("cluster", "show"), 0, true));
        c.add(new Case("active", "directory then cluster use ha", dir("active-cluster"), List.of("cluster", "use", "ha"),
                0, true));
        c.add(new Case("active", "missing config", file("active-cluster", "/nonexistent/x.yaml\n\n"),
                List.of("cluster", "show"), 0, true));
        // 7: damaged progress -------------------------------------------------------------------------------------
        for (var e : Map.of("garbage", "{{{", "not utf-8", "\u00ff", "newer", "format_version: 99\n",
                "list", "- 1\n").entrySet()) {
            c.add(new Case("progress-file", e.getKey(), e.getKey().equals("not utf-8")
                    ? bytes("progress/default.yaml", NOT_UTF8) : file("progress/default.yaml", e.getValue()),
                    List.of("progress"), 0, true));
        }
        c.add(new Case("progress-file", "directory", both(file("progress/keep.txt", "x"),
                (h, e) -> {
                    Files.move(h.resolve("progress/default.yaml"), h.resolve("progress/default.yaml.corrupt-kept"));
                    Files.createDirectories(h.resolve("progress/default.yaml"));
                }), List.of("progress"), 0, true));
        // 8: HARDWAY_PROFILE / HARDWAY_* ------------------------------------------------------------------------
        for (String p : List.of("../../../../elsewhere/x", "../x", "a/b", "/abs", "..", ".hidden", "x".repeat(300))) {
            c.add(new Case("profile", "HARDWAY_PROFILE=" + p.length(), env("HARDWAY_PROFILE", p), List.of("progress"), 2,
                    true));
        }
        c.add(new Case("env", "HARDWAY_PROVIDER=bogus", env("HARDWAY_PROVIDER", "bogus"), List.of("cluster", "show"), 2,
                true));
        c.add(new Case("env", "HARDWAY_CLUSTER=nosuch", env("HARDWAY_CLUSTER", "nosuch"), List.of("cluster", "show"), 2,
                true));
        // 6, 11: configs given to cluster validate / use ------------------------------------------------------------
        c.add(new Case("config", "validate a directory", dir("cfgdir"), List.of("cluster", "validate", "@HOME/cfgdir"), 2,
                true));
        c.add(new Case("config", "validate a FIFO", fifo("cfg.fifo"), List.of("cluster", "validate", "@HOME/cfg.fifo"), 2,
                true));
        c.add(new Case("config", "use a FIFO", fifo("cfg.fifo"), List.of("cluster", "use", "@HOME/cfg.fifo"), 2, true));
        c.add(new Case("config", "validate not utf-8", bytes("c.yaml", NOT_UTF8), List.of("cluster", "validate",
                "@HOME/c.yaml"), 2, true));
        c.add(new Case("config", "validate a 5 MB scalar", file("big.yaml", "name: " + "a".repeat(5 << 20) + "\n"),
                List.of("cluster", "validate", "@HOME/big.yaml"), 2, true));
        c.add(new Case("config", "validate 20 MB", file("big.yaml", "# x\n".repeat(5 << 20)),
                List.of("cluster", "validate", "@HOME/big.yaml"), 2, true));
        try (Stream<Path> s = Files.list(PROJECT.resolve("src/test/resources/cluster/bad"))) {
            s.filter(p -> p.toString().endsWith(".yaml")).sorted().limit(40).forEach(p -> {
                Path exp = Path.of(p.toString().replaceFirst("\\.yaml$", ".expected"));
                boolean onlyWarnings;
                try {
                    onlyWarnings = Files.exists(exp) && Files.readAllLines(exp).stream().filter(l -> !l.isBlank())
                            .allMatch(l -> l.contains("warning:"));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                // validate also renders the course for the cluster (class 10); a warnings-only config still passes,
                // the course's worker steps included (they apply only when the cluster has workers)
                c.add(new Case("config", "validate " + p.getFileName(), none(), List.of("cluster", "validate",
                        p.toString()), onlyWarnings ? 0 : 2, true));
            });
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        // 6, 12: progress imports -----------------------------------------------------------------------------
        String good = "format_version: 1\ncluster: default\n";
        c.add(new Case("import", "a FIFO", fifo("p.fifo"), List.of("progress", "import", "@HOME/p.fifo"), 2, true));
        c.add(new Case("import", "a directory", dir("pdir"), List.of("progress", "import", "@HOME/pdir"), 2, true));
        c.add(new Case("import", "not utf-8", bytes("p.yaml", NOT_UTF8), List.of("progress", "import", "@HOME/p.yaml"), 2,
                true));
        c.add(new Case("import", "20 MB", file("p.yaml", "# x\n".repeat(5 << 20)), List.of("progress", "import",
                "@HOME/p.yaml"), 2, true));
        c.add(new Case("import", "garbage", file("p.yaml", "{{{"), List.of("progress", "import", "@HOME/p.yaml"), 2,
                true));
        c.add(new Case("import", "empty", file("p.yaml", ""), List.of("progress", "import", "@HOME/p.yaml"), 2, true));
        c.add(new Case("import", "date 2026-13-45", file("p.yaml", good + "lessons:\n  00-machines:\n    steps:\n"
                + "      hosts: {state: done, attempts: 1, hints_used: 0, first: '2026-13-45T00:00:00Z',"
                + " last: '2026-13-45T00:00:00Z'}\n"), List.of("progress", "import", "@HOME/p.yaml"), 2, true));
        c.add(new Case("import", "another cluster's progress", file("p.yaml", "format_version: 1\ncluster: ha\n"),
                List.of("progress", "import", "@HOME/p.yaml"), 2, true));
        c.add(new Case("import", "unknown lesson", file("p.yaml", good + "lessons:\n  99-nosuch:\n    steps:\n"
                + "      x: {state: done, attempts: 1, hints_used: 0}\n"), List.of("progress", "import", "@HOME/p.yaml"),
                2, true));
        c.add(new Case("import", "unknown step", file("p.yaml", good + "lessons:\n  00-machines:\n    steps:\n"
                + "      nosuch: {state: done, attempts: 1, hints_used: 0}\n"), List.of("progress", "import",
                "@HOME/p.yaml"), 2, true));
        // 5: the home itself ------------------------------------------------------------------------------------------
        c.add(new Case("home", "labs/default is a file", file("labs/default", "x"), List.of("inspect", "etcd"), 2, true));
        // 10 + lesson files: a lesson set with a broken lesson ------------------------------------------------------
        for (String bad : List.of("bad-mode", "bad-step-id", "cycle", "duplicate-step-id", "duplicate-yaml-key",
                "explain-syntax-error")) {
            c.add(new Case("lessons", bad, lessons(bad), bad.equals("explain-syntax-error")
                    ? List.of("lesson", "show", "01-a") : List.of("lesson", "list"), 2, true));
        }
        return c;
    }

    /** A project dir with the real presets and one broken lesson from src/test/resources/lessons-bad. */
    static Setup lessons(String bad) {
        return (h, e) -> {
            Path proj = h.resolve("project");
            Files.createDirectories(proj.resolve("lessons"));
            Files.createSymbolicLink(proj.resolve("cluster-config"), PROJECT.resolve("cluster-config"));
            Path src = PROJECT.resolve("src/test/resources/lessons-bad").resolve(bad);
            try (Stream<Path> s = Files.walk(src)) {
                for (Path p : s.toList()) {
                    Path t = proj.resolve("lessons").resolve(src.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(t);
                    } else {
                        Files.copy(p, t);
                    }
                }
            }
            e.put("HARDWAY_PROJECT_DIR", proj.toString());
        };
    }

}
