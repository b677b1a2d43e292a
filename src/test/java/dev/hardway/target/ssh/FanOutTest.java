package dev.hardway.target.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hardway.target.ExecOptions;
import dev.hardway.target.ExecResult;
import dev.hardway.target.FanOut;
import dev.hardway.target.FanOut.NodeResult;
import dev.hardway.target.TargetException;
import dev.hardway.target.TargetException.Kind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FanOutTest {

    static final List<String> NODES = List.of("n1", "n2", "n3", "n4");

    @TempDir
    Path tmp;

    TestSshServer server;
    SshTargetPool pool;

    @BeforeEach
    void start() throws Exception {
        server = new TestSshServer(tmp).start();
        pool = new SshTargetPool(NODES.stream().map(n -> server.endpoint(n, "root")).toList(),
                tmp.resolve("known_hosts"), SshOptions.DEFAULTS, null);
    }

    @AfterEach
    void stop() throws Exception {
        pool.close();
        server.close();
    }

    @Test
    void runsInParallelAndReturnsResultsInNodeOrder() throws Exception {
        // Every node first waits until all four have started (only possible when they run at the same time),
        // then n1 waits for n2 to finish, n2 for n3, n3 for n4: they finish in reverse order.
        List<String> lines = new CopyOnWriteArrayList<>();
        List<NodeResult<ExecResult>> results = new FanOut(pool).run(NODES, t -> {
            int i = Integer.parseInt(t.node().substring(1));
            String script = "touch " + tmp.resolve("started-" + t.node()) + "\n"
                    + "for n in 1 2 3 4; do until [ -e " + tmp + "/started-n$n ]; do sleep 0.01; done; done\n"
                    + (i < 4 ? "until [ -e " + tmp + "/done-n" + (i + 1) + " ]; do sleep 0.01; done\n" : "")
                    + "echo out-" + t.node() + "\n"
                    + "echo " + t.node() + " >> " + tmp.resolve("finish-order") + "\n"
                    + "touch " + tmp.resolve("done-" + t.node()) + "\n"
                    + "exit " + i;
            ExecResult r = t.exec(script, ExecOptions.timeout(Duration.ofSeconds(10)),
                    (node, stream, line) -> lines.add(node + ": " + line));
            return r;
        });
        assertThat(results).extracting(NodeResult::node).containsExactlyElementsOf(NODES);
        assertThat(results).allMatch(NodeResult::ok);
        assertThat(results).extracting(r -> r.result().exitCode()).containsExactly(1, 2, 3, 4);
        assertThat(results).extracting(r -> r.result().stdout()).containsExactly("out-n1\n", "out-n2\n",
                "out-n3\n", "out-n4\n");
        assertThat(lines).containsExactlyInAnyOrder("n4: out-n4", "n3: out-n3", "n2: out-n2", "n1: out-n1");
        assertThat(Files.readAllLines(tmp.resolve("finish-order"))).containsExactly("n4", "n3", "n2", "n1");
        assertThat(server.sessions.get()).isEqualTo(4); // one session per node
    }

    @Test
    void oneNodeFailingDoesNotStopTheOthers() {
        SshTargetPool mixed = new SshTargetPool(List.of(server.endpoint("good", "root"),
                new SshEndpoint("down", "127.0.0.1", 1, "root", server.userKeyFile), server.endpoint("good2", "root")),
                tmp.resolve("kh2"), SshOptions.DEFAULTS, null);
        try {
            List<NodeResult<ExecResult>> rs = new FanOut(mixed).run(mixed.nodes(), t -> t.exec("echo ok"));
            assertThat(rs).extracting(NodeResult::node).containsExactly("good", "down", "good2");
            assertThat(rs.get(0).result().stdout()).isEqualTo("ok\n");
            assertThat(rs.get(1).error().kind()).isEqualTo(Kind.REFUSED);
            assertThat(rs.get(2).result().stdout()).isEqualTo("ok\n");
        } finally {
            mixed.close();
        }
    }

    @Test
    void cancelStopsRunningNodesAndSkipsWaitingOnes() throws Exception {
        FanOut fan = new FanOut(pool, 2);
        CompletableFuture<Void> twoRunning = new CompletableFuture<>();
        List<String> started = new CopyOnWriteArrayList<>();
        CompletableFuture<List<NodeResult<ExecResult>>> run = CompletableFuture.supplyAsync(() ->
                fan.run(NODES, t -> t.exec("echo started\nsleep 30", ExecOptions.DEFAULT, (node, s, line) -> {
                    started.add(node);
                    if (started.size() == 2) {
                        twoRunning.complete(null);
                    }
                })));
        twoRunning.get(10, TimeUnit.SECONDS);
        fan.cancel();
        List<NodeResult<ExecResult>> rs = run.get(15, TimeUnit.SECONDS);
        assertThat(rs).extracting(NodeResult::node).containsExactlyElementsOf(NODES);
        assertThat(rs).allSatisfy(r -> assertThat(r.error()).isNotNull()
                .extracting(TargetException::kind).isEqualTo(Kind.CANCELLED));
        assertThat(rs.stream().filter(r -> r.error().getMessage().contains("before it started"))).hasSize(2);
        assertThat(started).hasSize(2);
    }
}
