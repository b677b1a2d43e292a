package dev.hardway.lab.drill;

import dev.hardway.HardwayHome;
import dev.hardway.cluster.ClusterModel;
import dev.hardway.lab.StepAction;
import dev.hardway.lab.StepAction.NodeAction;
import dev.hardway.lab.StepOutcome;
import dev.hardway.lab.check.Checks;
import dev.hardway.lab.fault.FaultStore;
import dev.hardway.lab.fault.SimFaults;
import dev.hardway.lab.inspect.SimInspector;
import dev.hardway.lab.sim.SimLab;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * One "process" of the shell on the simulated lab: every call opens the lab, its inspector, checks and faults
 * afresh from the files under HARDWAY_HOME, as separate one-shot commands ({@code ./hardway break master2}) do.
 */
final class SimDrills {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T06:00:00Z"), ZoneOffset.UTC);
    static final List<String> MASTERS = List.of("master1", "master2", "master3");
    static final List<String> LBS = List.of("lb1", "lb2");
    static final List<String> WORKERS = List.of("worker1", "worker2");

    final ClusterModel cluster;
    final HardwayHome home;

    SimDrills(ClusterModel cluster, HardwayHome home) {
        this.cluster = cluster;
        this.home = home;
    }

    /** A fresh process: lab, store, inspector, checks and faults opened from disk. */
    Shell process() {
        SimLab lab = new SimLab(cluster, home);
        FaultStore store = FaultStore.of(home, cluster.name());
        SimInspector inspector = new SimInspector(lab, store);
        return new Shell(lab, store, inspector, new Checks(inspector), new SimFaults(lab, store, CLOCK));
    }

    record Shell(SimLab lab, FaultStore store, SimInspector inspect, Checks check, SimFaults faults) {
    }

    static StepAction services(String label, List<String> nodes, String... units) {
        List<NodeAction> out = new ArrayList<>();
        for (String n : nodes) {
            out.add(new NodeAction(n, dev.hardway.lab.sim.SimFixtures.controlPlaneFiles(units), List.of(),
                    "systemctl enable --now " + String.join(" ", units), List.of(), List.of(units)));
        }
        return new StepAction(label, out);
    }

    static StepAction files(String label, String node, String... paths) {
        return new StepAction(label, List.of(new NodeAction(node, List.of(new StepAction.FileWrite(paths[0],
                "x".getBytes(StandardCharsets.UTF_8), "0644", null)), List.of(), "", List.of(paths), List.of())));
    }

    /** The HA lab after the lessons up to the workers (etcd, API servers, LB pair, kubelets). */
    void buildAll() {
        SimLab lab = process().lab();
        ok(lab.apply(services("etcd/start", MASTERS, "etcd"), null));
        ok(lab.apply(services("control-plane/start", MASTERS, "kube-apiserver", "kube-controller-manager",
                "kube-scheduler"), null));
        ok(lab.apply(services("api-lb/start", LBS, "haproxy", "keepalived"), null));
        ok(lab.apply(services("workers/start", WORKERS, "containerd", "kubelet", "kube-proxy"), null));
    }

    static void ok(StepOutcome o) {
        if (!o.ok()) {
            throw new AssertionError("step failed: " + o.failed());
        }
    }
}
