package dev.hardway.lab.sim;

import static dev.hardway.lab.sim.SimFixtures.ok;
import static dev.hardway.lab.sim.SimFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hardway.HardwayHome;
import dev.hardway.cluster.ClusterModel;
import dev.hardway.cluster.TestClusters;
import dev.hardway.lab.Probe;
import dev.hardway.lab.ProbeResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The simulated halves of runtime-ready, cgroup-v2 and pod-network: pass in a solved lab, fail by name in a broken one. */
class SimRuntimeTest {

    static final List<String> WORKERS = List.of("worker1", "worker2");
    @TempDir
    Path home;
    ClusterModel ha;
    SimLab lab;

    static String fixture(String name) throws IOException {
        try (InputStream in = SimRuntimeTest.class.getResourceAsStream("/dev/hardway/lab/runtime/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @BeforeEach
    void setUp() {
        ha = new ClusterModel(TestClusters.ha());
        lab = new SimLab(ha, new HardwayHome(home));
    }

    void solveRuntime(String config) {
        for (String w : WORKERS) {
            ok(lab.apply(write("08/host", w, SimRuntime.SYSCTL_FILE,
                    "net.ipv4.ip_forward = 1\nnet.bridge.bridge-nf-call-iptables = 1\n"), null));
            ok(lab.apply(write("08/host", w, SimRuntime.MODULES_FILE, "overlay\nbr_netfilter\n"), null));
            for (String f : List.of("/usr/local/bin/runc", "/opt/cni/bin/loopback", "/opt/cni/bin/bridge",
                    "/opt/cni/bin/host-local")) {
                ok(lab.apply(write("08/install", w, f, "binary"), null));
            }
            ok(lab.apply(write("08/containerd", w, SimRuntime.CONTAINERD_CONFIG, config), null));
        }
        ok(lab.apply(SimFixtures.services("08/containerd", WORKERS, "containerd"), null));
    }

    void solvePodNetwork() {
        for (String w : WORKERS) {
            String cidr = ha.podCidr(ha.node(w).orElseThrow());
            ok(lab.apply(write("10/cni", w, "/etc/cni/net.d/10-bridge.conflist",
                    "{\"plugins\":[{\"type\":\"bridge\",\"ipam\":{\"ranges\":[[{\"subnet\": \"" + cidr + "\"}]]}}]}"), null));
        }
        List<String> routed = List.of("master1", "master2", "master3", "worker1", "worker2");
        for (String n : routed) {
            StringBuilder unit = new StringBuilder("[Service]\n");
            for (String w : WORKERS) {
                if (!w.equals(n)) {
                    unit.append("ExecStart=ip route replace ").append(ha.podCidr(ha.node(w).orElseThrow()))
                            .append(" via ").append(ha.node(w).orElseThrow().ip()).append('\n');
                }
            }
            ok(lab.apply(write("10/routes", n, SimRuntime.ROUTES_UNIT_FILE, unit.toString()), null));
        }
        ok(lab.apply(SimFixtures.services("10/routes", routed, SimRuntime.ROUTES_UNIT), null));
    }

    @Test
    void runtimeReadyFailsUntilContainerdRunsWithTheLessonsConfig() throws Exception {
        ProbeResult before = lab.probe(new Probe.RuntimeReady(WORKERS));
        assertThat(before.ok()).isFalse();
        assertThat(before.problemLines().get(0)).startsWith("containerd was never started on worker1");
        solveRuntime(fixture("config-lesson.toml"));
        ProbeResult after = lab.probe(new Probe.RuntimeReady(WORKERS));
        assertThat(after.ok()).as(after.problems().toString()).isTrue();
        assertThat(after.summary()).isEqualTo("containerd ready on 2/2 nodes");
    }

    @Test
    void runtimeReadyNamesTheConfigTraps() throws Exception {
        solveRuntime(fixture("config-bin-dir-cgroupfs.toml"));
        ProbeResult r = lab.probe(new Probe.RuntimeReady(List.of("worker1")));
        assertThat(r.ok()).isFalse();
        assertThat(String.join("\n", r.problemLines())).contains("sets SystemdCgroup = false")
                .contains("deprecated cni bin_dir = '/opt/cni/bin'")
                .contains("containerd reports the deprecation io.containerd.deprecation/cri-cni-bin-dir");
    }

    @Test
    void cgroupV2PassesOnTheBoxesAndFailsOnAPoweredOffNode() {
        Probe.CgroupV2 p = new Probe.CgroupV2(WORKERS, List.of("cpu", "memory", "pids"));
        assertThat(lab.probe(p).ok()).isTrue();
        lab.powerOff("worker2");
        ProbeResult off = lab.probe(p);
        assertThat(off.ok()).isFalse();
        assertThat(off.problemLines()).containsExactly("worker2 is powered off (simulated). Try: heal worker2.");
    }

    @Test
    void podNetworkNeedsKernelSettingsOneConfigAndEveryRoute() throws Exception {
        Probe.PodNetwork p = new Probe.PodNetwork(WORKERS);
        solveRuntime(fixture("config-lesson.toml"));
        ProbeResult none = lab.probe(p);
        assertThat(none.ok()).isFalse();
        assertThat(String.join("\n", none.problemLines())).contains("worker1: /etc/cni/net.d holds no network config")
                .contains("master1 has no route to worker1's pods");
        solvePodNetwork();
        ProbeResult good = lab.probe(p);
        assertThat(good.ok()).as(good.problems().toString()).isTrue();
        assertThat(good.summary()).isEqualTo("pods reach each other across worker1, worker2 on 5/5 nodes");

        // a second config (a flannel leftover): the lexically first wins
        ok(lab.apply(write("x", "worker2", "/etc/cni/net.d/05-other.conf", "{}"), null));
        assertThat(lab.probe(p).problemLines()).anyMatch(s -> s.startsWith("worker2: /etc/cni/net.d holds 2 network"
                + " configs [05-other.conf, 10-bridge.conflist]; containerd loads only the first, 05-other.conf"));
    }

    @Test
    void podNetworkNamesIpForwardOffAndMissingBrNetfilter() throws Exception {
        solveRuntime(fixture("config-lesson.toml"));
        solvePodNetwork();
        ok(lab.apply(write("x", "worker1", SimRuntime.SYSCTL_FILE, "net.ipv4.ip_forward = 0\n"), null));
        ok(lab.apply(write("x", "worker1", SimRuntime.MODULES_FILE, "overlay\n"), null));
        String problems = String.join("\n", lab.probe(new Probe.PodNetwork(WORKERS)).problemLines());
        assertThat(problems).contains("worker1: net.ipv4.ip_forward = 0").contains("worker1: br_netfilter is not loaded");
        lab.stopUnits("master2", List.of(SimRuntime.ROUTES_UNIT));
        assertThat(lab.probe(new Probe.PodNetwork(WORKERS)).problemLines())
                .anyMatch(s -> s.contains("master2 has no route to worker2's pods"));
    }
}
