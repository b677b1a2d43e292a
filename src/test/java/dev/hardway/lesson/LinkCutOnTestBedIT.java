package dev.hardway.lesson;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hardway.HardwayHome;
import dev.hardway.cluster.ClusterModel;
import dev.hardway.lab.Lab;
import dev.hardway.lab.Labs;
import dev.hardway.lab.StepOutcome;
import dev.hardway.lesson.EngineResults.StepReport;
import dev.hardway.lesson.EngineResults.Verdict;
import dev.hardway.progress.Position;
import dev.hardway.progress.Progress;
import dev.hardway.progress.ProgressStore;
import dev.hardway.progress.StepState;
import dev.hardway.target.OutputListener;
import dev.hardway.target.ssh.SshTargetPool;
import dev.hardway.testbed.RequiresTestBed;
import dev.hardway.testbed.TestBed;
import dev.hardway.testbed.TestBedSsh;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4: a node's link is cut in the middle of a step. The engine over the real lab (hardway's SSH pool, as the
 * shell builds it) runs the fixture step 90-cut/slow on master1 and master2; about a second in, master2's bridge
 * port is disabled ({@code lab.sh isolate}: its processes keep running, nothing reaches it). The step must fail
 * naming master2 while master1 succeeds, the learner's progress must not move, and after healing {@code lesson run}
 * (the same engine, the same pool: the dead session must be replaced) must pass.
 */
@RequiresTestBed
class LinkCutOnTestBedIT {

    static final Path FIXTURES = Path.of("src/test/resources/lessons-testbed");
    static final String CUT = "master2";

    @TempDir
    Path tmp;

    @Test
    void aLinkCutMidStepFailsTheStepNamingTheNodeLeavesProgressAndARunAfterHealingPasses(TestBed bed)
            throws Exception {
        LessonCatalog catalog = LessonCatalog.load(FIXTURES);
        assertThat(catalog.problems()).isEmpty();
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        OutputListener listener = (node, stream, line) -> lines.add(node + " | " + line);
        clean(bed);
        try (SshTargetPool pool = TestBedSsh.trustedPool(bed, tmp.resolve("ssh"));
             Lab lab = Labs.open(new ClusterModel(TestBedSsh.config(bed)), new HardwayHome(tmp.resolve("home")),
                     pool)) {
            ProgressStore store = new ProgressStore(tmp.resolve("progress/default.yaml"), lab.cluster().name());
            LessonEngine engine = new LessonEngine(lab, catalog, catalog.renderer(), store, listener);
            assertThat(engine.start("90-cut").started()).isTrue();
            Position before = engine.position();
            assertThat(before).isEqualTo(new Position("90-cut", "slow"));

            long t0 = System.nanoTime();
            CompletableFuture<StepReport> running = CompletableFuture.supplyAsync(() -> {
                try {
                    return engine.next();
                } catch (LessonEngineException e) {
                    throw new IllegalStateException(e);
                }
            });
            // cut the link once master2 is inside the step's script (its first marker is there), not blindly
            TestBed.waitFor(Duration.ofSeconds(15), CUT + " started the step",
                    () -> bed.exec(CUT, "test", "-s", "/root/hw-cut/started").ok());
            long cutAt = System.nanoTime();
            bed.isolate(CUT);
            StepReport r;
            try {
                r = running.get(60, TimeUnit.SECONDS);
            } finally {
                bed.unisolate(CUT);
            }
            long failedAt = System.nanoTime();
            System.out.printf("LinkCutOnTestBedIT: cut %d ms after the step began; the step ended %d ms after the cut%n",
                    (cutAt - t0) / 1_000_000, (failedAt - cutAt) / 1_000_000);
            System.out.println("LinkCutOnTestBedIT: " + r.message());

            assertThat(r.verdict()).as(r.message()).isEqualTo(Verdict.APPLY_FAILED);
            assertThat(r.outcome().nodes()).extracting(StepOutcome.NodeOutcome::node).containsExactly("master1", CUT);
            assertThat(r.outcome().nodes().get(0).ok()).as("master1 finished its part").isTrue();
            assertThat(r.outcome().failed()).singleElement().satisfies(f -> {
                assertThat(f.node()).isEqualTo(CUT);
                assertThat(f.error()).contains(CUT, bed.ip(CUT) + ":22", "stopped answering");
                assertThat(f.unreachable()).as("a cut link is the node's unreachability (exit 3)").isTrue();
            });
            assertThat(r.message()).contains("failed on " + CUT + ":").doesNotContain("failed on master1");
            assertThat(r.checks()).as("no check runs after a failed apply").isEmpty();
            assertThat(lines).contains("master1 | master1: started", "master1 | master1: done");
            assertThat(bed.exec("master1", "cat", "/root/hw-cut/done").out()).isEqualTo("done on master1");

            // the learner's progress: the step is not done and the position did not move (the failed attempt is
            // recorded, as any failed attempt is, with what went wrong)
            Progress p = store.load().progress();
            assertThat(p.complete("90-cut", "slow")).isFalse();
            assertThat(p.current()).isEqualTo(before);
            assertThat(engine.position()).isEqualTo(before);
            assertThat(p.step("90-cut", "slow")).hasValueSatisfying(s -> {
                assertThat(s.state()).isEqualTo(StepState.FAILED);
                assertThat(s.lastFailure()).contains(CUT);
            });

            // a partition, not a crash: master2 went on with the script on its own; hardway could not know
            TestBed.waitFor(Duration.ofSeconds(15), CUT + " finished the script in isolation",
                    () -> bed.exec(CUT, "test", "-s", "/root/hw-cut/done").ok());

            // healed: the node answers again; remove the markers so only a real re-run can make the check pass
            bed.waitSsh(CUT);
            clean(bed);
            lines.clear();
            StepReport again = engine.run();
            assertThat(again.verdict()).as(again.message()).isEqualTo(Verdict.PASSED);
            assertThat(again.outcome().ok()).isTrue();
            assertThat(lines).contains(CUT + " | " + CUT + ": done", "master1 | master1: done");
            assertThat(again.message()).startsWith("Done: 90-cut/slow.");
            Progress after = store.load().progress();
            assertThat(after.step("90-cut", "slow")).hasValueSatisfying(s -> {
                assertThat(s.state()).isEqualTo(StepState.DONE);
                assertThat(s.attempts()).isEqualTo(2);
            });
            assertThat(after.current()).isEqualTo(new Position("90-cut", null));
        } finally {
            bed.unisolate(CUT);
            clean(bed);
        }
    }

    private static void clean(TestBed bed) {
        for (String n : List.of("master1", CUT)) {
            bed.exec(n, "rm", "-rf", "/root/hw-cut");
        }
    }
}
