package dev.hardway.lesson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hardway.cluster.ClusterConfig;
import dev.hardway.cluster.ClusterModel;
import dev.hardway.cluster.TestClusters;
import dev.hardway.lab.sim.SimLab;
import dev.hardway.lesson.EngineResults.CheckAllReport;
import dev.hardway.lesson.EngineResults.CheckResult;
import dev.hardway.lesson.EngineResults.GotoReport;
import dev.hardway.lesson.EngineResults.HintResult;
import dev.hardway.lesson.EngineResults.LessonInfo;
import dev.hardway.lesson.EngineResults.LessonState;
import dev.hardway.lesson.EngineResults.StartResult;
import dev.hardway.lesson.EngineResults.StepReport;
import dev.hardway.lesson.EngineResults.TestReport;
import dev.hardway.lesson.EngineResults.TestStep;
import dev.hardway.lesson.EngineResults.TestVerdict;
import dev.hardway.lesson.EngineResults.Verdict;
import dev.hardway.progress.Position;
import dev.hardway.progress.ProgressStore;
import dev.hardway.progress.ProgressSummary;
import dev.hardway.progress.StepState;
import dev.hardway.target.OutputListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine against the real simulated lab, on the fixture catalog (lessons-ok). */
class LessonEngineTest {

    @TempDir
    Path tmp;

    private final List<String> output = new CopyOnWriteArrayList<>();
    private SimLab lab;
    private ProgressStore store;

    private LessonEngine engine(ClusterConfig config) {
        return engine(config, LessonCatalogTest.OK);
    }

    private LessonEngine engine(ClusterConfig config, Path lessons) {
        LessonCatalog catalog = LessonCatalog.load(lessons);
        assertThat(catalog.problems()).isEmpty();
        lab = new SimLab(new ClusterModel(config), tmp.resolve("lab-" + lessons.getFileName() + "/sim-lab.json"));
        store = new ProgressStore(tmp.resolve("progress/default.yaml"), config.name());
        OutputListener out = (node, stream, line) -> output.add(node + " | " + line);
        return new LessonEngine(lab, catalog, catalog.renderer(), store, out);
    }

    @Test
    void startIsRefusedWhileNeededLessonsAreNotDone() throws Exception {
        LessonEngine e = engine(TestClusters.ha());
        StartResult r = e.start("03-api-lb");
        assertThat(r.started()).isFalse();
        assertThat(r.missing()).containsExactly("01-tools", "02-etcd");
        assertThat(r.message()).isEqualTo("03-api-lb needs 01-tools, 02-etcd done first. Try: lesson goto 03-api-lb"
                + " (solves the earlier steps for you) or lesson start 01-tools");
        assertThat(e.position()).isNull();
        assertThatThrownBy(e::next).isInstanceOf(LessonEngineException.class)
                .hasMessage("no lesson started yet. Try: lesson start 01-tools.");
        assertThatThrownBy(() -> e.start("05-nope")).hasMessageContaining("no lesson '05-nope'");
    }

    @Test
    void aLessonStepByStepExplainRunCheckAdvance() throws Exception {
        LessonEngine e = engine(TestClusters.ha());
        StartResult s = e.start("01-tools");
        assertThat(s.started()).isTrue();
        assertThat(s.view().explanation()).isEqualTo("# Tools\n\nCluster ha has 3 master(s).\n");
        assertThat(s.position()).isEqualTo(new Position("01-tools", "motd"));

        // checking before doing anything fails with the step's own text, rendered for the node, and the hint
        StepReport early = e.check();
        assertThat(early.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(early.failures()).singleElement().extracting(CheckResult::failText)
                .isEqualTo("/etc/motd is missing on jumpbox");
        assertThat(early.hint()).isEqualTo("The file comes from motd.ftl.");
        assertThat(early.message()).isEqualTo("Say where we are: /etc/motd is missing on jumpbox. Try: lesson run"
                + " after fixing it, or lesson hint (lesson hint: 2 more)");

        StepReport motd = e.next();
        assertThat(motd.verdict()).isEqualTo(Verdict.PASSED);
        assertThat(motd.simulated()).isTrue();
        assertThat(motd.number()).isEqualTo(1);
        assertThat(motd.total()).isEqualTo(2);
        assertThat(motd.nodes()).containsExactly("jumpbox");
        assertThat(motd.explanation()).isEqualTo("The jumpbox jumpbox (10.240.0.9) drives cluster ha.\n");
        assertThat(new String(motd.actions().get(0).files().get(0).content()))
                .isEqualTo("Welcome to jumpbox of ha.\n");
        assertThat(motd.checks()).singleElement().satisfies(c -> {
            assertThat(c.ok()).isTrue();
            assertThat(c.commands()).isNotEmpty(); // for set feedback verbose
        });
        assertThat(motd.next()).isEqualTo(new Position("01-tools", "ca"));
        assertThat(motd.message()).isEqualTo("Done: 01-tools/motd. Try: lesson next (Make a CA)");
        assertThat(output).anyMatch(l -> l.startsWith("jumpbox | [sim] upload /etc/motd"));

        StepReport ca = e.next();
        assertThat(ca.passed()).isTrue();
        assertThat(ca.actions().get(0).script()).isEqualTo("mkdir -p /root/pki\necho ha > /root/pki/ca.pem\n");
        // the script check cannot run in the simulated lab: skipped, and the step passes on its probe
        assertThat(ca.actions().get(0).creates()).containsExactly("/root/pki/ca.pem", "/root/pki/worker1.pem",
                "/root/pki/worker2.pem");
        assertThat(ca.checks()).extracting(CheckResult::kind, CheckResult::skipped)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("probe", false), org.assertj.core.groups.Tuple.tuple("probe", false),
                        org.assertj.core.groups.Tuple.tuple("script", true));
        assertThat(ca.checks().get(2).commands()).containsExactly("test -s /root/pki/ca.pem");
        assertThat(ca.message()).isEqualTo("Done: 01-tools/ca. 01-tools is complete. Try: lesson start 02-etcd");
        assertThat(e.next().verdict()).isEqualTo(Verdict.LESSON_DONE);

        var progress = store.load().progress();
        assertThat(progress.step("01-tools", "motd").orElseThrow().state()).isEqualTo(StepState.DONE);
        assertThat(progress.step("01-tools", "motd").orElseThrow().attempts()).isEqualTo(2); // the early check too
        assertThat(e.list()).extracting(LessonInfo::id, LessonInfo::state, LessonInfo::done, LessonInfo::total)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("01-tools", LessonState.DONE, 2, 2),
                        org.assertj.core.groups.Tuple.tuple("02-etcd", LessonState.NOT_STARTED, 0, 2),
                        org.assertj.core.groups.Tuple.tuple("03-api-lb", LessonState.LOCKED, 0, 1));
    }

    @Test
    void hintsEscalateAndAreCounted() throws Exception {
        LessonEngine e = engine(TestClusters.ha());
        e.start("01-tools");
        HintResult h1 = e.hint();
        assertThat(h1.hint()).isEqualTo("The file comes from motd.ftl.");
        assertThat(h1.number()).isEqualTo(1);
        assertThat(h1.of()).isEqualTo(2);
        assertThat(e.hint().hint()).isEqualTo("Run: lesson solve");
        HintResult h3 = e.hint();
        assertThat(h3.message()).startsWith("That was the last hint. Try: lesson solve");
        assertThat(store.load().progress().step("01-tools", "motd").orElseThrow().hintsUsed()).isEqualTo(2);
        assertThat(e.summary().hintsUsed()).isEqualTo(2);
    }

    /** Issue 8, finding 3: lesson next with nothing started starts the first unfinished lesson (rustlings). */
    @Test
    void nextWithNothingStartedStartsTheFirstUnfinishedLesson() throws Exception {
        LessonEngine e = engine(TestClusters.ha());
        assertThat(e.position()).isNull();
        StartResult s = e.startFirstIfNone();
        assertThat(s.started()).isTrue();
        assertThat(s.lesson()).isEqualTo("01-tools");
        assertThat(e.position()).isEqualTo(new Position("01-tools", "motd"));
        assertThat(e.startFirstIfNone()).as("a lesson is current now").isNull();
        // with 01-tools done and nothing current, the next unfinished one is 02-etcd
        e.goTo("02-etcd");
        assertThat(e.nextLesson()).isEqualTo("02-etcd");
    }

    /** Issue 8, finding 13: a hint on a failing re-run of a step of a done lesson hints at that step. */
    @Test
    void aFailingReRunOfADoneStepStillGetsItsHints() throws Exception {
        LessonEngine e = engine(TestClusters.ha());
        e.goTo("02-etcd");
        e.start("01-tools");
        assertThat(e.hint().message()).startsWith("01-tools is done: nothing to hint at. Try: lesson start 02-etcd");
        lab.powerOff("jumpbox");
        assertThat(e.run().passed()).isFalse();
        HintResult h = e.hint();
        assertThat(h.step()).isEqualTo("ca");
        assertThat(h.message()).doesNotContain("is done").contains("ca has no hints");
    }

    @Test
    void solveMarksTheStepSolvedByTool() throws Exception {
        LessonEngine e = engine(TestClusters.ha());
        e.start("01-tools");
        StepReport r = e.solve();
        assertThat(r.passed()).isTrue();
        assertThat(r.message()).startsWith("Solved 01-tools/motd.");
        assertThat(store.load().progress().step("01-tools", "motd").orElseThrow().state())
                .isEqualTo(StepState.SOLVED_BY_TOOL);
        ProgressSummary sum = e.summary();
        assertThat(sum.done()).isEqualTo(1);
        assertThat(sum.solved()).isEqualTo(1);
        assertThat(sum.total()).isEqualTo(5);
    }

    @Test
    void gotoSolvesEveryEarlierStepInDependencyOrder() throws Exception {
        LessonEngine e = engine(TestClusters.ha());
        GotoReport g = e.goTo("03-api-lb/haproxy");
        assertThat(g.ok()).isTrue();
        assertThat(g.solved()).extracting(r -> r.lesson() + "/" + r.step())
                .containsExactly("01-tools/motd", "01-tools/ca", "02-etcd/unit", "02-etcd/start");
        assertThat(g.position()).isEqualTo(new Position("03-api-lb", "haproxy"));
        assertThat(e.next().passed()).isTrue();
        assertThat(lab.vipStatus().holders()).hasSize(1);
        // goto to a lesson already reachable solves nothing
        assertThat(e.goTo("02-etcd").solved()).isEmpty();
    }

    @Test
    void aStepThatCannotBeAppliedIsRecordedAsFailedAndDoneStepsStay() throws Exception {
        LessonEngine e = engine(TestClusters.ha());
        e.goTo("02-etcd");
        e.start("02-etcd");
        lab.powerOff("master2");
        StepReport r = e.next();
        assertThat(r.verdict()).isEqualTo(Verdict.APPLY_FAILED);
        assertThat(r.outcome().failed()).extracting(n -> n.node()).containsExactly("master2");
        assertThat(r.message()).startsWith("Install the etcd unit failed on master2: powered off (simulated)");
        var p = store.load().progress();
        assertThat(p.step("02-etcd", "unit").orElseThrow().state()).isEqualTo(StepState.FAILED);
        assertThat(p.step("02-etcd", "unit").orElseThrow().lastFailure()).contains("failed on master2: powered off");
        assertThat(p.step("01-tools", "ca").orElseThrow().state()).isEqualTo(StepState.SOLVED_BY_TOOL);
        assertThat(p.current()).isEqualTo(new Position("02-etcd", "unit"));
        lab.powerOn("master2");
        assertThat(e.run().passed()).isTrue();
    }

    @Test
    void checkAllReverifiesDoneStepsWithoutChangingProgress() throws Exception {
        LessonEngine e = engine(TestClusters.ha());
        e.goTo("03-api-lb");
        CheckAllReport ok = e.checkAll();
        assertThat(ok.ok()).isTrue();
        assertThat(ok.steps()).hasSize(4);
        lab.stopUnits("master1", List.of("etcd"));
        CheckAllReport bad = e.checkAll();
        assertThat(bad.ok()).isFalse();
        StepReport start = bad.steps().stream().filter(r -> r.step().equals("start")).findFirst().orElseThrow();
        assertThat(start.failures()).extracting(CheckResult::failText)
                .contains("etcd is not running on master1. Look at: journalctl -u etcd -n 50");
        assertThat(bad.message()).startsWith("1 of 4 done steps fail now.");
        assertThat(store.load().progress().complete("02-etcd", "start")).isTrue();
    }

    @Test
    void resetAllClearsProgressAndTheSimulatedLab() throws Exception {
        LessonEngine e = engine(TestClusters.ha());
        e.goTo("02-etcd");
        var r = e.reset(null);
        assertThat(r.labReset()).isTrue();
        assertThat(r.lessons()).containsExactly("01-tools", "02-etcd");
        assertThat(store.load().progress().lessons()).isEmpty();
        e.start("01-tools");
        assertThat(e.check().passed()).isFalse(); // the lab forgot /etc/motd too
        var one = e.reset("01-tools");
        assertThat(one.labReset()).isFalse();
        assertThat(store.load().progress().current()).isNull();
    }

    @Test
    void lessonsThatDoNotApplyAreSkippedForThePreset() throws Exception {
        LessonEngine e = engine(TestClusters.single());
        assertThat(e.list()).extracting(LessonInfo::state).containsExactly(LessonState.NOT_STARTED, LessonState.LOCKED, LessonState.SKIPPED);
        e.goTo("02-etcd");
        e.start("02-etcd");
        e.next();
        StepReport last = e.next();
        // finding 14: with no lesson left, the course is complete (no "lesson start <the next lesson>")
        assertThat(last.message()).isEqualTo("Done: 02-etcd/start. 02-etcd is complete. Try: lesson check --all (the"
                + " course is complete; this re-verifies every step)");
        assertThat(e.start("03-api-lb").message()).startsWith("03-api-lb does not apply to cluster default");
        assertThat(e.summary().total()).isEqualTo(4);
    }

    @Test
    void theAuthorTestPassesOnEveryPreset() throws Exception {
        for (ClusterConfig c : List.of(TestClusters.ha(), TestClusters.single())) {
            LessonEngine e = engine(c);
            lab.reset();
            TestReport r = e.test(null);
            assertThat(r.steps()).allSatisfy(t -> assertThat(t.ok()).as(t.lesson() + "/" + t.step() + ": "
                    + t.message()).isTrue());
            assertThat(r.ok()).isTrue();
            assertThat(store.load().progress().lessons()).isEmpty(); // the author test leaves progress alone
        }
        assertThat(engineReport(TestClusters.single()).steps())
                .filteredOn(t -> t.lesson().equals("03-api-lb")).extracting(TestStep::verdict)
                .containsExactly(TestVerdict.SKIPPED);
    }

    private TestReport engineReport(ClusterConfig c) throws Exception {
        LessonEngine e = engine(c);
        lab.reset();
        return e.test(null);
    }

    @Test
    void theAuthorTestOfOneLessonSolvesWhatItNeedsFirst() throws Exception {
        LessonEngine e = engine(TestClusters.ha());
        TestReport r = e.test("03-api-lb");
        assertThat(r.steps()).extracting(TestStep::step).containsExactly("haproxy");
        assertThat(r.ok()).isTrue();
        assertThat(r.message()).isEqualTo("1 passed, 0 failed, 0 skipped on cluster ha (simulated lab).");
    }

    @Test
    void theAuthorTestFailsAStepWhoseServicesOrFilesAreRemoved() throws Exception {
        Path noServices = copyFixture("no-services");
        edit(noServices.resolve("02-etcd/lesson.yaml"), "    services: [etcd]\n", "");
        TestReport r = engine(TestClusters.ha(), noServices).test(null);
        assertThat(r.ok()).isFalse();
        TestStep start = step(r, "02-etcd", "start");
        assertThat(start.verdict()).isEqualTo(TestVerdict.CHECK_FAILS_AFTER_RUN);
        assertThat(start.message()).isEqualTo("no-services/02-etcd/lesson.yaml:20 steps[1]: the check still fails"
                + " after the step ran: etcd active on 0/1 node (not on master1) (+3 more)."
                + " Try: make the step create what its check looks for (files:, creates:, services:)");
        assertThat(step(r, "02-etcd", "unit").verdict()).isEqualTo(TestVerdict.PASS);

        Path noFiles = copyFixture("no-files");
        edit(noFiles.resolve("01-tools/lesson.yaml"), "    files:\n      - template: motd.ftl\n        to: /etc/motd\n"
                + "        mode: \"0644\"\n", "");
        TestReport r2 = engine(TestClusters.ha(), noFiles).test(null);
        TestStep motd = step(r2, "01-tools", "motd");
        assertThat(motd.verdict()).isEqualTo(TestVerdict.CHECK_FAILS_AFTER_RUN);
        assertThat(motd.message()).contains("/etc/motd present on 0/1 node (not on jumpbox)");
        assertThat(r2.message()).isEqualTo("4 passed, 1 failed, 0 skipped on cluster ha (simulated lab). Try: fix"
                + " the steps marked above and run lesson test again");
    }

    @Test
    void theAuthorTestFlagsACheckThatPassesBeforeTheStepRuns() throws Exception {
        Path dup = copyFixture("dup-check");
        // the second step checks only what the first one made: it cannot tell whether it ran
        edit(dup.resolve("01-tools/lesson.yaml"), "      - probe: file-exists\n        path: /root/pki/ca.pem\n",
                "      - probe: file-exists\n        path: /etc/motd\n");
        edit(dup.resolve("01-tools/lesson.yaml"), "      - probe: file-exists\n        path: \"/root/pki/${cluster.workers[1]"
                + ".name}.pem\"\n", "");
        TestReport r = engine(TestClusters.ha(), dup).test("01-tools");
        assertThat(step(r, "01-tools", "ca").verdict()).isEqualTo(TestVerdict.CHECK_PASSES_BEFORE_RUN);
    }

    /** Finding 14: a fail text that ends with a period gets its "Try:" without a doubled period. */
    @Test
    void aFailTextEndingWithAPeriodIsNotDoubled() throws Exception {
        Path dots = copyFixture("dots");
        edit(dots.resolve("01-tools/lesson.yaml"), "fail: \"/etc/motd is missing on ${node}\"",
                "fail: \"/etc/motd is missing on ${node}.\"");
        LessonEngine e = engine(TestClusters.ha(), dots);
        e.start("01-tools");
        StepReport r = e.check();
        assertThat(r.passed()).isFalse();
        assertThat(r.message()).contains("/etc/motd is missing on jumpbox. Try: lesson run").doesNotContain("..");
    }

    private static TestStep step(TestReport r, String lesson, String step) {
        return r.steps().stream().filter(t -> t.lesson().equals(lesson) && t.step().equals(step)).findFirst()
                .orElseThrow();
    }

    private Path copyFixture(String name) throws IOException {
        Path target = tmp.resolve(name);
        try (Stream<Path> files = Files.walk(LessonCatalogTest.OK)) {
            for (Path f : files.toList()) {
                Path t = target.resolve(LessonCatalogTest.OK.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(f, t);
                }
            }
        }
        return target;
    }

    private static void edit(Path file, String from, String to) throws IOException {
        String s = Files.readString(file);
        assertThat(s).contains(from);
        Files.writeString(file, s.replace(from, to));
    }
}
