package dev.hardway.lesson;

import dev.hardway.Problem;

import dev.hardway.cluster.ClusterConfig.Node;
import dev.hardway.lab.Lab;
import dev.hardway.lab.StepAction;
import dev.hardway.lesson.EngineResults.CheckAllReport;
import dev.hardway.lesson.EngineResults.GotoReport;
import dev.hardway.lesson.EngineResults.HintResult;
import dev.hardway.lesson.EngineResults.LessonInfo;
import dev.hardway.lesson.EngineResults.LessonState;
import dev.hardway.lesson.EngineResults.LessonView;
import dev.hardway.lesson.EngineResults.RenderResult;
import dev.hardway.lesson.EngineResults.ResetReport;
import dev.hardway.lesson.EngineResults.StartResult;
import dev.hardway.lesson.EngineResults.StepInfo;
import dev.hardway.lesson.EngineResults.StepReport;
import dev.hardway.lesson.EngineResults.TestReport;
import dev.hardway.lesson.EngineResults.Verdict;
import dev.hardway.progress.Position;
import dev.hardway.progress.Progress;
import dev.hardway.progress.ProgressException;
import dev.hardway.progress.ProgressStore;
import dev.hardway.progress.ProgressSummary;
import dev.hardway.progress.StepProgress;
import dev.hardway.progress.StepState;
import dev.hardway.render.Renderer;
import dev.hardway.target.OutputListener;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Runs lessons on a {@link Lab}: the queries and commands of {@code lesson ...} (explain → run → check, hints,
 * solve, goto, reset, render, and the author test). A step's pass through the code is {@link StepRunner}'s; the
 * author test is {@link AuthorTest}'s; which lessons and steps apply is {@link Course}'s. Plain Java;
 * returns data ({@link EngineResults}) and never prints — step output streams to the {@link OutputListener}.
 *
 * <p>Progress is read and written through the {@link ProgressStore} on every command (read-modify-write under its
 * lock), so a one-shot {@code ./hardway lesson check} and a running shell never lose each other's updates. The
 * learner's position is always the first step of the current lesson that is neither done nor solved.
 */
public final class LessonEngine {

    private final Lab lab;
    private final LessonCatalog catalog;
    private final ProgressStore store;
    private final Course course;
    private final StepRunner runner;
    private final List<String> notices = new ArrayList<>();
    private volatile ProgressEvents progressEvents = ProgressEvents.NONE;

    /**
     * @param renderer must have {@code catalog.root()} among its template directories ({@link
     *                 LessonCatalog#renderer()} makes one)
     * @param listener receives the lab's output lines while a step runs (may be null)
     */
    public LessonEngine(Lab lab, LessonCatalog catalog, Renderer renderer, ProgressStore store,
                        OutputListener listener) {
        this(lab, catalog, renderer, store, listener, null);
    }

    /** @param events told before each step is applied (the shell prints the step's header then); may be null */
    public LessonEngine(Lab lab, LessonCatalog catalog, Renderer renderer, ProgressStore store,
                        OutputListener listener, StepEvents events) {
        this.lab = lab;
        this.catalog = catalog;
        this.store = store;
        this.course = new Course(catalog, renderer, lab.cluster());
        this.runner = new StepRunner(course, lab, listener, events);
    }

    public LessonCatalog catalog() {
        return catalog;
    }

    /**
     * Gives drive steps ({@code drive:}) the lab's break/heal/check/inspect: the shell passes its own faults and
     * inspector, so a drill step and the commands a learner types act on the same records. Returns this engine.
     */
    public LessonEngine drills(dev.hardway.lab.drill.DrillLab.Opener opener) {
        runner.drills(opener);
        return this;
    }

    /** Who is told what this engine records in progress (the shell's workshop client); null for nobody. */
    public void onProgress(ProgressEvents listener) {
        this.progressEvents = listener == null ? ProgressEvents.NONE : listener;
    }

    private void tell(ProgressEvents.Kind kind, String lesson, String step, String text, boolean solved) {
        try {
            progressEvents.recorded(new ProgressEvents.Event(kind, lesson, step, text, solved, now()));
        } catch (RuntimeException e) {
            // a listener's failure (a full disk for the workshop queue) never undoes or fails the learner's step
            notices.add("a progress listener failed: " + e.getMessage());
        }
    }

    public Lab lab() {
        return lab;
    }

    /** Notices since the last call (a corrupt progress file moved aside): the shell shows them once. */
    public List<String> takeNotices() {
        // a corrupt progress file's notice goes through StateFiles: the shell prints those once, after the command
        List<String> out = new ArrayList<>(notices);
        notices.clear();
        store.takeNotices();
        return out;
    }

    // ------------------------------------------------------------------------------------------- queries --

    /** Every lesson with its state and step counts, in dependency order. */
    public List<LessonInfo> list() throws LessonEngineException {
        Progress p = load();
        List<LessonInfo> out = new ArrayList<>();
        for (Lesson l : catalog.lessons()) {
            List<Step> steps = course.applicableSteps(l);
            int done = (int) steps.stream().filter(s -> p.complete(l.id(), s.id())).count();
            List<String> missing = missingNeeds(p, l);
            boolean applies = course.applies(l);
            LessonState state = !applies ? LessonState.SKIPPED
                    : done == steps.size() ? LessonState.DONE
                    : !p.lesson(l.id()).steps().isEmpty() ? LessonState.IN_PROGRESS
                    : !missing.isEmpty() ? LessonState.LOCKED
                    : LessonState.NOT_STARTED;
            out.add(new LessonInfo(l.id(), l.title(), state, applies ? done : 0, applies ? steps.size() : 0,
                    l.needs(), missing));
        }
        return out;
    }

    /** The rendered explanation and outline of a lesson; {@code id} null means the current lesson. */
    public LessonView show(String id) throws LessonEngineException {
        Progress p = load();
        Lesson l = id == null ? currentLesson(p) : course.lesson(id);
        return view(p, l);
    }

    /** The learner's position, or null before the first {@code lesson start}. */
    public Position position() throws LessonEngineException {
        return load().current();
    }

    /** For {@code progress show}. */
    public ProgressSummary summary() throws LessonEngineException {
        Progress p = load();
        List<ProgressSummary.Outline> outlines = catalog.lessons().stream().map(l -> new ProgressSummary.Outline(
                l.id(), l.title(), course.applies(l), course.applicableSteps(l).stream().map(Step::id).toList()))
                .toList();
        return ProgressSummary.of(p, outlines);
    }

    /** The first lesson that applies, can be started and is not finished; null when the course is done. */
    public String nextLesson() throws LessonEngineException {
        return nextUnfinished(load());
    }

    // ------------------------------------------------------------------------------------------ commands --

    /**
     * Makes {@code id} the current lesson. Refused when lessons it needs are not done: the result names them and
     * says how to get there ({@code lesson goto} solves the earlier steps).
     */
    public StartResult start(String id) throws LessonEngineException {
        Lesson l = course.lesson(id);
        Progress p = load();
        List<String> missing = missingNeeds(p, l);
        if (!missing.isEmpty()) {
            String msg = l.id() + " needs " + String.join(", ", missing) + " done first. Try: lesson goto " + l.id()
                    + " (solves the earlier steps for you) or lesson start " + missing.get(0);
            return new StartResult(false, l.id(), missing, msg, null, p.current());
        }
        Position pos = position(p, l);
        Progress after = update(q -> q.withCurrent(position(q, l)).touch(l.id(), now()));
        tell(ProgressEvents.Kind.LESSON_STARTED, l.id(), pos.step(), null, false);
        String msg = !course.applies(l) ? l.id() + " does not apply to cluster " + lab.cluster().name()
                + ": it is explained, and its steps are skipped. Try: " + continueHint(p)
                : pos.step() == null ? l.id() + " is already done. Try: lesson check --all, or lesson reset " + l.id()
                : "Started " + l.id() + ". Try: lesson next";
        return new StartResult(true, l.id(), List.of(), msg, view(after, l), after.current());
    }

    /**
     * {@code lesson next} before any lesson was started: starts the first unfinished lesson that applies (what
     * rustlings does) and returns that; null when a lesson is current already or every lesson is done.
     */
    public StartResult startFirstIfNone() throws LessonEngineException {
        Progress p = load();
        if (p.current() != null) {
            return null;
        }
        String id = nextUnfinished(p);
        return id == null ? null : start(id);
    }

    /** Runs the current step: explain → run → check; on success the position moves to the next step. */
    public StepReport next() throws LessonEngineException {
        Progress p = load();
        Lesson l = currentLesson(p);
        Optional<Step> s = firstIncomplete(p, l);
        if (s.isEmpty()) {
            return lessonDone(p, l);
        }
        return runStep(l, s.get(), StepState.DONE);
    }

    /** Runs the current step again (after fixing something); in a finished lesson, its last step. */
    public StepReport run() throws LessonEngineException {
        Progress p = load();
        Lesson l = currentLesson(p);
        Optional<Step> s = firstIncomplete(p, l);
        if (s.isPresent()) {
            return runStep(l, s.get(), StepState.DONE);
        }
        List<Step> steps = course.applicableSteps(l);
        if (steps.isEmpty()) {
            return lessonDone(p, l);
        }
        return runStep(l, steps.get(steps.size() - 1), StepState.DONE);
    }

    /** Checks the current step without running it (the learner did it by hand); passing marks it done. */
    public StepReport check() throws LessonEngineException {
        Progress p = load();
        Lesson l = currentLesson(p);
        Optional<Step> s = firstIncomplete(p, l);
        if (s.isEmpty()) {
            return lessonDone(p, l);
        }
        return record(l, s.get(), runner.check(l, s.get()), StepState.DONE);
    }

    /** Runs the current step for the learner and marks it solved-by-tool when its checks pass. */
    public StepReport solve() throws LessonEngineException {
        Progress p = load();
        Lesson l = currentLesson(p);
        Optional<Step> s = firstIncomplete(p, l);
        if (s.isEmpty()) {
            return lessonDone(p, l);
        }
        return runStep(l, s.get(), StepState.SOLVED_BY_TOOL);
    }

    /**
     * Re-verifies every done or solved step of every lesson (rustlings' check-all), e.g. after {@code break}.
     * Progress is not changed: a fault in the lab does not undo what the learner learned.
     */
    public CheckAllReport checkAll() throws LessonEngineException {
        Progress p = load();
        List<StepReport> out = new ArrayList<>();
        for (Lesson l : catalog.lessons()) {
            for (Step s : course.applicableSteps(l)) {
                // a drill step that leaves a fault promised the lab broken; a later step healed it
                if (p.complete(l.id(), s.id()) && !s.leavesFaults()) {
                    out.add(runner.check(l, s));
                }
            }
        }
        boolean ok = out.stream().allMatch(StepReport::passed);
        long bad = out.stream().filter(r -> !r.passed()).count();
        String msg = out.isEmpty() ? "No step is done yet. Try: lesson start " + firstAvailable(p)
                : ok ? "All " + out.size() + " done steps still pass."
                : bad + " of " + out.size() + " done steps fail now. Try: lesson run in the failing step's lesson,"
                + " or heal --all if you broke something";
        return new CheckAllReport(out, ok, msg);
    }

    /** The next hint of the current step (escalating; counted in progress). */
    public HintResult hint() throws LessonEngineException {
        Progress p = load();
        Lesson l = currentLesson(p);
        Optional<Step> os = firstIncomplete(p, l);
        if (os.isEmpty()) {
            // a done lesson whose step the learner re-ran and saw fail (lesson run): hint at that step
            os = course.applicableSteps(l).stream().filter(x -> p.step(l.id(), x.id())
                    .map(StepProgress::lastFailure).isPresent()).max(Comparator.comparing(x -> p.step(l.id(), x.id())
                    .map(StepProgress::last).orElse(Instant.EPOCH)));
        }
        if (os.isEmpty()) {
            return new HintResult(l.id(), null, null, 0, 0, l.id() + " is done: nothing to hint at. Try: "
                    + continueHint(p));
        }
        Step s = os.get();
        List<String> hints;
        try {
            hints = course.render().hints(l, s, course.render().nodes(l, s));
        } catch (LessonException e) {
            throw new LessonEngineException(e.problem(), e);
        }
        if (hints.isEmpty()) {
            return new HintResult(l.id(), s.id(), null, 0, 0, s.id() + " has no hints. Try: lesson show, or lesson"
                    + " solve to let hardway do it");
        }
        int used = p.step(l.id(), s.id()).map(StepProgress::hintsUsed).orElse(0);
        if (used >= hints.size()) {
            return new HintResult(l.id(), s.id(), hints.get(hints.size() - 1), hints.size(), hints.size(),
                    "That was the last hint. Try: lesson solve (hardway does the step and marks it solved)");
        }
        update(q -> q.withHint(l.id(), s.id(), now()).touch(l.id(), now()));
        tell(ProgressEvents.Kind.HINT_USED, l.id(), s.id(), null, false);
        return new HintResult(l.id(), s.id(), hints.get(used), used + 1, hints.size(),
                used + 1 < hints.size() ? "Try: lesson hint for the next one" : "Last hint. Try: lesson solve");
    }

    /**
     * Moves to {@code lesson[/step]}, solving every step not done before it — every earlier lesson of the course
     * that applies to this cluster (course order, needs first), then the target lesson's steps before {@code step}
     * — so the lab is as if the learner had done them (Instruqt's "skip to challenge"). Stops at the first step
     * that cannot be solved.
     */
    public GotoReport goTo(String target) throws LessonEngineException {
        String[] parts = target.split("/", 2);
        Lesson l = course.lesson(parts[0]);
        Step stop = null;
        if (parts.length == 2 && !parts[1].isBlank()) {
            stop = l.step(parts[1]).orElseThrow(() -> new LessonEngineException("lesson " + l.id() + " has no step '"
                    + parts[1] + "'", "one of " + l.steps().stream().map(Step::id).toList()));
            if (!course.applies(l) || !course.stepApplies(l, stop)) {
                throw new LessonEngineException(l.id() + "/" + parts[1] + " does not apply to cluster "
                        + lab.cluster().name(), "lesson goto " + l.id());
            }
        }
        List<StepReport> solved = new ArrayList<>();
        for (Lesson x : course.upTo(l)) {
            for (Step s : course.applicableSteps(x)) {
                if (x == l && (stop == null || s.id().equals(stop.id()))) {
                    break; // goto a lesson: solve what comes before it, start at its first open step
                }
                if (load().complete(x.id(), s.id())) {
                    continue;
                }
                StepReport r = runStep(x, s, StepState.SOLVED_BY_TOOL);
                solved.add(r);
                if (!r.passed()) {
                    Position at = new Position(x.id(), s.id());
                    update(q -> q.withCurrent(at));
                    return new GotoReport(at, solved, false, "Stopped at " + at + ": " + r.message());
                }
            }
        }
        Step stopAt = stop;
        Progress after = update(q -> q.withCurrent(stopAt != null && !q.complete(l.id(), stopAt.id())
                ? new Position(l.id(), stopAt.id()) : position(q, l)).touch(l.id(), now()));
        tell(ProgressEvents.Kind.LESSON_STARTED, after.current().lesson(), after.current().step(), null, false);
        return new GotoReport(after.current(), solved, true, (solved.isEmpty() ? "Nothing to solve on the way. "
                : "Solved " + solved.size() + " step" + (solved.size() == 1 ? "" : "s") + " on the way. ")
                + "Now at " + after.current() + ". Try: lesson next");
    }

    /**
     * Clears progress of one lesson ({@code id}) or of everything ({@code id} null); everything also asks the lab
     * to start from fresh machines, which only the simulated lab can. The shell asks for confirmation first.
     */
    public ResetReport reset(String id) throws LessonEngineException {
        if (id != null) {
            Lesson l = course.lesson(id);
            update(q -> q.withoutLesson(l.id()));
            return new ResetReport(List.of(l.id()), false, "Progress of " + l.id() + " cleared; the lab keeps what it"
                    + " built. Try: lesson start " + l.id());
        }
        Progress before = load();
        List<String> lessons = before.lessons().keySet().stream().sorted().toList();
        update(q -> Progress.empty(lab.cluster().name()));
        boolean labReset;
        String msg;
        try {
            lab.reset();
            labReset = true;
            msg = "All progress cleared and the simulated lab is fresh again. Try: lesson start " + firstAvailable(
                    Progress.empty(lab.cluster().name()));
        } catch (UnsupportedOperationException e) {
            labReset = false;
            msg = "All progress cleared; the machines keep what they have: " + e.getMessage();
        }
        return new ResetReport(lessons, labReset, msg);
    }

    /**
     * The author test of {@code id} (or every lesson, {@code id} null) in a scratch simulated lab of this cluster:
     * per step, check → must fail; run → check → must pass. Neither the learner's lab nor their progress is
     * touched.
     */
    public TestReport test(String id) throws LessonEngineException {
        return AuthorTest.inScratchLab(course, id);
    }

    /** The author test on this engine's lab itself (real nodes: it solves every step there). Progress untouched. */
    public TestReport testOnThisLab(String id) throws LessonEngineException {
        return AuthorTest.onLab(runner, id);
    }

    /** One step rendered for this cluster without running it: what {@code lesson render} writes out. */
    public record PlannedStep(String lesson, String step, String title, boolean applies,
                              List<StepAction.NodeAction> actions) {
    }

    /**
     * Renders every step of a lesson (or of every lesson, {@code id} null) for this cluster, node by node, without
     * touching the lab or progress: the scripts and files a learner can read, diff or run by hand.
     */
    public List<PlannedStep> plan(String id) throws LessonEngineException {
        List<Lesson> ls = id == null ? catalog.lessons() : List.of(course.lesson(id));
        List<PlannedStep> out = new ArrayList<>();
        for (Lesson l : ls) {
            for (Step s : l.steps()) {
                StepRunner.StepPlan p = runner.plan(l, s, true);
                if (p.problem() != null) {
                    throw new LessonEngineException(p.problem());
                }
                out.add(new PlannedStep(l.id(), s.id(), p.title(), p.applies(), p.actions()));
            }
        }
        return out;
    }

    /**
     * {@code lesson render}: writes {@link #plan}'s steps under {@code dir}: per step and node a {@code run.sh}
     * (header, the files it uploads and copies, the script) and the rendered files under {@code files/}; a step
     * that does not apply gets a {@code SKIPPED} file.
     */
    public RenderResult render(String id, Path dir) throws LessonEngineException {
        return LessonFiles.write(plan(id), dir, lab.cluster().name());
    }

    // ------------------------------------------------------------------------------------------ internals --

    /** Applies and checks a step, recording the result as {@code success} or FAILED. */
    private StepReport runStep(Lesson l, Step s, StepState success) throws LessonEngineException {
        return record(l, s, runner.execute(l, s), success);
    }

    /** Stores an attempt (the position moves on after a pass) and returns the report with hint and position. */
    private StepReport record(Lesson l, Step s, StepReport r, StepState success) throws LessonEngineException {
        if (r.verdict() == Verdict.SKIPPED || r.verdict() == Verdict.ERROR) {
            return r;
        }
        Instant now = now();
        boolean pass = r.passed();
        String failure = pass ? null : r.message();
        Progress after = update(q -> {
            boolean wasComplete = q.complete(l.id(), s.id());
            // re-running a finished step (lesson run at the end of a lesson) never downgrades it
            StepState st = wasComplete ? q.step(l.id(), s.id()).get().state() : pass ? success : StepState.FAILED;
            Progress x = q.withAttempt(l.id(), s.id(), st, failure, now).touch(l.id(), now);
            return x.withCurrent(position(x, l));
        });
        if (pass) {
            tell(ProgressEvents.Kind.STEP_PASSED, l.id(), s.id(), null, success == StepState.SOLVED_BY_TOOL);
            Optional<Step> then = firstIncomplete(after, l);
            if (then.isPresent()) {
                tell(ProgressEvents.Kind.STEP_STARTED, l.id(), then.get().id(), null, false);
            } else {
                tell(ProgressEvents.Kind.LESSON_DONE, l.id(), null, null, false);
            }
        } else {
            tell(ProgressEvents.Kind.STEP_FAILED, l.id(), s.id(), failure, false);
        }
        List<String> hints = course.hints(l, s);
        int used = after.step(l.id(), s.id()).map(StepProgress::hintsUsed).orElse(0);
        String hint = pass || hints.isEmpty() ? null : hints.get(Math.min(Math.max(used - 1, 0), hints.size() - 1));
        String msg = r.message();
        if (pass) {
            Optional<Step> nxt = firstIncomplete(after, l);
            msg = (success == StepState.SOLVED_BY_TOOL ? "Solved " : "Done: ") + l.id() + "/" + s.id() + ". "
                    + (nxt.isPresent() ? "Try: lesson next (" + course.title(l, nxt.get()) + ")"
                    : l.id() + " is complete. Try: " + continueHint(after));
        } else if (!hints.isEmpty() && used < hints.size()) {
            msg = msg + " (lesson hint: " + (hints.size() - used) + " more)";
        }
        return r.toBuilder().hint(hint, Math.max(0, hints.size() - used)).message(msg).next(after.current())
                .build();
    }

    private StepReport lessonDone(Progress p, Lesson l) {
        return StepReport.of(l.id(), null, Verdict.LESSON_DONE, l.id() + " is complete. Try: " + continueHint(p))
                .title(l.title(), 0, l.steps().size()).nodes(List.of(), lab.simulated()).next(p.current()).build();
    }

    private String nextUnfinished(Progress p) {
        for (Lesson l : catalog.lessons()) {
            if (course.applies(l) && missingNeeds(p, l).isEmpty() && firstIncomplete(p, l).isPresent()) {
                return l.id();
            }
        }
        return null;
    }

    /** What to do after a finished lesson: start the next one, or, with none left, say the course is complete. */
    private String continueHint(Progress p) {
        String n = nextUnfinished(p);
        return n == null ? COURSE_COMPLETE : "lesson start " + n;
    }

    /** What the learner can do once every lesson is done (after "Try: "). */
    public static final String COURSE_COMPLETE = "lesson check --all (the course is complete; this re-verifies every"
            + " step)";

    private String firstAvailable(Progress p) {
        String n = nextUnfinished(p);
        return n != null ? n : catalog.lessons().isEmpty() ? "<lesson>" : catalog.lessons().get(0).id();
    }

    private LessonView view(Progress p, Lesson l) throws LessonEngineException {
        String explanation;
        try {
            explanation = course.render().explainLesson(l);
        } catch (LessonException e) {
            throw new LessonEngineException(e.problem(), e);
        }
        boolean applies = course.applies(l);
        List<StepInfo> steps = new ArrayList<>();
        for (Step s : l.steps()) {
            boolean sa = applies && course.stepApplies(l, s);
            List<Node> nodes = List.of();
            String ex = "";
            if (sa) {
                try {
                    nodes = course.render().nodes(l, s);
                    ex = course.render().explainStep(l, s, nodes);
                } catch (LessonException e) {
                    throw new LessonEngineException(e.problem(), e);
                }
            }
            StepState state = sa ? p.step(l.id(), s.id()).map(StepProgress::state).orElse(null) : null;
            steps.add(new StepInfo(s.index() + 1, s.id(), course.title(l, s), s.on() == null ? "" : s.on().source(),
                    nodes.stream().map(Node::name).toList(), sa, state, ex));
        }
        return new LessonView(l.id(), l.title(), applies, explanation, steps, l.needs());
    }

    /** Lessons {@code l} needs (directly or not) that are not complete, in dependency order. */
    private List<String> missingNeeds(Progress p, Lesson l) {
        return catalog.prerequisites(l.id()).stream().filter(x -> !complete(p, x)).map(Lesson::id).toList();
    }

    private boolean complete(Progress p, Lesson l) {
        return !course.applies(l) || firstIncomplete(p, l).isEmpty();
    }

    private Optional<Step> firstIncomplete(Progress p, Lesson l) {
        return course.applicableSteps(l).stream().filter(s -> !p.complete(l.id(), s.id())).findFirst();
    }

    private Position position(Progress p, Lesson l) {
        return new Position(l.id(), firstIncomplete(p, l).map(Step::id).orElse(null));
    }

    private Lesson currentLesson(Progress p) throws LessonEngineException {
        if (p.current() == null) {
            throw new LessonEngineException("no lesson started yet", "lesson start " + firstAvailable(p));
        }
        Optional<Lesson> l = catalog.lesson(p.current().lesson());
        if (l.isEmpty()) {
            throw new LessonEngineException("the current lesson '" + p.current().lesson() + "' no longer exists",
                    "lesson start " + firstAvailable(p));
        }
        return l.get();
    }

    private Instant now() {
        return store.clock().instant();
    }

    private Progress load() throws LessonEngineException {
        try {
            return store.load().progress();
        } catch (ProgressException e) {
            throw LessonEngineException.of(e);
        }
    }

    private Progress update(UnaryOperator<Progress> change) throws LessonEngineException {
        try {
            return store.update(change);
        } catch (ProgressException e) {
            throw LessonEngineException.of(e);
        }
    }
}
