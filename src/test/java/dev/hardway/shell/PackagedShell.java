package dev.hardway.shell;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the packaged jar for one command, as a learner's script would, against a given cluster config. */
final class PackagedShell {

    private PackagedShell() {
    }

    /** Exit code, everything printed, and how long the process took. */
    record Run(int exit, String out, long millis) {
        @Override
        public String toString() {
            return "exit " + exit + " after " + millis + " ms:\n" + out;
        }
    }

    /** {@link #run}, with one line on stdout for the IT's log: the command, its exit code and how long it took. */
    static Run logged(Path home, Path clusterYaml, String... args) throws Exception {
        Run r = run(home, clusterYaml, args);
        System.out.println("$ hardway " + String.join(" ", args) + "   (exit " + r.exit() + ", " + r.millis() + " ms)");
        return r;
    }

    /** Deletes a HARDWAY_HOME an IT made (null: nothing to delete). */
    static void deleteHome(Path home) throws java.io.IOException {
        if (home == null) {
            return;
        }
        try (var files = java.nio.file.Files.walk(home)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    static Run run(Path home, Path clusterYaml, String... args) throws Exception {
        String jar = System.getenv().getOrDefault("HARDWAY_JAR", "target/hardway.jar");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("HARDWAY_HOME", home.toString());
        pb.environment().put("HARDWAY_CLUSTER", clusterYaml.toString());
        pb.environment().put("HARDWAY_PROJECT_DIR",
                System.getenv().getOrDefault("HARDWAY_PROJECT_DIR", java.nio.file.Path.of("").toAbsolutePath().toString()));
        pb.environment().remove("HARDWAY_PROVIDER");
        long t0 = System.nanoTime();
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
        }
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), (System.nanoTime() - t0) / 1_000_000);
    }

    /**
     * The packaged shell through a launcher prefix (e.g. {@code ip netns exec NS}), with extra environment and a
     * bound: after {@code timeout} the process is killed and the run fails with what it printed so far. Every
     * output line is echoed to stdout as it comes (long commands such as {@code cluster up} show their progress
     * in the IT's log).
     */
    static Run run(List<String> prefix, java.util.Map<String, String> env, java.time.Duration timeout, Path home,
                   Path clusterYaml, String... args) throws Exception {
        String jar = System.getenv().getOrDefault("HARDWAY_JAR", "target/hardway.jar");
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                Path.of(jar).toAbsolutePath().toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("HARDWAY_HOME", home.toString());
        pb.environment().put("HARDWAY_CLUSTER", clusterYaml.toString());
        pb.environment().remove("HARDWAY_PROVIDER");
        pb.environment().putAll(env);
        return bounded(pb, timeout, true);
    }

    /**
     * Runs {@code pb} (stderr joined to stdout) with a bound: after {@code timeout} the process and its children
     * are killed and the run ends with what it printed so far and "(killed after ...)". With {@code echo} every
     * output line is printed to stdout as it comes.
     */
    static Run bounded(ProcessBuilder pb, java.time.Duration timeout, boolean echo) throws Exception {
        pb.redirectErrorStream(true);
        long t0 = System.nanoTime();
        Process p = pb.start();
        p.getOutputStream().close();
        StringBuffer out = new StringBuffer();
        Thread reader = new Thread(() -> {
            try (var r = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    out.append(line).append('\n');
                    if (echo) {
                        System.out.println("  | " + line);
                    }
                }
            } catch (java.io.IOException e) {
                // killed
            }
        }, "bounded-process-output");
        reader.start();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroyForcibly();
            reader.join(5000);
            return new Run(-1, out + "\n(killed after " + timeout + ")", (System.nanoTime() - t0) / 1_000_000);
        }
        reader.join(5000);
        return new Run(p.exitValue(), out.toString(), (System.nanoTime() - t0) / 1_000_000);
    }
}
