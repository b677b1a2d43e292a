package dev.hardway.target.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hardway.target.ExecOptions;
import dev.hardway.target.ExecResult;
import dev.hardway.target.FanOut;
import dev.hardway.target.OutputListener;
import dev.hardway.target.TargetException;
import dev.hardway.target.TargetException.Kind;
import dev.hardway.testbed.RequiresTestBed;
import dev.hardway.testbed.TestBed;
import dev.hardway.testbed.TestBedSsh;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SshTarget} against the test bed's real sshd (OpenSSH in a node with systemd as PID 1): the pool is built
 * from the lab's cluster.yaml like the shell builds it, with known_hosts in a temp dir. Tests that break a node
 * (poweroff, isolate) repair it in {@code finally}; commands they start are gone afterwards.
 */
@RequiresTestBed
class SshTargetIT {

    /** Bound for commands that should be quick. */
    private static final ExecOptions QUICK = ExecOptions.timeout(Duration.ofSeconds(30));

    @TempDir
    Path tmp;

    @Test
    void fanOutReachesEveryNodeInParallelAndReturnsResultsInNodeOrder(TestBed bed) throws Exception {
        try (SshTargetPool pool = TestBedSsh.trustedPool(bed, tmp)) {
            List<String> nodes = bed.nodeNames();
            assertEquals(11, nodes.size(), "the test bed has 11 nodes (8 + elb1, elb2, router)");
            // Sessions first, so the fan-out below measures the commands, not eight handshakes.
            new FanOut(pool).run(nodes, t -> {
                ((SshTarget) t).connect();
                return null;
            }).forEach(r -> assertTrue(r.ok(), () -> r.node() + ": " + r.error().getMessage()));

            // Each node notes when its command started and ended (all nodes share the kernel's clock). Run one
            // after another, no two intervals could overlap; in parallel, every start precedes every end.
            // (all nodes at once: the test bed has more nodes than FanOut.DEFAULT_PARALLELISM, 8)
            List<FanOut.NodeResult<ExecResult>> results = new FanOut(pool, nodes.size()).run(nodes,
                    t -> t.exec("date +%s%N; hostname; sleep 1; date +%s%N", QUICK, OutputListener.NONE));

            assertThat(results).extracting(FanOut.NodeResult::node).containsExactlyElementsOf(nodes);
            long latestStart = Long.MIN_VALUE;
            long earliestEnd = Long.MAX_VALUE;
            for (FanOut.NodeResult<ExecResult> r : results) {
                assertTrue(r.ok(), () -> r.node() + ": " + r.error().getMessage());
                String[] lines = r.result().stdout().strip().split("\n");
                assertEquals(3, lines.length, r.result().stdout());
                assertEquals(r.node(), lines[1], "each node answers with its own hostname");
                latestStart = Math.max(latestStart, Long.parseLong(lines[0]));
                earliestEnd = Math.min(earliestEnd, Long.parseLong(lines[2]));
            }
            assertThat(latestStart).as("the last node started before the first one finished: they overlapped")
                    .isLessThan(earliestEnd);
            // One session per node, reused by the second fan-out.
            for (String n : nodes) {
                assertEquals(1, pool.target(n).connectCount(), n + " kept its session");
            }
        }
    }

    @Test
    void outputStreamsLineByLineInOrderWhileTheCommandStillRuns(TestBed bed) throws Exception {
        String node = "master1";
        String gate = "/tmp/hardway-it-stream-" + ProcessHandle.current().pid();
        // Line i is printed, then the script waits until the test has seen it (it creates gate.i in the node).
        // If output were only delivered at the end, this would never finish.
        String script = "rm -f " + gate + ".*\n"
                + "for i in 1 2 3 4 5; do\n"
                + "  echo \"line $i\"; echo \"err $i\" >&2\n"
                + "  n=0; while [ ! -e " + gate + ".$i ]; do sleep 0.05; n=$((n+1)); [ $n -lt 400 ] || exit 7; done\n"
                + "done\n"
                + "rm -f " + gate + ".*\n"
                + "echo done\n";
        BlockingQueue<String> stdout = new LinkedBlockingQueue<>();
        List<String> stderr = java.util.Collections.synchronizedList(new ArrayList<>());
        OutputListener listener = (n, stream, line) -> {
            assertEquals(node, n);
            if (stream == OutputListener.Stream.STDOUT) {
                stdout.add(line);
            } else {
                stderr.add(line);
            }
        };
        try (SshTargetPool pool = TestBedSsh.trustedPool(bed, tmp)) {
            SshTarget t = pool.target(node);
            CompletableFuture<ExecResult> run = CompletableFuture.supplyAsync(() -> {
                try {
                    return t.exec(script, QUICK, listener);
                } catch (TargetException e) {
                    throw new IllegalStateException(e);
                }
            });
            for (int i = 1; i <= 5; i++) {
                String line = stdout.poll(30, TimeUnit.SECONDS);
                assertEquals("line " + i, line, "lines arrive in order");
                assertThat(run).as("the command is still running when line %d arrives", i).isNotDone();
                dev.hardway.testbed.ExecResult touched = bed.exec(node, "touch", gate + "." + i);
                assertTrue(touched.ok(), touched::toString);
            }
            ExecResult r = run.get(30, TimeUnit.SECONDS);
            assertEquals(0, r.exitCode(), r::toString);
            assertEquals("done", stdout.poll(5, TimeUnit.SECONDS));
            assertEquals("line 1\nline 2\nline 3\nline 4\nline 5\ndone\n", r.stdout());
            assertEquals(List.of("err 1", "err 2", "err 3", "err 4", "err 5"), stderr, "stderr in order too");
            assertEquals("err 1\nerr 2\nerr 3\nerr 4\nerr 5\n", r.stderr(), "the pgid marker line is not shown");
        } finally {
            bed.sh(node, "rm -f " + gate + ".*");
        }
    }

    @Test
    void putWritesContentModeAndOwnerAndGetReadsItBack(TestBed bed) throws Exception {
        String node = "master2";
        String dir = "/tmp/hardway-it-put-" + ProcessHandle.current().pid();
        byte[] binary = new byte[70_000]; // every byte value, more than one SFTP packet
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) (i * 31);
        }
        String text = "key: 'quoted' $HOME `x`\nline two\n";
        try (SshTargetPool pool = TestBedSsh.trustedPool(bed, tmp)) {
            SshTarget t = pool.target(node);
            t.put(dir + "/sub/config.yaml", text.getBytes(StandardCharsets.UTF_8), "0640", "nobody:nogroup");
            t.put(dir + "/blob", binary, "0600", null);
            t.put(dir + "/run.sh", "#!/bin/sh\necho ran\n".getBytes(StandardCharsets.UTF_8), "0755", "daemon");

            ExecResult st = t.exec("cd " + dir + " && stat -c '%n %a %U:%G' sub/config.yaml blob run.sh && ./run.sh"
                    + " && ls -A sub", QUICK, OutputListener.NONE);
            assertEquals(0, st.exitCode(), st::toString);
            assertEquals("sub/config.yaml 640 nobody:nogroup\nblob 600 root:root\nrun.sh 755 daemon:root\nran\n"
                    + "config.yaml\n", st.stdout(), "mode and owner set, parent created, no temporary file left");
            // And as the node itself sees it, without ssh:
            assertEquals("640 nobody:nogroup", bed.exec(node, "stat", "-c", "%a %U:%G", dir + "/sub/config.yaml").out());

            assertEquals(text, new String(t.get(dir + "/sub/config.yaml"), StandardCharsets.UTF_8));
            assertThat(t.get(dir + "/blob")).isEqualTo(binary);
            TargetException missing = assertThrows(TargetException.class, () -> t.get(dir + "/nope"));
            assertEquals(Kind.IO, missing.kind());
            assertThat(missing.getMessage()).contains(node, "no such file", dir + "/nope");
        } finally {
            bed.exec(node, "rm", "-rf", dir);
        }
    }

    @Test
    void aCommandPastItsTimeoutIsKilledWithItsChildren(TestBed bed) throws Exception {
        String node = "master3";
        try (SshTargetPool pool = TestBedSsh.trustedPool(bed, tmp)) {
            SshTarget t = pool.target(node);
            TargetException e = assertThrows(TargetException.class, () -> t.exec(
                    "sleep 1201 & sleep 1202; wait", ExecOptions.timeout(Duration.ofSeconds(1)), OutputListener.NONE));
            assertEquals(Kind.TIMED_OUT, e.kind(), e::getMessage);
            assertThat(e.getMessage()).contains(node, "10.240.0.13:22", "1.0 s", "killed");
            // The kill is done when exec returns: the very next command finds neither sleep.
            ExecResult p = t.exec("pgrep -f 'sleep 120[12]' || echo none", QUICK, OutputListener.NONE);
            assertEquals("none\n", p.stdout(), "both sleeps (the foreground one and its sibling) are gone");
            assertEquals(1, t.connectCount(), "the session survived the kill");
        } finally {
            bed.exec(node, "pkill", "-f", "sleep 120[12]");
        }
    }

    @Test
    void cancelFromAnotherThreadStopsTheCommandAndTheTargetStaysUsable(TestBed bed) throws Exception {
        String node = "lb1";
        try (SshTargetPool pool = TestBedSsh.trustedPool(bed, tmp)) {
            SshTarget t = pool.target(node);
            BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            CompletableFuture<ExecResult> run = CompletableFuture.supplyAsync(() -> {
                try {
                    return t.exec("echo started; sleep 1203; echo not-reached", QUICK,
                            (n, s, line) -> lines.add(line));
                } catch (TargetException e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            });
            assertEquals("started", lines.poll(20, TimeUnit.SECONDS));
            t.cancel(); // as the Ctrl-C handler does
            TargetException e = unwrap(run);
            assertEquals(Kind.CANCELLED, e.kind(), e::getMessage);
            assertThat(e.getMessage()).contains(node, "cancelled");
            assertThat(lines).doesNotContain("not-reached");

            ExecResult next = t.exec("hostname; pgrep -f 'sleep 1203' || echo none", QUICK, OutputListener.NONE);
            assertEquals(node + "\nnone\n", next.stdout(), "next command works; the sleep is gone");
        } finally {
            bed.exec(node, "pkill", "-f", "sleep 1203");
        }
    }

    @Test
    void aChangedHostKeyIsRefusedNamingTheNodeAndBothFingerprints(TestBed bed) throws Exception {
        String node = "master2";
        String ip = bed.ip(node);
        // known_hosts says master2 has master1's key: what a rebuilt VM (or a man in the middle) looks like.
        String wrongKey = TestBedSsh.hostKey(bed, "master1");
        Path kh = Files.writeString(tmp.resolve("known_hosts"), ip + " ssh-ed25519 " + wrongKey + "\n");
        try (SshTargetPool pool = new SshTargetPool(TestBedSsh.endpoints(bed), kh, SshOptions.DEFAULTS, null)) {
            TargetException e = assertThrows(TargetException.class, () -> pool.target(node).exec("hostname"));
            assertEquals(Kind.HOST_KEY_MISMATCH, e.kind(), e::getMessage);
            assertEquals(node, e.node());
            assertThat(e.getMessage()).contains(node, ip + ":22", TestBedSsh.fingerprint(wrongKey),
                    TestBedSsh.fingerprint(TestBedSsh.hostKey(bed, node)), "ssh-keygen -R " + ip, kh.toString());
            // Nothing was run and nothing was trusted: the file still holds only the wrong key.
            assertEquals(ip + " ssh-ed25519 " + wrongKey + "\n", Files.readString(kh));
            // The other nodes are unaffected (and trusted on first use).
            assertEquals("master3\n", pool.target("master3").exec("hostname").stdout());
        }
    }

    @Test
    void firstContactTrustsAndRecordsTheKeyAndReportsItsFingerprint(TestBed bed) throws Exception {
        String node = "jumpbox";
        String ip = bed.ip(node);
        Path kh = tmp.resolve("labs/testbed/known_hosts"); // does not exist yet, nor does its directory
        List<String> seen = new ArrayList<>();
        HostKeyListener listener = (n, address, type, fp) -> seen.add(n + " " + address + " " + type + " " + fp);
        String expected = TestBedSsh.fingerprint(TestBedSsh.hostKey(bed, node));
        try (SshTargetPool pool = new SshTargetPool(TestBedSsh.endpoints(bed), kh, SshOptions.DEFAULTS, listener)) {
            assertEquals(node + "\n", pool.target(node).exec("hostname").stdout());
        }
        assertEquals(List.of(node + " " + ip + ":22 ssh-ed25519 " + expected), seen);
        assertThat(Files.readString(kh)).contains(ip + " ssh-ed25519 " + TestBedSsh.hostKey(bed, node));
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(kh)));

        // Second contact: known, so not reported again, and the file is not appended to.
        long size = Files.size(kh);
        try (SshTargetPool pool = new SshTargetPool(TestBedSsh.endpoints(bed), kh, SshOptions.DEFAULTS, listener)) {
            assertEquals(node + "\n", pool.target(node).exec("hostname").stdout());
        }
        assertEquals(1, seen.size());
        assertEquals(size, Files.size(kh));
    }

    @Test
    void aPoweredOffNodeIsReportedUnreachableWithNodeAndAddress(TestBed bed) throws Exception {
        String node = "lb2";
        String address = bed.ip(node) + ":22";
        SshOptions quick = SshOptions.DEFAULTS.withConnectTimeout(Duration.ofSeconds(3));
        try (SshTargetPool pool = TestBedSsh.trustedPool(bed, tmp, quick)) {
            SshTarget warm = pool.target(node);
            assertEquals(node + "\n", warm.exec("hostname").stdout());
            bed.poweroff(node);

            // A new pool (a later hardway command): the connect fails.
            try (SshTargetPool cold = TestBedSsh.trustedPool(bed, tmp.resolve("cold"), quick)) {
                TargetException e = assertThrows(TargetException.class, () -> cold.target(node).exec("hostname"));
                assertThat(e.kind()).as(e.getMessage()).isIn(Kind.UNREACHABLE, Kind.REFUSED);
                assertEquals(node, e.node());
                assertThat(e.getMessage()).contains(node, address, "Try:");
            }
            // The warm session of the running shell: its TCP connection leads nowhere now; the command fails
            // (lost connection, or a reconnect that fails) and does not hang.
            TargetException e = assertThrows(TargetException.class,
                    () -> warm.exec("hostname", ExecOptions.timeout(Duration.ofSeconds(10)), OutputListener.NONE));
            assertThat(e.getMessage()).contains(node, address);
        } finally {
            bed.boot(node);
        }
        try (SshTargetPool pool = TestBedSsh.trustedPool(bed, tmp.resolve("after"))) {
            assertEquals(node + "\n", pool.target(node).exec("hostname").stdout(), "back after boot");
        }
    }

    @Test
    void aPartitionDuringACommandEndsWithAClearErrorAndTheNextCommandWorksAfterHealing(TestBed bed)
            throws Exception {
        String node = "worker1";
        Duration timeout = Duration.ofSeconds(4);
        try (SshTargetPool pool = TestBedSsh.trustedPool(bed, tmp,
                SshOptions.DEFAULTS.withConnectTimeout(Duration.ofSeconds(3)))) {
            SshTarget t = pool.target(node);
            BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            long[] ended = new long[1];
            CompletableFuture<ExecResult> run = CompletableFuture.supplyAsync(() -> {
                try {
                    return t.exec("echo started; sleep 1204", ExecOptions.timeout(timeout),
                            (n, s, line) -> lines.add(line));
                } catch (TargetException e) {
                    throw new java.util.concurrent.CompletionException(e);
                } finally {
                    ended[0] = System.nanoTime();
                }
            });
            assertEquals("started", lines.poll(20, TimeUnit.SECONDS));
            long isolatedAt = System.nanoTime();
            bed.isolate(node);
            TargetException e;
            try {
                e = unwrap(run);
            } finally {
                bed.unisolate(node);
            }
            // the kill cannot reach the node: unreachable (exit 3), not a command that was too slow
            assertThat(e.kind()).as(e.getMessage()).isIn(Kind.UNREACHABLE, Kind.IO);
            assertThat(e.getMessage()).contains(node, bed.ip(node) + ":22", "Try:");
            Duration took = Duration.ofNanos(ended[0] - isolatedAt);
            // The error comes at the command's timeout (plus the bounded attempt to kill it), not after TCP's
            // retransmission give-up (minutes).
            assertThat(took).as("error after the partition: " + e.getMessage())
                    .isLessThan(timeout.plus(SshOptions.DEFAULTS.killGrace()).plusSeconds(3));

            ExecResult next = t.exec("hostname", ExecOptions.timeout(Duration.ofSeconds(20)), OutputListener.NONE);
            assertEquals(node + "\n", next.stdout(), "the next command after unisolate works");
        } finally {
            bed.unisolate(node);
            bed.exec(node, "pkill", "-f", "sleep 1204");
        }
    }

    private static TargetException unwrap(CompletableFuture<?> run) throws InterruptedException, TimeoutException {
        try {
            Object r = run.get(60, TimeUnit.SECONDS);
            return fail("expected a TargetException, got " + r);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            while (c != null && !(c instanceof TargetException)) {
                c = c.getCause();
            }
            if (c == null) {
                throw new AssertionError("expected a TargetException", e);
            }
            return (TargetException) c;
        }
    }
}
