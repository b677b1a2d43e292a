package dev.hardway.lab.sim;

import static dev.hardway.lab.sim.SimFixtures.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hardway.HardwayHome;
import dev.hardway.cluster.ClusterModel;
import dev.hardway.cluster.TestClusters;
import dev.hardway.lab.Probe;
import dev.hardway.lab.ProbeResult;
import dev.hardway.lab.StepAction;
import dev.hardway.lab.StepAction.NodeAction;
import dev.hardway.lab.check.Checks;
import dev.hardway.lab.inspect.ApiserverReport;
import dev.hardway.lab.inspect.SimInspector;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulated control plane (lesson 06): api-ready and leader-lease pass in a solved lab and fail, with the
 * reason named, when a master goes down (the leases move), when etcd loses quorum (every apiserver stays up but is
 * not ready) and when a file the apiserver reads is missing; inspect/check apiserver say the same.
 */
class SimControlPlaneTest {

    static final List<String> MASTERS = List.of("master1", "master2", "master3");
    static final String[] CONTROL_PLANE = {"kube-apiserver", "kube-controller-manager", "kube-scheduler"};

    @TempDir
    Path home;
    ClusterModel ha;
    SimLab lab;

    final Probe.ApiReady masters = new Probe.ApiReady(true, false, "v1.37.0");
    final Probe.ApiReady endpoint = new Probe.ApiReady(false, true, "v1.37.0");
    final Probe.LeaderLease kcm = new Probe.LeaderLease("kube-controller-manager");
    final Probe.LeaderLease scheduler = new Probe.LeaderLease("kube-scheduler");

    @BeforeEach
    void open() {
        ha = new ClusterModel(TestClusters.ha());
        lab = new SimLab(ha, new HardwayHome(home));
        ok(lab.apply(SimFixtures.services("etcd/start", MASTERS, "etcd"), null));
    }

    void solve() {
        ok(lab.apply(SimFixtures.services("control-plane/start", MASTERS, CONTROL_PLANE), null));
        ok(lab.apply(SimFixtures.services("api-lb/start", List.of("lb1", "lb2"), "haproxy", "keepalived"), null));
    }

    ApiserverReport inspect() {
        return new SimInspector(lab, null).apiserver();
    }

    @Test
    void aSolvedControlPlaneIsReadyEverywhereAndOneMasterHoldsEachLease() {
        assertThat(lab.probe(masters).ok()).isFalse();
        assertThat(lab.probe(kcm).ok()).isFalse();
        solve();
        ProbeResult r = lab.probe(masters);
        assertThat(r.ok()).as(r.problems().toString()).isTrue();
        assertThat(r.summary()).isEqualTo("kube-apiserver ready, v1.37.0 on 3/3 nodes");
        assertThat(r.commands()).contains("master1: curl -sk --max-time 5 'https://127.0.0.1:6443/readyz?verbose'");
        assertThat(lab.probe(endpoint).ok()).isTrue();
        assertThat(lab.probe(kcm).summary()).isEqualTo("kube-controller-manager leader lease held by master1");
        assertThat(lab.probe(scheduler).summary()).isEqualTo("kube-scheduler leader lease held by master1");
        ApiserverReport a = inspect();
        assertThat(a.masters()).extracting(ApiserverReport.Master::readyz).containsOnly("ok");
        assertThat(a.masters()).extracting(ApiserverReport.Master::version).containsOnly("v1.37.0");
        assertThat(a.leases()).extracting(ApiserverReport.Lease::holder).allMatch(h -> h.startsWith("master1_"));
        assertThat(Checks.apiserver(a).lines()).contains("leader lease kube-scheduler: master1");
    }

    @Test
    void theVersionMustBeThePinnedRelease() {
        solve();
        ProbeResult r = lab.probe(new Probe.ApiReady(true, false, "v1.36.3"));
        assertThat(r.ok()).isFalse();
        assertThat(r.problemLines().get(0)).isEqualTo("master1: /version says v1.37.0, not v1.36.3. Try: install the"
                + " v1.36.3 binaries from /root/bin (lesson 01-jumpbox) and restart kube-apiserver.");
    }

    @Test
    void aMasterDownMovesTheLeasesAndStaysThereAfterHeal() {
        solve();
        lab.powerOff("master1");
        assertThat(lab.probe(kcm).summary()).isEqualTo("kube-controller-manager leader lease held by master2");
        assertThat(lab.probe(scheduler).summary()).isEqualTo("kube-scheduler leader lease held by master2");
        ProbeResult r = lab.probe(masters);
        assertThat(r.ok()).isFalse();
        assertThat(r.summary()).isEqualTo("kube-apiserver ready, v1.37.0 on 2/3 nodes (not on master1)");
        assertThat(r.problemLines()).containsExactly("master1 is powered off (simulated). Try: heal master1.");
        assertThat(lab.probe(endpoint).ok()).as("the VIP still reaches master2 and master3").isTrue();
        lab.powerOn("master1");
        // leader election does not hand a healthy lease back
        assertThat(lab.probe(kcm).summary()).isEqualTo("kube-controller-manager leader lease held by master2");
        assertThat(lab.probe(masters).ok()).isTrue();
    }

    @Test
    void aStoppedControllerManagerMovesOnlyItsLease() {
        solve();
        lab.stopUnits("master1", List.of("kube-controller-manager"));
        assertThat(lab.probe(kcm).summary()).endsWith("held by master2");
        assertThat(lab.probe(scheduler).summary()).endsWith("held by master1");
    }

    @Test
    void quorumLostKeepsEveryApiserverUpButNotReady() {
        solve();
        lab.powerOff("master2");
        lab.powerOff("master3");
        ProbeResult r = lab.probe(masters);
        assertThat(r.ok()).isFalse();
        assertThat(r.problemLines()).contains("master1: /readyz: [-]etcd failed: etcd has no leader (quorum lost). Try:"
                + " check etcd.");
        ApiserverReport a = inspect();
        assertThat(a.masters().get(0).unit()).isEqualTo("active");
        assertThat(a.masters().get(0).notReady()).containsExactly("etcd");
        assertThat(a.masters().get(0).version()).as("/version needs no etcd").isEqualTo("v1.37.0");
        assertThat(lab.probe(endpoint).ok()).isFalse();
        ProbeResult lease = lab.probe(kcm);
        assertThat(lease.ok()).isFalse();
        assertThat(lease.summary()).isEqualTo("kube-controller-manager leader lease: cannot be read");
        assertThat(lease.problemLines().get(0)).contains("etcd has no leader");
        // haproxy still sees master1's port open: the apiserver serves, it is only not ready
        assertThat(lab.haproxyStatus().get(0).backends()).extracting(b -> b.status())
                .containsExactly("UP", "DOWN", "DOWN");
    }

    @Test
    void aMissingEncryptionConfigIsNamedWithItsFix() {
        List<NodeAction> out = MASTERS.stream().map(n -> new NodeAction(n, SimFixtures.controlPlaneFiles(
                CONTROL_PLANE).stream().filter(f -> !f.path().equals(SimControlPlane.ENCRYPTION_CONFIG)).toList(),
                List.of(), "", List.of(), List.of(CONTROL_PLANE))).toList();
        ok(lab.apply(new StepAction("control-plane/start", out), null));
        ProbeResult r = lab.probe(masters);
        assertThat(r.ok()).isFalse();
        assertThat(r.problemLines().get(0)).isEqualTo("master1: kube-apiserver keeps restarting: kube-apiserver cannot"
                + " read its --encryption-provider-config /var/lib/kubernetes/encryption-config.yaml (no such file),"
                + " so it exits at start. Try: copy it from the jumpbox (lesson 04-encryption, step to-masters), then"
                + " systemctl restart kube-apiserver.");
        ApiserverReport a = inspect();
        assertThat(a.masters().get(0).unit()).isEqualTo("activating");
        assertThat(a.masters().get(0).traps()).extracting(ApiserverReport.Trap::id)
                .containsExactly("encryption-config-missing");
        assertThat(lab.probe(kcm).problemLines().get(0)).contains("no kube-apiserver answered");
        // what haproxy sees: nothing listens on 6443
        ok(lab.apply(SimFixtures.services("api-lb/start", List.of("lb1", "lb2"), "haproxy", "keepalived"), null));
        assertThat(lab.probe(new Probe.ApiHealthy()).problemLines().get(0)).contains("has no backend UP");
    }

    @Test
    void withoutAnLbTheEndpointIsTheFirstMaster(@TempDir Path other) {
        SimLab single = new SimLab(new ClusterModel(TestClusters.single()), new HardwayHome(other));
        ok(single.apply(SimFixtures.services("etcd/start", List.of("master1"), "etcd"), null));
        ok(single.apply(SimFixtures.services("cp", List.of("master1"), CONTROL_PLANE), null));
        assertThat(single.probe(new Probe.ApiReady(true, true, "v1.37.0")).summary())
                .isEqualTo("kube-apiserver ready, v1.37.0 on 2/2 nodes");
        single.powerOff("master1");
        ProbeResult lease = single.probe(scheduler);
        assertThat(lease.ok()).isFalse();
    }
}
