package dev.hardway.lesson;

import dev.hardway.Problem;

import dev.hardway.cluster.ClusterConfig.Node;
import dev.hardway.lab.Lab;
import dev.hardway.lab.ProbeResult;
import dev.hardway.lab.StepAction;
import dev.hardway.lab.StepOutcome;
import dev.hardway.lesson.Check.ProbeCheck;
import dev.hardway.lesson.Check.ScriptCheck;
import dev.hardway.lesson.EngineResults.CheckAllReport;
import dev.hardway.lesson.EngineResults.CheckResult;
import dev.hardway.lesson.EngineResults.GotoReport;
import dev.hardway.lesson.EngineResults.HintResult;
import dev.hardway.lesson.EngineResults.LessonInfo;
import dev.hardway.lesson.EngineResults.LessonView;
import dev.hardway.lesson.EngineResults.ResetReport;
import dev.hardway.lesson.EngineResults.StartResult;
import dev.hardway.lesson.EngineResults.StepInfo;
import dev.hardway.lesson.EngineResults.StepReport;
import dev.hardway.lesson.EngineResults.TestReport;
import dev.hardway.lesson.EngineResults.TestStep;
import dev.hardway.lesson.EngineResults.TestVerdict;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs lessons on a {@link Lab}: explain → run → check, hints, solve, goto, reset, and the author test. Plain Java;
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
    private final OutputListener listener;
    private final Rendering render;
    private final Map<String, Boolean> appliesCache = new HashMap<>();
    private final List<String> notices = new ArrayList<>();

    /**
     * @param renderer must have {@code catalog.root()} among its template directories ({@link
     *                 LessonCatalog#renderer()} makes one)
     * @param listener receives the lab's output lines while a step runs (may be null)
     */
    public LessonEngine(Lab lab, LessonCatalog catalog, Renderer renderer, ProgressStore store,
                        OutputListener listener) {
        this.lab = lab;
        this.catalog = catalog;
        this.store = store;
        this.listener = listener == null ? OutputListener.NONE : listener;
        this.render = new Rendering(lab.cluster(), renderer, catalog.rootName());
    }

    public LessonCatalog catalog() {
        return catalog;
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
            List<Step> steps = applicableSteps(l);
            int done = (int) steps.stream().filter(s -> p.complete(l.id(), s.id())).count();
            List<String> missing = missingNeeds(p, l);
            String state;
            if (!applies(l)) {
                state = "skipped";
            } else if (done == steps.size()) {
                state = "done";
            } else if (!p.lesson(l.id()).steps().isEmpty()) {
                state = "in-progress";
            } else if (!missing.isEmpty()) {
                state = "locked";
            } else {
                state = "not-started";
            }
            out.add(new LessonInfo(l.id(), l.title(), state, applies(l) ? done : 0, applies(l) ? steps.size() : 0,
                    l.needs(), missing));
        }
        return out;
    }

    /** The rendered explanation and outline of a lesson; {@code id} null means the current lesson. */
    public LessonView show(String id) throws LessonEngineException {
        Progress p = load();
        Lesson l = id == null ? currentLesson(p) : lesson(id);
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
                l.id(), l.title(), applies(l), applicableSteps(l).stream().map(Step::id).toList())).toList();
        return ProgressSummary.of(p, outlines);
    }

    // ------------------------------------------------------------------------------------------ commands --

    /**
     * Makes {@code id} the current lesson. Refused when lessons it needs are not done: the result names them and
     * says how to get there ({@code lesson goto} solves the earlier steps).
     */
    public StartResult start(String id) throws LessonEngineException {
        Lesson l = lesson(id);
        Progress p = load();
        List<String> missing = missingNeeds(p, l);
        if (!missing.isEmpty()) {
            String msg = l.id() + " needs " + String.join(", ", missing) + " done first. Try: lesson goto " + l.id()
                    + " (solves the earlier steps for you) or lesson start " + missing.get(0);
            return new StartResult(false, l.id(), missing, msg, null, p.current());
        }
        Position pos = position(p, l);
        Progress after = update(q -> q.withCurrent(position(q, l)).touch(l.id(), now()));
        String msg = !applies(l) ? l.id() + " does not apply to cluster " + lab.cluster().name()
                + ": it is explained, and its steps are skipped. Try: " + continueHint(p)
                : pos.step() == null ? l.id() + " is already done. Try: lesson check --all, or lesson reset " + l.id()
                : "Started " + l.id() + ". Try: lesson next";
        return new StartResult(true, l.id(), List.of(), msg, view(after, l), after.current());
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
        List<Step> steps = applicableSteps(l);
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
        return checkStep(l, s.get(), true);
    }

    /**
     * Re-verifies every done or solved step of every lesson (rustlings' check-all), e.g. after {@code break}.
     * Progress is not changed: a fault in the lab does not undo what the learner learned.
     */
    public CheckAllReport checkAll() throws LessonEngineException {
        Progress p = load();
        List<StepReport> out = new ArrayList<>();
        for (Lesson l : catalog.lessons()) {
            for (Step s : applicableSteps(l)) {
                if (p.complete(l.id(), s.id())) {
                    out.add(checkStep(l, s, false));
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
            os = applicableSteps(l).stream().filter(x -> p.step(l.id(), x.id()).map(StepProgress::lastFailure)
                    .isPresent()).max(java.util.Comparator.comparing(x -> p.step(l.id(), x.id())
                    .map(StepProgress::last).orElse(Instant.EPOCH)));
        }
        if (os.isEmpty()) {
            return new HintResult(l.id(), null, null, 0, 0, l.id() + " is done: nothing to hint at. Try: "
                    + continueHint(p));
        }
        Step s = os.get();
        List<String> hints;
        try {
            hints = render.hints(l, s, render.nodes(l, s));
        } catch (LessonException e) {
            throw new LessonEngineException(e.problem().toString(), e);
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
        return new HintResult(l.id(), s.id(), hints.get(used), used + 1, hints.size(),
                used + 1 < hints.size() ? "Try: lesson hint for the next one" : "Last hint. Try: lesson solve");
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
     * Moves to {@code lesson[/step]}, solving every step not done before it — every earlier lesson of the course
     * that applies to this cluster (course order, needs first), then the target lesson's steps before {@code step}
     * — so the lab is as if the learner had done them (Instruqt's "skip to challenge"). Stops at the first step
     * that cannot be solved.
     */
    public GotoReport goTo(String target) throws LessonEngineException {
        String[] parts = target.split("/", 2);
        Lesson l = lesson(parts[0]);
        Step stop = null;
        if (parts.length == 2 && !parts[1].isBlank()) {
            stop = l.step(parts[1]).orElseThrow(() -> new LessonEngineException("lesson " + l.id() + " has no step '"
                    + parts[1] + "'. Try: one of " + l.steps().stream().map(Step::id).toList()));
            if (!applies(l) || !stepApplies(l, stop)) {
                throw new LessonEngineException(l.id() + "/" + parts[1] + " does not apply to cluster "
                        + lab.cluster().name() + ". Try: lesson goto " + l.id());
            }
        }
        List<StepReport> solved = new ArrayList<>();
        List<Lesson> chain = courseUpTo(l);
        for (Lesson x : chain) {
            if (!applies(x)) {
                continue;
            }
            for (Step s : applicableSteps(x)) {
                if (x == l && stop != null && s.id().equals(stop.id())) {
                    break;
                }
                if (x == l && stop == null) {
                    break; // goto a lesson: solve what it needs, start at its first open step
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
        return new GotoReport(after.current(), solved, true, (solved.isEmpty() ? "Nothing to solve on the way. "
                : "Solved " + solved.size() + " step" + (solved.size() == 1 ? "" : "s") + " on the way. ")
                + "Now at " + after.current() + ". Try: lesson next");
    }

    /**
     * Every lesson of the course before {@code l} (course order), each after the lessons it needs, then {@code l}:
     * what a learner who reached {@code l} has done (issue 8, finding 2: goto 07 must leave etcd built even when 07
     * names only 06 in its needs).
     */
    private List<Lesson> courseUpTo(Lesson l) {
        java.util.LinkedHashSet<Lesson> chain = new java.util.LinkedHashSet<>();
        for (Lesson x : catalog.lessons()) {
            if (x.id().equals(l.id())) {
                break;
            }
            chain.addAll(catalog.prerequisites(x.id()));
            chain.add(x);
        }
        chain.addAll(catalog.prerequisites(l.id()));
        chain.add(l);
        return List.copyOf(chain);
    }

    /**
     * Clears progress of one lesson ({@code id}) or of everything ({@code id} null); everything also asks the lab
     * to start from fresh machines, which only the simulated lab can. The shell asks for confirmation first.
     */
    public ResetReport reset(String id) throws LessonEngineException {
        if (id != null) {
            Lesson l = lesson(id);
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
     * The author test: per step of {@code id} (or every lesson, {@code id} null), in dependency order: check →
     * must fail; run → check → must pass. Lessons {@code id} needs are solved first (not judged). Steps whose
     * {@code when} or lesson's {@code applies} is false on this cluster are reported as skipped. Uses the lab it is
     * given (a fresh simulated lab in CI); learner progress is not touched.
     */
    public TestReport test(String id) throws LessonEngineException {
        List<Lesson> judged = id == null ? catalog.lessons() : List.of(lesson(id));
        List<TestStep> out = new ArrayList<>();
        if (id != null) {
            for (Lesson pre : catalog.prerequisites(id)) {
                if (!applies(pre)) {
                    continue;
                }
                for (Step s : applicableSteps(pre)) {
                    StepReport r = execute(pre, s);
                    if (!r.passed()) {
                        out.add(new TestStep(pre.id(), s.id(), TestVerdict.ERROR, "setup: needed step " + pre.id()
                                + "/" + s.id() + " did not pass: " + r.message(), null, r));
                        return testReport(out);
                    }
                }
            }
        }
        for (Lesson l : judged) {
            for (Step s : l.steps()) {
                out.add(testStep(l, s));
            }
        }
        return testReport(out);
    }

    private TestReport testReport(List<TestStep> out) {
        boolean ok = out.stream().allMatch(TestStep::ok);
        long pass = out.stream().filter(t -> t.verdict() == TestVerdict.PASS).count();
        long skipped = out.stream().filter(t -> t.verdict() == TestVerdict.SKIPPED).count();
        long bad = out.size() - pass - skipped;
        String msg = pass + " passed, " + bad + " failed, " + skipped + " skipped on cluster "
                + lab.cluster().name() + (lab.simulated() ? " (simulated lab)" : "")
                + (ok ? "." : ". Try: fix the steps marked above and run lesson test again");
        return new TestReport(lab.cluster().name(), lab.simulated(), out, ok, msg);
    }

    private TestStep testStep(Lesson l, Step s) {
        if (!applies(l)) {
            return new TestStep(l.id(), s.id(), TestVerdict.SKIPPED, l.id() + " does not apply to cluster "
                    + lab.cluster().name(), null, null);
        }
        boolean when;
        try {
            when = render.when(l, s);
        } catch (LessonException e) {
            return new TestStep(l.id(), s.id(), TestVerdict.ERROR, e.problem().toString(), null, null);
        }
        if (!when) {
            return new TestStep(l.id(), s.id(), TestVerdict.SKIPPED, "when: is false on cluster "
                    + lab.cluster().name(), null, null);
        }
        StepReport before = evaluate(l, s, null, null);
        if (before.verdict() == Verdict.ERROR) {
            return new TestStep(l.id(), s.id(), TestVerdict.ERROR, before.message(), before, null);
        }
        if (before.passed()) {
            return new TestStep(l.id(), s.id(), TestVerdict.CHECK_PASSES_BEFORE_RUN, l.file() + ":" + s.line() + " "
                    + s.path() + ".check: passes before the step ran, so it cannot tell whether the step was done."
                    + " Try: check something this step creates or starts (file-exists on its files, service-active"
                    + " on its services)", before, null);
        }
        StepReport after = execute(l, s);
        return switch (after.verdict()) {
            case PASSED -> new TestStep(l.id(), s.id(), TestVerdict.PASS, "fails before, passes after", before,
                    after);
            case APPLY_FAILED -> new TestStep(l.id(), s.id(), TestVerdict.RUN_FAILED, after.message(), before, after);
            case ERROR -> new TestStep(l.id(), s.id(), TestVerdict.ERROR, after.message(), before, after);
            default -> new TestStep(l.id(), s.id(), TestVerdict.CHECK_FAILS_AFTER_RUN, l.file() + ":" + s.line() + " "
                    + s.path() + ": the check still fails after the step ran: "
                    + Rendering.splitTry(failureText(after.checks()))[0] + ". Try: make the step create what its check looks for (files:, creates:, services:)", before,
                    after);
        };
    }

    // ------------------------------------------------------------------------------------------ internals --

    /** Applies and checks a step, recording the result as {@code success} or FAILED. */
    private StepReport runStep(Lesson l, Step s, StepState success) throws LessonEngineException {
        StepReport r = execute(l, s);
        return record(l, s, r, success);
    }

    private StepReport checkStep(Lesson l, Step s, boolean record) throws LessonEngineException {
        StepReport r = evaluate(l, s, null, null);
        return record ? record(l, s, r, StepState.DONE) : r;
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
            StepState st = pass ? (wasComplete ? q.step(l.id(), s.id()).get().state() : success)
                    : wasComplete ? q.step(l.id(), s.id()).get().state() : StepState.FAILED;
            Progress x = q.withAttempt(l.id(), s.id(), st, failure, now).touch(l.id(), now);
            return x.withCurrent(position(x, l));
        });
        List<String> hints = safeHints(l, s);
        int used = after.step(l.id(), s.id()).map(StepProgress::hintsUsed).orElse(0);
        String hint = pass || hints.isEmpty() ? null : hints.get(Math.min(Math.max(used - 1, 0), hints.size() - 1));
        String msg = r.message();
        if (pass) {
            Optional<Step> nxt = firstIncomplete(after, l);
            msg = (success == StepState.SOLVED_BY_TOOL ? "Solved " : "Done: ") + l.id() + "/" + s.id() + ". "
                    + (nxt.isPresent() ? "Try: lesson next (" + title(l, nxt.get()) + ")"
                    : l.id() + " is complete. Try: " + nextLessonHint(after, l));
        } else if (!hints.isEmpty() && used < hints.size()) {
            msg = msg + " (lesson hint: " + (hints.size() - used) + " more)";
        }
        return new StepReport(r.lesson(), r.step(), r.title(), r.number(), r.total(), r.nodes(), r.simulated(),
                r.explanation(), r.actions(), r.outcome(), r.checks(), r.verdict(), hint,
                Math.max(0, hints.size() - used), r.problem(), msg, after.current());
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
        List<Lesson> ls = id == null ? catalog.lessons() : List.of(lesson(id));
        List<PlannedStep> out = new ArrayList<>();
        for (Lesson l : ls) {
            for (Step s : l.steps()) {
                try {
                    boolean on = applies(l) && render.when(l, s);
                    List<StepAction.NodeAction> actions = new ArrayList<>();
                    if (on) {
                        for (Node n : render.nodes(l, s)) {
                            actions.add(render.action(l, s, n));
                        }
                    }
                    out.add(new PlannedStep(l.id(), s.id(), s.title(), on, actions));
                } catch (LessonException e) {
                    throw new LessonEngineException(e.problem().toString(), e);
                }
            }
        }
        return out;
    }

    /** Renders and applies a step on its nodes, then evaluates its checks. Does not touch progress. */
    private StepReport execute(Lesson l, Step s) {
        List<Node> nodes;
        List<StepAction.NodeAction> actions = new ArrayList<>();
        try {
            if (!applies(l) || !render.when(l, s)) {
                return skipped(l, s);
            }
            nodes = render.nodes(l, s);
            for (Node n : nodes) {
                actions.add(render.action(l, s, n));
            }
        } catch (LessonException e) {
            return error(l, s, e.problem());
        }
        StepAction action = new StepAction(l.id() + "/" + s.id(), actions, Duration.ofSeconds(s.timeout()));
        StepOutcome outcome = lab.apply(action, listener);
        if (!outcome.ok()) {
            String why = outcome.failed().stream().map(StepOutcome.NodeOutcome::error).collect(Collectors.joining("; "));
            String explanation = safeExplain(l, s, nodes);
            return new StepReport(l.id(), s.id(), title(l, s), s.index() + 1, l.steps().size(), names(nodes),
                    lab.simulated(), explanation, actions, outcome, List.of(), Verdict.APPLY_FAILED, null, 0, null,
                    title(l, s) + " failed on " + outcome.failed().stream().map(StepOutcome.NodeOutcome::node)
                            .collect(Collectors.joining(", ")) + ": " + why, null);
        }
        return evaluate(l, s, actions, outcome);
    }

    /** Evaluates a step's checks (after {@code actions} were applied, or on their own). */
    private StepReport evaluate(Lesson l, Step s, List<StepAction.NodeAction> actions, StepOutcome outcome) {
        List<Node> nodes;
        List<CheckResult> results = new ArrayList<>();
        try {
            if (!applies(l) || !render.when(l, s)) {
                return skipped(l, s);
            }
            nodes = render.nodes(l, s);
            for (Check c : s.checks()) {
                if (c instanceof ProbeCheck pc) {
                    for (Rendering.PlannedProbe pp : render.probes(l, s, pc, nodes)) {
                        ProbeResult res = lab.probe(pp.probe());
                        results.add(result(c, "probe", pc.type(), pp.node(), res, pp.failText()));
                    }
                } else if (c instanceof ScriptCheck sc) {
                    for (Rendering.PlannedScript ps : render.scripts(l, s, sc)) {
                        ProbeResult res = lab.script(ps.node(), ps.script(), ps.expect());
                        CheckResult cr = result(c, "script", "script", ps.node(), res, ps.failText());
                        results.add(new CheckResult(cr.check(), cr.kind(), cr.type(), cr.node(), cr.ok(),
                                cr.skipped(), cr.summary(), cr.problems(), cr.failText(), List.of(ps.script())));
                    }
                }
            }
        } catch (LessonException e) {
            return error(l, s, e.problem());
        }
        boolean pass = results.stream().allMatch(c -> c.ok() || c.skipped());
        String failure = failureText(results);
        String msg = pass ? title(l, s) + ": every check passed"
                : title(l, s) + ": " + failure + (failure.contains("Try:") ? ""
                : ". Try: lesson run after fixing it, or lesson hint");
        return new StepReport(l.id(), s.id(), title(l, s), s.index() + 1, l.steps().size(), names(nodes),
                lab.simulated(), safeExplain(l, s, nodes), actions, outcome, List.copyOf(results),
                pass ? Verdict.PASSED : Verdict.FAILED, null, 0, null, msg, null);
    }

    private static CheckResult result(Check c, String kind, String type, String node, ProbeResult res,
                                      String failText) {
        String text = res.ok() || res.skipped() ? null
                : failText != null ? failText
                : res.problems().isEmpty() ? res.summary() : String.join("; ", res.problems());
        return new CheckResult(c.index(), kind, type, node, res.ok(), res.skipped(), res.summary(), res.problems(),
                text, res.commands());
    }

    /** The first failed condition, and how many more there are (every one is in the check results). */
    private static String failureText(List<CheckResult> results) {
        List<String> texts = results.stream().filter(c -> !c.ok() && !c.skipped())
                .flatMap(c -> c.problems().isEmpty() || c.failText().equals(String.join("; ", c.problems()))
                        ? (c.problems().isEmpty() ? Stream.of(c.failText()) : c.problems().stream())
                        : Stream.of(c.failText()))
                .distinct().toList();
        if (texts.isEmpty()) {
            return "";
        }
        return texts.get(0) + (texts.size() > 1 ? " (+" + (texts.size() - 1) + " more)" : "");
    }

    private StepReport skipped(Lesson l, Step s) {
        return new StepReport(l.id(), s.id(), title(l, s), s.index() + 1, l.steps().size(), List.of(), lab.simulated(),
                "", null, null, List.of(), Verdict.SKIPPED, null, 0, null, s.id() + " does not apply to cluster "
                + lab.cluster().name(), null);
    }

    private StepReport error(Lesson l, Step s, Problem p) {
        return new StepReport(l.id(), s.id(), title(l, s), s.index() + 1, l.steps().size(), List.of(), lab.simulated(),
                "", null, null, List.of(), Verdict.ERROR, null, 0, p, p.toString(), null);
    }

    private StepReport lessonDone(Progress p, Lesson l) {
        return new StepReport(l.id(), null, l.title(), 0, l.steps().size(), List.of(), lab.simulated(), "", null,
                null, List.of(), Verdict.LESSON_DONE, null, 0, null, l.id() + " is complete. Try: "
                + nextLessonHint(p, l), p.current());
    }

    private String nextLessonHint(Progress p, Lesson done) {
        for (Lesson l : catalog.lessons()) {
            if (l != done && applies(l) && firstIncomplete(p, l).isPresent() && missingNeeds(p, l).isEmpty()) {
                return "lesson start " + l.id();
            }
        }
        return "progress show (every lesson is done)";
    }

    /** The first lesson that applies, can be started and is not finished; null when the course is done. */
    public String nextLesson() throws LessonEngineException {
        return nextUnfinished(load());
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

    private String nextUnfinished(Progress p) {
        for (Lesson l : catalog.lessons()) {
            if (applies(l) && missingNeeds(p, l).isEmpty() && firstIncomplete(p, l).isPresent()) {
                return l.id();
            }
        }
        return null;
    }

    /** What to do after a finished lesson: start the next one, or, with none left, re-verify them all. */
    private String continueHint(Progress p) {
        String n = nextUnfinished(p);
        return n == null ? "every lesson is done: lesson check --all re-verifies them" : "lesson start " + n;
    }

    private String firstAvailable(Progress p) {
        String n = nextUnfinished(p);
        return n != null ? n : catalog.lessons().isEmpty() ? "<lesson>" : catalog.lessons().get(0).id();
    }

    private LessonView view(Progress p, Lesson l) throws LessonEngineException {
        String explanation;
        try {
            explanation = render.explainLesson(l);
        } catch (LessonException e) {
            throw new LessonEngineException(e.problem().toString(), e);
        }
        boolean applies = applies(l);
        List<StepInfo> steps = new ArrayList<>();
        for (Step s : l.steps()) {
            boolean sa = applies && stepApplies(l, s);
            List<Node> nodes = List.of();
            String ex = "";
            if (sa) {
                try {
                    nodes = render.nodes(l, s);
                    ex = render.explainStep(l, s, nodes);
                } catch (LessonException e) {
                    throw new LessonEngineException(e.problem().toString(), e);
                }
            }
            String state = !sa ? "skipped" : p.step(l.id(), s.id()).map(x -> x.state().id()).orElse("todo");
            steps.add(new StepInfo(s.index() + 1, s.id(), title(l, s), s.on() == null ? "" : s.on().source(),
                    names(nodes), state, ex));
        }
        return new LessonView(l.id(), l.title(), applies, explanation, steps, l.needs());
    }

    /** The rendered step title; the title as written when it does not render (the validator reports that). */
    private String title(Lesson l, Step s) {
        try {
            return render.title(l, s);
        } catch (LessonException e) {
            return s.title();
        }
    }

    private String safeExplain(Lesson l, Step s, List<Node> nodes) {
        try {
            return render.explainStep(l, s, nodes);
        } catch (LessonException e) {
            return "";
        }
    }

    private List<String> safeHints(Lesson l, Step s) {
        try {
            return render.hints(l, s, render.nodes(l, s));
        } catch (LessonException e) {
            return List.of();
        }
    }

    /** Lessons {@code l} needs (directly or not) that are not complete, in dependency order. */
    private List<String> missingNeeds(Progress p, Lesson l) {
        return catalog.prerequisites(l.id()).stream().filter(x -> !complete(p, x)).map(Lesson::id).toList();
    }

    private boolean complete(Progress p, Lesson l) {
        return !applies(l) || firstIncomplete(p, l).isEmpty();
    }

    private Optional<Step> firstIncomplete(Progress p, Lesson l) {
        if (!applies(l)) {
            return Optional.empty();
        }
        return applicableSteps(l).stream().filter(s -> !p.complete(l.id(), s.id())).findFirst();
    }

    private Position position(Progress p, Lesson l) {
        return new Position(l.id(), firstIncomplete(p, l).map(Step::id).orElse(null));
    }

    private List<Step> applicableSteps(Lesson l) {
        if (!applies(l)) {
            return List.of();
        }
        return l.steps().stream().filter(s -> stepApplies(l, s)).toList();
    }

    /** A lesson whose {@code applies} cannot be rendered counts as applying, so its error shows when it runs. */
    private boolean applies(Lesson l) {
        return appliesCache.computeIfAbsent(l.id(), k -> {
            try {
                return render.applies(l);
            } catch (LessonException e) {
                return true;
            }
        });
    }

    private boolean stepApplies(Lesson l, Step s) {
        try {
            return render.when(l, s);
        } catch (LessonException e) {
            return true;
        }
    }

    private Lesson lesson(String id) throws LessonEngineException {
        if (id == null || id.isBlank()) {
            throw new LessonEngineException("no lesson given. Try: lesson list");
        }
        Optional<Lesson> l = catalog.lesson(id.trim());
        if (l.isPresent()) {
            return l.get();
        }
        List<String> ids = catalog.lessons().stream().map(Lesson::id).toList();
        // "05" or "etcd" are enough when they name one lesson
        List<Lesson> partial = catalog.lessons().stream().filter(x -> x.id().startsWith(id.trim() + "-")
                || x.id().endsWith("-" + id.trim())).toList();
        if (partial.size() == 1) {
            return partial.get(0);
        }
        String near = dev.hardway.EditDistance.closest(id.trim(), ids);
        throw new LessonEngineException("no lesson '" + id + "'. Try: " + (near != null ? "lesson start " + near
                : "one of " + String.join(", ", ids)));
    }

    private Lesson currentLesson(Progress p) throws LessonEngineException {
        if (p.current() == null) {
            throw new LessonEngineException("no lesson started yet. Try: lesson start " + firstAvailable(p));
        }
        Optional<Lesson> l = catalog.lesson(p.current().lesson());
        if (l.isEmpty()) {
            throw new LessonEngineException("the current lesson '" + p.current().lesson() + "' no longer exists."
                    + " Try: lesson start " + firstAvailable(p));
        }
        return l.get();
    }

    private static List<String> names(List<Node> nodes) {
        return nodes.stream().map(Node::name).toList();
    }

    private Instant now() {
        return store.clock().instant();
    }

    private Progress load() throws LessonEngineException {
        try {
            return store.load().progress();
        } catch (ProgressException e) {
            throw new LessonEngineException(e.getMessage(), e);
        }
    }

    private Progress update(UnaryOperator<Progress> change) throws LessonEngineException {
        try {
            return store.update(change);
        } catch (ProgressException e) {
            throw new LessonEngineException(e.getMessage(), e);
        }
    }
}
