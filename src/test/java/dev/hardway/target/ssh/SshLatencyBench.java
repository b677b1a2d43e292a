package dev.hardway.target.ssh;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Not run by default (name does not end in Test). Cold connect + first command vs. commands on a warm session
 * against the in-JVM server: {@code ./mvnw -q -B test -Dtest=SshLatencyBench -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class SshLatencyBench {

    @TempDir
    Path tmp;

    @Test
    void measure() throws Exception {
        try (TestSshServer server = new TestSshServer(tmp).start()) {
            List<Long> cold = new ArrayList<>();
            List<Long> warm = new ArrayList<>();
            for (int round = 0; round < 12; round++) {
                try (SshTargetPool pool = new SshTargetPool(List.of(server.endpoint("n", "root")),
                        tmp.resolve("kh"), SshOptions.DEFAULTS, null)) {
                    SshTarget t = pool.target("n");
                    long t0 = System.nanoTime();
                    t.exec("true");
                    cold.add(System.nanoTime() - t0);
                    for (int i = 0; i < 20; i++) {
                        long t1 = System.nanoTime();
                        t.exec("true");
                        warm.add(System.nanoTime() - t1);
                    }
                }
            }
            // skip JIT warm-up rounds
            System.out.printf("cold connect+exec median %.1f ms; warm exec median %.1f ms (n=%d)%n",
                    median(cold.subList(2, cold.size())), median(warm.subList(40, warm.size())), warm.size() - 40);
            long t0 = System.nanoTime();
            for (int i = 0; i < 20; i++) {
                new ProcessBuilder("bash", "-c", "setsid -w bash -euo pipefail -s </dev/null").start().waitFor();
            }
            System.out.printf("local fork of setsid+bash alone: %.1f ms%n", (System.nanoTime() - t0) / 20 / 1e6);
        }
    }

    private static double median(List<Long> xs) {
        List<Long> s = new ArrayList<>(xs);
        s.sort(null);
        return s.get(s.size() / 2) / 1e6;
    }
}
