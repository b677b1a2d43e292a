package dev.hardway.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives the real interactive shell in a terminal (tmux send-keys / capture-pane), as a learner would: the prompt,
 * Tab completion of presets with their descriptions, {@code cluster show}, and a clean one-line error for a typo.
 * Skipped with the reason when tmux is missing, except under CI=true where that is a failure.
 */
class InteractiveShellTmuxTest {

    @TempDir
    Path home;
    private final String session = "hwtest" + ProcessHandle.current().pid();
    /** A private tmux server: nothing else on the machine (another test, a developer's tmux) can disturb it. */
    private final String socket = "hardway-test-" + java.util.UUID.randomUUID();

    @BeforeEach
    void needTmux() throws Exception {
        boolean present = new ProcessBuilder("sh", "-c", "command -v tmux").start().waitFor() == 0;
        if (!present && "true".equals(System.getenv("CI"))) {
            fail("tmux is not installed: CI must install it (.ci/run does)");
        }
        Assumptions.assumeTrue(present, "tmux is not installed (apt-get install tmux)");
    }

    @AfterEach
    void kill() throws Exception {
        tmux("kill-server");
    }

    @Test
    void promptCompletionShowAndACleanError() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cmd = "env HARDWAY_HOME=" + home + " HARDWAY_PROJECT_DIR=" + Path.of("").toAbsolutePath()
                + " TERM=xterm-256color " + java + " -cp " + System.getProperty("java.class.path")
                + " dev.hardway.Main";
        Path script = home.resolve("run.sh");
        Files.writeString(script, "#!/bin/sh\nexec " + cmd + "\n");
        script.toFile().setExecutable(true);
        assertThat(tmux("new-session", "-d", "-s", session, "-x", "160", "-y", "50", script.toString())).isZero();

        String screen = waitFor(s -> s.contains("hardway[sim default]>"), "the prompt");
        assertThat(screen).contains("Kubernetes the hard way");

        keys("cluster use ");
        waitFor(s -> s.lines().anyMatch(l -> l.endsWith("> cluster use")), "the typed command");
        keys("Tab");
        screen = waitFor(s -> s.contains("metallb-bgp") && s.contains("minimal"), "the preset list after Tab");
        assertThat(screen).contains("3 masters");    // candidates carry their shape as description

        keys("h");
        waitFor(s -> s.lines().anyMatch(l -> l.endsWith("> cluster use h")), "the typed 'h'");
        keys("Tab");
        waitFor(s -> s.lines().anyMatch(l -> l.endsWith("> cluster use ha")), "ha completed after 'h' + Tab");
        keys("Enter");
        waitFor(s -> s.contains("Using ha") && s.contains("hardway[sim ha]>"), "the switch to ha");

        keys("cluster show", "Enter");
        screen = waitFor(s -> s.contains("API endpoint"), "cluster show");
        assertThat(screen).contains("master3", "mlb2", "172.16.10.20");

        keys("cluster use nosuch", "Enter");
        screen = waitFor(s -> s.contains("unknown preset 'nosuch'"), "the error for a bad preset");
        assertThat(screen).doesNotContain("Exception").doesNotContain("\tat ");
        keys("exit", "Enter");
    }

    private void keys(String... keys) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("send-keys", "-t", session));
        cmd.addAll(List.of(keys));
        tmux(cmd.toArray(String[]::new));
    }

    private String waitFor(Predicate<String> ok, String what) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String screen = "";
        while (System.nanoTime() < deadline) {
            screen = capture();
            if (ok.test(screen)) {
                return screen;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out waiting for " + what + "; the screen was:\n" + screen);
    }

    private String capture() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("tmux", "-L", socket, "capture-pane", "-p", "-t", session, "-S", "-50").start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    private int tmux(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-L", socket));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor();
    }
}
