package dev.hardway.shell;

import dev.hardway.HardwayException;
import dev.hardway.lesson.LessonCatalog;
import dev.hardway.lesson.LessonEngine;
import dev.hardway.Problem;
import dev.hardway.progress.ProgressStore;
import dev.hardway.target.OutputListener;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.stereotype.Component;

/**
 * The lesson engine of this shell process, opened on first use over the active cluster's lab, with streaming step
 * output going to whichever command runs now.
 */
@Component
public class LessonSession {

    private final ShellSession session;
    private final AtomicReference<PrintWriter> out = new AtomicReference<>();
    private final AtomicReference<Style> style = new AtomicReference<>(new Style(false));
    private final java.util.Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final java.util.Map<String, Boolean> nodeShown = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile boolean dedupe;
    private volatile boolean quiet;
    private LessonEngine engine;
    private LessonCatalog catalog;
    private String engineCluster;

    public LessonSession(ShellSession session) {
        this.session = session;
    }

    public Path lessonsDir() {
        return session.projectDir().resolve("lessons");
    }

    /** The catalog; invalid lessons are a usage error listing every problem. */
    public synchronized LessonCatalog catalog() {
        if (catalog == null) {
            Path dir = lessonsDir();
            if (!Files.isDirectory(dir)) {
                throw HardwayException.badInput("no lessons/ in " + session.projectDir() + ". Try: run ./hardway from"
                        + " the hardway checkout (or set HARDWAY_PROJECT_DIR)");
            }
            LessonCatalog c = LessonCatalog.load(dir);
            if (!c.ok()) {
                throw HardwayException.badInput(c.problems().size() + " problem" + (c.problems().size() == 1 ? ""
                        : "s") + " in the lessons:\n" + render(c.problems()) + "\n(each line says what to do; then:"
                        + " lesson test --all)");
            }
            catalog = c;
        }
        return catalog;
    }

    static String render(List<Problem> problems) {
        StringBuilder sb = new StringBuilder();
        for (Problem p : problems) {
            sb.append("  ").append(p).append('\n');
        }
        return sb.toString().stripTrailing();
    }

    /** The engine for the active cluster (reopened after {@code cluster use}). */
    public synchronized LessonEngine engine() {
        String cluster = session.cluster().config().name() + "/" + session.cluster().config().provider().id();
        if (engine == null || !cluster.equals(engineCluster)) {
            LessonCatalog c = catalog();
            ProgressStore store = session.progressStore();
            engine = new LessonEngine(session.lab(), c, c.renderer(), store, this::line);
            engineCluster = cluster;
        }
        return engine;
    }

    /** Streaming output of the running step: {@code master1 │ line}, stderr dimmed. */
    private void line(String node, OutputListener.Stream stream, String line) {
        PrintWriter w = out.get();
        if (w == null || quiet) {
            return;
        }
        if (dedupe) {
            // the simulated lab lists the commands each node would run; when several nodes run the same script,
            // show it once and name the other nodes at the end instead of repeating a wall of identical lines
            nodeShown.putIfAbsent(node, false);
            if (!seen.add(line)) {
                return;
            }
            nodeShown.put(node, true);
        }
        Style st = style.get();
        String prefix = "   " + st.accent(String.format("%-8s", node)) + " " + (st.color() ? "│" : "|") + " ";
        synchronized (w) {
            w.println(prefix + (stream == OutputListener.Stream.STDERR ? st.dim(line) : line));
            w.flush();
        }
    }

    /**
     * Sends streaming output to this command's writer while it runs.
     *
     * @param feedback concise shows no live output; the simulated lab's identical per-node commands are shown once
     */
    public void attach(Invocation inv, Settings.Feedback feedback) {
        seen.clear();
        nodeShown.clear();
        quiet = feedback == Settings.Feedback.CONCISE;
        dedupe = feedback != Settings.Feedback.VERBOSE && session.lab().simulated();
        out.set(inv.out());
        style.set(inv.style());
    }

    public void detach() {
        PrintWriter w = out.getAndSet(null);
        List<String> same = nodeShown.entrySet().stream().filter(e -> !e.getValue()).map(java.util.Map.Entry::getKey)
                .sorted().toList();
        if (w != null && dedupe && !quiet && !same.isEmpty()) {
            w.println("   " + style.get().dim("(the same on " + String.join(", ", same) + ")"));
            w.flush();
        }
        seen.clear();
        nodeShown.clear();
    }
}
