package dev.hardway.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hardway.shell.PackagedShell.Run;
import dev.hardway.testbed.ExecResult;
import dev.hardway.testbed.RequiresTestBed;
import dev.hardway.testbed.TestBed;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Lesson 15-etcd-backup for real: the packaged shell runs 00-05 with {@code lesson next} on the namespace test bed
 * (a real 3-member etcd over TLS, Debian's etcd 3.5 with etcdutl from the mirror), then 15: a snapshot saved from
 * the jumpbox against one member, the same file copied to every member, every member restored into a fresh data
 * dir, all started again. The nodes then show, with etcdctl over OpenSSH and independently of hardway, one
 * cluster ID on a bumped revision, the key written before the snapshot on every member, the one written after it
 * gone, and the old data dirs kept aside. The test bed has no Kubernetes server binaries: 15's apiserver and
 * ConfigMap steps are skipped there (its progress says so).
 */
@RequiresTestBed
class EtcdBackupOnTestBedIT {

    static TestBed bed;
    static Path home;

    @BeforeAll
    static void setUp(TestBed testBed) throws Exception {
        bed = testBed;
        home = Files.createTempDirectory("hardway-etcd-backup-it");
        bed.waitSsh(bed.nodeNames().toArray(String[]::new));
    }

    static Run hardway(String... args) throws Exception {
        return PackagedShell.logged(home, bed.clusterYaml(), args);
    }

    /** {@code lesson next} until {@code lesson} is complete; returns every output and the time it took. */
    static List<String> finish(String lesson, long[] millis) throws Exception {
        List<String> outs = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            Run next = hardway("lesson", "next");
            assertThat(next.exit()).as(lesson + ": " + next).isZero();
            assertThat(next.out()).as(lesson + ": " + next).contains("Done: ").doesNotContain("[FAIL]", "${", "<#");
            outs.add(next.out());
            millis[0] += next.millis();
            Matcher m = LessonsOnTestBedIT.NEXT_LESSON.matcher(next.out());
            if (next.out().contains(lesson + " is complete") || next.out().contains(LessonsOnTestBedIT.ALL_DONE)) {
                return outs;
            }
            if (m.find()) {
                String nextLesson = m.group(1);
                Run s = hardway("lesson", "start", nextLesson);
                assertThat(s.exit()).as(s.toString()).isZero();
                millis[0] += s.millis();
            }
        }
        throw new AssertionError(lesson + " did not complete in 30 steps: " + outs);
    }

    @Test
    void lessonFifteenRestoresEveryMemberFromOneSnapshotAndWhatCameAfterItIsGone() throws Exception {
        long[] setup = {0};
        Run start = hardway("lesson", "start", "00-machines");
        assertThat(start.exit()).as(start.toString()).isZero();
        finish("05-etcd", setup);

        long[] took = {0};
        Run s15 = hardway("lesson", "start", "15-etcd-backup");
        assertThat(s15.exit()).as(s15.toString()).isZero();
        took[0] += s15.millis();
        List<String> outs = finish("15-etcd-backup", took);
        System.out.printf("EtcdBackupOnTestBedIT: lessons 00-05 took %.1f s, 15-etcd-backup %.1f s (%d steps)%n",
                setup[0] / 1000.0, took[0] / 1000.0, outs.size());
        String all = String.join("\n", outs);
        // the save against one member and etcdutl's view of it, the same file on every member
        assertThat(all).contains("Snapshot saved at /root/backups/etcd-snapshot.db")
                .containsPattern("\\[ok\\] etcd snapshot /var/backups/etcd/restore.db \\(revision \\d+, \\d+ keys, the"
                        + " same on every node\\)");
        // start: healthy, one cluster at the bumped revision, before there, after gone (probes passed for real)
        assertThat(all).containsPattern("\\[ok\\] etcd: 3/3 members healthy")
                .containsPattern("\\[ok\\] etcd restored: 3/3 members in cluster \\d+, revision >= 100000000\\d")
                .contains("[ok] key /hardway/backup/before present", "[ok] key /hardway/backup/after absent");
        Run progress = hardway("progress");
        assertThat(progress.out()).containsPattern("(?m)^15-etcd-backup\\s+\\[#+\\] (\\d+)/\\1\\s+done, 4 steps skipped");

        // the nodes, without hardway
        List<String> masters = bed.nodesWithRole("master");
        String tls = "--cacert=/etc/etcd/ca.pem --cert=/etc/etcd/server.pem --key=/etc/etcd/server-key.pem";
        String clusterId = null;
        for (String m : masters) {
            String local = "/usr/local/bin/etcdctl --endpoints=https://127.0.0.1:2379 " + tls + " ";
            ExecResult before = bed.ssh(m, local + "get /hardway/backup/before --consistency=s --print-value-only");
            assertThat(before.out()).as(m + ": " + before).isEqualTo("written before the snapshot");
            ExecResult after = bed.ssh(m, local + "get /hardway/backup/after --consistency=s -w json");
            assertThat(after.out()).as(m + ": " + after).contains("\"header\"").doesNotContain("\"kvs\"");
            ExecResult status = bed.ssh(m, local + "endpoint status -w json");
            Matcher id = java.util.regex.Pattern.compile("\"cluster_id\":(\\d+).*\"revision\":(\\d+)")
                    .matcher(status.out());
            assertThat(id.find()).as(m + ": " + status).isTrue();
            assertThat(Long.parseLong(id.group(2))).as(m + " revision").isGreaterThanOrEqualTo(1_000_000_000L);
            clusterId = clusterId == null ? id.group(1) : clusterId;
            assertThat(id.group(1)).as(m + " cluster ID").isEqualTo(clusterId);
            ExecResult aside = bed.ssh(m, "ls -d /var/lib/etcd.before-restore.* && test -d /var/lib/etcd/member/wal"
                    + " && systemctl is-active etcd");
            assertThat(aside.exit()).as(m + ": " + aside).isZero();
        }
        // the jumpbox saw the old cluster ID before: the restore made a new cluster
        ExecResult written = bed.ssh("jumpbox", "cat /root/backups/written-after.json");
        assertThat(written.out()).contains("\"cluster_id\":").doesNotContain("\"cluster_id\":" + clusterId + ",");

        Run etcd = hardway("inspect", "etcd");
        assertThat(etcd.out()).contains("3 of 3 healthy");
    }

    /** Leaves the test bed as the other ITs expect it: no etcd running, no data. */
    @AfterAll
    static void cleanUp() throws Exception {
        if (home != null) {
            PackagedShell.deleteHome(home);
        }
        if (bed == null) {
            return;
        }
        LessonsOnTestBedIT.stopEtcd(bed, "/var/lib/etcd.before-restore.* /var/backups/etcd");
        for (String n : bed.nodeNames()) {
            TestBed.waitFor(Duration.ofSeconds(20), n + " systemd running after cleanup",
                    () -> bed.exec(n, "systemctl", "is-system-running").out().equals("running"));
        }
    }
}
