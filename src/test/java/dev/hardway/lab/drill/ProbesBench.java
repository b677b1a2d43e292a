package dev.hardway.lab.drill;

import dev.hardway.HardwayHome;
import dev.hardway.lab.check.Checks;
import dev.hardway.lab.check.Verdict;
import dev.hardway.lab.fault.FaultStore;
import dev.hardway.lab.inspect.EtcdReport;
import dev.hardway.lab.inspect.RealInspector;
import dev.hardway.target.ExecOptions;
import dev.hardway.target.OutputListener;
import dev.hardway.testbed.TestBed;
import dev.hardway.testbed.TestBedUnavailableException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * bench/probes: {@code inspect etcd} and {@code check vip} on the test bed (3 masters with TLS etcd, 2 LBs with
 * haproxy + keepalived) with warm SSH sessions, against the anchor of one bare warm {@code exec("true")} on one
 * node, all measured interleaved in the same run. Prints medians; the goal is at most 300 ms each.
 */
public final class ProbesBench {

    public static void main(String[] args) throws Exception {
        int runs = Integer.parseInt(System.getProperty("runs", "15"));
        TestBed bed;
        try {
            bed = TestBed.get();
        } catch (TestBedUnavailableException e) {
            System.err.println("bench/probes: " + e.getMessage());
            System.exit(2);
            return;
        }
        Path work = Files.createTempDirectory("hardway-probes-bench");
        TestBedLab lab = new TestBedLab(bed, work.resolve("pki"));
        try {
            lab.installEtcd();
            lab.installLbs();
            FaultStore store = FaultStore.of(new HardwayHome(work.resolve("home")), lab.cluster.name());
            RealInspector inspector = new RealInspector(lab.cluster, lab.pool, store, Clock.systemUTC());
            Checks checks = new Checks(inspector);
            if (!TestBed.poll(Duration.ofSeconds(30), () -> inspector.etcd().status().healthyCount() == 3)
                    || !TestBed.poll(Duration.ofSeconds(20), () -> checks.vip().ok())) {
                System.err.println("bench/probes: etcd or the VIP did not come up: " + inspector.etcd().problems()
                        + " " + checks.vip());
                System.exit(1);
            }
            Map<String, List<Double>> ms = new LinkedHashMap<>();
            String anchor = "anchor: one warm exec(\"true\") on master1";
            String etcd = "inspect etcd (1 round trip to a master, etcdctl x3 concurrently)";
            String vip = "check vip (lb1, lb2, jumpbox in parallel, 1 round trip each)";
            for (String k : List.of(anchor, etcd, vip)) {
                ms.put(k, new ArrayList<>());
            }
            for (int i = -3; i < runs; i++) { // 3 warm-up rounds: JIT, sessions
                boolean count = i >= 0;
                time(count, ms.get(anchor), () -> lab.pool.target("master1").exec("true",
                        ExecOptions.timeout(Duration.ofSeconds(10)), OutputListener.NONE));
                time(count, ms.get(etcd), () -> {
                    EtcdReport e = inspector.etcd();
                    if (e.status().healthyCount() != 3) {
                        throw new IllegalStateException("etcd not healthy: " + e.problems());
                    }
                });
                time(count, ms.get(vip), () -> {
                    Verdict v = checks.vip();
                    if (!v.ok()) {
                        throw new IllegalStateException("check vip failed: " + v);
                    }
                });
            }
            System.out.printf("bench/probes: %d runs each, warm sessions, load average %s%n", runs, load());
            double a = median(ms.get(anchor));
            for (Map.Entry<String, List<Double>> e : ms.entrySet()) {
                double m = median(e.getValue());
                System.out.printf("  %-66s median %6.1f ms  (min %6.1f, max %6.1f)  %5.1f x anchor%s%n", e.getKey(), m,
                        e.getValue().stream().mapToDouble(d -> d).min().orElse(0),
                        e.getValue().stream().mapToDouble(d -> d).max().orElse(0), m / a,
                        e.getKey().equals(anchor) ? "" : m <= 300 ? "  (goal <= 300 ms: met)" : "  (goal <= 300 ms: MISSED)");
            }
        } finally {
            lab.teardown();
        }
    }

    interface Body {
        void run() throws Exception;
    }

    static void time(boolean count, List<Double> into, Body b) throws Exception {
        long t0 = System.nanoTime();
        b.run();
        if (count) {
            into.add((System.nanoTime() - t0) / 1e6);
        }
    }

    static double median(List<Double> l) {
        List<Double> s = new ArrayList<>(l);
        s.sort(Double::compare);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (Exception e) {
            return "?";
        }
    }
}
