package dev.hardway.shell.commands;

import dev.hardway.Problem;
import dev.hardway.HardwayException;
import dev.hardway.lesson.EngineResults.CheckAllReport;
import dev.hardway.lesson.EngineResults.GotoReport;
import dev.hardway.lesson.EngineResults.HintResult;
import dev.hardway.lesson.EngineResults.LessonInfo;
import dev.hardway.lesson.EngineResults.LessonView;
import dev.hardway.lesson.EngineResults.RenderResult;
import dev.hardway.lesson.EngineResults.ResetReport;
import dev.hardway.lesson.EngineResults.StartResult;
import dev.hardway.lesson.EngineResults.StepReport;
import dev.hardway.lesson.EngineResults.TestReport;
import dev.hardway.lesson.LessonEngine;
import dev.hardway.lesson.LessonEngineException;
import dev.hardway.lesson.Lesson;
import dev.hardway.progress.Position;
import dev.hardway.progress.ProgressSummary;
import dev.hardway.shell.CommandSet;
import dev.hardway.shell.HwCommand;
import dev.hardway.shell.Invocation;
import dev.hardway.shell.LessonFormatter;
import dev.hardway.shell.LessonSession;
import dev.hardway.shell.PromptProvider;
import dev.hardway.shell.Settings;
import dev.hardway.shell.ShellSession;
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
            return n == null ? LessonEngine.COURSE_COMPLETE : "lesson start " + n;
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
                        .flag("all", "every lesson")
                        .flag("on-this-lab", "run on this lab's nodes instead of a scratch simulated lab (solves"
                                + " every step there)").run(this::test),
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
            throw dev.hardway.progress.ProgressException.at(file, 0, "cluster", "this is the progress of cluster "
                    + p.cluster() + ", and the active cluster is " + here, "cluster use " + p.cluster()
                    + ", then progress import " + file);
        }
        var catalog = lessons.catalog();
        List<String> ids = catalog.lessons().stream().map(l -> l.id()).toList();
        for (var e : p.lessons().entrySet()) {
            var lesson = catalog.lesson(e.getKey());
            if (lesson.isEmpty()) {
                String near = dev.hardway.EditDistance.closest(e.getKey(), ids);
                throw dev.hardway.progress.ProgressException.at(file, 0, "lessons." + dev.hardway.Problem.clip(
                        e.getKey()), "no such lesson in this course" + (near != null ? " (did you mean " + near
                        + "?)" : ""), "an export of this course's progress (lesson list shows the ids)");
            }
            List<String> steps = lesson.get().steps().stream().map(st -> st.id()).toList();
            for (String step : e.getValue().steps().keySet()) {
                if (!steps.contains(step)) {
                    throw dev.hardway.progress.ProgressException.at(file, 0, "lessons." + e.getKey() + ".steps."
                            + dev.hardway.Problem.clip(step), "no such step in " + e.getKey(), "one of "
                            + String.join(", ", steps));
                }
            }
        }
        if (p.current() != null && catalog.lesson(p.current().lesson()).isEmpty()) {
            throw dev.hardway.progress.ProgressException.at(file, 0, "current.lesson", dev.hardway.Problem.clip(
                    p.current().lesson()) + " is no lesson of this course", "an export of this course's progress");
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

    private int list(Invocation inv) throws LessonEngineException {
        List<LessonInfo> all = engine().list();
        notices(inv);
        Position pos = engine().position();
        Table t = new Table("", "lesson", "title", "steps", "state");
        for (LessonInfo l : all) {
            boolean current = pos != null && l.id().equals(pos.lesson());
            String state = switch (l.state()) {
                case DONE -> inv.style().ok("done");
                case LOCKED -> inv.style().dim("needs " + String.join(", ", l.missingNeeds()));
                case SKIPPED -> inv.style().dim("does not apply to " + session.cluster().config().name());
                case IN_PROGRESS -> inv.style().warn("in progress");
                case NOT_STARTED -> "not started";
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
        format(inv).view(v);
        return 0;
    }

    private int start(Invocation inv) throws LessonEngineException {
        lessons.checkOpen(inv.arg(0));
        StartResult r = engine().start(inv.arg(0));
        notices(inv);
        if (!r.started()) {
            throw HardwayException.badInput(r.message());
        }
        if (r.view() != null) {
            format(inv).view(r.view());
            inv.println("");
        }
        inv.println(r.message());
        return 0;
    }

    /** next | run | solve: runs a step with live output, then reports. */
    private int step(Invocation inv, String verb) throws Exception {
        lessons.attach(inv, session.settings().feedback());
        session.onCancel(session.lab()::cancel); // Ctrl-C stops the step running now, through the Lab
        StepReport r;
        try {
            if (verb.equals("next")) {
                // nothing started yet: start the first unfinished lesson that applies, and say so
                var started = engine().startFirstIfNone();
                if (started != null && started.started()) {
                    inv.println(inv.style().dim("No lesson was started: starting " + started.lesson()
                            + ", the first unfinished one."));
                }
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
        // the header was printed when the step started (before its output), unless it never ran
        return format(inv).step(r, r.outcome() != null);
    }

    private LessonFormatter format(Invocation inv) {
        return new LessonFormatter(inv, session.settings().feedback(), session.cluster().config().name());
    }

    private int check(Invocation inv) throws LessonEngineException {
        if (inv.flag("all")) {
            CheckAllReport r = engine().checkAll();
            notices(inv);
            return format(inv).checkAll(r);
        }
        StepReport r = engine().check();
        notices(inv);
        return format(inv).step(r, false);
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
        lessons.checkOpen(inv.arg(0));
        // the steps' own output only in verbose feedback: goto says what it solved, one line per lesson
        boolean verbose = session.settings().feedback() == Settings.Feedback.VERBOSE;
        if (verbose) {
            lessons.attach(inv, session.settings().feedback());
        }
        GotoReport r;
        session.onCancel(session.lab()::cancel); // Ctrl-C stops the step running now, through the Lab
        try {
            r = engine().goTo(inv.arg(0));
        } finally {
            session.onCancel(null);
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
                return format(inv).step(failed, verbose);
            }
        }
        inv.println(r.message());
        return r.ok() ? 0 : HardwayException.CHECK_FAILED;
    }

    private int reset(Invocation inv) throws LessonEngineException {
        String id = inv.flag("all") ? null : inv.arg(0);
        if (id == null && !inv.flag("all")) {
            throw HardwayException.badInput(Problem.error("lesson reset: name a lesson or --all", "lesson reset 05-etcd"));
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
        String id = inv.flag("all") ? null : inv.arg(0);
        boolean here = inv.flag("on-this-lab");
        if (here && !session.lab().simulated()) {
            inv.warn(inv.style().warn("warning: lesson test --on-this-lab solves every step on the nodes of "
                    + session.cluster().config().name() + " (your progress is not changed)"));
        }
        TestReport r = here ? engine().testOnThisLab(id) : engine().test(id);
        notices(inv);
        return format(inv).test(r, here);
    }

    private int render(Invocation inv) throws Exception {
        if (inv.option("out") == null) {
            throw HardwayException.badInput(Problem.error("lesson render: --out DIR is required", "lesson render 05-etcd --out build/lessons"));
        }
        RenderResult r = engine().render(inv.flag("all") ? null : inv.arg(0), Path.of(inv.option("out")));
        inv.println("wrote " + r.files().size() + " files under " + r.dir());
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
            return v.applies() ? (int) v.steps().stream().filter(x -> !x.applies()).count() : 0;
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
