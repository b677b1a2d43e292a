package dev.hardway.lab.sim;

import static dev.hardway.lab.sim.SimFixtures.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hardway.HardwayHome;
import dev.hardway.cluster.ClusterModel;
import dev.hardway.cluster.TestClusters;
import dev.hardway.lab.EtcdStatus;
import dev.hardway.lab.Probe;
import dev.hardway.lab.ProbeResult;
import dev.hardway.lab.StepOutcome;
import dev.hardway.lab.VipStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimLabTest {

    static final List<String> MASTERS = List.of("master1", "master2", "master3");
    static final List<String> LBS = List.of("lb1", "lb2");
    static final List<String> WORKERS = List.of("worker1", "worker2");

    @TempDir
    Path home;
    ClusterModel ha;
    SimLab lab;

    @BeforeEach
    void open() {
        ha = new ClusterModel(TestClusters.ha());
        lab = new SimLab(ha, new HardwayHome(home));
    }

    /** The HA lab after the lessons up to the worker nodes. */
    static void buildAll(SimLab lab) {
        ok(lab.apply(SimFixtures.services("etcd/start", MASTERS, "etcd"), null));
        ok(lab.apply(SimFixtures.services("control-plane/start", MASTERS, "kube-apiserver"), null));
        ok(lab.apply(SimFixtures.services("api-lb/start", LBS, "haproxy", "keepalived"), null));
        ok(lab.apply(SimFixtures.services("workers/start", WORKERS, "containerd", "kubelet"), null));
    }

    ProbeResult etcd() {
        return lab.probe(new Probe.EtcdHealthy(3));
    }

    ProbeResult vip() {
        return lab.probe(new Probe.VipHeld("10.240.0.10"));
    }

    @Test
    void modelLivesUnderTheLabDirOfTheCluster() {
        ok(lab.apply(SimFixtures.services("etcd/start", MASTERS, "etcd"), null));
        assertThat(lab.file()).isEqualTo(home.resolve("labs/ha/sim-lab.json"));
        assertThat(lab.file()).exists();
        assertThat(lab.simulated()).isTrue();
    }

    @Test
    void sameActionsGiveTheSameModelAndJson(@TempDir Path other) {
        SimLab second = new SimLab(ha, new HardwayHome(other));
        for (SimLab l : List.of(lab, second)) {
            buildAll(l);
            l.powerOff("master2");
            l.crash("lb1", "keepalived");
            l.partition("worker1");
            l.powerOn("master2");
        }
        assertThat(lab.json()).isEqualTo(second.json());
        assertThat(lab.etcdStatus()).isEqualTo(second.etcdStatus());
        assertThat(lab.vipStatus()).isEqualTo(second.vipStatus());
    }

    @Test
    void twoInstancesOnOneDirectorySeeEachOthersChanges() {
        buildAll(lab);
        SimLab otherProcess = new SimLab(ha, new HardwayHome(home));
        otherProcess.powerOff("master2");
        assertThat(lab.etcdStatus().healthyCount()).isEqualTo(2);
        assertThat(lab.probe(new Probe.ServiceActive("etcd", MASTERS)).problemLines())
                .containsExactly("master2 is powered off (simulated). Try: heal master2.");
        lab.powerOn("master2");
        assertThat(otherProcess.etcdStatus().healthyCount()).isEqualTo(3);
        assertThat(new SimLab(ha, new HardwayHome(home)).json()).isEqualTo(lab.json());
    }

    @Test
    void theFileIsStableReadableJsonAndNoTempFileIsLeft() throws Exception {
        buildAll(lab);
        lab.crash("lb1", "keepalived");
        String json = Files.readString(lab.file());
        assertThat(json).isEqualTo(lab.json());
        assertThat(json).contains("\"format\" : 1", "\"cluster\" : \"ha\"", "\"etcdLeader\" : \"master1\"",
                "\"keptVip\" : true");
        assertThat(json.indexOf("\"jumpbox\"")).isLessThan(json.indexOf("\"master1\"")); // sorted keys
        try (var files = Files.list(lab.file().getParent())) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder("sim-lab.json",
                    "sim-lab.json.lock");
        }
    }

    @Test
    void concurrentChangesFromTwoInstancesAreNotLost() throws Exception {
        SimLab other = new SimLab(ha, new HardwayHome(home));
        Thread a = new Thread(() -> MASTERS.forEach(m -> lab.apply(SimFixtures.services("s", List.of(m), "etcd"),
                null)));
        Thread b = new Thread(() -> WORKERS.forEach(w -> other.apply(SimFixtures.services("s", List.of(w),
                "kubelet"), null)));
        a.start();
        b.start();
        a.join();
        b.join();
        assertThat(lab.probe(new Probe.ServiceActive("etcd", MASTERS)).ok()).isTrue();
        assertThat(lab.probe(new Probe.ServiceActive("kubelet", WORKERS)).ok()).isTrue();
    }

    @Test
    void resetStartsFresh() {
        buildAll(lab);
        lab.reset();
        assertThat(lab.model().activeUnits("master1")).isEmpty();
        assertThat(etcd().ok()).isFalse();
    }

    @Test
    void aCorruptFileIsMovedAsideWithANoticeAndTheLabStartsFresh() throws Exception {
        for (String bad : new String[] {"{ not json", "", "[]", "null", "{\"format\": 99}", "\u0000\u0001"}) {
            buildAll(lab);
            Files.writeString(lab.file(), bad);
            dev.hardway.progress.StateFiles.drainNotices();
            SimLab again = new SimLab(ha, new HardwayHome(home));
            assertThat(again.model().activeUnits("master1")).as(bad).isEmpty();
            List<String> notices = dev.hardway.progress.StateFiles.drainNotices();
            assertThat(notices).as(bad).singleElement().asString().contains(lab.file().toString(), "moved to",
                    ".corrupt-", "Try:");
            try (var s = Files.list(lab.file().getParent())) {
                assertThat(s.filter(p -> p.getFileName().toString().startsWith("sim-lab.json.corrupt-")).count())
                        .as("the damaged file is kept, not deleted").isPositive();
            }
        }
    }

    @Test
    void aDirectoryWhereTheLabFileShouldBeIsMovedAside() throws Exception {
        Files.deleteIfExists(lab.file());
        Files.createDirectories(lab.file());
        dev.hardway.progress.StateFiles.drainNotices();
        assertThat(new SimLab(ha, new HardwayHome(home)).model().activeUnits("master1")).isEmpty();
        assertThat(dev.hardway.progress.StateFiles.drainNotices()).singleElement().asString()
                .contains("is a directory");
    }

    @Test
    void outputShowsTheCommandsThatWouldRunMarkedSimulated() {
        SimFixtures.Lines out = new SimFixtures.Lines();
        ok(lab.apply(SimFixtures.write("etcd/unit", "master1", "/etc/systemd/system/etcd.service", "[Unit]\n"), out));
        ok(lab.apply(SimFixtures.services("etcd/start", List.of("master1"), "etcd"), out));
        assertThat(out.lines).containsExactly(
                "master1|[sim] upload /etc/systemd/system/etcd.service (0644, 7 bytes)",
                "master1|[sim] $ systemctl daemon-reload",
                "master1|[sim] $ systemctl enable --now etcd");
    }

    @Test
    void aStepOnAPoweredOffNodeFailsNamingIt() {
        lab.powerOff("master2");
        StepOutcome o = lab.apply(SimFixtures.services("etcd/start", MASTERS, "etcd"), null);
        assertThat(o.ok()).isFalse();
        assertThat(o.failed()).singleElement().satisfies(n -> {
            assertThat(n.node()).isEqualTo("master2");
            assertThat(n.unreachable()).isTrue();
            assertThat(n.error()).isEqualTo("master2: powered off (simulated). Try: heal master2.");
        });
        // the other nodes ran their part, as they would in parallel
        assertThat(lab.model().isActive("master1", "etcd")).isTrue();
    }

    @Test
    void aCopyFromAMissingSourceFailsNamingNodeAndPath() {
        StepOutcome o = lab.apply(SimFixtures.copy("etcd/certs", MASTERS, "jumpbox", "/root/pki/ca.pem",
                "/etc/etcd/ca.pem"), null);
        assertThat(o.failed()).hasSize(3);
        assertThat(o.failed().get(0).error()).startsWith("master1: cp: cannot stat 'jumpbox:/root/pki/ca.pem':"
                + " No such file or directory. Try:");
        assertThat(o.failed().get(0).unreachable()).isFalse();
        assertThat(lab.model().file("master1", "/etc/etcd/ca.pem")).isEmpty();
    }

    @Test
    void aCopyCarriesTheSourceContentHash() {
        ok(lab.apply(SimFixtures.write("pki/ca", "jumpbox", "/root/pki/ca.pem", "CA"), null));
        ok(lab.apply(SimFixtures.copy("etcd/certs", MASTERS, "jumpbox", "/root/pki/ca.pem", "/etc/etcd/ca.pem"),
                null));
        SimModel m = lab.model();
        assertThat(m.file("master3", "/etc/etcd/ca.pem").orElseThrow().sha256())
                .isEqualTo(m.file("jumpbox", "/root/pki/ca.pem").orElseThrow().sha256())
                .isEqualTo(SimLab.sha256("CA".getBytes()));
        assertThat(m.file("master3", "/etc/etcd/ca.pem").orElseThrow().mode()).isEqualTo("0600");
    }

    // ------------------------------------------------------------------------------ each probe: fail, then pass

    @Test
    void serviceActiveFailsBeforeAndPassesAfterTheStep() {
        Probe p = new Probe.ServiceActive("etcd", MASTERS);
        ProbeResult before = lab.probe(p);
        assertThat(before.ok()).isFalse();
        assertThat(before.summary()).isEqualTo("etcd active on 0/3 nodes (not on master1, master2, master3)");
        assertThat(before.problemLines().get(0)).startsWith("etcd was never started on master1. Try:");
        assertThat(before.commands()).contains("master2: systemctl is-active etcd");
        ok(lab.apply(SimFixtures.services("etcd/start", MASTERS, "etcd"), null));
        assertThat(lab.probe(p).ok()).isTrue();
        assertThat(lab.probe(p).summary()).isEqualTo("etcd active on 3/3 nodes");
    }

    @Test
    void fileExistsFailsBeforeAndPassesAfterTheStep() {
        Probe p = new Probe.FileExists("/root/pki/ca.pem", List.of("jumpbox"));
        assertThat(lab.probe(p).ok()).isFalse();
        assertThat(lab.probe(p).problemLines()).containsExactly("/root/pki/ca.pem is missing on jumpbox. Try: run the"
                + " step that puts it there (lesson run).");
        ok(lab.apply(SimFixtures.creates("pki/ca", "jumpbox", "cfssl gencert -initca ca-csr.json | cfssljson -bare ca",
                "/root/pki/ca.pem"), null));
        assertThat(lab.probe(p).ok()).isTrue();
        assertThat(lab.probe(p).commands()).containsExactly("jumpbox: test -s /root/pki/ca.pem");
    }

    @Test
    void fileExistsUsesEachNodesOwnPath() {
        ok(lab.apply(SimFixtures.write("certs", "worker1", "/var/lib/kubelet/worker1.pem", "x"), null));
        Probe p = new Probe.FileExists("/var/lib/kubelet/worker1.pem", WORKERS,
                java.util.Map.of("worker1", "/var/lib/kubelet/worker1.pem", "worker2", "/var/lib/kubelet/worker2.pem"));
        assertThat(lab.probe(p).problemLines()).containsExactly("/var/lib/kubelet/worker2.pem is missing on worker2."
                + " Try: run the step that puts it there (lesson run).");
    }

    @Test
    void etcdHealthyFailsBeforeAndPassesAfterTheStep() {
        ProbeResult before = etcd();
        assertThat(before.ok()).isFalse();
        assertThat(before.summary()).isEqualTo("etcd: 0/3 members healthy, no quorum (a leader needs 2)");
        ok(lab.apply(SimFixtures.services("etcd/start", MASTERS, "etcd"), null));
        ProbeResult after = etcd();
        assertThat(after.ok()).isTrue();
        assertThat(after.summary()).isEqualTo("etcd: 3/3 members healthy, leader master1 (term 2), quorum 3/3,"
                + " tolerates 1 more failure");
        assertThat(after.commands().get(0)).startsWith("master1: etcdctl --endpoints=https://10.240.0.11:2379,"
                + "https://10.240.0.12:2379,https://10.240.0.13:2379 --cacert=/etc/etcd/ca.pem"
                + " --cert=/etc/etcd/server.pem --key=/etc/etcd/server-key.pem").endsWith("endpoint status -w json");
    }

    @Test
    void vipHeldFailsBeforeAndPassesAfterTheStep() {
        assertThat(vip().ok()).isFalse();
        assertThat(vip().summary()).startsWith("VIP 10.240.0.10 is held by no load balancer");
        ok(lab.apply(SimFixtures.services("api-lb/start", LBS, "haproxy", "keepalived"), null));
        assertThat(vip().ok()).isTrue();
        assertThat(vip().summary()).isEqualTo("VIP 10.240.0.10 on lb1 (MASTER), lb2 BACKUP");
        assertThat(vip().commands()).containsExactly("lb1: ip -o -4 addr show", "lb2: ip -o -4 addr show");
    }

    @Test
    void apiHealthyNeedsApiserverEtcdAndTheLb() {
        Probe p = new Probe.ApiHealthy();
        ok(lab.apply(SimFixtures.services("etcd/start", MASTERS, "etcd"), null));
        assertThat(lab.probe(p).ok()).isFalse();
        assertThat(lab.probe(p).problemLines().get(0)).contains("no load balancer holds the VIP");
        ok(lab.apply(SimFixtures.services("api-lb/start", LBS, "haproxy", "keepalived"), null));
        assertThat(lab.probe(p).problemLines().get(0)).startsWith("haproxy on lb1 has no backend UP");
        ok(lab.apply(SimFixtures.services("control-plane/start", MASTERS, "kube-apiserver"), null));
        assertThat(lab.probe(p).ok()).isTrue();
        assertThat(lab.probe(p).summary()).isEqualTo("API https://10.240.0.10:6443/healthz: ok (via lb1)");
        assertThat(lab.probe(p).commands())
                .containsExactly("jumpbox: curl -sk --max-time 5 https://10.240.0.10:6443/healthz");
        lab.powerOff("master2");
        lab.powerOff("master3");
        assertThat(lab.probe(p).problemLines().get(0)).contains("etcd has no leader");
    }

    @Test
    void apiHealthyWithoutLbAsksTheFirstMaster(@TempDir Path other) {
        SimLab single = new SimLab(new ClusterModel(TestClusters.single()), new HardwayHome(other));
        ok(single.apply(SimFixtures.services("etcd/start", List.of("master1"), "etcd", "kube-apiserver"), null));
        assertThat(single.probe(new Probe.ApiHealthy()).summary())
                .isEqualTo("API https://10.240.0.11:6443/healthz: ok (via master1)");
    }

    @Test
    void nodeReadyFailsBeforeAndPassesAfterTheStep() {
        Probe p = new Probe.NodeReady(WORKERS);
        SimNodesTest.upToTheRuntime(lab, List.of());
        assertThat(lab.probe(p).ok()).isFalse();
        assertThat(lab.probe(p).problemLines().get(0)).startsWith("worker1 is not Ready: containerd was never started");
        // lessons 08-10 on the workers (SimNodesTest has the details)
        SimNodesTest.lesson09(lab);
        SimNodesTest.cni(lab, WORKERS);
        assertThat(lab.probe(p).ok()).isTrue();
        assertThat(lab.probe(p).summary()).isEqualTo("Ready on 2/2 nodes");
        lab.stopUnits("worker2", List.of("kubelet"));
        assertThat(lab.probe(p).problemLines()).singleElement().asString()
                .startsWith("worker2 is not registered/Ready: kubelet is stopped (simulated) on worker2. Try: heal worker2");
    }

    @Test
    void portOpenFailsBeforeAndPassesAfterTheStep() {
        Probe etcdPort = new Probe.PortOpen("10.240.0.11", 2379, "jumpbox");
        assertThat(lab.probe(etcdPort).ok()).isFalse();
        assertThat(lab.probe(etcdPort).problemLines().get(0)).startsWith("jumpbox: connection to 10.240.0.11:2379"
                + " refused: nothing listens on master1:2379 (etcd is not running)");
        ok(lab.apply(SimFixtures.services("etcd/start", MASTERS, "etcd"), null));
        assertThat(lab.probe(etcdPort).ok()).isTrue();
        assertThat(lab.probe(etcdPort).commands())
                .containsExactly("jumpbox: timeout 3 bash -c '</dev/tcp/10.240.0.11/2379'");
        Probe viaVip = new Probe.PortOpen("10.240.0.10", 6443, "jumpbox");
        assertThat(lab.probe(viaVip).ok()).isFalse();
        ok(lab.apply(SimFixtures.services("api-lb/start", LBS, "haproxy", "keepalived"), null));
        assertThat(lab.probe(viaVip).ok()).isTrue();
        lab.partition("master1");
        assertThat(lab.probe(etcdPort).problemLines().get(0)).contains("timed out: master1 is cut off");
        assertThat(lab.probe(new Probe.PortOpen("master2", 22, "jumpbox")).ok()).isTrue();
    }

    @Test
    void scriptChecksAreSkipped() {
        ProbeResult r = lab.script("master1", "systemctl is-active etcd", "^active$");
        assertThat(r.skipped()).isTrue();
        assertThat(r.summary()).isEqualTo("script checks run on real nodes only");
    }

    // ------------------------------------------------------------------------------------- etcd quorum table

    @Test
    void etcdQuorumTable() {
        buildAll(lab);
        EtcdStatus s = lab.etcdStatus();
        assertThat(s.healthyCount()).isEqualTo(3);
        assertThat(s.quorum()).isEqualTo(2);
        assertThat(s.leader()).isEqualTo("master1");
        assertThat(s.toleratesMore()).isEqualTo(1);
        long term = s.raftTerm();

        assertThat(lab.powerOff("master2")).isTrue();
        s = lab.etcdStatus();
        assertThat(s.healthyCount()).isEqualTo(2);
        assertThat(s.leader()).isEqualTo("master1");
        assertThat(s.raftTerm()).isEqualTo(term); // the leader was not affected: no election
        assertThat(s.toleratesMore()).isZero();
        assertThat(etcd().ok()).isFalse(); // the lesson wants 3 members
        assertThat(lab.probe(new Probe.EtcdHealthy(2)).ok()).isTrue();
        assertThat(etcd().problemLines()).contains("master2: etcd member down: master2 is powered off (simulated)."
                + " Try: heal master2.");

        lab.powerOff("master3");
        s = lab.etcdStatus();
        assertThat(s.leader()).isNull();
        assertThat(s.healthyCount()).isZero();
        ProbeResult lost = lab.probe(new Probe.EtcdHealthy(1));
        assertThat(lost.ok()).isFalse();
        assertThat(lost.summary()).isEqualTo("etcd: 0/3 members healthy, no quorum (a leader needs 2)");
        assertThat(lost.problemLines()).anyMatch(p -> p.startsWith("master1: etcdserver: no leader"));
        assertThat(lost.problemLines()).anyMatch(p -> p.startsWith("quorum lost: 0 of 3 members healthy"));

        lab.powerOn("master2");
        lab.powerOn("master3");
        s = lab.etcdStatus();
        assertThat(s.healthyCount()).isEqualTo(3);
        assertThat(s.leader()).isNotNull();
        assertThat(s.raftTerm()).isEqualTo(term + 1); // one new election after the quorum came back
        assertThat(etcd().ok()).isTrue();
    }

    @Test
    void losingTheLeaderElectsTheLowestNamedSurvivorAndBumpsTheTerm() {
        buildAll(lab);
        long term = lab.etcdStatus().raftTerm();
        lab.crash("master1", "etcd");
        assertThat(lab.etcdStatus().leader()).isEqualTo("master2");
        assertThat(lab.etcdStatus().raftTerm()).isEqualTo(term + 1);
        lab.startUnits("master1", List.of("etcd"));
        // raft does not hand leadership back when the old leader returns
        assertThat(lab.etcdStatus().leader()).isEqualTo("master2");
        assertThat(lab.etcdStatus().healthyCount()).isEqualTo(3);
    }

    @Test
    void aPartitionedMemberIsUnhealthyAndTheMajorityKeepsALeader() {
        buildAll(lab);
        lab.partition("master1");
        EtcdStatus s = lab.etcdStatus();
        assertThat(s.leader()).isEqualTo("master2");
        assertThat(s.members().get(0).healthy()).isFalse();
        assertThat(s.members().get(0).problem().sentence()).contains("network partition").endsWith("Try: heal master1.");
        lab.unpartition("master1");
        assertThat(lab.etcdStatus().healthyCount()).isEqualTo(3);
    }

    // ----------------------------------------------------------------------------------------------- VIP table

    @Test
    void vipTable() {
        buildAll(lab);
        assertThat(lab.vipStatus().holders()).containsExactly("lb1");

        assertThat(lab.stopUnits("lb1", List.of("haproxy"))).containsExactly("haproxy");
        VipStatus v = lab.vipStatus();
        assertThat(v.holders()).containsExactly("lb2");
        assertThat(v.lbs().get(0).state()).isEqualTo("FAULT");
        assertThat(vip().ok()).isTrue();

        assertThat(lab.startUnits("lb1", List.of("haproxy"))).containsExactly("haproxy");
        assertThat(lab.vipStatus().holders()).containsExactly("lb1"); // preempt

        lab.powerOff("lb1");
        assertThat(lab.vipStatus().holders()).containsExactly("lb2");
        assertThat(vip().summary()).isEqualTo("VIP 10.240.0.10 on lb2 (MASTER), lb1 DOWN");
        lab.powerOn("lb1");
        assertThat(lab.vipStatus().holders()).containsExactly("lb1");

        assertThat(lab.crash("lb1", "keepalived")).isTrue();
        ProbeResult split = vip();
        assertThat(split.ok()).isFalse();
        assertThat(split.summary()).isEqualTo("split brain: VIP 10.240.0.10 is held by lb1 and lb2");
        assertThat(split.problemLines().get(0)).startsWith("split brain: lb1 and lb2 both hold 10.240.0.10")
                .contains("Try:");
        assertThat(lab.vipStatus().lbs().get(0).state()).isEqualTo("CRASHED");
        // clients follow the peer's gratuitous ARP: the API still answers through lb2
        assertThat(lab.model().vipServedBy()).contains("lb2");

        lab.startUnits("lb1", List.of("keepalived"));
        assertThat(lab.vipStatus().holders()).containsExactly("lb1");
        assertThat(lab.model().crashes()).isEmpty();
    }

    @Test
    void stoppingKeepalivedReleasesTheVipCleanly() {
        buildAll(lab);
        lab.stopUnits("lb1", List.of("keepalived"));
        assertThat(lab.vipStatus().holders()).containsExactly("lb2");
        assertThat(lab.vipStatus().lbs().get(0).state()).isEqualTo("STOPPED");
    }

    @Test
    void crashingTheBackupKeepsNothingBehind() {
        buildAll(lab);
        lab.crash("lb2", "keepalived");
        assertThat(lab.vipStatus().holders()).containsExactly("lb1");
    }

    @Test
    void aPartitionedLbTakesTheVipToo() {
        buildAll(lab);
        lab.partition("lb1");
        assertThat(lab.vipStatus().holders()).containsExactly("lb1", "lb2");
        assertThat(vip().summary()).isEqualTo("split brain: VIP 10.240.0.10 is held by lb1 and lb2");
        assertThat(lab.model().vipServedBy()).contains("lb2");
        assertThat(lab.probe(new Probe.ApiHealthy()).ok()).isTrue();
        lab.unpartition("lb1");
        assertThat(lab.vipStatus().holders()).containsExactly("lb1");
    }

    @Test
    void noHaproxyAnywhereMeansNoHolder() {
        buildAll(lab);
        lab.stopUnits("lb1", List.of("haproxy"));
        lab.stopUnits("lb2", List.of("haproxy"));
        ProbeResult r = vip();
        assertThat(r.ok()).isFalse();
        assertThat(r.problemLines()).hasSize(2).allMatch(p -> p.contains("FAULT"));
    }

    @Test
    void haproxyBackendsAreUpOnlyWhereKubeApiserverListens() {
        buildAll(lab);
        lab.stopUnits("master2", List.of("kube-apiserver"));
        lab.powerOff("master3");
        var lb1 = lab.haproxyStatus().get(0);
        assertThat(lb1.node()).isEqualTo("lb1");
        assertThat(lb1.backends()).extracting(b -> b.server() + " " + b.status() + " " + b.checkStatus())
                .containsExactly("master1 UP L4OK", "master2 DOWN L4CON", "master3 DOWN L4TOUT");
        lab.stopUnits("lb2", List.of("haproxy"));
        assertThat(lab.haproxyStatus().get(1).running()).isFalse();
        assertThat(lab.haproxyStatus().get(1).problem().sentence()).startsWith("lb2: haproxy is not running");
    }

    @Test
    void rebootStartsEnabledUnitsAgain() {
        buildAll(lab);
        assertThat(lab.stopUnits("master1", lab.activeUnits("master1"))).containsExactly("etcd", "kube-apiserver");
        lab.powerOff("master1");
        lab.powerOn("master1");
        assertThat(lab.activeUnits("master1")).containsExactly("etcd", "kube-apiserver");
    }
}
