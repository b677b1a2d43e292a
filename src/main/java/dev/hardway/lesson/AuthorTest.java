package dev.hardway.lesson;

import dev.hardway.HardwayHome;
import dev.hardway.cluster.ClusterConfig;
import dev.hardway.cluster.ClusterModel;
import dev.hardway.lab.Lab;
import dev.hardway.lab.Labs;
import dev.hardway.lesson.EngineResults.StepReport;
import dev.hardway.lesson.EngineResults.TestReport;
import dev.hardway.lesson.EngineResults.TestStep;
import dev.hardway.lesson.EngineResults.TestVerdict;
import dev.hardway.lesson.EngineResults.Verdict;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The author test: per step, check → must fail; run → check → must pass. It never touches the learner's progress,
 * and by default runs in a scratch simulated lab of the same cluster (in a temp directory, deleted afterwards), so
 * the learner's lab is left as it was (issue 8, finding 1). On the lab itself only when asked
 * ({@code lesson test --on-this-lab}).
 */
final class AuthorTest {

    private final StepRunner runner;
    private final Course course;

    private AuthorTest(StepRunner runner) {
        this.runner = runner;
        this.course = runner.course();
    }

    /** In a fresh simulated lab of {@code course}'s cluster, under a temp {@code $HARDWAY_HOME} deleted after. */
    static TestReport inScratchLab(Course course, String id) throws LessonEngineException {
        Lesson judged = id == null ? null : course.lesson(id);
        Path tmp;
        try {
            tmp = Files.createTempDirectory("hardway-lesson-test-");
        } catch (IOException e) {
            throw new LessonEngineException(dev.hardway.Problem.error("cannot make a scratch lab for the author test: "
                    + e.getMessage(), "set TMPDIR to a writable directory"), e);
        }
        try {
            ClusterConfig c = course.cluster().config();
            ClusterConfig sim = new ClusterConfig(c.name(), ClusterConfig.Provider.SIM, c.domain(), c.versions(),
                    c.downloads(), c.network(), c.loadbalancers(), c.ssh(), c.vagrant(), c.bgp(), c.nodes(),
                    c.source());
            HardwayHome home = new HardwayHome(tmp);
            try (Lab lab = Labs.open(new ClusterModel(sim), home, null)) {
                StepRunner runner = new StepRunner(course, lab, null, null);
                // drive steps break and heal the scratch lab through its own fault records, never the learner's
                runner.drills(l -> dev.hardway.lab.drill.DrillLab.of(
                        dev.hardway.lab.fault.Faults.open(l, null, dev.hardway.lab.fault.PowerControl.NONE, home,
                                java.time.Clock.systemUTC()),
                        dev.hardway.lab.inspect.Inspectors.open(l, null, home, java.time.Clock.systemUTC())));
                return new AuthorTest(runner).run(judged);
            }
        } finally {
            deleteTree(tmp);
        }
    }

    /** On {@code runner}'s lab itself: every step is solved there. */
    static TestReport onLab(StepRunner runner, String id) throws LessonEngineException {
        Lesson judged = id == null ? null : runner.course().lesson(id);
        return new AuthorTest(runner).run(judged);
    }

    /** {@code judged} null: every lesson. Lessons it needs are solved first (not judged). */
    private TestReport run(Lesson judged) {
        List<TestStep> out = new ArrayList<>();
        if (judged != null) {
            for (Lesson pre : course.catalog().prerequisites(judged.id())) {
                for (Step s : course.applicableSteps(pre)) {
                    StepReport r = runner.execute(pre, s);
                    if (!r.passed()) {
                        out.add(new TestStep(pre.id(), s.id(), TestVerdict.ERROR, "setup: needed step " + pre.id()
                                + "/" + s.id() + " did not pass: " + r.message(), null, r));
                        return report(out);
                    }
                }
            }
        }
        for (Lesson l : judged == null ? course.lessons() : List.of(judged)) {
            for (Step s : l.steps()) {
                out.add(step(l, s));
            }
        }
        return report(out);
    }

    private TestReport report(List<TestStep> out) {
        Lab lab = runner.lab();
        boolean ok = out.stream().allMatch(TestStep::ok);
        long pass = out.stream().filter(t -> t.verdict() == TestVerdict.PASS).count();
        long skipped = out.stream().filter(t -> t.verdict() == TestVerdict.SKIPPED).count();
        long bad = out.size() - pass - skipped;
        String msg = pass + " passed, " + bad + " failed, " + skipped + " skipped on cluster "
                + lab.cluster().name() + (lab.simulated() ? " (simulated lab)" : "")
                + (ok ? "." : ". Try: fix the steps marked above and run lesson test again");
        return new TestReport(lab.cluster().name(), lab.simulated(), out, ok, msg);
    }

    private TestStep step(Lesson l, Step s) {
        String cluster = runner.lab().cluster().name();
        if (!course.applies(l)) {
            return new TestStep(l.id(), s.id(), TestVerdict.SKIPPED, l.id() + " does not apply to cluster " + cluster,
                    null, null);
        }
        boolean when;
        try {
            when = course.render().when(l, s);
        } catch (LessonException e) {
            return new TestStep(l.id(), s.id(), TestVerdict.ERROR, e.problem().toString(), null, null);
        }
        if (!when) {
            return new TestStep(l.id(), s.id(), TestVerdict.SKIPPED, "when: is false on cluster " + cluster, null,
                    null);
        }
        StepReport before = runner.check(l, s);
        if (before.verdict() == Verdict.ERROR) {
            return new TestStep(l.id(), s.id(), TestVerdict.ERROR, before.message(), before, null);
        }
        if (before.passed()) {
            return new TestStep(l.id(), s.id(), TestVerdict.CHECK_PASSES_BEFORE_RUN, l.file() + ":" + s.line() + " "
                    + s.path() + ".check: passes before the step ran, so it cannot tell whether the step was done."
                    + " Try: check something this step creates or starts (file-exists on its files, service-active"
                    + " on its services)", before, null);
        }
        StepReport after = runner.execute(l, s);
        return switch (after.verdict()) {
            case PASSED -> new TestStep(l.id(), s.id(), TestVerdict.PASS, "fails before, passes after", before,
                    after);
            case APPLY_FAILED -> new TestStep(l.id(), s.id(), TestVerdict.RUN_FAILED, after.message(), before, after);
            case ERROR -> new TestStep(l.id(), s.id(), TestVerdict.ERROR, after.message(), before, after);
            default -> new TestStep(l.id(), s.id(), TestVerdict.CHECK_FAILS_AFTER_RUN, l.file() + ":" + s.line() + " "
                    + s.path() + ": the check still fails after the step ran: "
                    + Course.sentence(StepRunner.failedSummary(after.checks()),
                    "make the step create what its check looks for (files:, creates:, services:)"), before, after);
        };
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // a scratch directory left in the temp dir is harmless
        }
    }
}
