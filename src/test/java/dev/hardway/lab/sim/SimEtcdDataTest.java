package dev.hardway.lab.sim;

import static dev.hardway.lab.sim.SimFixtures.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hardway.HardwayHome;
import dev.hardway.cluster.ClusterModel;
import dev.hardway.cluster.TestClusters;
import dev.hardway.lab.Probe;
import dev.hardway.lab.ProbeResult;
import dev.hardway.lab.StepAction;
import dev.hardway.lab.StepAction.FileWrite;
import dev.hardway.lab.StepAction.NodeAction;
import dev.hardway.lab.StepOutcome;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lesson 15's backup and restore in the simulated lab, with the lesson's own commands: data written after the
 * snapshot is gone after a restore of every member, and each trap of the notes (§15.2) fails the probe that sees
 * it, naming it.
 */
class SimEtcdDataTest {

    static final List<String> MASTERS = List.of("master1", "master2", "master3");
    static final String TLS = "--cacert=/root/pki/ca.pem --cert=/root/pki/etcd-client.pem --key=/root/pki/etcd-client-key.pem";
    static final String ALL = "https://10.240.0.11:2379,https://10.240.0.12:2379,https://10.240.0.13:2379";
    static final String SNAP = "/root/backups/etcd-snapshot.db";
    static final String RESTORE_DB = "/var/backups/etcd/restore.db";

    static final Probe.EtcdKey BEFORE = new Probe.EtcdKey("/hardway/backup/before", true, MASTERS);
    static final Probe.EtcdKey AFTER_GONE = new Probe.EtcdKey("/hardway/backup/after", false, MASTERS);
    static final Probe.EtcdRestored RESTORED = new Probe.EtcdRestored(1_000_000_000L);
    static final Probe.EtcdSnapshot SAME_FILE = new Probe.EtcdSnapshot(RESTORE_DB, MASTERS);

    @TempDir
    Path home;
    SimLab lab;

    @BeforeEach
    void open() {
        lab = new SimLab(new ClusterModel(TestClusters.ha()), new HardwayHome(home));
        // lesson 05's unit and a running etcd on every master, lesson 15's etcdutl
        List<NodeAction> etcd = new ArrayList<>();
        for (String m : MASTERS) {
            etcd.add(new NodeAction(m, List.of(file(SimEtcdData.UNIT_FILE), file("/usr/local/bin/etcdutl")), List.of(),
                    "systemctl start --no-block etcd\n", List.of(), List.of("etcd")));
        }
        ok(lab.apply(new StepAction("05-etcd/start", etcd), null));
    }

    static FileWrite file(String path) {
        return new FileWrite(path, ("fixture " + path).getBytes(StandardCharsets.UTF_8), "0644", null);
    }

    StepOutcome run(String label, List<String> nodes, String script, String... services) {
        return lab.apply(new StepAction(label, nodes.stream().map(n -> new NodeAction(n, List.of(), List.of(), script,
                List.of(), List.of(services))).toList()), null);
    }

    void put(String key) {
        ok(run("15/put", List.of("jumpbox"), "/root/bin/etcdctl --endpoints=" + ALL + " " + TLS + " put " + key
                + " 'a value'\n"));
    }

    void save(String path) {
        ok(run("15/save", List.of("jumpbox"), "mkdir -p /root/backups\n/root/bin/etcdctl"
                + " --endpoints=https://10.240.0.11:2379 " + TLS + " snapshot save " + path + "\n"
                + "/root/bin/etcdutl snapshot status " + path + " -w table\n"));
    }

    void distribute(String from, List<String> to) {
        ok(lab.apply(SimFixtures.copy("15/distribute", to, "jumpbox", from, RESTORE_DB), null));
    }

    /** Lesson 15's restore script for one member; {@code extra} replaces the bump flags. */
    static String restore(String node, String ip, String flags) {
        return "if systemctl is-active --quiet kube-apiserver; then\n  echo \"ERROR: kube-apiserver runs\" >&2\n  exit 1\n"
                + "fi\nsystemctl stop etcd\nrm -rf /var/lib/etcd.restored\n"
                + "/usr/local/bin/etcdutl snapshot restore " + RESTORE_DB + " \\\n  --name " + node + " \\\n"
                + "  --initial-cluster master1=https://10.240.0.11:2380,master2=https://10.240.0.12:2380,"
                + "master3=https://10.240.0.13:2380 \\\n  --initial-cluster-token etcd-ha-restored \\\n"
                + "  --initial-advertise-peer-urls https://" + ip + ":2380 \\\n  --data-dir /var/lib/etcd.restored"
                + " \\\n  " + flags + "\nold=/var/lib/etcd.before-restore.$(date +%Y%m%d%H%M%S)\n"
                + "mv /var/lib/etcd \"$old\"\nmv /var/lib/etcd.restored /var/lib/etcd\nchmod 0700 /var/lib/etcd\n";
    }

    StepOutcome restoreOn(List<String> nodes, String flags) {
        return lab.apply(new StepAction("15/restore", nodes.stream().map(n -> new NodeAction(n, List.of(), List.of(),
                restore(n, "10.240.0.1" + n.charAt(n.length() - 1), flags), List.of(), List.of())).toList()), null);
    }

    void startAll() {
        ok(run("15/start", MASTERS, "systemctl start --no-block etcd\n", "etcd"));
    }

    static final String BUMP = "--bump-revision 1000000000 --mark-compacted";

    void backupThenWriteAfter() {
        put("/hardway/backup/before");
        save(SNAP);
        distribute(SNAP, MASTERS);
        put("/hardway/backup/after");
    }

    ProbeResult probe(Probe p) {
        return lab.probe(p);
    }

    // ------------------------------------------------------------------------------------------- solved --

    @Test
    void aRestoreOfEveryMemberFromOneFileBringsBackWhatCameBeforeTheSnapshotAndDropsWhatCameAfter() {
        backupThenWriteAfter();
        assertThat(probe(SAME_FILE).ok()).as(probe(SAME_FILE).toString()).isTrue();
        assertThat(probe(SAME_FILE).summary()).contains("the same on every node");
        // before the restore: both keys on every member, and the restore probe sees the old, unbumped cluster
        assertThat(probe(new Probe.EtcdKey("/hardway/backup/after", true, MASTERS)).ok()).isTrue();
        assertThat(probe(AFTER_GONE).ok()).isFalse();
        assertThat(probe(RESTORED).problemLines()).anyMatch(p -> p.contains("restored without --bump-revision"));

        ok(restoreOn(MASTERS, BUMP));
        // stopped: nobody answers, the lab knows why
        assertThat(lab.etcdStatus().leader()).isNull();
        assertThat(probe(BEFORE).problemLines()).allMatch(p -> p.contains("etcd is stopped"));
        startAll();

        assertThat(lab.etcdStatus().quorumHolds()).isTrue();
        assertThat(lab.etcdStatus().members()).allMatch(dev.hardway.lab.EtcdStatus.Member::healthy);
        ProbeResult restored = probe(RESTORED);
        assertThat(restored.ok()).as(restored.toString()).isTrue();
        assertThat(restored.summary()).contains("3/3 members in cluster", "revision >= 1000000002");
        assertThat(probe(BEFORE).ok()).isTrue();
        assertThat(probe(AFTER_GONE).ok()).as(probe(AFTER_GONE).toString()).isTrue();
        // the old data dir is kept aside, not deleted
        SimEtcdData d = SimEtcdData.of(lab.model());
        assertThat(lab.model().data.etcdData.dirs.get("master1")).containsKeys("/var/lib/etcd", "$old");
        assertThat(d.members()).allMatch(m -> m.bumped() == 1_000_000_000L && m.restoredFrom() != null);
        // and writes work on the restored cluster
        put("/hardway/backup/later");
        assertThat(probe(new Probe.EtcdKey("/hardway/backup/later", true, MASTERS)).ok()).isTrue();
    }

    @Test
    void theSingleMemberPresetRestoresToo() {
        lab = new SimLab(new ClusterModel(TestClusters.single()), new HardwayHome(home.resolve("single")));
        ok(lab.apply(new StepAction("05-etcd/start", List.of(new NodeAction("master1", List.of(file(SimEtcdData
                .UNIT_FILE), file("/usr/local/bin/etcdutl")), List.of(), "", List.of(), List.of("etcd")))), null));
        ok(run("15/put", List.of("jumpbox"), "/root/bin/etcdctl --endpoints=https://10.240.0.11:2379 " + TLS
                + " put /k before\n"));
        save(SNAP);
        distribute(SNAP, List.of("master1"));
        ok(run("15/put", List.of("jumpbox"), "/root/bin/etcdctl --endpoints=https://10.240.0.11:2379 " + TLS
                + " put /after x\n"));
        ok(lab.apply(new StepAction("15/restore", List.of(new NodeAction("master1", List.of(), List.of(),
                restore("master1", "10.240.0.11", BUMP).replace("master1=https://10.240.0.11:2380,master2=https://"
                        + "10.240.0.12:2380,master3=https://10.240.0.13:2380", "master1=https://10.240.0.11:2380"),
                List.of(), List.of()))), null));
        ok(run("15/start", List.of("master1"), "", "etcd"));
        assertThat(probe(new Probe.EtcdRestored(1_000_000_000L)).ok()).isTrue();
        assertThat(probe(new Probe.EtcdKey("/k", true, List.of("master1"))).ok()).isTrue();
        assertThat(probe(new Probe.EtcdKey("/after", false, List.of("master1"))).ok()).isTrue();
    }

    // -------------------------------------------------------------------------------------------- traps --

    @Test
    void onlyOneMemberRestoredIsRejectedByTheOthersAndKeepsTheClusterApart() {
        backupThenWriteAfter();
        ok(restoreOn(List.of("master1"), BUMP));
        startAll();
        // master2 and master3 keep the old cluster (2 of 3: quorum); master1 is rejected
        var st = lab.etcdStatus();
        assertThat(st.members().stream().filter(dev.hardway.lab.EtcdStatus.Member::healthy).map(
                dev.hardway.lab.EtcdStatus.Member::name)).containsExactly("master2", "master3");
        assertThat(st.members().get(0).problem().sentence()).contains("request cluster ID mismatch", "only some members");
        ProbeResult r = probe(RESTORED);
        assertThat(r.ok()).isFalse();
        assertThat(r.problemLines()).anyMatch(p -> p.contains("2 clusters"));
        // the old members still serve the key written after the snapshot
        ProbeResult after = probe(AFTER_GONE);
        assertThat(after.ok()).isFalse();
        assertThat(after.problemLines()).anyMatch(p -> p.contains("master2: key /hardway/backup/after is still in etcd")
                && p.contains("Members disagree"));
    }

    @Test
    void differentSnapshotFilesPerMemberAreSeenBeforeTheRestoreAndAfterIt() {
        put("/hardway/backup/before");
        save(SNAP);
        distribute(SNAP, List.of("master1"));
        put("/hardway/backup/after");
        save("/root/backups/later.db");
        distribute("/root/backups/later.db", List.of("master2", "master3"));
        ProbeResult same = probe(SAME_FILE);
        assertThat(same.ok()).isFalse();
        assertThat(same.problemLines()).singleElement().asString().startsWith("master1 holds another snapshot")
                .contains("different data under one cluster ID");

        ok(restoreOn(MASTERS, BUMP));
        startAll();
        // one cluster ID (the same flags), but the members hold different data
        assertThat(probe(RESTORED).ok()).isTrue();
        ProbeResult after = probe(AFTER_GONE);
        assertThat(after.ok()).isFalse();
        assertThat(after.problemLines()).anyMatch(p -> p.contains("Members disagree (with it: master2, master3; without:"
                + " master1)"));
    }

    @Test
    void aRestoreIntoTheExistingDataDirIsRefusedLikeEtcdutlAndChangesNothing() {
        backupThenWriteAfter();
        StepOutcome o = restoreOn(List.of("master1"), BUMP.replace("--bump", "--data-dir /var/lib/etcd --bump"));
        assertThat(o.ok()).isFalse();
        assertThat(o.failed().get(0).error()).contains("data-dir \"/var/lib/etcd\" not empty", "fresh directory");
        // all or nothing: the script's `systemctl stop etcd` did not happen either
        assertThat(lab.model().isActive("master1", "etcd")).isTrue();
        assertThat(probe(new Probe.EtcdKey("/hardway/backup/after", true, MASTERS)).ok()).isTrue();
    }

    @Test
    void aRestoreWithoutBumpRevisionFailsTheRevisionCheckAndBumpNeedsMarkCompacted() {
        backupThenWriteAfter();
        StepOutcome noMark = restoreOn(List.of("master1"), "--bump-revision 1000000000");
        assertThat(noMark.failed().get(0).error()).contains("--mark-compacted required");
        ok(restoreOn(MASTERS, ""));
        startAll();
        ProbeResult r = probe(RESTORED);
        assertThat(r.ok()).isFalse();
        assertThat(r.problemLines()).hasSize(3).allMatch(p -> p.contains("restored without --bump-revision")
                && p.contains("kube-apiserver's watchers"));
        assertThat(probe(AFTER_GONE).ok()).isTrue(); // the data itself is restored
    }

    @Test
    void apiserversLeftRunningAreNamedByTheControlPlaneAndRestoreChecks() {
        ok(lab.apply(SimFixtures.services("06/apiserver", MASTERS, "kube-apiserver"), null));
        var stopped = new Probe.ControlPlaneStopped(MASTERS);
        assertThat(probe(stopped).ok()).isFalse();
        assertThat(probe(stopped).problemLines()).allMatch(p -> p.contains("kube-apiserver still runs"));
        backupThenWriteAfter();
        ok(restoreOn(MASTERS, BUMP)); // (the real script's guard refuses; the simulated one records it)
        startAll();
        ProbeResult r = probe(RESTORED);
        assertThat(r.ok()).isFalse();
        assertThat(r.problemLines()).anyMatch(p -> p.contains("was restored while kube-apiserver ran on master1,"
                + " master2, master3"));

        ok(run("15/stop-apiservers", MASTERS, "systemctl stop kube-apiserver kube-controller-manager kube-scheduler\n"));
        assertThat(probe(stopped).ok()).isTrue();
    }

    @Test
    void aSnapshotAgainstSeveralEndpointsIsRefused() {
        StepOutcome o = run("15/save", List.of("jumpbox"), "/root/bin/etcdctl --endpoints=" + ALL + " " + TLS
                + " snapshot save " + SNAP + "\n");
        assertThat(o.ok()).isFalse();
        assertThat(o.failed().get(0).error()).contains("snapshot must be requested to one selected node, not multiple");
        assertThat(lab.model().file("jumpbox", SNAP)).isEmpty();
        ProbeResult missing = probe(new Probe.EtcdSnapshot(RESTORE_DB, List.of("master1")));
        assertThat(missing.problemLines()).singleElement().asString().contains("no such file or directory");
    }

    @Test
    void wordsSplitLikeTheShellForTheCommandsTheModelReads() {
        assertThat(SimEtcdData.words("if etcdctl put /k 'a b' \"c d\"")).containsExactly("etcdctl", "put", "/k",
                "a b", "c d");
        assertThat(SimEtcdData.words("mv /var/lib/etcd \"$old\"")).containsExactly("mv", "/var/lib/etcd", "$old");
    }

    // ------------------------------------------------------------------------- lesson 14: etcd-write --

    @Test
    void aWriteIsCommittedWhileAMajorityRunsAndTimesOutWithoutOne() {
        Probe.EtcdWrite writes = new Probe.EtcdWrite("/hardway/drills/write", true, "master3");
        Probe.EtcdWrite stops = new Probe.EtcdWrite("/hardway/drills/write", false, "master3");
        assertThat(probe(writes).ok()).as(probe(writes).toString()).isTrue();
        assertThat(probe(stops).ok()).isFalse();
        assertThat(probe(stops).problemLines()).anySatisfy(l -> assertThat(l).contains("was committed",
                "still has a quorum"));

        ok(run("14/lose-master", List.of("master1"), "systemctl stop etcd\n"));
        assertThat(probe(writes).ok()).as("two of three are a majority").isTrue();

        ok(run("14/lose-quorum", List.of("master2"), "systemctl stop etcd\n"));
        ProbeResult blocked = probe(writes);
        assertThat(blocked.ok()).isFalse();
        assertThat(blocked.summary()).contains("times out");
        assertThat(blocked.problemLines()).anySatisfy(l -> assertThat(l).contains("context deadline exceeded",
                "1 of 3 members", "no leader", "heal --all"));
        assertThat(probe(stops).ok()).as(probe(stops).toString()).isTrue();
        assertThat(probe(stops).summary()).contains("times out: no leader commits it");

        // a write from a master whose own etcd is stopped still goes through the others' client URLs: no quorum
        assertThat(probe(new Probe.EtcdWrite("/k", false, "master1")).ok()).isTrue();
        ok(run("14/recover", List.of("master1", "master2"), "systemctl start etcd\n", "etcd"));
        assertThat(probe(writes).ok()).isTrue();
    }
}
