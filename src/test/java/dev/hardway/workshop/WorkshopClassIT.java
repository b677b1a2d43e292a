package dev.hardway.workshop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A class as separate processes of the packaged shell on loopback: the instructor's {@code workshop serve}, learner
 * ada (one command per process) and learner bob (an interactive shell, commands on its stdin). Their progress in
 * their own simulated labs shows on the dashboard API; then the server is killed (SIGKILL), bob keeps working
 * (his events queue on disk), bob's shell is killed with SIGKILL, the server comes back (same class, same tokens,
 * what it acknowledged replayed from its log) and bob's
 * next shell delivers the queue: every event arrives, none twice. {@code workshop open} / {@code say} from the
 * instructor's other shell reach ada.
 */
class WorkshopClassIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String JAR = System.getenv().getOrDefault("HARDWAY_JAR", "target/hardway.jar");

    @TempDir
    Path dir;
    final List<Process> started = new ArrayList<>();

    @AfterEach
    void stop() {
        started.forEach(Process::destroyForcibly);
    }

    ProcessBuilder shell(String who, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("HARDWAY_HOME", dir.resolve(who).toString());
        pb.environment().put("HARDWAY_CLUSTER", "ha");
        pb.environment().put("HARDWAY_PROJECT_DIR", Path.of("").toAbsolutePath().toString());
        pb.environment().put("NO_COLOR", "1");
        pb.environment().remove("HARDWAY_PROVIDER");
        return pb;
    }

    String run(String who, String... args) throws Exception {
        Process p = shell(who, args).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(who + ": " + String.join(" ", args) + "\n" + out).isZero();
        return out;
    }

    /** A long-running process whose output is collected as it comes. */
    final class Live {
        final Process p;
        final StringBuffer out = new StringBuffer();
        final Writer in;

        Live(ProcessBuilder pb) throws Exception {
            p = pb.start();
            started.add(p);
            in = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8);
            Thread t = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String l; (l = r.readLine()) != null; ) {
                        out.append(l).append('\n');
                    }
                } catch (Exception ignored) {
                    // the process ended
                }
            });
            t.setDaemon(true);
            t.start();
        }

        void type(String line) throws Exception {
            in.write(line + "\n");
            in.flush();
        }

        String waitFor(String text) throws Exception {
            for (int i = 0; i < 300 && !out.toString().contains(text); i++) {
                assertThat(p.isAlive() || out.toString().contains(text)).as(out.toString()).isTrue();
                Thread.sleep(100);
            }
            assertThat(out.toString()).contains(text);
            return out.toString();
        }
    }

    static String group(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as(regex + " in\n" + text).isTrue();
        return m.group(1);
    }

    String url;
    String instructorToken;

    Live serve(int port) throws Exception {
        Live s = new Live(shell("instructor", "workshop", "serve", "--port", Integer.toString(port), "--bind",
                "127.0.0.1"));
        String out = s.waitFor("Serving until Ctrl-C.");
        url = group(out, "Workshop server at (http://\\S+)");
        instructorToken = group(out, "/\\?token=(\\S+)");
        return s;
    }

    JsonNode row(String name) throws Exception {
        JsonNode c = JSON.readTree(Http.get(url + "/api/class", instructorToken).body());
        for (JsonNode r : c.get("rows")) {
            if (r.get("name").asText().equals(name)) {
                return r;
            }
        }
        return null;
    }

    JsonNode until(String name, Predicate<JsonNode> ok) throws Exception {
        JsonNode r = null;
        for (int i = 0; i < 150; i++) {
            r = row(name);
            if (r != null && ok.test(r)) {
                return r;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(name + " never got there on the dashboard: " + r);
    }

    static int freePort() throws Exception {
        try (ServerSocket ss = new ServerSocket(0)) {
            return ss.getLocalPort();
        }
    }

    @Test
    void twoLearnerShellsProgressOnTheDashboardAndAKilledOnesQueueArrivesExactlyOnce() throws Exception {
        long t0 = System.nanoTime();
        assertThat(Path.of(JAR)).as("the packaged jar (mvn package)").exists();
        int port = freePort();
        Live server = serve(port);
        String classToken = group(server.out.toString(), "--token (\\S+)");

        // ada: one command per process
        assertThat(run("ada", "workshop", "join", url, "--name", "ada", "--token", classToken))
                .contains("Joined " + url + " as ada");
        run("ada", "lesson", "start", "00-machines");
        run("ada", "lesson", "next");
        run("ada", "lesson", "hint");
        // bob: one interactive shell, commands on its stdin
        Live bob = new Live(shell("bob"));
        bob.type("workshop join " + url + " --name bob --token " + classToken);
        bob.waitFor("Joined " + url + " as bob");
        bob.type("lesson start 00-machines");
        bob.type("lesson next");
        JsonNode b = until("bob", r -> "00-machines".equals(r.path("lesson").asText(null))
                && !r.path("step").isNull() && r.get("state").asText().equals("working"));
        JsonNode a = until("ada", r -> r.get("hints").asInt() == 1);
        assertThat(a.get("lesson").asText()).isEqualTo("00-machines");
        assertThat(a.get("preset").asText()).isEqualTo("ha");
        String bobStep = b.get("step").asText();

        // the server dies (SIGKILL: no compaction at stop, what it acknowledged comes back from its log); bob works
        // on: two hints and a step, queued on disk
        server.p.destroyForcibly();
        assertThat(server.p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        bob.type("lesson hint");
        bob.type("lesson hint");
        bob.type("lesson next");
        Path queue = dir.resolve("bob/workshop/queue.jsonl");
        for (int i = 0; i < 200 && (!Files.exists(queue) || Files.readAllLines(queue).size() < 4); i++) {
            Thread.sleep(100);
        }
        assertThat(Files.readAllLines(queue)).as(bob.out.toString()).hasSizeGreaterThanOrEqualTo(4);
        bob.p.destroyForcibly(); // SIGKILL: no last delivery attempt
        assertThat(bob.p.waitFor(20, TimeUnit.SECONDS)).isTrue();

        // the server comes back with the same class and tokens; bob's next shell delivers the queue
        serve(port);
        assertThat(row("bob").get("hints").asInt()).isZero();
        String st = run("bob", "workshop", "status");
        assertThat(st).contains("Joined " + url + " as bob", "Events waiting to be sent: 0");
        JsonNode back = until("bob", r -> r.get("hints").asInt() == 2);
        assertThat(back.get("step").asText()).isNotEqualTo(bobStep);
        run("bob", "workshop", "status");
        assertThat(until("bob", r -> true).get("hints").asInt()).as("each queued event applied once").isEqualTo(2);
        assertThat(row("ada").get("hints").asInt()).isEqualTo(1);

        // pacing and broadcast from another instructor shell reach ada
        run("instructor", "workshop", "open", "00-machines");
        run("instructor", "workshop", "say", "Coffee", "at", "10:30");
        String table = run("instructor", "workshop", "status");
        assertThat(table).contains("2 learners", "ada", "bob", "open: up to 00-machines");
        String seen = run("ada", "workshop", "status");
        assertThat(seen).contains("Open lessons: up to 00-machines", "Instructor: Coffee at 10:30");
        System.out.printf("WorkshopClassIT: %.1f s for 3 shells, %d processes%n", (System.nanoTime() - t0) / 1e9,
                14);
    }
}
