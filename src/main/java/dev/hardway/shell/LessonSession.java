package dev.hardway.shell;

import dev.hardway.HardwayException;
import dev.hardway.lab.StepAction;
import dev.hardway.lesson.EngineResults;
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
    private volatile boolean quiet;
    private volatile boolean verbose;
    private LessonCatalog catalog;
    private final java.util.List<dev.hardway.lesson.ProgressEvents> progress = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile StartGate gate = (lesson, course) -> null;

    /** Says why a lesson may not be started now (a workshop's pacing), or null when it may. */
    @FunctionalInterface
    public interface StartGate {
        String closedReason(String lesson, List<String> course);
    }

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
                throw HardwayException.badInput(Problem.error("no lessons/ in " + session.projectDir(), "run ./hardway from the hardway checkout (or set HARDWAY_PROJECT_DIR)"));
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

    /**
     * The engine over the active cluster's lab, kept in the session's lab context: {@code cluster use} closes the old
     * context (lab, SSH pool, engine), so an engine can never hold a closed pool (issue 8).
     */
    public LessonEngine engine() {
        LessonCatalog c = catalog();
        return session.engine(lab -> {
            LessonEngine e = new LessonEngine(lab, c, c.renderer(), session.progressStore(), this::line,
                    this::starting);
            e.onProgress(ev -> progress.forEach(l -> l.recorded(ev)));
            // drive steps use the very break/heal/inspect the learner types (same fault records, same lab)
            e.drills(l -> dev.hardway.lab.drill.DrillLab.of(session.faults(), session.inspector()));
            return e;
        });
    }

    /** Told what every engine of this shell records (the workshop link). */
    public void onProgress(dev.hardway.lesson.ProgressEvents listener) {
        progress.add(listener);
    }

    public void startGate(StartGate g) {
        this.gate = g;
    }

    /** Refuses (exit 2) to start or go to {@code lesson} when the gate has a reason. */
    public void checkOpen(String lesson) {
        String id = lesson.split("/", 2)[0];
        List<String> course = catalog().lessons().stream().map(dev.hardway.lesson.Lesson::id).toList();
        String why = gate.closedReason(id, course);
        if (why != null) {
            throw HardwayException.badInput(why);
        }
    }

    /** The lines of a script shown before it runs in normal feedback; verbose shows all. */
    static final int SCRIPT_LINES = 4;

    /**
     * Before a step runs: its header and explanation, then its commands once (not once per node): in full with
     * verbose feedback, else the first lines and how many more there are.
     */
    private void starting(EngineResults.StepStart s) {
        PrintWriter w = out.get();
        if (w == null) {
            return;
        }
        Style st = style.get();
        synchronized (w) {
            w.println(LessonFormatter.header(st, s.lesson(), s.number(), s.total(), s.title(), s.nodes(),
                    s.simulated()));
            if (!quiet && s.explanation() != null && !s.explanation().isBlank()) {
                s.explanation().strip().lines().forEach(l -> w.println("   " + l));
            }
            if (!quiet) {
                if (verbose) {
                    for (StepAction.NodeAction a : s.actions()) {
                        a.files().forEach(f -> w.println(st.dim("   " + a.node() + ": write " + f.path() + " ("
                                + f.mode() + ")")));
                        a.copies().forEach(c -> w.println(st.dim("   " + a.node() + ": copy " + c.fromNode() + ":"
                                + c.fromPath() + " → " + c.toPath())));
                    }
                }
                List<String> lines = commands(s.actions());
                if (!lines.isEmpty()) {
                    int shown = verbose ? lines.size() : Math.min(SCRIPT_LINES, lines.size());
                    String who = s.actions().size() == 1 ? s.actions().get(0).node()
                            : s.actions().get(0).node() + " (each node runs its own values)";
                    w.println(st.dim("   $ commands on " + who + ":"));
                    lines.subList(0, shown).forEach(l -> w.println(st.dim("     " + l)));
                    if (shown < lines.size()) {
                        int more = lines.size() - shown;
                        w.println(st.dim("     (" + more + " more line" + (more == 1 ? "" : "s")
                                + ", `lesson render` shows all)"));
                    }
                }
            }
            w.flush();
        }
    }

    /** The first node's script without blank and comment lines: the commands the step runs. */
    static List<String> commands(List<StepAction.NodeAction> actions) {
        if (actions.isEmpty() || actions.get(0).script() == null) {
            return List.of();
        }
        return actions.get(0).script().lines().map(String::stripTrailing)
                .filter(l -> !l.isBlank() && !l.stripLeading().startsWith("#")).toList();
    }

    /** Streaming output of the running step: {@code master1 │ line}, stderr dimmed. */
    private void line(String node, OutputListener.Stream stream, String line) {
        PrintWriter w = out.get();
        if (w == null || quiet) {
            return;
        }
        if (line.startsWith(SIM_COMMAND)) {
            // the simulated lab echoes each node's script line by line: the commands were shown once already
            return;
        }
        Style st = style.get();
        String prefix = "   " + st.accent(String.format("%-8s", node)) + " " + (st.color() ? "│" : "|") + " ";
        synchronized (w) {
            w.println(prefix + (stream == OutputListener.Stream.STDERR ? st.dim(line) : line));
            w.flush();
        }
    }

    private static final String SIM_COMMAND = dev.hardway.lab.sim.SimLab.PREFIX + "$ ";

    /**
     * Sends streaming output to this command's writer while it runs.
     *
     * @param feedback concise shows the step headers only; verbose shows every command and file
     */
    public void attach(Invocation inv, Settings.Feedback feedback) {
        quiet = feedback == Settings.Feedback.CONCISE;
        verbose = feedback == Settings.Feedback.VERBOSE;
        out.set(inv.out());
        style.set(inv.style());
    }

    public void detach() {
        out.set(null);
    }
}
