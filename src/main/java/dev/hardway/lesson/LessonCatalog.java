package dev.hardway.lesson;

import dev.hardway.Problem;

import dev.hardway.cluster.ClusterConfig.Node;
import dev.hardway.cluster.ClusterModel;
import dev.hardway.lesson.Check.ProbeCheck;
import dev.hardway.lesson.Check.ScriptCheck;
import dev.hardway.render.Renderer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Every lesson under a lessons directory ({@code NN-slug/lesson.yaml}), in dependency order, with every problem
 * the structural validator found ({@link #problems()}); {@link #validateAgainst(ClusterModel)} adds the problems
 * that depend on a cluster (selectors, templates). Loading never stops at the first problem: authors see them all.
 */
public final class LessonCatalog {

    /** The newest lesson format this hardway reads. */
    public static final int FORMAT_VERSION = 1;

    private final Path root;
    private final String rootName;
    private final List<Lesson> lessons;
    private final List<Problem> problems;
    private LessonCatalog(Path root, List<Lesson> lessons, List<Problem> problems) {
        this.root = root;
        this.rootName = rootName(root);
        this.lessons = List.copyOf(lessons);
        this.problems = List.copyOf(problems);
    }

    /**
     * Loads and structurally validates every lesson under {@code lessonsDir} (probe types and argument names come
     * from {@link dev.hardway.lab.Probes}). Never throws for a bad lesson: see {@link #problems()}.
     */
    public static LessonCatalog load(Path lessonsDir) {
        List<Problem> problems = new ArrayList<>();
        String rootName = rootName(lessonsDir);
        List<Path> dirs;
        try (Stream<Path> s = Files.list(lessonsDir)) {
            dirs = s.filter(Files::isDirectory).sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        } catch (IOException e) {
            problems.add(new Problem(rootName, 0, "", "cannot list the lessons directory: " + e.getMessage(),
                    "check that " + lessonsDir + " exists"));
            return new LessonCatalog(lessonsDir, List.of(), problems);
        }
        List<Lesson> loaded = new ArrayList<>();
        Map<String, Lesson> byId = new LinkedHashMap<>();
        for (Path dir : dirs) {
            String dirName = dir.getFileName().toString();
            Path yaml = dir.resolve("lesson.yaml");
            String file = rootName + "/" + dirName + "/lesson.yaml";
            if (!Files.isRegularFile(yaml)) {
                if (dirName.matches("\\d\\d-.*")) {
                    problems.add(new Problem(rootName + "/" + dirName, 0, "", "lesson directory without lesson.yaml",
                            "add " + file + " or remove the directory"));
                }
                continue;
            }
            Lesson l = new LessonParser(file, dir, problems).parse(yaml);
            if (l == null) {
                continue;
            }
            if (!l.id().equals(dirName)) {
                problems.add(new Problem(file, idLine(yaml), "id", "id '" + l.id() + "' differs from its directory '"
                        + dirName + "'", "id: " + dirName + " (or rename the directory to " + l.id() + ")"));
            }
            Lesson first = byId.putIfAbsent(l.id(), l);
            if (first != null) {
                problems.add(new Problem(file, idLine(yaml), "id", "duplicate lesson id '" + l.id() + "' (also "
                        + first.file() + ")", "give each lesson the id of its directory"));
                continue;
            }
            loaded.add(l);
        }
        for (Lesson l : loaded) {
            for (int i = 0; i < l.needs().size(); i++) {
                String need = l.needs().get(i);
                if (need.equals(l.id())) {
                    problems.add(new Problem(l.file(), needsLine(l), "needs[" + i + "]", "a lesson cannot need itself",
                            "remove " + need + " from needs"));
                } else if (!byId.containsKey(need)) {
                    String near = dev.hardway.EditDistance.closest(need, byId.keySet());
                    problems.add(new Problem(l.file(), needsLine(l), "needs[" + i + "]", "unknown lesson '" + need + "'"
                            + (near != null ? " (did you mean '" + near + "'?)" : ""),
                            near != null ? "needs: [" + near + "]" : "one of " + String.join(", ", byId.keySet())));
                }
            }
        }
        List<Lesson> ordered = order(loaded, byId, problems);
        return new LessonCatalog(lessonsDir, ordered, sorted(problems));
    }

    /** Topological order (ties by id); reports each dependency cycle once, naming it. */
    private static List<Lesson> order(List<Lesson> lessons, Map<String, Lesson> byId, List<Problem> problems) {
        List<Lesson> out = new ArrayList<>();
        Map<String, Integer> state = new HashMap<>(); // 1 visiting, 2 done
        Set<String> reported = new LinkedHashSet<>();
        for (Lesson l : lessons) {
            visit(l, byId, state, new ArrayList<>(), out, problems, reported);
        }
        return out;
    }

    private static void visit(Lesson l, Map<String, Lesson> byId, Map<String, Integer> state, List<String> stack,
                              List<Lesson> out, List<Problem> problems, Set<String> reported) {
        Integer st = state.get(l.id());
        if (st != null && st == 2) {
            return;
        }
        if (st != null && st == 1) {
            List<String> cycle = new ArrayList<>(stack.subList(stack.indexOf(l.id()), stack.size()));
            // report once per cycle, at its alphabetically first lesson
            List<String> key = new ArrayList<>(cycle);
            key.sort(null);
            if (reported.add(String.join(",", key))) {
                int start = cycle.indexOf(key.get(0));
                List<String> rotated = new ArrayList<>(cycle.subList(start, cycle.size()));
                rotated.addAll(cycle.subList(0, start));
                rotated.add(rotated.get(0));
                Lesson first = byId.get(rotated.get(0));
                problems.add(new Problem(first.file(), needsLine(first), "needs", "dependency cycle: "
                        + String.join(" → ", rotated), "remove one of these needs so the lessons have an order"));
            }
            return;
        }
        state.put(l.id(), 1);
        stack.add(l.id());
        for (String n : l.needs()) {
            Lesson dep = byId.get(n);
            if (dep != null && !dep.id().equals(l.id())) {
                visit(dep, byId, state, stack, out, problems, reported);
            }
        }
        stack.remove(stack.size() - 1);
        state.put(l.id(), 2);
        out.add(l);
    }

    private static int idLine(Path yaml) {
        return keyLine(yaml, "id");
    }

    private static int needsLine(Lesson l) {
        return keyLine(l.dir().resolve("lesson.yaml"), "needs");
    }

    /** Line of a top-level key (the parsed records keep step lines; top-level ones are looked up when needed). */
    private static int keyLine(Path yaml, String key) {
        try {
            List<String> lines = Files.readAllLines(yaml);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).startsWith(key + ":")) {
                    return i + 1;
                }
            }
        } catch (IOException e) {
            // the file was just read; fall through to "unknown line"
        }
        return 0;
    }

    private static String rootName(Path root) {
        Path n = root.toAbsolutePath().normalize().getFileName();
        return n == null ? root.toString() : n.toString();
    }

    /** Lessons in dependency order (every lesson after the ones it needs; ties by id). */
    public List<Lesson> lessons() {
        return lessons;
    }

    public Optional<Lesson> lesson(String id) {
        return lessons.stream().filter(l -> l.id().equals(id)).findFirst();
    }

    /** Problems found while loading, in file order. Empty means every lesson is structurally fine. */
    public List<Problem> problems() {
        return problems;
    }

    public boolean ok() {
        return problems.isEmpty();
    }

    /** The lessons directory; a {@link Renderer} must have it among its template directories. */
    public Path root() {
        return root;
    }

    /** The lessons directory's name as files are shown in messages ({@code lessons}). */
    public String rootName() {
        return rootName;
    }

    /** A renderer that finds this catalog's templates ({@code 05-etcd/etcd.service.ftl}). */
    public Renderer renderer() {
        return new Renderer(List.of(root));
    }

    /** Every lesson {@code id} needs, directly or not, in dependency order (not including {@code id}). */
    public List<Lesson> prerequisites(String id) {
        Set<String> need = new LinkedHashSet<>();
        collect(id, need);
        return lessons.stream().filter(l -> need.contains(l.id()) && !l.id().equals(id)).toList();
    }

    private void collect(String id, Set<String> acc) {
        lesson(id).ifPresent(l -> {
            for (String n : l.needs()) {
                if (acc.add(n)) {
                    collect(n, acc);
                }
            }
        });
    }

    /** Renders everything of every lesson for {@code cluster}; see {@link #validateAgainst(ClusterModel, Renderer)}. */
    public List<Problem> validateAgainst(ClusterModel cluster) {
        return validateAgainst(cluster, renderer());
    }

    /**
     * Renders every template, script, explanation, failure text and path of every step for every node it targets on
     * {@code cluster} (strictly: a value the model lacks is a problem naming the template and line), and resolves
     * every selector. Lessons whose {@code applies} and steps whose {@code when} render false on this cluster are not
     * rendered further (they will not run there). Returns the structural problems plus these, every one of them.
     */
    public List<Problem> validateAgainst(ClusterModel cluster, Renderer renderer) {
        List<Problem> out = new ArrayList<>(problems);
        Rendering r = new Rendering(cluster, renderer, rootName);
        for (Lesson l : lessons) {
            try {
                if (!r.applies(l)) {
                    continue;
                }
            } catch (LessonException e) {
                out.add(e.problem());
                continue;
            }
            collect(out, () -> r.explainLesson(l));
            for (Step s : l.steps()) {
                validateStep(out, r, l, s);
            }
        }
        return dedupe(out);
    }

    private void validateStep(List<Problem> out, Rendering r, Lesson l, Step s) {
        try {
            if (!r.when(l, s)) {
                return;
            }
        } catch (LessonException e) {
            out.add(e.problem());
            return;
        }
        if (s.drives()) {
            collect(out, () -> r.title(l, s));
            collect(out, () -> r.explainStep(l, s, List.of()));
            collect(out, () -> r.hints(l, s, List.of()));
            collect(out, () -> r.drive(l, s));
            return;
        }
        if (s.on() == null) {
            return; // reported structurally
        }
        List<Node> nodes;
        try {
            nodes = r.nodes(l, s);
        } catch (LessonException e) {
            out.add(e.problem());
            return;
        }
        if (nodes.isEmpty()) {
            out.add(new Problem(l.file(), s.on().line(), s.path() + ".on", "'" + s.on().source() + "' selects no node"
                    + " on cluster " + cluster(r).name(), "guard the step with when: (e.g. \"${cluster.hasApiLb?c}\")"
                    + " or select nodes this preset has"));
            return;
        }
        collect(out, () -> r.title(l, s));
        collect(out, () -> r.explainStep(l, s, nodes));
        collect(out, () -> r.hints(l, s, nodes));
        for (Node n : nodes) {
            collect(out, () -> r.action(l, s, n, out));
        }
        for (Check c : s.checks()) {
            if (c instanceof ProbeCheck pc) {
                collect(out, () -> r.probes(l, s, pc, nodes));
            } else if (c instanceof ScriptCheck sc) {
                collect(out, () -> r.scripts(l, s, sc));
            }
        }
    }

    private static ClusterModel cluster(Rendering r) {
        return r.cluster();
    }

    private interface Work {
        Object run() throws LessonException;
    }

    private static void collect(List<Problem> out, Work w) {
        try {
            w.run();
        } catch (LessonException e) {
            out.add(e.problem());
        }
    }

    /**
     * One template error shows once even when it fails for every node, and a render error is dropped when the
     * structural validator already reported the same spot (a missing template, an unknown probe argument).
     */
    private List<Problem> dedupe(List<Problem> in) {
        Map<String, Problem> seen = new LinkedHashMap<>();
        for (Problem p : in) {
            String base = basePath(p);
            boolean structural = problems.contains(p);
            if (!structural && problems.stream().anyMatch(s -> sameSpot(s, p, base))) {
                continue;
            }
            seen.putIfAbsent(p.file() + ":" + p.line() + ":" + base + ":" + p.what(), p);
        }
        return sorted(seen.values());
    }

    private static boolean sameSpot(Problem structural, Problem rendered, String base) {
        String lessonFile = rendered.file();
        return (structural.file().equals(lessonFile) || lessonFile.startsWith(structural.file().replace(
                "lesson.yaml", ""))) && !structural.path().isEmpty() && !base.isEmpty()
                && (structural.path().startsWith(base) || base.startsWith(structural.path()));
    }

    private static String basePath(Problem p) {
        return p.path().replaceAll(" \\[.*\\]$", "");
    }

    /** By file, then line (stable: problems on one line keep their order). */
    private static List<Problem> sorted(java.util.Collection<Problem> in) {
        List<Problem> out = new ArrayList<>(in);
        out.sort(Comparator.comparing(Problem::file).thenComparingInt(Problem::line));
        return List.copyOf(out);
    }
}
