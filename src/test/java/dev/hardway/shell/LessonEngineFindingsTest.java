package dev.hardway.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 8, the lesson-engine findings (1, 8, 9, 14), through the shell in this JVM on the project's lessons. */
class LessonEngineFindingsTest {

    @TempDir
    Path home;

    BadInputCorpusTest.Run hw(String... words) {
        return BadInputCorpusTest.run(home, new HashMap<>(Map.of()), List.of(words));
    }

    /** Finding 1: the author test runs in a scratch simulated lab; the learner's lab and progress are untouched. */
    @Test
    void lessonTestLeavesTheLearnersLabAndProgressAlone() throws Exception {
        assertThat(hw("cluster", "use", "ha").exit()).isZero();
        BadInputCorpusTest.Run first = hw("lesson", "test", "--all");
        assertThat(first.exit()).as(first.out() + first.err()).isZero();
        assertThat(first.out()).contains(" passed, 0 failed");
        assertThat(hw("lesson", "goto", "05-etcd").exit()).isZero();
        Path lab = home.resolve("labs/ha/sim-lab.json");
        Path progress = home.resolve("progress/ha.yaml");
        byte[] labBefore = Files.readAllBytes(lab);
        byte[] progressBefore = Files.readAllBytes(progress);
        BadInputCorpusTest.Run second = hw("lesson", "test", "--all");
        assertThat(second.exit()).as(second.out() + second.err()).isZero();
        assertThat(second.out()).contains(" passed, 0 failed").doesNotContain("check passes before run");
        assertThat(Files.readAllBytes(lab)).as("sim lab unchanged").isEqualTo(labBefore);
        assertThat(Files.readAllBytes(progress)).as("progress unchanged").isEqualTo(progressBefore);
        try (var files = Files.list(home.resolve("labs"))) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("ha");
        }
    }

    /** On the simulated lab, --on-this-lab is the old behaviour: the lab itself is solved (progress is not). */
    @Test
    void lessonTestOnThisLabSolvesTheLabButLeavesProgress() throws Exception {
        assertThat(hw("cluster", "use", "minimal").exit()).isZero();
        BadInputCorpusTest.Run r = hw("lesson", "test", "01-jumpbox", "--on-this-lab");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(Files.readString(home.resolve("labs/minimal/sim-lab.json"))).contains("/root/bin/etcd");
        assertThat(Files.exists(home.resolve("progress/minimal.yaml"))
                ? Files.readString(home.resolve("progress/minimal.yaml")) : "").doesNotContain("01-jumpbox");
    }

    /** Finding 8: lesson render writes the rendered title into each script's header. */
    @Test
    void lessonRenderWritesRenderedTitles() throws Exception {
        assertThat(hw("cluster", "use", "ha").exit()).isZero();
        Path out = home.resolve("rendered");
        BadInputCorpusTest.Run r = hw("lesson", "render", "07-api-lb", "--out", out.toString());
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        String sh = Files.readString(out.resolve("07-api-lb/keepalived/mlb1/run.sh"));
        String header = sh.lines().skip(1).findFirst().orElseThrow();
        assertThat(header).startsWith("# 07-api-lb/keepalived on mlb1: Share the VIP 172.16.10.20 between mlb1 and"
                + " mlb2").doesNotContain("${", "<#");
        assertThat(r.out()).contains("wrote ");
    }

    /**
     * Finding 9: in the simulated lab the step's commands are shown once (normal feedback: the first lines and how
     * many more), then each node's own output and the result, not the whole script once per node.
     */
    @Test
    void simulatedStepOutputShowsTheCommandsOnceThenEachNode() {
        assertThat(hw("cluster", "use", "ha").exit()).isZero();
        assertThat(hw("lesson", "start", "00-machines").exit()).isZero();
        BadInputCorpusTest.Run r = hw("lesson", "next");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).doesNotContain("[sim] $ ").contains("more lines, `lesson render` shows all)");
        for (String node : List.of("jumpbox", "master1", "master3", "mlb2", "worker2")) {
            assertThat(r.out()).containsPattern("(?m)^   " + node + " +\\| \\[sim\\] upload /etc/hardway/node.env");
        }
        assertThat(r.out()).contains("ran on jumpbox, master1, master2, master3, mlb1, mlb2, worker1, worker2");
        assertThat(r.out().lines().count()).as(r.out()).isLessThan(30);

        assertThat(hw("set", "feedback", "verbose").exit()).isZero();
        BadInputCorpusTest.Run v = hw("lesson", "next");
        assertThat(v.out()).doesNotContain("more lines").doesNotContain("[sim] $ ");
    }

    /** Finding 14: the header comes before the step's output, also for lesson run at the end of a lesson. */
    @Test
    void lessonRunPrintsTheHeaderBeforeTheOutput() {
        assertThat(hw("cluster", "use", "minimal").exit()).isZero();
        assertThat(hw("lesson", "goto", "01-jumpbox").exit()).isZero();
        assertThat(hw("lesson", "start", "00-machines").exit()).isZero();
        BadInputCorpusTest.Run r = hw("lesson", "run");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        int header = r.out().indexOf("── 00-machines · step 2/2");
        int output = r.out().indexOf("[sim] upload");
        assertThat(header).as(r.out()).isGreaterThanOrEqualTo(0);
        assertThat(output).as(r.out()).isGreaterThan(header);
        assertThat(r.out().indexOf("── 00-machines", header + 1)).as("one header").isEqualTo(-1);
    }

    /** Finding 14: a step with no nodes on this cluster reads "... skipped", never "on  skipped". */
    @Test
    void aSkippedStepHasNoEmptyNodeList() {
        assertThat(hw("cluster", "use", "minimal").exit()).isZero();
        BadInputCorpusTest.Run r = hw("lesson", "show", "07-api-lb");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("skipped").doesNotContain("on  skipped", "on skipped");
        assertThat(r.out()).doesNotContain("${", "<#");
    }

    /**
     * The lab context is rebuilt on every cluster use: the engine never outlives the lab (and SSH pool) that
     * {@code cluster use} closed, even when the cluster keeps its name and provider.
     */
    @Test
    void theEngineIsRebuiltWithTheLabAfterAClusterChange() {
        assertThat(hw("cluster", "use", "minimal").exit()).isZero();
        Map<String, String> env = Map.of("HARDWAY_HOME", home.toString(), "HARDWAY_PROJECT_DIR",
                java.nio.file.Path.of("").toAbsolutePath().toString());
        ShellSession session = new ShellSession(dev.hardway.HardwayHome.fromEnv(env), env, false);
        LessonSession lessons = new LessonSession(session);
        var first = lessons.engine();
        assertThat(lessons.engine()).isSameAs(first);
        session.clusterChanged(); // what cluster use does: the old lab and its pool are closed
        var second = lessons.engine();
        assertThat(second).isNotSameAs(first);
        assertThat(second.lab()).isNotSameAs(first.lab()).isSameAs(session.lab());
        session.closeLab();
    }

    /**
     * A check that passes on several nodes is one line naming what was found without a node count; the formatter
     * takes that from the result's {@code subject}, not by cutting " on 1/1 node" out of its summary.
     */
    @Test
    void aCheckPassingOnSeveralNodesIsOneLineWithoutNodeCounts() {
        assertThat(hw("cluster", "use", "ha").exit()).isZero();
        assertThat(hw("lesson", "start", "00-machines").exit()).isZero();
        BadInputCorpusTest.Run r = hw("lesson", "next");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("/etc/hardway/node.env present  (check: file-exists on jumpbox, master1")
                .doesNotContain("1/1 node");
        dev.hardway.lab.ProbeResult one = dev.hardway.lab.Verdicts.perNode("service-active", "etcd active",
                List.of(dev.hardway.lab.Verdicts.NodeCheck.ok("master1")), List.of());
        assertThat(one.summary()).isEqualTo("etcd active on 1/1 node");
        assertThat(one.subject()).isEqualTo("etcd active");
    }
}
