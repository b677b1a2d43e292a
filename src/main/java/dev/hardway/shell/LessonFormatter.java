package dev.hardway.shell;

import dev.hardway.Problem;
import dev.hardway.HardwayException;
import dev.hardway.lab.StepOutcome;
import dev.hardway.lesson.EngineResults.CheckAllReport;
import dev.hardway.lesson.EngineResults.CheckResult;
import dev.hardway.lesson.EngineResults.LessonView;
import dev.hardway.lesson.EngineResults.StepInfo;
import dev.hardway.lesson.EngineResults.StepReport;
import dev.hardway.lesson.EngineResults.TestReport;
import dev.hardway.lesson.EngineResults.TestStep;
import dev.hardway.lesson.EngineResults.Verdict;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * How the lesson engine's results read in the terminal: one place for the step header, step reports, outlines,
 * {@code lesson check --all} and {@code lesson test}. {@code set feedback} chooses how much is shown.
 */
public final class LessonFormatter {

    private final Invocation inv;
    private final Style st;
    private final Settings.Feedback fb;
    private final String cluster;

    public LessonFormatter(Invocation inv, Settings.Feedback feedback, String cluster) {
        this.inv = inv;
        this.st = inv.style();
        this.fb = feedback;
        this.cluster = cluster;
    }

    /** {@code ── 05-etcd · step 2/3 · title  (on master1, master2)  [simulated lab]}; no "on" without nodes. */
    public static String header(Style st, String lesson, int number, int total, String title, List<String> nodes,
                                boolean simulated) {
        return st.bold("── " + lesson + " · step " + number + "/" + total + " · " + title)
                + (nodes.isEmpty() ? "" : st.dim("  (on " + String.join(", ", nodes) + ")"))
                + (simulated ? st.dim("  [simulated lab]") : "");
    }

    /** {@code lesson show} and {@code lesson start}: the explanation and the outline. */
    public void view(LessonView v) {
        inv.println(st.bold(v.id() + " — " + v.title()) + (v.applies() ? ""
                : st.dim("  (does not apply to " + cluster + ": explained only)")));
        if (v.explanation() != null && !v.explanation().isBlank()) {
            inv.println("");
            inv.println(v.explanation().stripTrailing());
        }
        inv.println("");
        for (StepInfo s : v.steps()) {
            String on = s.nodes().isEmpty() ? "" : st.dim("on " + String.join(", ", s.nodes())) + " ";
            inv.println((String.format("  %d. %-44s ", s.number(), s.title()) + on + stepState(s)).stripTrailing());
        }
    }

    private String stepState(StepInfo s) {
        if (!s.applies()) {
            return st.dim("skipped");
        }
        if (s.state() == null) {
            return "";
        }
        return switch (s.state()) {
            case DONE -> st.ok("done");
            case SOLVED_BY_TOOL -> st.ok("solved by hardway");
            case FAILED -> st.bad("failed");
        };
    }

    /**
     * A step run, check or solve; {@code headerShown} when the engine's start event printed the header already
     * (the step ran). Returns the exit code.
     */
    public int step(StepReport r, boolean headerShown) {
        if (r.verdict() == Verdict.LESSON_DONE) {
            inv.println(st.ok(r.message() == null ? r.lesson() + " is done." : r.message()));
            return 0;
        }
        if (!headerShown) {
            inv.println(header(st, r.lesson(), r.number(), r.total(), r.title(), r.nodes(), r.simulated()));
            if (fb != Settings.Feedback.CONCISE && r.explanation() != null && !r.explanation().isBlank()) {
                r.explanation().strip().lines().forEach(l -> inv.println("   " + l));
            }
        }
        int exit = 0;
        boolean failuresShown = false;
        if (r.outcome() != null) {
            List<String> ok = r.outcome().nodes().stream().filter(StepOutcome.NodeOutcome::ok)
                    .map(StepOutcome.NodeOutcome::node).toList();
            if (!ok.isEmpty() && fb != Settings.Feedback.CONCISE) {
                inv.println("   " + st.mark(true) + " ran on " + String.join(", ", ok));
            }
            // the same cause on many nodes (a missing key, no route) is shown once, naming the nodes
            Map<String, List<String>> byCause = new LinkedHashMap<>();
            for (StepOutcome.NodeOutcome n : r.outcome().failed()) {
                byCause.computeIfAbsent(n.reason(), k -> new ArrayList<>()).add(n.node());
                if (n.unreachable()) {
                    exit = HardwayException.UNREACHABLE;
                }
            }
            byCause.forEach((cause, nodes) -> inv.println("   " + st.mark(false) + " " + String.join(", ", nodes)
                    + ": " + cause));
            failuresShown = !byCause.isEmpty();
        }
        checks(r);
        if (r.message() != null && !r.message().isBlank() && !(failuresShown && r.verdict() == Verdict.APPLY_FAILED)) {
            inv.println("   " + r.message());
        }
        if (r.problem() != null && !r.problem().toString().equals(r.message())) {
            inv.println("   " + st.bad(r.problem().toString()));
        }
        switch (r.verdict()) {
            case PASSED, SKIPPED -> {
                return 0;
            }
            case FAILED -> {
                if (r.hint() != null) {
                    inv.println("   " + st.accent("Hint: ") + r.hint() + (r.hintsLeft() > 0
                            ? st.dim("  (" + r.hintsLeft() + " more: lesson hint)") : ""));
                }
                inv.println(st.dim("   Fix it and run: lesson run — or let hardway do it: lesson solve"));
                return HardwayException.CHECK_FAILED;
            }
            case APPLY_FAILED -> {
                inv.println(st.dim("   Your progress is unchanged. Fix the node, then: lesson run"));
                return exit == 0 ? HardwayException.CHECK_FAILED : exit;
            }
            default -> {
                return HardwayException.INTERNAL;
            }
        }
    }

    /** Passing checks that say the same thing on several nodes are shown once, naming the nodes. */
    private void checks(StepReport r) {
        Map<String, List<CheckResult>> groups = new LinkedHashMap<>();
        for (CheckResult c : r.checks()) {
            String key = c.ok() && !c.skipped() ? "ok|" + c.type() + "|" + c.summary() : "one|" + groups.size();
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(c);
        }
        for (List<CheckResult> g : groups.values()) {
            CheckResult c = g.get(0);
            if (c.skipped()) {
                if (fb == Settings.Feedback.VERBOSE) {
                    inv.println("   " + st.dim("- " + label(c) + " skipped: " + c.summary()));
                }
                continue;
            }
            String nodes = g.stream().map(CheckResult::node).filter(Objects::nonNull).distinct()
                    .collect(Collectors.joining(", "));
            String where = (c.type() == null ? c.kind() : c.type()) + (nodes.isEmpty() ? "" : " on " + nodes);
            String shown = c.ok() ? (g.size() > 1 ? c.subject() : c.summary())
                    : (c.failText() != null ? c.failText() : c.summary());
            // a drive entry is a command hardway ran for the step: shown as the command line the learner would type
            inv.println("   " + st.mark(c.ok()) + " " + shown + st.dim("drive".equals(c.kind()) ? "  ($ " + c.type()
                    + ")" : "  (check: " + where + ")"));
            if (!c.ok()) {
                // the problems in detail, unless the line above already is that one problem
                c.problems().stream().map(Problem::sentence).filter(p -> !p.equals(shown))
                        .forEach(p -> inv.println("      " + st.warn(p)));
            }
            if (fb == Settings.Feedback.VERBOSE) {
                g.forEach(x -> x.commands().forEach(cmd -> inv.println(st.dim("      $ " + cmd))));
            }
        }
    }

    private static String label(CheckResult c) {
        return (c.type() == null ? c.kind() : c.type()) + (c.node() == null ? "" : " on " + c.node());
    }

    /** {@code lesson check --all}. */
    public int checkAll(CheckAllReport r) {
        for (StepReport s : r.steps()) {
            boolean ok = s.passed() || s.verdict() == Verdict.SKIPPED;
            inv.println(st.mark(ok) + " " + s.lesson() + "/" + s.step() + "  " + s.title());
            if (!ok) {
                s.failures().forEach(c -> inv.println("     " + st.warn(c.failText() != null ? c.failText()
                        : c.summary())));
            }
        }
        if (r.message() != null) {
            inv.println(r.message());
        }
        return r.ok() ? 0 : HardwayException.CHECK_FAILED;
    }

    /** {@code lesson test}. */
    public int test(TestReport r, boolean onThisLab) {
        inv.println(st.bold("lesson test") + " on " + r.cluster() + (r.simulated()
                ? onThisLab ? " (simulated lab)" : " (a scratch simulated lab; your lab and progress are untouched)"
                : " (this lab's nodes)"));
        for (TestStep s : r.steps()) {
            String v = switch (s.verdict()) {
                case PASS -> st.ok("pass");
                case SKIPPED -> st.dim("skipped");
                default -> st.bad(s.verdict().name().toLowerCase().replace('_', ' '));
            };
            inv.println(String.format("  %-34s %s%s", s.lesson() + "/" + s.step(), v,
                    s.ok() || s.message() == null ? "" : "  " + s.message()));
        }
        if (r.message() != null) {
            inv.println(r.message());
        }
        return r.ok() ? 0 : HardwayException.CHECK_FAILED;
    }
}
