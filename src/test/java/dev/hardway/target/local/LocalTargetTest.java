package dev.hardway.target.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hardway.target.ExecOptions;
import dev.hardway.target.ExecResult;
import dev.hardway.target.OutputListener;
import dev.hardway.target.TargetException;
import dev.hardway.target.TargetException.Kind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalTargetTest {

    @TempDir
    Path tmp;

    LocalTarget local;

    @AfterEach
    void close() {
        if (local != null) {
            local.close();
        }
    }

    private LocalTarget target() {
        local = new LocalTarget("local", tmp, Map.of("HARDWAY_TEST_VAR", "from-env"));
        return local;
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

    static boolean gone(long pid) {
        return ProcessHandle.of(pid).map(ph -> !LocalTarget.running(ph)).orElse(true);
    }

    @Test
    void execWithEnvironmentWorkDirAndExitCodes() throws Exception {
        LocalTarget t = target();
        ExecResult r = t.exec("echo \"$HARDWAY_TEST_VAR\"; pwd; echo warn >&2; exit 4");
        assertThat(r.exitCode()).isEqualTo(4);
        assertThat(r.stdout()).isEqualTo("from-env\n" + tmp.toRealPath() + "\n");
        assertThat(r.stderr()).isEqualTo("warn\n");
        assertThat(t.exec("false | true; echo unreachable").exitCode()).isEqualTo(1); // pipefail + -e
    }

    @Test
    void scriptAndStdinArriveIntactAndStreamInOrder() throws Exception {
        LocalTarget t = target();
        List<String> out = new CopyOnWriteArrayList<>();
        String script = """
                v='a "b" $c `d`'
                echo "$v"
                cat <<'EOF'
                $HOME stays
                EOF
                read -r first
                echo "first=$first"
                cat
                """;
        ExecResult r = t.exec(script, ExecOptions.DEFAULT.withStdin("one\ntwo\n".getBytes(StandardCharsets.UTF_8)),
                (node, stream, line) -> {
                    if (stream == OutputListener.Stream.STDOUT) {
                        out.add(node + ":" + line);
                    }
                });
        assertThat(r.stdout()).isEqualTo("a \"b\" $c `d`\n$HOME stays\nfirst=one\ntwo\n");
        assertThat(out).containsExactly("local:a \"b\" $c `d`", "local:$HOME stays", "local:first=one", "local:two");
    }

    @Test
    void timeoutKillsTheProcessTree() throws Exception {
        LocalTarget t = target();
        Path pids = tmp.resolve("pids");
        assertThatThrownBy(() -> t.exec("echo $$ > pids; sleep 30 & echo $! >> pids; wait",
                ExecOptions.timeout(Duration.ofMillis(400)), OutputListener.NONE))
                .isInstanceOfSatisfying(TargetException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.TIMED_OUT);
                    assertThat(e.getMessage()).contains("local", "Try:");
                });
        for (String pid : Files.readAllLines(pids)) {
            await("pid " + pid + " gone", () -> gone(Long.parseLong(pid)));
        }
        assertThat(t.exec("echo next").stdout()).isEqualTo("next\n");
    }

    @Test
    void cancelFromAnotherThread() throws Exception {
        LocalTarget t = target();
        CompletableFuture<String> pid = new CompletableFuture<>();
        CompletableFuture<TargetException> outcome = CompletableFuture.supplyAsync(() -> {
            try {
                t.exec("sleep 30 & echo $!; wait", ExecOptions.DEFAULT, (n, s, line) -> pid.complete(line));
                return null;
            } catch (TargetException e) {
                return e;
            }
        });
        long sleepPid = Long.parseLong(pid.get(10, TimeUnit.SECONDS));
        t.cancel();
        assertThat(outcome.get(10, TimeUnit.SECONDS).kind()).isEqualTo(Kind.CANCELLED);
        await("sleep gone", () -> gone(sleepPid));
        assertThat(t.exec("echo again").stdout()).isEqualTo("again\n");
    }

    @Test
    void putAndGet() throws Exception {
        LocalTarget t = target();
        Path f = tmp.resolve("a/b/c.conf");
        t.put(f.toString(), "x=1\n".getBytes(StandardCharsets.UTF_8), "0600", null);
        assertThat(Files.readString(f)).isEqualTo("x=1\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------");
        assertThat(new String(t.get(f.toString()), StandardCharsets.UTF_8)).isEqualTo("x=1\n");
        assertThatThrownBy(() -> t.get(tmp.resolve("nope").toString()))
                .isInstanceOfSatisfying(TargetException.class, e -> assertThat(e.kind()).isEqualTo(Kind.IO));
        assertThat(LocalTarget.permissions("0754").toString()).contains("OWNER_EXECUTE", "GROUP_READ",
                "OTHERS_READ").doesNotContain("GROUP_WRITE", "OTHERS_EXECUTE");
    }
}
