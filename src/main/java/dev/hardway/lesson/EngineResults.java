package dev.hardway.lesson;

import dev.hardway.Problem;

import dev.hardway.lab.StepAction;
import dev.hardway.lab.StepOutcome;
import dev.hardway.progress.Position;
import dev.hardway.progress.StepState;
import java.util.List;

/**
 * The data records {@link LessonEngine} returns; the shell formats them ({@code set feedback verbose|normal|concise}
 * chooses how much). Everything verbose needs is here: rendered scripts and files, probe commands.
 */
public final class EngineResults {

    private EngineResults() {
    }

    /** Where a lesson stands for the learner on this cluster. */
    public enum LessonState {
        NOT_STARTED("not-started"), IN_PROGRESS("in-progress"), DONE("done"),
        /** Does not apply to this cluster. */
        SKIPPED("skipped"),
        /** Needed lessons are not done. */
        LOCKED("locked");

        private final String id;

        LessonState(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    /**
     * A lesson in {@code lesson list}.
     *
     * @param done         applicable steps done or solved
     * @param total        applicable steps
     * @param missingNeeds needed lessons not done yet, in dependency order
     */
    public record LessonInfo(String id, String title, LessonState state, int done, int total, List<String> needs,
                             List<String> missingNeeds) {
    }

    /**
     * {@code lesson show}: the rendered explanation and the outline.
     *
     * @param applies false when the lesson does not apply to this cluster (its steps are skipped)
     */
    public record LessonView(String id, String title, boolean applies, String explanation, List<StepInfo> steps,
                             List<String> needs) {
    }

    /**
     * A step in an outline.
     *
     * @param number  1-based
     * @param nodes   the nodes {@code on} selects on this cluster
     * @param applies false when the step (or its lesson) does not apply to this cluster
     * @param state   the learner's state of the step; null when not done yet (or not applying)
     */
    public record StepInfo(int number, String id, String title, String on, List<String> nodes, boolean applies,
                           StepState state, String explanation) {
    }

    /**
     * {@code lesson render}: the files written.
     *
     * @param files every file written, in order (scripts, rendered files, SKIPPED markers)
     */
    public record RenderResult(java.nio.file.Path dir, List<java.nio.file.Path> files) {
    }

    /**
     * {@code lesson start}: refused (started false) when needed lessons are not done; {@code message} then names
     * them and ends with the "Try:" fix.
     */
    public record StartResult(boolean started, String lesson, List<String> missing, String message, LessonView view,
                              Position position) {
    }

    /** How a step run or check ended. */
    public enum Verdict {
        /** Every (non-skipped) check passed. */
        PASSED,
        /** A check failed (see {@link CheckResult#failText()}). */
        FAILED,
        /** Applying the step failed on a node (unreachable, script error): see {@link StepReport#outcome()}. */
        APPLY_FAILED,
        /** The step's {@code when} (or its lesson's {@code applies}) is false on this cluster. */
        SKIPPED,
        /** The step cannot be rendered for this cluster: see {@link StepReport#problem()}. */
        ERROR,
        /** {@code lesson next} with nothing left in the current lesson: {@link StepReport#message()} says what next. */
        LESSON_DONE
    }

    /**
     * One check's result on one node (per-node probes are evaluated node by node, so a failure names its node).
     *
     * @param check    index in the step's {@code check:} list
     * @param kind     "probe" or "script"
     * @param type     the probe type, or "script"
     * @param node     the node checked (cluster-wide probes: the node {@code ${node}} names in {@code fail}), or null
     * @param failText the step's {@code fail:} text rendered for this node, else the probe's problems; null when ok
     * @param commands the commands run (or that would run, simulated); for script checks the rendered script
     * @param subject  the finding without its node count ({@link dev.hardway.lab.ProbeResult#subject()})
     */
    public record CheckResult(int check, String kind, String type, String node, boolean ok, boolean skipped,
                              String summary, List<Problem> problems, String failText, List<String> commands,
                              String subject) {
    }

    /**
     * One step run, check or solve.
     *
     * @param number      1-based position in the lesson; {@code total} the lesson's step count
     * @param nodes       the nodes the step ran on
     * @param explanation the step's rendered {@code explain}
     * @param actions     what was sent to the lab per node: rendered files, copies, script (null for a check)
     * @param outcome     per-node result of applying (null when nothing was applied)
     * @param checks      every check's result, in order
     * @param hint        on failure: the latest hint the learner has seen, or the first one; null otherwise
     * @param hintsLeft   hints {@code lesson hint} can still show
     * @param problem     for {@link Verdict#ERROR}: the render problem (file, line, path, fix)
     * @param message     one line for the learner, ending with a "Try:" hint when something is to be done
     * @param next        the learner's position afterwards
     */
    public record StepReport(String lesson, String step, String title, int number, int total, List<String> nodes,
                             boolean simulated, String explanation, List<StepAction.NodeAction> actions,
                             StepOutcome outcome, List<CheckResult> checks, Verdict verdict, String hint,
                             int hintsLeft, Problem problem, String message, Position next) {

        public boolean passed() {
            return verdict == Verdict.PASSED;
        }

        /** The failing checks. */
        public List<CheckResult> failures() {
            return checks.stream().filter(c -> !c.ok() && !c.skipped()).toList();
        }

        /** A report of {@code lesson}/{@code step} with this verdict and message; the rest is set on the builder. */
        public static Builder of(String lesson, String step, Verdict verdict, String message) {
            return new Builder(lesson, step, verdict, message);
        }

        /** This report with some fields changed. */
        public Builder toBuilder() {
            Builder b = new Builder(lesson, step, verdict, message);
            b.title = title;
            b.number = number;
            b.total = total;
            b.nodes = nodes;
            b.simulated = simulated;
            b.explanation = explanation;
            b.actions = actions;
            b.outcome = outcome;
            b.checks = checks;
            b.hint = hint;
            b.hintsLeft = hintsLeft;
            b.problem = problem;
            b.next = next;
            return b;
        }

        /** Builds a {@link StepReport}: the engine makes them in several places, each setting what it knows. */
        public static final class Builder {
            private final String lesson;
            private final String step;
            private Verdict verdict;
            private String message;
            private String title;
            private int number;
            private int total;
            private List<String> nodes = List.of();
            private boolean simulated;
            private String explanation = "";
            private List<StepAction.NodeAction> actions;
            private StepOutcome outcome;
            private List<CheckResult> checks = List.of();
            private String hint;
            private int hintsLeft;
            private Problem problem;
            private Position next;

            private Builder(String lesson, String step, Verdict verdict, String message) {
                this.lesson = lesson;
                this.step = step;
                this.verdict = verdict;
                this.message = message;
            }

            public Builder title(String t, int number, int total) {
                this.title = t;
                this.number = number;
                this.total = total;
                return this;
            }

            public Builder nodes(List<String> n, boolean simulated) {
                this.nodes = List.copyOf(n);
                this.simulated = simulated;
                return this;
            }

            public Builder explanation(String e) {
                this.explanation = e == null ? "" : e;
                return this;
            }

            public Builder applied(List<StepAction.NodeAction> a, StepOutcome o) {
                this.actions = a;
                this.outcome = o;
                return this;
            }

            public Builder checks(List<CheckResult> c) {
                this.checks = List.copyOf(c);
                return this;
            }

            public Builder hint(String h, int left) {
                this.hint = h;
                this.hintsLeft = left;
                return this;
            }

            public Builder problem(Problem p) {
                this.problem = p;
                return this;
            }

            public Builder message(String m) {
                this.message = m;
                return this;
            }

            public Builder next(Position p) {
                this.next = p;
                return this;
            }

            public StepReport build() {
                return new StepReport(lesson, step, title, number, total, nodes, simulated, explanation, actions,
                        outcome, checks, verdict, hint, hintsLeft, problem, message, next);
            }
        }
    }

    /**
     * A step about to be applied: what the shell shows before the step's output (header, explanation, the commands
     * once).
     *
     * @param actions each node's rendered files, copies and script
     */
    public record StepStart(String lesson, String step, String title, int number, int total, List<String> nodes,
                            boolean simulated, String explanation, List<StepAction.NodeAction> actions) {
    }

    /** {@code lesson check --all}: every done step re-verified (rustlings' check-all); progress is not changed. */
    public record CheckAllReport(List<StepReport> steps, boolean ok, String message) {
    }

    /**
     * {@code lesson hint}.
     *
     * @param number 1-based number of the hint shown; {@code of} how many the step has (0: none)
     */
    public record HintResult(String lesson, String step, String hint, int number, int of, String message) {
    }

    /**
     * {@code lesson goto}: what it solved on the way (in order), and where it left the learner. {@code ok} false
     * when a step could not be solved: the last report says why and the position is that step.
     */
    public record GotoReport(Position position, List<StepReport> solved, boolean ok, String message) {
    }

    /** {@code lesson reset}: which lessons' progress was cleared; {@code labReset} when the lab is fresh again. */
    public record ResetReport(List<String> lessons, boolean labReset, String message) {
    }

    /** The author test's verdict for one step. */
    public enum TestVerdict {
        /** Check failed before the step ran and passed after. */
        PASS,
        /** The check already passed before the step ran: it cannot tell whether the learner did the step. */
        CHECK_PASSES_BEFORE_RUN,
        /** Applying the step failed. */
        RUN_FAILED,
        /** After running the step its check still fails. */
        CHECK_FAILS_AFTER_RUN,
        /** The step (or its lesson) does not apply to this cluster. */
        SKIPPED,
        /** The step cannot be rendered for this cluster. */
        ERROR
    }

    /**
     * @param before the checks before the step ran (expected to fail); null when skipped
     * @param after  the run and the checks after it (expected to pass); null when not reached
     */
    public record TestStep(String lesson, String step, TestVerdict verdict, String message, StepReport before,
                           StepReport after) {
        public boolean ok() {
            return verdict == TestVerdict.PASS || verdict == TestVerdict.SKIPPED;
        }
    }

    /** {@code lesson test}: per step verdicts on {@code cluster}; ok when every step passed or was skipped. */
    public record TestReport(String cluster, boolean simulated, List<TestStep> steps, boolean ok, String message) {
    }
}
