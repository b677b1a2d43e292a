package dev.hardway.lesson;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hardway.HardwayHome;
import dev.hardway.Problem;
import dev.hardway.cluster.ClusterModel;
import dev.hardway.cluster.TestClusters;
import dev.hardway.lab.drill.DrillLab;
import dev.hardway.lab.fault.BreakRequest;
import dev.hardway.lab.fault.FaultMode;
import dev.hardway.lab.fault.Faults;
import dev.hardway.lab.fault.PowerControl;
import dev.hardway.lab.inspect.Inspectors;
import dev.hardway.lab.sim.SimLab;
import dev.hardway.lesson.EngineResults.StepReport;
import dev.hardway.lesson.EngineResults.Verdict;
import dev.hardway.progress.ProgressStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Steps with {@code drive:} (docs/lesson-format.md): validated with file:line like every other key, and run by the
 * engine through the lab's own faults and inspector, so a drill whose lab does not show what the step promises
 * fails, naming the entry's line.
 */
class DriveStepTest {

    @TempDir
    Path tmp;

    private List<String> problems(String steps) throws Exception {
        Path dir = tmp.resolve("lessons/01-a");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("lesson.yaml"), "format_version: 1\nid: 01-a\ntitle: A\nsteps:\n" + steps);
        LessonCatalog c = LessonCatalog.load(tmp.resolve("lessons"));
        return c.validateAgainst(new ClusterModel(TestClusters.ha())).stream().map(Problem::toString).toList();
    }

    @Test
    void aValidDriveStepHasNoProblems() throws Exception {
        assertThat(problems("""
                  - id: d
                    title: D
                    drive:
                      - break: "${cluster.masters[0].name}"
                        mode: services
                      - check: etcd
                        expect: {quorum: true, healthy: "${cluster.masters?size - 1}"}
                        within: 30
                      - inspect: vip
                        when: "${cluster.hasApiLb?c}"
                        expect: {holder: lb1}
                      - heal: all
                      - check: etcd
                        expect: {ok: true}
                """)).isEmpty();
    }

    @Test
    void anUnknownCommandAWrongKeyAndAMissingPromiseAreNamedWithTheirLines() throws Exception {
        assertThat(problems("""
                  - id: d
                    title: D
                    on: masters
                    drive:
                      - brake: master1
                      - break: master1
                        mode: poweroff
                        within: 3
                      - check: etcd
                      - check: vip
                        expect: {quorum: true, holdr: lb1}
                      - inspect: dns
                        expect: {ok: true}
                """)).containsExactly(
                "lessons/01-a/lesson.yaml:7 steps[0].on: a drive step runs hardway's own commands, not scripts on"
                        + " nodes, so it has no 'on' (its commands name their nodes). Try: put the script in a step of"
                        + " its own, or drop on.",
                "lessons/01-a/lesson.yaml:9 steps[0].drive[0].brake: unknown drive command 'brake' (did you mean"
                        + " break?). Try: a drive entry starts with one of break, heal, check, inspect.",
                "lessons/01-a/lesson.yaml:11 steps[0].drive[1].mode: unknown fault mode 'poweroff' (did you mean"
                        + " power?). Try: one of power, services, network, crash, cert.",
                "lessons/01-a/lesson.yaml:12 steps[0].drive[1].within: break has no within (it succeeds or the step"
                        + " fails). Try: put the promise on a check after it: - check: etcd / expect: ...",
                "lessons/01-a/lesson.yaml:13 steps[0].drive[2].expect: a check in a drive step must say what it"
                        + " shows (expect). Try: expect: {quorum: true, healthy: 2}.",
                "lessons/01-a/lesson.yaml:15 steps[0].drive[3].expect.quorum: 'quorum' is not something check vip"
                        + " shows. Try: for vip: ok, holder, split_brain, through, api.",
                "lessons/01-a/lesson.yaml:15 steps[0].drive[3].expect.holdr: unknown expect key 'holdr' (did you"
                        + " mean holder?). Try: one of ok, healthy, quorum, leader, holder, split_brain, through, api,"
                        + " not_ready.",
                "lessons/01-a/lesson.yaml:16 steps[0].drive[4].inspect: a drive step cannot inspect 'dns'. Try:"
                        + " inspect: one of etcd, vip, apiserver.");
    }

    @Test
    void aNodeTheClusterLacksAndAValueThatIsNoNumberAreRenderProblemsWithTheirLines() throws Exception {
        assertThat(problems("""
                  - id: d
                    title: D
                    drive:
                      - break: master7
                      - check: etcd
                        expect: {healthy: two}
                      - check: vip
                        expect: {holder: lb3}
                """)).containsExactly(
                "lessons/01-a/lesson.yaml:8 steps[0].drive[0].break: cluster ha has no node 'master7' (did you mean"
                        + " master1?). Try: name a node of the cluster, e.g. \"${cluster.masters[0].name}\".");
        // the first render problem of a step stops its drive (as a step's first render problem does): fix, go on
        assertThat(problems("""
                  - id: d
                    title: D
                    drive:
                      - check: etcd
                        expect: {healthy: two}
                """)).containsExactly("lessons/01-a/lesson.yaml:9 steps[0].drive[0].expect.healthy: renders to"
                + " 'two', not a number. Try: healthy: 2.");
    }

    @Test
    void aDriveWithoutAnyObservationCannotTellWhetherTheDrillWorked() throws Exception {
        assertThat(problems("""
                  - id: d
                    title: D
                    drive:
                      - break: master1
                """)).containsExactly("lessons/01-a/lesson.yaml:8 steps[0].drive: no check or inspect entry:"
                + " nothing tells whether the drill showed what it promises. Try: add - check: etcd with expect:"
                + " {quorum: true} (or vip, apiserver).");
    }

    // ---- the engine on the project's lesson 14 ------------------------------------------------------------

    private SimLab lab;
    private Faults faults;

    private LessonEngine engine() {
        LessonCatalog catalog = LessonCatalog.load(Path.of("lessons"));
        assertThat(catalog.problems()).isEmpty();
        HardwayHome home = new HardwayHome(tmp.resolve("home"));
        ClusterModel m = new ClusterModel(TestClusters.ha());
        lab = new SimLab(m, home);
        faults = Faults.open(lab, null, PowerControl.NONE, home, Clock.systemUTC());
        return new LessonEngine(lab, catalog, catalog.renderer(), new ProgressStore(tmp.resolve("progress.yaml"),
                "ha"), null).drills(l -> DrillLab.of(faults, Inspectors.open(l, null, home, Clock.systemUTC())));
    }

    @Test
    void theDrillsRunThroughTheLabsOwnFaultsAndLeaveThemForTheNextStep() throws Exception {
        LessonEngine e = engine();
        assertThat(e.goTo("14-ha-drills/lose-master").ok()).isTrue();
        StepReport r = e.run();
        assertThat(r.verdict()).as(r.message()).isEqualTo(Verdict.PASSED);
        assertThat(r.checks()).extracting(EngineResults.CheckResult::type).containsExactly(
                "break master1 --mode services", "check etcd", "check vip", "check apiserver");
        assertThat(faults.active()).extracting(f -> f.node() + " " + f.mode()).containsExactly("master1 SERVICES");
        // the same break again (lesson run twice): the fault is in place already, the beat is idempotent
        DrillLab d = DrillLab.of(faults, Inspectors.open(lab, null, new HardwayHome(tmp.resolve("home")),
                Clock.systemUTC()));
        var b = d.run(new dev.hardway.lab.drill.DrillBeat(new dev.hardway.lab.drill.DrillCommand.Break(
                new BreakRequest("master1", FaultMode.SERVICES, null)), NOTHING, 0, 1));
        assertThat(b.ok()).isTrue();
        assertThat(b.summary()).startsWith("already broken: master1: services stopped (etcd, kube-apiserver");
        assertThat(faults.active()).hasSize(1);
    }

    static final dev.hardway.lab.drill.DrillExpect NOTHING = new dev.hardway.lab.drill.DrillExpect(null, null, null,
            null, null, null, null, null, null);

    @Test
    void aLabThatDoesNotShowWhatTheStepPromisesFailsItNamingTheLine() throws Exception {
        LessonEngine e = engine();
        assertThat(e.goTo("14-ha-drills/lose-lb").ok()).isTrue();
        // the learner breaks the wrong load balancer by hand: the VIP stays on lb1, the step's check fails
        faults.breakNode(new BreakRequest("lb2", FaultMode.SERVICES, null));
        StepReport c = e.check();
        assertThat(c.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(c.message()).contains("'check vip' (lessons/14-ha-drills/lesson.yaml:", "the VIP is on lb1, the step"
                + " promises it is on lb2 alone");
        faults.healAll();

        // quorum: master1 healed behind the lesson's back (above), breaking master2 leaves 2 of 3: the step fails
        assertThat(e.goTo("14-ha-drills/lose-quorum").ok()).isTrue();
        assertThat(faults.active()).extracting(f -> f.node()).containsExactly("lb1");
        StepReport q = e.run();
        assertThat(q.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(q.message()).contains("'check etcd' (lessons/14-ha-drills/lesson.yaml:", "etcd's quorum holds, the"
                + " step promises it is lost");
    }

    @Test
    void withoutDrillCommandsADriveStepIsAnErrorNotAPass() throws Exception {
        LessonEngine e = engine().drills(null);
        assertThat(e.goTo("14-ha-drills/lose-master").ok()).isTrue();
        assertThat(e.run().verdict()).isEqualTo(Verdict.ERROR);
    }
}
