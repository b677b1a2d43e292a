package dev.hardway.lesson;

import dev.hardway.Problem;
import dev.hardway.cluster.ClusterConfig.Node;
import dev.hardway.lab.Lab;
import dev.hardway.lab.ProbeResult;
import dev.hardway.lab.StepAction;
import dev.hardway.lab.StepOutcome;
import dev.hardway.lab.drill.BeatResult;
import dev.hardway.lab.drill.DrillBeat;
import dev.hardway.lab.drill.DrillLab;
import dev.hardway.lesson.Check.ProbeCheck;
import dev.hardway.lesson.Check.ScriptCheck;
import dev.hardway.lesson.EngineResults.CheckResult;
import dev.hardway.lesson.EngineResults.StepReport;
import dev.hardway.lesson.EngineResults.StepStart;
import dev.hardway.lesson.EngineResults.Verdict;
import dev.hardway.target.OutputListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A step's one pass through the code: render it once into a {@link StepPlan} (per node: files, script; per check:
 * the probes and scripts with their failure texts), apply the plan on the lab, evaluate the results into a
 * {@link StepReport}. Does not touch progress.
 */
final class StepRunner {

    /** One check to evaluate on one node: a probe, or a script (with its regex). */
    record PlannedCheck(Check check, Rendering.PlannedProbe probe, Rendering.PlannedScript script) {
    }

    /**
     * A step rendered for this cluster.
     *
     * @param applies false when the lesson's {@code applies} or the step's {@code when} is false here
     * @param actions per node; empty when only the checks were planned
     * @param problem the render problem (then the rest may be partial), or null
     */
    record StepPlan(Lesson lesson, Step step, String title, boolean applies, List<Node> nodes, String explanation,
                    List<StepAction.NodeAction> actions, List<PlannedCheck> checks, Problem problem,
                    List<DrillBeat> drive) {

        StepPlan(Lesson lesson, Step step, String title, boolean applies, List<Node> nodes, String explanation,
                 List<StepAction.NodeAction> actions, List<PlannedCheck> checks, Problem problem) {
            this(lesson, step, title, applies, nodes, explanation, actions, checks, problem, List.of());
        }

        List<String> nodeNames() {
            return nodes.stream().map(Node::name).toList();
        }
    }

    private final Course course;
    private final Lab lab;
    private final OutputListener listener;
    private final StepEvents events;
    private volatile DrillLab.Opener drills;

    StepRunner(Course course, Lab lab, OutputListener listener, StepEvents events) {
        this.course = course;
        this.lab = lab;
        this.listener = listener == null ? OutputListener.NONE : listener;
        this.events = events == null ? StepEvents.NONE : events;
    }

    Lab lab() {
        return lab;
    }

    /** Where drive steps get their break/heal/check/inspect (null: drive steps fail, naming why). */
    void drills(DrillLab.Opener opener) {
        this.drills = opener;
    }

    DrillLab.Opener drills() {
        return drills;
    }

    Course course() {
        return course;
    }

    /** Renders a step once: condition, nodes, explanation, (with {@code withActions}) each node's action, checks. */
    StepPlan plan(Lesson l, Step s, boolean withActions) {
        Rendering render = course.render();
        String title = course.title(l, s);
        List<Node> nodes = List.of();
        try {
            if (!course.applies(l) || !render.when(l, s)) {
                return new StepPlan(l, s, title, false, List.of(), "", List.of(), List.of(), null);
            }
            if (s.drives()) {
                String explanation = render.explainStep(l, s, List.of());
                List<PlannedCheck> checks = new ArrayList<>();
                for (Check c : s.checks()) {
                    if (c instanceof ProbeCheck pc) {
                        render.probes(l, s, pc, List.of()).forEach(pp -> checks.add(new PlannedCheck(c, pp, null)));
                    }
                }
                return new StepPlan(l, s, title, true, List.of(), explanation, List.of(), List.copyOf(checks), null,
                        render.drive(l, s));
            }
            nodes = render.nodes(l, s);
            String explanation = render.explainStep(l, s, nodes);
            List<StepAction.NodeAction> actions = new ArrayList<>();
            if (withActions) {
                for (Node n : nodes) {
                    actions.add(render.action(l, s, n));
                }
            }
            List<PlannedCheck> checks = new ArrayList<>();
            for (Check c : s.checks()) {
                if (c instanceof ProbeCheck pc) {
                    render.probes(l, s, pc, nodes).forEach(pp -> checks.add(new PlannedCheck(c, pp, null)));
                } else if (c instanceof ScriptCheck sc) {
                    render.scripts(l, s, sc).forEach(ps -> checks.add(new PlannedCheck(c, null, ps)));
                }
            }
            return new StepPlan(l, s, title, true, nodes, explanation, List.copyOf(actions), List.copyOf(checks),
                    null);
        } catch (LessonException e) {
            return new StepPlan(l, s, title, true, nodes, "", List.of(), List.of(), e.problem());
        }
    }

    /** Plans, applies and evaluates a step. */
    StepReport execute(Lesson l, Step s) {
        StepPlan plan = plan(l, s, true);
        if (!plan.applies()) {
            return skipped(plan);
        }
        if (plan.problem() != null) {
            return error(plan);
        }
        events.starting(new StepStart(l.id(), s.id(), plan.title(), s.index() + 1, l.steps().size(),
                plan.nodeNames(), lab.simulated(), plan.explanation(), plan.actions()));
        if (s.drives()) {
            return drive(plan, true);
        }
        StepAction action = new StepAction(l.id() + "/" + s.id(), plan.actions(), Duration.ofSeconds(s.timeout()));
        StepOutcome outcome = lab.apply(action, listener);
        if (!outcome.ok()) {
            // one node: its reason (the sentence already says "on <node>"); several: each names its node
            String why = outcome.failed().size() == 1 ? outcome.failed().get(0).reason()
                    : outcome.failed().stream().map(StepOutcome.NodeOutcome::error).collect(Collectors.joining("; "));
            String on = outcome.failed().stream().map(StepOutcome.NodeOutcome::node)
                    .collect(Collectors.joining(", "));
            return base(plan, Verdict.APPLY_FAILED, plan.title() + " failed on " + on + ": " + why)
                    .applied(plan.actions(), outcome).build();
        }
        return evaluate(plan, outcome);
    }

    /** Evaluates a step's checks on their own (the learner did the step by hand). */
    StepReport check(Lesson l, Step s) {
        StepPlan plan = plan(l, s, false);
        if (!plan.applies()) {
            return skipped(plan);
        }
        if (plan.problem() != null) {
            return error(plan);
        }
        if (s.drives()) {
            return drive(plan, false);
        }
        return evaluate(plan, null);
    }

    /**
     * A drive step: with {@code act}, every entry in order (break and heal act, check and inspect are held to their
     * promise; the first that fails stops the drill, since the later ones build on it); without, the observations
     * only (the learner drove the drill by hand: {@code lesson check}). The step's probe checks follow.
     */
    private StepReport drive(StepPlan plan, boolean act) {
        DrillLab.Opener opener = drills;
        if (opener == null) {
            return base(plan, Verdict.ERROR, plan.title() + ": this lesson engine was given no break/heal/check"
                    + " commands to drive the drill with (a bug in hardway)").build();
        }
        DrillLab d = opener.open(lab);
        List<CheckResult> results = new ArrayList<>();
        String failed = null;
        // without acting, only what the step leaves is asked: the observations after its last break/heal (the
        // ones before it are the drill's preconditions)
        int from = 0;
        for (int i = 0; i < plan.drive().size() && !act; i++) {
            if (!plan.drive().get(i).observes()) {
                from = i + 1;
            }
        }
        for (int i = from; i < plan.drive().size(); i++) {
            DrillBeat b = plan.drive().get(i);
            if (act) {
                listener.line(DRIVER, OutputListener.Stream.STDOUT, "$ " + b.command().line());
            }
            BeatResult r = act ? d.run(b) : d.observe(b);
            String where = plan.lesson().file() + ":" + b.line();
            String text = r.ok() ? null : "'" + b.command().line() + "' (" + where + ") "
                    + (b.observes() ? "did not show what the step promises (" + b.expect().describe() + "): "
                    : "failed: ") + String.join("; ", Problem.sentences(r.problems()));
            results.add(new CheckResult(i, "drive", b.command().line(), null, r.ok(), false, r.summary(),
                    r.problems(), text, r.commands(), r.summary()));
            if (!r.ok() && failed == null) {
                failed = text;
                if (act) {
                    break;
                }
            }
        }
        if (failed == null) {
            for (PlannedCheck pc : plan.checks()) {
                ProbeResult res = lab.probe(pc.probe().probe());
                results.add(result(pc.check(), "probe", ((ProbeCheck) pc.check()).type(), pc.probe().node(), res,
                        pc.probe().failText(), res.commands()));
                if (!res.ok() && !res.skipped() && failed == null) {
                    failed = results.get(results.size() - 1).failText();
                }
            }
        }
        String msg = failed == null ? plan.title() + ": the drill showed what it promises"
                : failed.contains("Try:") ? plan.title() + ": " + failed : Course.sentence(plan.title() + ": " + failed, act ? "inspect cluster and faults; heal --all puts"
                + " the lab back, then lesson run" : "drive the drill (the step's commands), or lesson run");
        // acting, the step was applied (on no node: hardway itself ran its commands), as the shell's header knows
        return base(plan, failed == null ? Verdict.PASSED : Verdict.FAILED, msg)
                .applied(act ? List.of() : null, act ? new StepOutcome(List.of()) : null).checks(results).build();
    }

    /** The node name drive steps' command lines stream under (they run in hardway, not on a node). */
    static final String DRIVER = "hardway";

    private StepReport evaluate(StepPlan plan, StepOutcome outcome) {
        List<CheckResult> results = new ArrayList<>();
        for (PlannedCheck pc : plan.checks()) {
            if (pc.probe() != null) {
                ProbeResult res = lab.probe(pc.probe().probe());
                results.add(result(pc.check(), "probe", ((ProbeCheck) pc.check()).type(), pc.probe().node(), res,
                        pc.probe().failText(), res.commands()));
            } else {
                Rendering.PlannedScript ps = pc.script();
                ProbeResult res = lab.script(ps.node(), ps.script(), ps.expect());
                results.add(result(pc.check(), "script", "script", ps.node(), res, ps.failText(),
                        List.of(ps.script())));
            }
        }
        boolean pass = results.stream().allMatch(c -> c.ok() || c.skipped());
        String msg = pass ? plan.title() + ": every check passed"
                : plan.title() + ": " + failureText(results);
        if (!pass && !advised(results)) {
            msg = Course.sentence(msg, "lesson run after fixing it, or lesson hint");
        }
        return base(plan, pass ? Verdict.PASSED : Verdict.FAILED, msg)
                .applied(outcome == null ? null : plan.actions(), outcome).checks(results).build();
    }

    private StepReport.Builder base(StepPlan plan, Verdict v, String msg) {
        Lesson l = plan.lesson();
        Step s = plan.step();
        return StepReport.of(l.id(), s.id(), v, msg).title(plan.title(), s.index() + 1, l.steps().size())
                .nodes(plan.nodeNames(), lab.simulated()).explanation(plan.explanation());
    }

    private static CheckResult result(Check c, String kind, String type, String node, ProbeResult res,
                                      String failText, List<String> commands) {
        String text = res.ok() || res.skipped() ? null
                : failText != null ? failText
                : res.problems().isEmpty() ? res.summary() : String.join("; ", res.problemLines());
        return new CheckResult(c.index(), kind, type, node, res.ok(), res.skipped(), res.summary(), res.problems(),
                text, commands, res.subject());
    }

    /**
     * Whether the first failed condition already says what to do: its problem carries a fix, or the lesson author's
     * fail text names one.
     */
    static boolean advised(List<CheckResult> results) {
        return results.stream().filter(c -> !c.ok() && !c.skipped()).findFirst().map(c -> c.failText() != null
                && !c.failText().equals(String.join("; ", c.problems().stream().map(Problem::sentence).toList()))
                ? c.failText().contains("Try:")
                : c.problems().stream().anyMatch(p -> p.fix() != null)).orElse(false);
    }

    /** The first failed condition, and how many more there are (every one is in the check results). */
    static String failureText(List<CheckResult> results) {
        List<String> texts = results.stream().filter(c -> !c.ok() && !c.skipped())
                .flatMap(c -> c.problems().isEmpty() || c.failText().equals(String.join("; ", c.problems().stream()
                        .map(Problem::sentence).toList()))
                        ? (c.problems().isEmpty() ? Stream.of(c.failText()) : c.problems().stream().map(Problem::sentence))
                        : Stream.of(c.failText()))
                .distinct().toList();
        if (texts.isEmpty()) {
            return "";
        }
        return texts.get(0) + (texts.size() > 1 ? " (+" + (texts.size() - 1) + " more)" : "");
    }

    /**
     * What the failing checks found, without the learner's fix: the first failing check's summary (a probe's
     * finding, or the script check's) and how many more failed. For the author test, whose fix is for the author.
     */
    static String failedSummary(List<CheckResult> results) {
        List<String> texts = results.stream().filter(c -> !c.ok() && !c.skipped()).map(CheckResult::summary)
                .distinct().toList();
        if (texts.isEmpty()) {
            return "";
        }
        return texts.get(0) + (texts.size() > 1 ? " (+" + (texts.size() - 1) + " more)" : "");
    }

    private StepReport skipped(StepPlan plan) {
        return base(plan, Verdict.SKIPPED, plan.step().id() + " does not apply to cluster " + lab.cluster().name())
                .nodes(List.of(), lab.simulated()).build();
    }

    private StepReport error(StepPlan plan) {
        return base(plan, Verdict.ERROR, plan.problem().toString()).nodes(List.of(), lab.simulated())
                .explanation("").problem(plan.problem()).build();
    }
}
