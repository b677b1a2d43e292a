package dev.hardway.target.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hardway.target.ExecOptions;
import dev.hardway.target.ExecResult;
import dev.hardway.target.OutputListener;
import dev.hardway.target.TargetException;
import dev.hardway.target.TargetException.Kind;
import dev.hardway.target.local.LocalTarget;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SshTargetTest {

    @TempDir
    Path tmp;

    TestSshServer server;
    SshTargetPool pool;
    final List<String> firstContacts = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = new TestSshServer(tmp).start();
    }

    @AfterEach
    void stop() throws Exception {
        if (pool != null) {
            pool.close();
        }
        server.close();
    }

    private SshTarget target(String user) {
        pool = new SshTargetPool(List.of(server.endpoint("node1", user)), tmp.resolve("labs/x/known_hosts"),
                SshOptions.DEFAULTS.withConnectTimeout(Duration.ofSeconds(5)),
                (node, address, type, fp) -> firstContacts.add(node + " " + address + " " + type + " " + fp));
        return pool.target("node1");
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    @Test
    void execReturnsOutputAndExitCodes() throws Exception {
        SshTarget t = target("root");
        ExecResult ok = t.exec("echo hello; echo oops >&2");
        assertThat(ok.exitCode()).isZero();
        assertThat(ok.stdout()).isEqualTo("hello\n");
        assertThat(ok.stderr()).isEqualTo("oops\n"); // the pgid marker line is not part of stderr
        assertThat(ok.node()).isEqualTo("node1");
        assertThat(ok.duration()).isPositive();

        assertThat(t.exec("exit 3").exitCode()).isEqualTo(3);
        // set -euo pipefail is in force: a failing pipeline stops the script
        ExecResult failed = t.exec("false | true\necho not reached");
        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(failed.stdout()).isEmpty();
        assertThat(t.exec("echo $UNSET_VARIABLE").exitCode()).isNotZero();
    }

    @Test
    void streamsLinesInOrderPerStreamWhileRunning() throws Exception {
        SshTarget t = target("root");
        List<String> out = new CopyOnWriteArrayList<>();
        List<String> err = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> sawFirst = new CompletableFuture<>();
        OutputListener l = (node, stream, line) -> {
            (stream == OutputListener.Stream.STDOUT ? out : err).add(line);
            if (line.equals("o1")) {
                sawFirst.complete(null);
            }
        };
        // The script waits until a file appears, which the test creates only after it has seen the first line:
        // proves lines arrive while the command still runs.
        Path go = tmp.resolve("go");
        String script = "for i in 1 2 3; do echo o$i; echo e$i >&2; done\n"
                + "while [ ! -e " + go + " ]; do sleep 0.02; done\n"
                + "for i in 4 5 6; do echo o$i; echo e$i >&2; done\nprintf 'no newline'";
        CompletableFuture<ExecResult> r = CompletableFuture.supplyAsync(() -> {
            try {
                return t.exec(script, ExecOptions.DEFAULT, l);
            } catch (TargetException e) {
                throw new RuntimeException(e);
            }
        });
        sawFirst.get(10, TimeUnit.SECONDS);
        assertThat(r).isNotDone();
        Files.createFile(go);
        ExecResult res = r.get(10, TimeUnit.SECONDS);
        assertThat(out).containsExactly("o1", "o2", "o3", "o4", "o5", "o6", "no newline");
        assertThat(err).containsExactly("e1", "e2", "e3", "e4", "e5", "e6");
        assertThat(res.stdout()).isEqualTo("o1\no2\no3\no4\no5\no6\nno newline");
    }

    @Test
    void scriptArrivesIntactOnStdin() throws Exception {
        SshTarget t = target("root");
        String script = """
                x='single "double" $notexpanded `nobacktick`'
                printf '%s\\n' "$x"
                cat <<'EOF'
                heredoc $HOME "q" 'q' \\backslash
                EOF
                cat <<EOF
                expanded: $((6*7))
                EOF
                echo "ünïcödé ✓"
                """;
        ExecResult r = t.exec(script);
        assertThat(r.stderr()).isEmpty();
        assertThat(r.stdout()).isEqualTo("""
                single "double" $notexpanded `nobacktick`
                heredoc $HOME "q" 'q' \\backslash
                expanded: 42
                ünïcödé ✓
                """);
    }

    @Test
    void commandsReadingStdinDoNotEatTheScriptAndGetTheStdinOption() throws Exception {
        SshTarget t = target("root");
        ExecResult r = t.exec("read -r line || true\necho \"got [$line]\"\ncat\necho after",
                ExecOptions.DEFAULT.withStdin("first\nrest\n".getBytes(StandardCharsets.UTF_8)), OutputListener.NONE);
        assertThat(r.stdout()).isEqualTo("got [first]\nrest\nafter\n");
        // without stdin data, a command that reads stdin sees EOF instead of the rest of the script
        assertThat(t.exec("cat\necho still-here").stdout()).isEqualTo("still-here\n");
    }

    @Test
    void timeoutKillsTheRemoteProcessGroup() throws Exception {
        SshTarget t = target("root");
        Path pidFile = tmp.resolve("pid");
        assertThatThrownBy(() -> t.exec("echo $$ > " + pidFile + "\nsleep 30 &\necho $! >> " + pidFile + "\nwait",
                ExecOptions.timeout(Duration.ofMillis(500)), OutputListener.NONE))
                .isInstanceOfSatisfying(TargetException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.TIMED_OUT);
                    assertThat(e.getMessage()).contains("node1", "127.0.0.1:" + server.port(), "Try:");
                });
        List<Long> pids = Files.readAllLines(pidFile).stream().map(Long::parseLong).toList();
        assertThat(pids).hasSize(2);
        for (long pid : pids) {
            await("process " + pid + " to be gone",
                    () -> ProcessHandle.of(pid).map(ph -> !LocalTarget.running(ph)).orElse(true));
        }
        assertThat(t.exec("echo next").stdout()).isEqualTo("next\n");
        assertThat(server.sessions.get()).isEqualTo(1);
    }

    @Test
    void cancelFromAnotherThreadStopsTheCommandAndKeepsTheSession() throws Exception {
        SshTarget t = target("root");
        CompletableFuture<String> sleepPid = new CompletableFuture<>();
        CompletableFuture<Throwable> outcome = CompletableFuture.supplyAsync(() -> {
            try {
                t.exec("sleep 30 &\necho $!\nwait\necho never", ExecOptions.DEFAULT,
                        (n, s, line) -> sleepPid.complete(line));
                return null;
            } catch (TargetException e) {
                return e;
            }
        });
        long pid = Long.parseLong(sleepPid.get(10, TimeUnit.SECONDS));
        t.cancel();
        Throwable e = outcome.get(10, TimeUnit.SECONDS);
        assertThat(e).isInstanceOf(TargetException.class);
        assertThat(((TargetException) e).kind()).isEqualTo(Kind.CANCELLED);
        assertThat(e.getMessage()).contains("node1", "cancelled", "Try:");
        await("the remote sleep to be gone", () -> ProcessHandle.of(pid).map(ph -> !LocalTarget.running(ph))
                .orElse(true));
        assertThat(t.exec("echo again").stdout()).isEqualTo("again\n");
        assertThat(server.sessions.get()).isEqualTo(1);
    }

    @Test
    void oneSessionForManyCommands() throws Exception {
        SshTarget t = target("root");
        for (int i = 0; i < 10; i++) {
            assertThat(t.exec("echo " + i).stdout()).isEqualTo(i + "\n");
        }
        assertThat(server.sessions.get()).isEqualTo(1);
        assertThat(t.connectCount()).isEqualTo(1);
    }

    @Test
    void reconnectsWhenTheSessionDied() throws Exception {
        SshTarget t = target("root");
        assertThat(t.exec("echo 1").stdout()).isEqualTo("1\n");
        server.dropAllSessions();
        await("the client to notice", () -> !t.isConnected());
        assertThat(t.exec("echo 2").stdout()).isEqualTo("2\n");
        assertThat(server.sessions.get()).isEqualTo(2);
        // again without waiting: whether or not the client has noticed yet, the command runs exactly once
        server.dropAllSessions();
        assertThat(t.exec("echo 3 >> " + tmp.resolve("runs") + "; echo 3").stdout()).isEqualTo("3\n");
        assertThat(Files.readString(tmp.resolve("runs"))).isEqualTo("3\n");
        assertThat(server.sessions.get()).isEqualTo(3);
    }

    @Test
    void putSetsModeAndGetReadsBack() throws Exception {
        SshTarget t = target("root");
        Path file = tmp.resolve("etc/deep/dir/unit.service");
        byte[] content = "[Unit]\nDescription=x\n".getBytes(StandardCharsets.UTF_8);
        t.put(file.toString(), content, "0640", "root:root");
        assertThat(Files.readAllBytes(file)).isEqualTo(content);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r-----");
        assertThat(t.get(file.toString())).isEqualTo(content);
        // overwrite with another mode; no temporary files left behind
        t.put(file.toString(), "v2".getBytes(StandardCharsets.UTF_8), "0755", null);
        assertThat(Files.readString(file)).isEqualTo("v2");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rwxr-xr-x");
        try (var s = Files.list(file.getParent())) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("unit.service");
        }
        assertThatThrownBy(() -> t.get(tmp.resolve("missing").toString()))
                .isInstanceOfSatisfying(TargetException.class, e -> assertThat(e.getMessage()).contains("no such file"));
    }

    /**
     * A file SFTP may not read for the login user comes through sudo, whole even when its base64 is bigger than
     * what exec collects (16 MiB): lesson 05 copies the 23 MiB etcd binary from a Vagrant jumpbox this way.
     */
    @Test
    void getAsNonRootOfARootOnlyFileComesThroughSudoWholeEvenWhenLarge() throws Exception {
        SshTarget t = target("learner");
        Path dir = Files.createDirectories(tmp.resolve("root-only"));
        server.denySftp(dir);
        byte[] big = new byte[20 * 1024 * 1024];
        new java.util.Random(12).nextBytes(big);
        Path file = Files.write(dir.resolve("etcd"), big);
        assertThat(t.get(file.toString())).isEqualTo(big);
        Path small = Files.writeString(dir.resolve("ca-key.pem"), "key\n");
        assertThat(t.get(small.toString())).isEqualTo("key\n".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> t.get(dir.resolve("missing").toString())).isInstanceOf(TargetException.class);
    }

    @Test
    void putAsNonRootGoesThroughSudoInstall() throws Exception {
        SshTarget t = target("learner");
        Path file = tmp.resolve("opt/app/config.yaml");
        t.put(file.toString(), "a: 1\n".getBytes(StandardCharsets.UTF_8), "0600", "root");
        assertThat(Files.readString(file)).isEqualTo("a: 1\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(t.exec("echo as-learner").stdout()).isEqualTo("as-learner\n");
        try (var s = Files.list(Path.of("/tmp"))) {
            assertThat(s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".hardway-put-"))).isEmpty();
        }
    }

    @Test
    void firstContactIsRecordedAndReported() throws Exception {
        SshTarget t = target("root");
        t.exec("true");
        String kh = Files.readString(pool.knownHostsFile());
        assertThat(kh).startsWith("[127.0.0.1]:" + server.port() + " ssh-ed25519 AAAA");
        assertThat(firstContacts).containsExactly("node1 127.0.0.1:" + server.port() + " ssh-ed25519 "
                + server.hostKeyFingerprint());
        // second pool, same file: no new first contact
        pool.close();
        firstContacts.clear();
        target("root").exec("true");
        assertThat(firstContacts).isEmpty();
        assertThat(Files.readString(pool.knownHostsFile())).isEqualTo(kh);
    }

    @Test
    void changedHostKeyIsRefused() throws Exception {
        SshTarget t = target("root");
        t.exec("true");
        String oldFp = server.hostKeyFingerprint();
        server.restartWithNewHostKey();
        await("the client to notice the restart", () -> !t.isConnected());
        assertThatThrownBy(() -> t.exec("true"))
                .isInstanceOfSatisfying(TargetException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.HOST_KEY_MISMATCH);
                    assertThat(e.getMessage()).contains("node1", "127.0.0.1:" + server.port(), oldFp,
                            server.hostKeyFingerprint(), "ssh-keygen -R '[127.0.0.1]:" + server.port() + "'",
                            pool.knownHostsFile().toString());
                });
    }

    @Test
    void wrongKeyIsAuthFailed() throws Exception {
        Path otherKey = TestSshServer.writeKey(tmp.resolve("other"),
                org.apache.sshd.common.config.keys.KeyUtils.generateKeyPair("ssh-ed25519", 256));
        pool = new SshTargetPool(List.of(new SshEndpoint("node1", "127.0.0.1", server.port(), "kube", otherKey)),
                tmp.resolve("kh"), SshOptions.DEFAULTS, null);
        assertThatThrownBy(() -> pool.target("node1").exec("true"))
                .isInstanceOfSatisfying(TargetException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.AUTH_FAILED);
                    assertThat(e.getMessage()).contains("node1", "kube", otherKey.toString(), "Try:");
                });
    }

    @Test
    void closedPortIsRefused() throws Exception {
        int port;
        try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        pool = new SshTargetPool(List.of(new SshEndpoint("node9", "127.0.0.1", port, "root", server.userKeyFile)),
                tmp.resolve("kh"), SshOptions.DEFAULTS, null);
        assertThatThrownBy(() -> pool.target("node9").exec("true"))
                .isInstanceOfSatisfying(TargetException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.REFUSED);
                    assertThat(e.getMessage()).contains("node9", "127.0.0.1:" + port, "refused", "Try:")
                            .doesNotContain("\n");
                });
    }

    @Test
    void buildsTheRemoteCommandWithoutTheScript() {
        assertThat(SshTarget.remoteCommand(true)).isEqualTo("setsid -w bash -euo pipefail -s");
        assertThat(SshTarget.remoteCommand(false)).isEqualTo("sudo -n setsid -w bash -euo pipefail -s");
        assertThat(SshTarget.preferFirst("a,b,curve,c", "curve", "missing")).isEqualTo("curve,a,b,c");
    }

    @SuppressWarnings("unused")
    private static List<String> lines(String s) {
        return new ArrayList<>(List.of(s.split("\n")));
    }
}
