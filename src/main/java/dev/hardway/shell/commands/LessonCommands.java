package dev.hardway.shell.commands;

import dev.hardway.HardwayException;
import dev.hardway.lab.Lab;
import dev.hardway.lab.StepAction;
import dev.hardway.lab.StepOutcome;
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
import dev.hardway.lesson.EngineResults.Verdict;
import dev.hardway.lesson.LessonEngine;
import dev.hardway.lesson.LessonEngineException;
import dev.hardway.lesson.Lesson;
import dev.hardway.progress.Position;
import dev.hardway.progress.ProgressSummary;
import dev.hardway.shell.CommandSet;
import dev.hardway.shell.HwCommand;
import dev.hardway.shell.Invocation;
import dev.hardway.shell.LessonSession;
import dev.hardway.shell.PromptProvider;
import dev.hardway.shell.Settings;
import dev.hardway.shell.ShellSession;
import dev.hardway.shell.Style;
import dev.hardway.shell.Table;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** lesson ... and progress ...: the lessons, step by step, and the saved progress. */
@Component
public class LessonCommands implements CommandSet {

    private final ShellSession session;
    private final LessonSession lessons;

    public LessonCommands(ShellSession session, LessonSession lessons, PromptProvider prompt) {
        this.session = session;
        this.lessons = lessons;
        prompt.add(() -> {
            Position p = position();
            if (p == null || p.lesson() == null) {
                return null;
            }
            var lesson = lessons.catalog().lesson(p.lesson()).orElse(null);
            if (lesson == null) {
                return p.lesson();
            }
            int total = lesson.steps().size();
            int idx = p.step() == null ? total : indexOf(lesson, p.step());
            return p.lesson() + " " + idx + "/" + total;
        });
        dev.hardway.shell.Greeting.add(() -> {
            Position p = position();
            String lab = "Lab: " + session.cluster().config().name() + " ("
                    + dev.hardway.cluster.ClusterSelection.shape(session.cluster().config()) + ") on "
                    + ClusterCommands.describe(session.cluster().config().provider()) + ".";
            if (p == null || p.lesson() == null) {
                return lab + " Start with: lesson list, then lesson start 00-machines.";
            }
            return lab + " You left off at " + p.lesson() + (p.step() == null
                    ? " (done). Continue with: " + continueWith()
                    : " step " + p.step() + ". Continue with: lesson next");
        });
    }

    /** "lesson start 06-..." or, with every lesson done, what is left to do. */
    private String continueWith() {
        try {
            String n = engine().nextLesson();
            return n == null ? "nothing: every lesson is done (lesson check --all re-verifies them)"
                    : "lesson start " + n;
        } catch (Exception e) {
            return "lesson list";
        }
    }

    private static int indexOf(Lesson l, String step) {
        for (int i = 0; i < l.steps().size(); i++) {
            if (l.steps().get(i).id().equals(step)) {
                return i + 1;
            }
        }
        return 0;
    }

    /** The learner's position, or null when it cannot be read (the prompt must never fail). */
    private Position position() {
        try {
            return engine().position();
        } catch (LessonEngineException | RuntimeException e) {
            return null;
        }
    }

    private LessonEngine engine() {
        return lessons.engine();
    }

    private HwCommand.Candidates lessonIds() {
        return HwCommand.dynamic(() -> {
            Map<String, String> m = new LinkedHashMap<>();
            for (Lesson l : lessons.catalog().lessons()) {
                m.put(l.id(), l.title());
            }
            return m;
        });
    }

    private HwCommand.Candidates lessonSteps() {
        return HwCommand.dynamic(() -> {
            Map<String, String> m = new LinkedHashMap<>();
            for (Lesson l : lessons.catalog().lessons()) {
                m.put(l.id(), l.title());
                // titles may be templates (rendered per cluster when a step runs); completion shows them plain
                l.steps().forEach(s -> m.put(l.id() + "/" + s.id(), s.title().contains("${")
                        || s.title().contains("<#") ? s.id() : s.title()));
            }
            return m;
        });
    }

    @Override
    public List<HwCommand> commands() {
        return List.of(
                HwCommand.builder("lesson list").group("Lessons").description("Every lesson with its state")
                        .run(this::list),
                HwCommand.builder("lesson show").group("Lessons")
                        .description("A lesson's explanation and steps, with this cluster's values")
                        .optionalArg("id", "a lesson (default: the current one)", lessonIds())
                        .run(this::show),
                HwCommand.builder("lesson start").group("Lessons").description("Make a lesson the current one")
                        .arg("id", "a lesson id", lessonIds()).run(this::start),
                HwCommand.builder("lesson next").group("Lessons")
                        .description("The next step: explain it, run it on its nodes, check the result")
                        .run(inv -> step(inv, "next")),
                HwCommand.builder("lesson run").group("Lessons")
                        .description("Run the current step again (after fixing something)")
                        .run(inv -> step(inv, "run")),
                HwCommand.builder("lesson check").group("Lessons")
                        .description("Check the current step without running it (you did it by hand); --all"
                                + " re-verifies every done step")
                        .flag("all", "re-check every step done so far").run(this::check),
                HwCommand.builder("lesson hint").group("Lessons").description("The next hint for the current step")
                        .run(this::hint),
                HwCommand.builder("lesson solve").group("Lessons")
                        .description("Let hardway do the current step (marked solved by the tool)")
                        .run(inv -> step(inv, "solve")),
                HwCommand.builder("lesson goto").group("Lessons")
                        .description("Jump to a lesson or step; every unmet earlier step is solved so the lab is"
                                + " consistent")
                        .arg("lesson[/step]", "e.g. 05-etcd or 05-etcd/start", lessonSteps()).run(this::goTo),
                HwCommand.builder("lesson reset").group("Lessons")
                        .description("Forget progress of one lesson, or --all (asks first)")
                        .optionalArg("id", "a lesson id", lessonIds()).flag("all", "every lesson, and the"
                                + " simulated lab").flag("yes", "do not ask").run(this::reset),
                HwCommand.builder("lesson test").group("Lessons")
                        .description("Author test: per step, check must fail, then run, then check must pass")
                        .optionalArg("id", "a lesson (default: --all)", lessonIds())
                        .flag("all", "every lesson").run(this::test),
                HwCommand.builder("lesson render").group("Lessons")
                        .description("Write a lesson's scripts and files, rendered for this cluster node by node,"
                                + " into a directory (to read, diff or run by hand)")
                        .optionalArg("id", "a lesson (default: --all)", lessonIds())
                        .flag("all", "every lesson").option("out", "directory to write into", null)
                        .run(this::render),
                HwCommand.builder("progress").group("Lessons")
                        .description("Where you are: a bar per lesson and overall, time spent, hints used")
                        .run(this::progress),
                HwCommand.builder("progress show").group("Lessons").description("Same as progress")
                        .run(this::progress),
                HwCommand.builder("progress export").group("Lessons")
                        .description("Write your progress to a file (to continue on another machine)")
                        .arg("file", "where to write", null).run(inv -> {
                            lessons.engine();
                            store().exportTo(Path.of(inv.arg(0)));
                            inv.println("Progress written to " + inv.arg(0) + ".");
                            return 0;
                        }),
                HwCommand.builder("progress import").group("Lessons")
                        .description("Replace your progress with a file written by progress export")
                        .arg("file", "a progress file", null).run(inv -> {
                            lessons.engine();
                            store().importFrom(Path.of(inv.arg(0)), p -> checkImport(inv.arg(0), p));
                            inv.println("Progress imported from " + inv.arg(0) + ". Try: progress");
                            return 0;
                        }));
    }

    /** An import belongs to this cluster and names only lessons and steps this course has. */
    private void checkImport(String file, dev.hardway.progress.Progress p)
            throws dev.hardway.progress.ProgressException {
        String here = session.cluster().config().name();
        if (p.cluster() != null && !p.cluster().equals(here)) {
            throw new dev.hardway.progress.ProgressException(file + " is the progress of cluster " + p.cluster()
                    + ", and the active cluster is " + here + ". Try: cluster use " + p.cluster()
                    + ", then progress import " + file);
        }
        var catalog = lessons.catalog();
        List<String> ids = catalog.lessons().stream().map(l -> l.id()).toList();
        for (var e : p.lessons().entrySet()) {
            var lesson = catalog.lesson(e.getKey());
            if (lesson.isEmpty()) {
                String near = dev.hardway.EditDistance.closest(e.getKey(), ids);
                throw new dev.hardway.progress.ProgressException(file + " lessons." + dev.hardway.Problem.clip(
                        e.getKey()) + ": no such lesson in this course" + (near != null ? " (did you mean " + near
                        + "?)" : "") + ". Try: an export of this course's progress (lesson list shows the ids)");
            }
            List<String> steps = lesson.get().steps().stream().map(st -> st.id()).toList();
            for (String step : e.getValue().steps().keySet()) {
                if (!steps.contains(step)) {
                    throw new dev.hardway.progress.ProgressException(file + " lessons." + e.getKey() + ".steps."
                            + dev.hardway.Problem.clip(step) + ": no such step in " + e.getKey() + ". Try: one of "
                            + String.join(", ", steps));
                }
            }
        }
        if (p.current() != null && catalog.lesson(p.current().lesson()).isEmpty()) {
            throw new dev.hardway.progress.ProgressException(file + " current.lesson: " + dev.hardway.Problem.clip(
                    p.current().lesson()) + " is no lesson of this course. Try: an export of this course's progress");
        }
    }

    private dev.hardway.progress.ProgressStore store() {
        return session.progressStore();
    }

    private void notices(Invocation inv) {
        for (String n : engine().takeNotices()) {
            inv.warn(inv.style().warn("note: " + n));
        }
    }

    private String simulated(Invocation inv) {
        return session.lab().simulated() ? inv.style().dim("  [simulated lab]") : "";
    }

    private int list(Invocation inv) throws LessonEngineException {
        List<LessonInfo> all = engine().list();
        notices(inv);
        Position pos = engine().position();
        Table t = new Table("", "lesson", "title", "steps", "state");
        for (LessonInfo l : all) {
            boolean current = pos != null && l.id().equals(pos.lesson());
            String state = switch (l.state()) {
                case "done" -> inv.style().ok("done");
                case "locked" -> inv.style().dim("needs " + String.join(", ", l.missingNeeds()));
                case "skipped" -> inv.style().dim("does not apply to " + session.cluster().config().name());
                case "in-progress" -> inv.style().warn("in progress");
                default -> l.state().replace('-', ' ');
            };
            t.row(current ? ">" : "", current ? inv.style().bold(l.id()) : l.id(), l.title(),
                    l.total() == 0 ? "" : Table.bar(l.done(), l.total(), 6), state);
        }
        inv.out().print(t.render(inv.style()));
        return 0;
    }

    private int show(Invocation inv) throws LessonEngineException {
        LessonView v = engine().show(inv.arg(0));
        notices(inv);
        printView(inv, v);
        return 0;
    }

    private void printView(Invocation inv, LessonView v) {
        inv.println(inv.style().bold(v.id() + " — " + v.title()) + (v.applies() ? ""
                : inv.style().dim("  (does not apply to " + session.cluster().config().name() + ": explained only)")));
        if (v.explanation() != null && !v.explanation().isBlank()) {
            inv.println("");
            inv.println(v.explanation().stripTrailing());
        }
        inv.println("");
        for (StepInfo s : v.steps()) {
            inv.println(String.format("  %d. %-44s %s %s", s.number(), s.title(),
                    inv.style().dim("on " + String.join(", ", s.nodes())), stepState(inv.style(), s.state())));
        }
    }

    private static String stepState(Style st, String state) {
        return switch (state == null ? "" : state) {
            case "done" -> st.ok("done");
            case "solved-by-tool" -> st.ok("solved by hardway");
            case "failed" -> st.bad("failed");
            case "skipped" -> st.dim("skipped");
            default -> "";
        };
    }

    private int start(Invocation inv) throws LessonEngineException {
        StartResult r = engine().start(inv.arg(0));
        notices(inv);
        if (!r.started()) {
            throw HardwayException.badInput(r.message());
        }
        if (r.view() != null) {
            printView(inv, r.view());
            inv.println("");
        }
        inv.println(r.message());
        return 0;
    }

    /** next | run | solve: runs a step with live output, then reports. */
    private int step(Invocation inv, String verb) throws Exception {
        lessons.attach(inv, session.settings().feedback());
        Lab lab = session.lab();
        session.onCancel(lab::cancel);
        StepReport r;
        boolean explained = false;
        try {
            if (verb.equals("next")) {
                // nothing started yet: start the first unfinished lesson that applies, and say so
                var started = engine().startFirstIfNone();
                if (started != null && started.started()) {
                    inv.println(inv.style().dim("No lesson was started: starting " + started.lesson()
                            + ", the first unfinished one."));
                }
            }
            Position before = engine().position();
            if (before != null && before.step() != null) {
                explained = header(inv, before);
            }
            r = switch (verb) {
                case "next" -> engine().next();
                case "run" -> engine().run();
                default -> engine().solve();
            };
        } finally {
            lessons.detach();
            session.onCancel(null);
        }
        notices(inv);
        return report(inv, r, explained);
    }

    /**
     * Explain → run → check: the step's header and explanation are printed before it runs, so the live output
     * appears under them. Returns whether it could (the report then does not repeat them).
     */
    private boolean header(Invocation inv, Position p) {
        try {
            LessonView v = engine().show(p.lesson());
            for (StepInfo s : v.steps()) {
                if (s.id().equals(p.step())) {
                    inv.println(inv.style().bold("── " + v.id() + " · step " + s.number() + "/" + v.steps().size()
                            + " · " + s.title()) + inv.style().dim("  (on " + String.join(", ", s.nodes()) + ")")
                            + simulated(inv));
                    if (session.settings().feedback() != Settings.Feedback.CONCISE && s.explanation() != null) {
                        s.explanation().strip().lines().forEach(l -> inv.println("   " + l));
                    }
                    return true;
                }
            }
        } catch (LessonEngineException | RuntimeException e) {
            // fall back to the report's header
        }
        return false;
    }

    private int report(Invocation inv, StepReport r) {
        return report(inv, r, false);
    }

    private int report(Invocation inv, StepReport r, boolean explained) {
        Settings.Feedback fb = session.settings().feedback();
        Style st = inv.style();
        if (r.verdict() == Verdict.LESSON_DONE) {
            inv.println(st.ok(r.message() == null ? r.lesson() + " is done." : r.message()));
            return 0;
        }
        if (!explained) {
            inv.println(st.bold("── " + r.lesson() + " · step " + r.number() + "/" + r.total() + " · " + r.title())
                    + st.dim("  (on " + String.join(", ", r.nodes()) + ")") + simulated(inv));
        }
        if (!explained && fb != Settings.Feedback.CONCISE && r.explanation() != null && !r.explanation().isBlank()) {
            r.explanation().strip().lines().forEach(l -> inv.println("   " + l));
        }
        if (fb == Settings.Feedback.VERBOSE && r.actions() != null) {
            for (StepAction.NodeAction a : r.actions()) {
                a.files().forEach(f -> inv.println(st.dim("   " + a.node() + ": write " + f.path() + " (" + f.mode() + ")")));
                a.copies().forEach(c -> inv.println(st.dim("   " + a.node() + ": copy " + c.fromNode() + ":" + c.fromPath()
                        + " → " + c.toPath())));
                if (a.script() != null && !a.script().isBlank()) {
                    inv.println(st.dim("   " + a.node() + ": $ bash -euo pipefail <<'EOF'"));
                    a.script().strip().lines().forEach(l -> inv.println(st.dim("     " + l)));
                    inv.println(st.dim("     EOF"));
                }
            }
        }
        int exit = 0;
        boolean failuresShown = false;
        if (r.outcome() != null && !r.outcome().ok()) {
            // the same cause on many nodes (a missing key, no route) is shown once, naming the nodes
            Map<String, List<String>> byCause = new LinkedHashMap<>();
            for (StepOutcome.NodeOutcome n : r.outcome().failed()) {
                String cause = n.error().replaceAll("\\(\\d+\\.\\d+\\.\\d+\\.\\d+(:\\d+)?\\)", "")
                        .replace(n.node() + ": ", "").replace(n.node(), "<node>");
                byCause.computeIfAbsent(cause, k -> new java.util.ArrayList<>()).add(n.node());
                if (n.unreachable()) {
                    exit = HardwayException.UNREACHABLE;
                }
            }
            byCause.forEach((cause, nodes) -> inv.println("   " + st.mark(false) + " " + String.join(", ", nodes)
                    + ": " + (nodes.size() == 1 ? cause.replace("<node>", nodes.get(0)) : cause)));
            failuresShown = true;
        }
        // passing checks that say the same thing on several nodes are shown once, naming the nodes
        Map<String, List<CheckResult>> groups = new LinkedHashMap<>();
        for (CheckResult c : r.checks()) {
            String key = c.ok() && !c.skipped() ? "ok|" + c.type() + "|" + c.summary() : "one|" + groups.size();
            groups.computeIfAbsent(key, k -> new java.util.ArrayList<>()).add(c);
        }
        for (List<CheckResult> g : groups.values()) {
            CheckResult c = g.get(0);
            if (c.skipped()) {
                if (fb == Settings.Feedback.VERBOSE) {
                    inv.println("   " + st.dim("- " + label(c) + " skipped: " + c.summary()));
                }
                continue;
            }
            String nodes = g.stream().map(CheckResult::node).filter(java.util.Objects::nonNull).distinct()
                    .collect(java.util.stream.Collectors.joining(", "));
            String where = (c.type() == null ? c.kind() : c.type()) + (nodes.isEmpty() ? "" : " on " + nodes);
            String shown = c.ok() ? (g.size() > 1 ? c.summary().replace(" on 1/1 node", "") : c.summary())
                    : (c.failText() != null ? c.failText() : c.summary());
            inv.println("   " + st.mark(c.ok()) + " " + shown + st.dim("  (check: " + where + ")"));
            if (!c.ok()) {
                // the problems in detail, unless the line above already is that one problem
                c.problems().stream().filter(p -> !p.equals(shown))
                        .forEach(p -> inv.println("      " + st.warn(p)));
            }
            if (fb == Settings.Feedback.VERBOSE) {
                g.forEach(x -> x.commands().forEach(cmd -> inv.println(st.dim("      $ " + cmd))));
            }
        }
        if (r.message() != null && !r.message().isBlank() && !(failuresShown && r.verdict() == Verdict.APPLY_FAILED)) {
            inv.println("   " + r.message());
        }
        if (r.problem() != null) {
            inv.println("   " + st.bad(r.problem().toString()));
        }
        switch (r.verdict()) {
            case PASSED -> {
                if (r.message() != null && !r.message().isBlank()) {
                    return 0;
                }
                if (r.next() != null && r.next().step() != null) {
                    inv.println(st.dim("   Next: lesson next (" + r.next().lesson() + " step " + r.next().step() + ")"));
                } else {
                    inv.println(st.ok("   " + r.lesson() + " is complete.") + st.dim(" Next: lesson list"));
                }
                return 0;
            }
            case SKIPPED -> {
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

    private static String label(CheckResult c) {
        return (c.type() == null ? c.kind() : c.type()) + (c.node() == null ? "" : " on " + c.node());
    }

    private int check(Invocation inv) throws LessonEngineException {
        if (inv.flag("all")) {
            CheckAllReport r = engine().checkAll();
            notices(inv);
            for (StepReport s : r.steps()) {
                boolean ok = s.passed() || s.verdict() == Verdict.SKIPPED;
                inv.println(inv.style().mark(ok) + " " + s.lesson() + "/" + s.step() + "  " + s.title());
                if (!ok) {
                    s.failures().forEach(c -> inv.println("     " + inv.style().warn(c.failText() != null
                            ? c.failText() : c.summary())));
                }
            }
            if (r.message() != null) {
                inv.println(r.message());
            }
            return r.ok() ? 0 : HardwayException.CHECK_FAILED;
        }
        StepReport r = engine().check();
        notices(inv);
        return report(inv, r);
    }

    private int hint(Invocation inv) throws LessonEngineException {
        HintResult h = engine().hint();
        notices(inv);
        if (h.hint() == null) {
            inv.println(h.message());
            return 0;
        }
        inv.println(inv.style().accent("Hint " + h.number() + "/" + h.of() + ": ") + h.hint());
        return 0;
    }

    private int goTo(Invocation inv) throws LessonEngineException {
        // the steps' own output only in verbose feedback: goto says what it solved, one line per lesson
        boolean verbose = session.settings().feedback() == Settings.Feedback.VERBOSE;
        if (verbose) {
            lessons.attach(inv, session.settings().feedback());
        }
        GotoReport r;
        try {
            r = engine().goTo(inv.arg(0));
        } finally {
            if (verbose) {
                lessons.detach();
            }
        }
        notices(inv);
        Map<String, List<StepReport>> byLesson = new LinkedHashMap<>();
        r.solved().forEach(s -> byLesson.computeIfAbsent(s.lesson(), k -> new java.util.ArrayList<>()).add(s));
        for (var e : byLesson.entrySet()) {
            List<StepReport> steps = e.getValue();
            StepReport failed = steps.stream().filter(s -> !s.passed()).findFirst().orElse(null);
            if (verbose) {
                steps.forEach(s -> inv.println(inv.style().mark(s.passed()) + " solved " + s.lesson() + "/" + s.step()
                        + "  " + s.title()));
            } else {
                long ok = steps.stream().filter(StepReport::passed).count();
                inv.println(inv.style().mark(failed == null) + " solved " + e.getKey() + " (" + ok + " step"
                        + (ok == 1 ? "" : "s") + (failed == null ? "" : "; stopped at " + failed.step()) + ")");
            }
            if (failed != null) {
                return report(inv, failed);
            }
        }
        inv.println(r.message());
        return r.ok() ? 0 : HardwayException.CHECK_FAILED;
    }

    private int reset(Invocation inv) throws LessonEngineException {
        String id = inv.flag("all") ? null : inv.arg(0);
        if (id == null && !inv.flag("all")) {
            throw HardwayException.badInput("lesson reset: name a lesson or --all. Try: lesson reset 05-etcd");
        }
        String what = id == null ? "ALL progress (and the simulated lab)" : "progress of " + id;
        if (!inv.confirm("Forget " + what + "?")) {
            inv.println("Nothing reset.");
            return 0;
        }
        ResetReport r = engine().reset(id);
        notices(inv);
        inv.println(r.message());
        return 0;
    }

    private int test(Invocation inv) throws LessonEngineException {
        TestReport r = engine().test(inv.arg(0));
        notices(inv);
        inv.println(inv.style().bold("lesson test") + " on " + r.cluster() + (r.simulated() ? " (simulated lab)" : ""));
        for (TestStep s : r.steps()) {
            String v = switch (s.verdict()) {
                case PASS -> inv.style().ok("pass");
                case SKIPPED -> inv.style().dim("skipped");
                default -> inv.style().bad(s.verdict().name().toLowerCase().replace('_', ' '));
            };
            inv.println(String.format("  %-34s %s%s", s.lesson() + "/" + s.step(), v,
                    s.ok() || s.message() == null ? "" : "  " + s.message()));
        }
        if (r.message() != null) {
            inv.println(r.message());
        }
        return r.ok() ? 0 : HardwayException.CHECK_FAILED;
    }

    private int render(Invocation inv) throws Exception {
        if (inv.option("out") == null) {
            throw HardwayException.badInput("lesson render: --out DIR is required. Try: lesson render 05-etcd --out"
                    + " build/lessons");
        }
        Path out = Path.of(inv.option("out"));
        int files = 0;
        for (LessonEngine.PlannedStep p : engine().plan(inv.flag("all") ? null : inv.arg(0))) {
            Path stepDir = out.resolve(p.lesson()).resolve(String.format("%s", p.step()));
            if (!p.applies()) {
                dev.hardway.progress.AtomicFiles.write(stepDir.resolve("SKIPPED"), "does not apply to "
                        + session.cluster().config().name() + "\n");
                continue;
            }
            for (StepAction.NodeAction a : p.actions()) {
                Path nodeDir = stepDir.resolve(a.node());
                StringBuilder sh = new StringBuilder("#!/usr/bin/env bash\n# " + p.lesson() + "/" + p.step() + " on "
                        + a.node() + ": " + p.title() + "\nset -euo pipefail\n");
                for (StepAction.FileWrite f : a.files()) {
                    Path local = nodeDir.resolve("files").resolve(f.path().replaceFirst("^/", ""));
                    dev.hardway.progress.AtomicFiles.write(local, f.content());
                    sh.append("# file ").append(f.path()).append(" (mode ").append(f.mode()).append(") = ")
                            .append(out.relativize(local)).append('\n');
                    files++;
                }
                for (StepAction.FileCopy c : a.copies()) {
                    sh.append("# copy ").append(c.fromNode()).append(':').append(c.fromPath()).append(" -> ")
                            .append(c.toPath()).append(" (mode ").append(c.mode()).append(")\n");
                }
                sh.append(a.script() == null ? "" : a.script());
                dev.hardway.progress.AtomicFiles.write(nodeDir.resolve("run.sh"), sh.toString());
                files++;
            }
        }
        inv.println("wrote " + files + " files under " + out);
        return 0;
    }

    private int progress(Invocation inv) throws LessonEngineException {
        ProgressSummary s = engine().summary();
        notices(inv);
        inv.println(inv.style().bold("Progress on " + s.cluster()) + "   overall " + Table.bar(s.done(), s.total(), 20)
                + "   time " + human(s.timeSpent()) + "   hints " + s.hintsUsed()
                + (s.solved() > 0 ? "   solved by hardway " + s.solved() : ""));
        Table t = new Table("lesson", "", "state", "time", "hints");
        for (ProgressSummary.LessonLine l : s.lessons()) {
            int skipped = "skipped".equals(l.state()) ? 0 : skippedSteps(l.id());
            t.row(l.id(), l.total() == 0 ? "" : Table.bar(l.done(), l.total(), 10), l.state().replace('-', ' ')
                    + (skipped == 0 ? "" : inv.style().dim(", " + skipped + " step" + (skipped == 1 ? "" : "s")
                    + " skipped")), human(l.timeSpent()), l.hintsUsed() == 0 ? "" : l.hintsUsed());
        }
        inv.out().print(t.render(inv.style()));
        if (s.current() != null && s.current().lesson() != null) {
            inv.println("You are at " + s.current().lesson() + (s.current().step() == null
                    ? " (done). Continue with: " + continueWith()
                    : " step " + s.current().step() + ". Continue with: lesson next"));
        }
        return 0;
    }

    /**
     * Steps of an applying lesson that do not apply to this cluster (their {@code when:} is false, e.g. downloads a
     * partial mirror does not offer): progress counts without them, so say they exist. {@code lesson show} names them.
     */
    private int skippedSteps(String lesson) {
        try {
            LessonView v = engine().show(lesson);
            return v.applies() ? (int) v.steps().stream().filter(x -> "skipped".equals(x.state())).count() : 0;
        } catch (LessonEngineException | RuntimeException e) {
            return 0;
        }
    }

    static String human(Duration d) {
        if (d == null || d.isZero()) {
            return "";
        }
        long m = d.toMinutes();
        return m < 1 ? d.toSeconds() + "s" : m < 60 ? m + "m" : (m / 60) + "h" + (m % 60) + "m";
    }
}
