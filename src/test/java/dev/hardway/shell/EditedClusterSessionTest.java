package dev.hardway.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One interactive session fed on stdin (a separate JVM, as {@code ./hardway < commands} is): the learner uses their
 * own cluster file, edits it while the shell runs (a worker added, same name, same provider), and uses it again.
 * The second {@code cluster use} must give a lab of the edited file: the new node is known to inspect, which it was
 * not before. Unit tests show the context is rebuilt; this shows the learner sees it.
 */
class EditedClusterSessionTest {

    @TempDir
    Path tmp;

    @Test
    void usingAnEditedClusterFileAgainInTheSameSessionGivesTheEditedCluster() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        Path file = tmp.resolve("mine.yaml");
        String minimal = Files.readString(Path.of("cluster-config/minimal.yaml")).replace("name: minimal", "name: mine");
        Files.writeString(file, minimal);

        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "dev.hardway.Main");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("HARDWAY_HOME", home.toString());
        pb.environment().put("HARDWAY_PROJECT_DIR", Path.of("").toAbsolutePath().toString());
        pb.environment().put("NO_COLOR", "1");
        pb.environment().remove("HARDWAY_CLUSTER");
        Process p = pb.start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread pump = new Thread(() -> copy(p.getInputStream(), out));
        pump.start();
        try (OutputStream in = p.getOutputStream()) {
            type(in, "cluster use " + file);
            type(in, "inspect node worker2");
            type(in, "echo-marker-before-edit");
            awaitOutput(out, "echo-marker-before-edit");
            Files.writeString(file, minimal.stripTrailing() + "\n  - {name: worker2, roles: [worker],  ip: 172.16.10.42,"
                    + " cpus: 2, memory: 2048, pod_cidr: 10.200.2.0/24}\n");
            type(in, "cluster use " + file);
            type(in, "inspect node worker2");
        }
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the session ends at end of input").isTrue();
        pump.join();
        String text = out.toString(StandardCharsets.UTF_8);
        int edit = text.indexOf("echo-marker-before-edit");
        assertThat(edit).as(text).isPositive();
        String before = text.substring(0, edit);
        String after = text.substring(edit);
        assertThat(before).as("before the edit, worker2 is unknown:%n%s", text).contains("worker2")
                .containsPattern("(?i)no node|unknown node");
        assertThat(after).as("after the edit and cluster use, worker2 is a node of the lab:%n%s", text)
                .contains("172.16.10.42").doesNotContainPattern("(?i)no node 'worker2'|unknown node");
        assertThat(text).doesNotContain("internal error");
    }

    private static void type(OutputStream in, String line) throws IOException {
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    private static void awaitOutput(ByteArrayOutputStream out, String marker) throws InterruptedException {
        for (int i = 0; i < 600 && !out.toString(StandardCharsets.UTF_8).contains(marker); i++) {
            Thread.sleep(100);
        }
    }

    private static void copy(InputStream from, ByteArrayOutputStream to) {
        byte[] b = new byte[8192];
        try {
            for (int n; (n = from.read(b)) > 0; ) {
                synchronized (to) {
                    to.write(b, 0, n);
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }
}
