package dev.hardway.lab.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hardway.HardwayException;
import dev.hardway.HardwayHome;
import dev.hardway.cluster.ClusterModel;
import dev.hardway.cluster.TestClusters;
import dev.hardway.lab.check.Verdict;
import dev.hardway.lab.fault.BreakRequest;
import dev.hardway.lab.fault.BreakResult;
import dev.hardway.lab.fault.Fault;
import dev.hardway.lab.fault.FaultException;
import dev.hardway.lab.fault.FaultMode;
import dev.hardway.lab.fault.HealResult;
import dev.hardway.lab.inspect.EtcdReport;
import dev.hardway.lab.inspect.LbReport;
import dev.hardway.lab.inspect.NodeReport;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The drills of docs/drills.md on the simulated lab, every step from a separate "process" on the same home. */
class SimDrillTest {

    @TempDir
    Path dir;
    SimDrills drills;

    @BeforeEach
    void build() {
        drills = new SimDrills(new ClusterModel(TestClusters.ha()), new HardwayHome(dir));
        drills.buildAll();
    }

    @Test
    void etcdDrill() {
        EtcdReport e = drills.process().inspect().etcd();
        assertThat(e.quorumSentence()).isEqualTo("3 of 3 healthy — quorum holds, tolerates 1 more failure");
        assertThat(e.simulated()).isTrue();
        assertThat(e.answeredBy()).isEqualTo("master1");
        assertThat(e.members()).extracting(EtcdReport.Member::peerUrl).containsExactly("https://10.240.0.11:2380",
                "https://10.240.0.12:2380", "https://10.240.0.13:2380");
        assertThat(drills.process().check().etcd().ok()).isTrue();

        BreakResult b = drills.process().faults().breakNode(BreakRequest.of("master2"));
        assertThat(b.fault().mode()).isEqualTo(FaultMode.POWER);
        assertThat(b.suggestions()).contains("inspect etcd", "check etcd");

        EtcdReport two = drills.process().inspect().etcd();
        assertThat(two.quorumSentence()).isEqualTo("2 of 3 healthy — quorum holds, tolerates 0 more failures");
        assertThat(two.members().get(1).healthy()).isFalse();
        assertThat(two.problemLines()).anySatisfy(p -> assertThat(p).contains("master2").contains("Try:"));
        Verdict stillOk = drills.process().check().etcd();
        assertThat(stillOk.ok()).isTrue();

        drills.process().faults().breakNode(BreakRequest.of("master3"));
        Verdict lost = drills.process().check().etcd();
        assertThat(lost.ok()).isFalse();
        assertThat(lost.exitCode()).isEqualTo(1);
        assertThat(lost.headline()).startsWith("etcd quorum lost");
        assertThat(drills.process().inspect().etcd().quorumSentence())
                .isEqualTo("1 of 3 members up — quorum lost (a leader needs 2)");
        assertThat(drills.process().faults().active()).extracting(Fault::node).containsExactly("master2", "master3");

        HealResult h = drills.process().faults().healAll();
        assertThat(h.ok()).isTrue();
        assertThat(h.healed()).extracting(x -> x.fault().node()).containsExactly("master3", "master2");
        assertThat(drills.process().inspect().etcd().quorumSentence())
                .isEqualTo("3 of 3 healthy — quorum holds, tolerates 1 more failure");
        assertThat(drills.process().faults().active()).isEmpty();
    }

    @Test
    void vipDrillWithPreemptAndKeepalivedCrash() {
        Verdict v = drills.process().check().vip();
        assertThat(v.ok()).isTrue();
        assertThat(v.headline()).isEqualTo("VIP 10.240.0.10 on lb1 (MASTER)");

        drills.process().faults().breakNode(BreakRequest.of("lb1"));
        Verdict moved = drills.process().check().vip();
        assertThat(moved.ok()).isTrue();
        assertThat(moved.headline()).isEqualTo("VIP 10.240.0.10 on lb2 (MASTER)");
        assertThat(drills.process().inspect().lb().lbs().get(0).state()).isEqualTo("DOWN");

        drills.process().faults().heal("lb1");
        assertThat(drills.process().check().vip().headline()).isEqualTo("VIP 10.240.0.10 on lb1 (MASTER)");

        BreakResult crash = drills.process().faults().breakNode(new BreakRequest("lb1", FaultMode.CRASH, null));
        assertThat(crash.fault().units()).containsExactly("keepalived");
        assertThat(crash.notes()).anySatisfy(n -> assertThat(n).contains("split brain"));
        Verdict split = drills.process().check().vip();
        assertThat(split.ok()).isFalse();
        assertThat(split.headline()).isEqualTo("split brain: VIP 10.240.0.10 is on lb1 and lb2");
        LbReport lb = drills.process().inspect().lb();
        assertThat(lb.lbs().get(0).state()).isEqualTo("CRASHED");
        assertThat(lb.lbs().get(0).keepalived()).isEqualTo("failed");

        drills.process().faults().heal("lb1");
        assertThat(drills.process().check().vip().headline()).isEqualTo("VIP 10.240.0.10 on lb1 (MASTER)");
    }

    @Test
    void servicesBreakStopsExactlyTheActiveUnitsAndHealStartsThem() {
        BreakResult b = drills.process().faults().breakNode(new BreakRequest("master2", FaultMode.SERVICES, null));
        assertThat(b.fault().units()).containsExactly("etcd", "kube-apiserver", "kube-controller-manager",
                "kube-scheduler");
        assertThat(b.commands()).containsExactly("master2: systemctl stop etcd kube-apiserver kube-controller-manager"
                + " kube-scheduler");
        NodeReport n = drills.process().inspect().node("master2");
        assertThat(n.reachable()).isTrue();
        assertThat(n.activeUnits()).isEmpty();
        assertThat(n.units()).extracting(NodeReport.Unit::state).containsOnly("inactive");
        drills.process().faults().heal("master2");
        assertThat(drills.process().inspect().node("master2").activeUnits()).containsExactly("etcd",
                "kube-apiserver", "kube-controller-manager", "kube-scheduler");
    }

    @Test
    void oneServiceOnlyAndItMustBeRunning() {
        BreakResult b = drills.process().faults().breakNode(new BreakRequest("lb1", FaultMode.SERVICES, "haproxy"));
        assertThat(b.fault().units()).containsExactly("haproxy");
        // keepalived's track script puts lb1 in FAULT: the VIP moves to lb2
        assertThat(drills.process().check().vip().headline()).isEqualTo("VIP 10.240.0.10 on lb2 (MASTER)");
        assertThat(drills.process().inspect().lb().lbs().get(0).state()).isEqualTo("FAULT");
        assertThatThrownBy(() -> drills.process().faults().breakNode(new BreakRequest("lb2", FaultMode.SERVICES,
                "etcd"))).isInstanceOf(FaultException.class).hasMessageContaining("etcd is not running on lb2")
                .hasMessageContaining("Try:");
        assertThatThrownBy(() -> drills.process().faults().breakNode(new BreakRequest("lb1", FaultMode.SERVICES,
                "haproxy"))).hasMessageContaining("already broken").hasMessageContaining("heal lb1");
    }

    @Test
    void networkBreakPartitionsTheNodeButHardwayStillReachesIt() {
        BreakResult b = drills.process().faults().breakNode(new BreakRequest("master1", FaultMode.NETWORK, null));
        assertThat(b.fault().peers()).contains("10.240.0.12", "10.240.0.13", "10.240.0.21", "10.240.0.10")
                .doesNotContain("10.240.0.11");
        assertThat(b.commands()).contains("master1: iptables -I INPUT -s 10.240.0.12 -m comment --comment"
                + " hardway-fault -j DROP");
        assertThat(b.notes()).anySatisfy(n -> assertThat(n).contains("ARP"));
        NodeReport n = drills.process().inspect().node("master1");
        assertThat(n.reachable()).isTrue();
        assertThat(n.partitioned()).isTrue();
        EtcdReport e = drills.process().inspect().etcd();
        assertThat(e.answeredBy()).isEqualTo("master2");
        assertThat(e.quorumSentence()).startsWith("2 of 3 healthy — quorum holds");
        HealResult h = drills.process().faults().heal("master1");
        assertThat(h.commands()).containsExactly("master1: iptables -S | grep -- '--comment hardway-fault' | sed"
                + " 's/^-A /-D /' | while read -r r; do eval iptables \"$r\"; done");
        assertThat(drills.process().inspect().node("master1").partitioned()).isFalse();
    }

    @Test
    void isolatingAnLbGivesSplitBrain() {
        drills.process().faults().breakNode(new BreakRequest("lb1", FaultMode.NETWORK, null));
        assertThat(drills.process().check().vip().headline()).startsWith("split brain");
        drills.process().faults().healAll();
        assertThat(drills.process().check().vip().ok()).isTrue();
    }

    @Test
    void faultsAreRecordedInTheLabDirAndBadInputIsRefused() {
        drills.process().faults().breakNode(new BreakRequest("worker1", FaultMode.SERVICES, "kubelet"));
        Path f = dir.resolve("labs/ha/faults.yaml");
        assertThat(f).exists();
        assertThat(f).content().contains("node: worker1").contains("mode: services").contains("- kubelet")
                .contains("simulated: true");
        assertThatThrownBy(() -> drills.process().faults().breakNode(BreakRequest.of("master9")))
                .isInstanceOf(HardwayException.class).hasMessageContaining("no node 'master9'")
                .extracting(e -> ((HardwayException) e).exitCode()).isEqualTo(2);
        assertThatThrownBy(() -> drills.process().faults().heal("master1")).hasMessageContaining("no fault");
        assertThatThrownBy(() -> FaultMode.of("unplug")).hasMessageContaining("power, services, network, crash");
    }

    @Test
    void checkClusterSummarisesAndFailsWithFaults() throws Exception {
        assertThat(drills.process().check().cluster().ok()).isTrue();
        drills.process().faults().breakNode(BreakRequest.of("master2"));
        Verdict v = drills.process().check().cluster();
        assertThat(v.ok()).isFalse();
        assertThat(v.lines()).anySatisfy(l -> assertThat(l).startsWith("fault: master2: powered off"));
        assertThat(Files.readString(dir.resolve("labs/ha/faults.yaml"))).contains("mode: power");
    }
}
