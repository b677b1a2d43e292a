package dev.hardway.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hardway.shell.PackagedShell.Run;
import dev.hardway.testbed.ExecResult;
import dev.hardway.testbed.RequiresTestBed;
import dev.hardway.testbed.TestBed;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Lesson 14's drills for real, through the lesson itself: the packaged shell (one command per process, its SSH
 * path) runs 00-05 and 07 on the namespace test bed, then {@code lesson next} through 14-ha-drills, whose steps
 * drive hardway's own break/heal/check on real etcd (3 members, TLS), haproxy and keepalived. The test bed has no
 * kube-apiserver: the steps' apiserver entries have {@code when: offers.kubernetes} and are left out there, so what
 * runs for real is: a master's units stopped (etcd keeps a quorum, the VIP answers), the VIP holder's haproxy and
 * keepalived stopped (the VIP moves to lb2), a second master stopped (quorum lost, no leader), heal --all (3/3, a
 * leader, the VIP back on lb1). The nodes' own tools confirm each state independently of hardway.
 */
@RequiresTestBed
class DrillsOnTestBedIT {

    static final List<String> SETUP = List.of("00-machines", "01-jumpbox", "02-pki", "03-kubeconfigs",
            "04-encryption", "05-etcd", "07-api-lb");

    static TestBed bed;
    static Path home;

    @BeforeAll
    static void setUp(TestBed testBed) throws Exception {
        bed = testBed;
        home = Files.createTempDirectory("hardway-drills-it");
        bed.waitSsh(bed.nodeNames().toArray(String[]::new));
    }

    static Run hardway(String... args) throws Exception {
        return PackagedShell.logged(home, bed.clusterYaml(), args);
    }

    /** Starts a lesson and takes {@code lesson next} until it is complete; returns the outputs of its steps. */
    static List<Run> finish(String lesson) throws Exception {
        Run s = hardway("lesson", "start", lesson);
        assertThat(s.exit()).as(s.toString()).isZero();
        List<Run> out = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            Run next = hardway("lesson", "next");
            System.out.println(next.out());
            assertThat(next.exit()).as(lesson + ": " + next).isZero();
            assertThat(next.out()).as(lesson).contains("Done: " + lesson + "/").doesNotContain("[simulated lab]",
                    "[FAIL]");
            out.add(next);
            if (next.out().contains(lesson + " is complete")) {
                return out;
            }
        }
        throw new AssertionError(lesson + " did not complete in 12 steps");
    }

    @Test
    void theDrillLessonBreaksAndHealsRealEtcdHaproxyAndKeepalivedAndEachStepShowsWhatItPromises() throws Exception {
        long t0 = System.nanoTime();
        for (String l : SETUP) {
            finish(l);
        }
        System.out.printf("DrillsOnTestBedIT: setup 00-05, 07 took %.1f s%n", (System.nanoTime() - t0) / 1e9);

        // 06 has no step the test bed can run (no Kubernetes binaries): 14 may start, and says which entries it drops
        long t14 = System.nanoTime();
        List<Run> steps = finish("14-ha-drills");
        double seconds = (System.nanoTime() - t14) / 1e9;
        long stepMillis = steps.stream().mapToLong(Run::millis).sum();
        System.out.printf("DrillsOnTestBedIT: lesson 14-ha-drills took %.1f s (%d steps, %d ms in lesson next)%n",
                seconds, steps.size(), stepMillis);
        assertThat(steps).hasSize(4);

        Run loseMaster = steps.get(0);
        assertThat(loseMaster.out()).contains("($ break master1 --mode services)", "stopped etcd on master1")
                .containsPattern("\\[ok\\] etcd: 2 of 3 healthy — quorum holds, tolerates 0 more failures, leader"
                        + " master[23]")
                .contains("[ok] VIP " + bed.vip() + " on lb1 (MASTER)").doesNotContain("$ check apiserver");
        Run loseLb = steps.get(1);
        assertThat(loseLb.out()).contains("($ break lb1 --mode services)", "[ok] VIP " + bed.vip() + " on lb2 (MASTER)");
        Run loseQuorum = steps.get(2);
        assertThat(loseQuorum.out()).contains("($ break master2 --mode services)", "[ok] etcd quorum lost",
                "a write to etcd from master3 times out: no leader commits it");
        Run recover = steps.get(3);
        assertThat(recover.out()).contains("($ heal --all)").containsPattern("\\[ok\\] etcd: 3 of 3 healthy.*leader")
                .contains("[ok] VIP " + bed.vip() + " on lb1 (MASTER)", "a write to etcd from master3 is committed");
        // the write the drill made is really in etcd, with the time it was made
        ExecResult written = bed.exec("master3", "bash", "-c", "etcdctl --endpoints=https://127.0.0.1:2379"
                + " --cacert=/etc/etcd/ca.pem --cert=/etc/etcd/server.pem --key=/etc/etcd/server-key.pem"
                + " get /hardway/drills/write --print-value-only");
        assertThat(written.out()).as(written.toString()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");

        // independently of hardway: the nodes' own tools after recover
        for (String m : bed.nodesWithRole("master")) {
            assertThat(bed.exec(m, "systemctl", "is-active", "etcd").out()).as(m).isEqualTo("active");
        }
        TestBed.waitFor(Duration.ofSeconds(20), "the VIP on lb1 only", () ->
                bed.exec("lb1", "ip", "-o", "-4", "addr", "show").stdout().contains(" " + bed.vip() + "/")
                        && !bed.exec("lb2", "ip", "-o", "-4", "addr", "show").stdout().contains(" " + bed.vip() + "/"));
        assertThat(hardway("faults").out()).contains("No faults");

        // the lesson's promises are real: break a master by hand and recover's check fails, naming its line
        Run byHand = hardway("break", "master2", "--mode", "services");
        assertThat(byHand.exit()).as(byHand.toString()).isZero();
        Run check = hardway("lesson", "check", "--all");
        assertThat(check.exit()).as(check.toString()).isEqualTo(1);
        assertThat(check.out()).contains("[FAIL] 14-ha-drills/recover", "'check etcd' (lessons/14-ha-drills/lesson.yaml:",
                "etcd has 2 healthy members", "the step promises 3");
        assertThat(hardway("heal", "--all").exit()).isZero();
        Run again = hardway("lesson", "check", "--all");
        assertThat(again.exit()).as(again.toString()).isZero();
        assertThat(again.out()).contains("[ok] 14-ha-drills/recover").doesNotContain("14-ha-drills/lose-");

        // the instructor's demos on the same real nodes (the test bed's load balancers are lb1/lb2, the ha
        // preset's mlb1/mlb2: the scenarios name nodes by their place), each beat's promise checked by the runner
        for (String demo : List.of("ha-failover", "etcd-quorum", "lb-split-brain")) {
            Run d = hardway("demo", "run", demo, "--auto", "--delay", "0");
            System.out.printf("DrillsOnTestBedIT: demo run %s --auto took %.1f s%n", demo, d.millis() / 1e3);
            assertThat(d.exit()).as(d.toString()).isZero();
            assertThat(d.out()).containsPattern("END — (\\d+) OF \\1 BEATS AS PROMISED").doesNotContain("simulated");
            assertThat(hardway("faults").out()).as(demo).contains("No faults");
        }
    }

    @AfterAll
    static void cleanUp() throws Exception {
        if (bed == null) {
            return;
        }
        if (home != null) {
            PackagedShell.run(home, bed.clusterYaml(), "heal", "--all");
            PackagedShell.deleteHome(home);
        }
        LessonsOnTestBedIT.stopEtcd(bed, "");
        LessonsOnTestBedIT.stopApiLbs(bed);
        for (String n : bed.nodeNames()) {
            ExecResult vip = bed.exec(n, "ip", "-o", "-4", "addr", "show");
            assertThat(vip.stdout()).as(n + " after cleanup").doesNotContain(" " + bed.vip() + "/");
            TestBed.waitFor(Duration.ofSeconds(20), n + " systemd running after cleanup",
                    () -> bed.exec(n, "systemctl", "is-system-running").out().equals("running"));
        }
    }
}
