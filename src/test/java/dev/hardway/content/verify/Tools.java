package dev.hardway.content.verify;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The external tools the render verifiers run, and how a missing one is handled: locally the check is skipped with
 * the reason; with {@code CI=true} it fails with it (as {@code RequiresTestBed} does for the test bed), because
 * .ci/run installs every one of them (shellcheck from Debian, the rest from src/test/lab/sid-binaries.sh).
 */
public final class Tools {

    private Tools() {
    }

    /** The cache of Debian sid binaries that src/test/lab/sid-binaries.sh fills (kubectl 1.36, containerd 2.1). */
    public static Path sidRoot() {
        String c = System.getenv("HARDWAY_SID_CACHE");
        return Path.of(c == null || c.isBlank() ? "/var/cache/hardway-sid" : c, "root");
    }

    /** A program on PATH, or empty. */
    public static Optional<Path> onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** The sid cache's copy of a program ({@code usr/bin/NAME}), or empty. */
    public static Optional<Path> fromSid(String name) {
        Path p = sidRoot().resolve("usr/bin").resolve(name);
        return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
    }

    /** The tool, or skip (locally) / fail (CI=true) the current test with why it is missing and how to get it. */
    public static Path require(Optional<Path> tool, String name, String howToGet) {
        if (tool.isPresent()) {
            return tool.get();
        }
        unavailable(name + " is not installed (" + howToGet + ")");
        throw new AssertionError("unreachable");
    }

    /** Skip locally, fail under CI=true. */
    public static void unavailable(String why) {
        if (isCi()) {
            Assertions.fail(why + " (CI=true: the render verifiers must run; .ci/run installs their tools)");
        }
        Assumptions.abort(why);
    }

    public static boolean isCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    public static boolean isRoot() {
        try {
            Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            return uid instanceof Integer i && i == 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    /** What a command printed and how it ended. */
    public record Result(int exit, String out, String err) {
        public boolean ok() {
            return exit == 0;
        }

        public String tail() {
            List<String> lines = (err + "\n" + out).strip().lines().toList();
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 4), lines.size()));
        }
    }

    public static Result run(List<String> command, Duration timeout) {
        return run(command, timeout, Map.of(), null);
    }

    /** Runs a command to completion (killed after {@code timeout}); stdin is empty. */
    public static Result run(List<String> command, Duration timeout, Map<String, String> env, Path dir) {
        try {
            Path out = Files.createTempFile("hw-verify-", ".out");
            Path err = Files.createTempFile("hw-verify-", ".err");
            try {
                ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command)).redirectOutput(out.toFile())
                        .redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
                pb.environment().putAll(env);
                if (dir != null) {
                    pb.directory(dir.toFile());
                }
                Process p = pb.start();
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly().waitFor();
                    return new Result(124, Files.readString(out, StandardCharsets.UTF_8),
                            "timed out after " + timeout.toSeconds() + " s");
                }
                return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            return new Result(127, "", "cannot run " + command.get(0) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(130, "", "interrupted");
        }
    }

    /** A non-loopback network interface of this machine (keepalived --config-test refuses unknown ones), or null. */
    public static String anInterface() {
        try (java.util.stream.Stream<Path> s = java.nio.file.Files.list(Path.of("/sys/class/net"))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.equals("lo")).sorted().findFirst().orElse(null);
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
