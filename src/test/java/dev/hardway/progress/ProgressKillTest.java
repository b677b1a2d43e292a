package dev.hardway.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILLs a process writing progress in a tight loop, 200 times at varied moments, and checks after every kill
 * that the file parses and holds exactly the last version the child reported or the one it was writing.
 *
 * <p>Kills run in parallel lanes (one file each, children started one after another) to stay well under a minute:
 * a JVM start costs ~0.3 s, and a SIGKILL can only hit a JVM once.
 */
class ProgressKillTest {

    static final int KILLS = 200;
    // one lane more than CPUs: a lane spends part of its time waiting for fsync, not computing
    static final int LANES = Math.max(3, Math.min(8, Runtime.getRuntime().availableProcessors() + 1));

    @TempDir
    Path tmp;

    /** JVM options of the children; an AppCDS archive (when the JVM can make one) halves their start time. */
    private List<String> jvm;

    record Kill(int lane, int round, int before, int after, long delayMs, boolean beforeStart) {
    }

    @Test
    void aKilledWriterLeavesTheOldOrTheNewVersionNeverACorruptOrMissingFile() throws Exception {
        jvm = new ArrayList<>(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData"));
        classpath = jarredClasspath();
        Path jsa = tmp.resolve("writer.jsa");
        Process dump = new ProcessBuilder(command(List.of("-XX:ArchiveClassesAtExit=" + jsa),
                tmp.resolve("warmup.yaml").toString(), "--exit-after", "3"))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        if (dump.waitFor(60, TimeUnit.SECONDS) && dump.exitValue() == 0 && Files.exists(jsa)) {
            jvm.add("-XX:SharedArchiveFile=" + jsa);
        }
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(LANES);
        AtomicInteger next = new AtomicInteger();
        List<Future<List<Kill>>> lanes = new ArrayList<>();
        for (int lane = 0; lane < LANES; lane++) {
            int l = lane;
            lanes.add(pool.submit(() -> lane(l, next)));
        }
        List<Kill> kills = new ArrayList<>();
        for (Future<List<Kill>> f : lanes) {
            kills.addAll(f.get(5, TimeUnit.MINUTES));
        }
        pool.shutdown();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        long midWrite = kills.stream().filter(k -> k.after() > k.before()).count();
        long versions = kills.stream().mapToLong(Kill::before).sum();
        System.out.printf("kill test: %d kills in %d ms over %d lanes (class-data archive: %s); %d landed after the child had written,"
                        + " %d before its first write; highest versions per lane: %s%n", kills.size(), ms, LANES,
                jvm.stream().anyMatch(o -> o.startsWith("-XX:SharedArchiveFile")), midWrite, kills.stream().filter(Kill::beforeStart).count(), kills.stream()
                        .collect(java.util.stream.Collectors.groupingBy(Kill::lane,
                                java.util.stream.Collectors.summarizingInt(Kill::after))).values().stream()
                        .map(s -> Integer.toString(s.getMax())).toList());
        assertThat(kills).hasSize(KILLS);
        assertThat(versions).isPositive();
    }

    private List<Kill> lane(int lane, AtomicInteger next) throws Exception {
        Path file = tmp.resolve("lane" + lane).resolve("default.yaml");
        ProgressStore store = new ProgressStore(file, "kill-test");
        store.save(ProgressWriterMain.version(0));
        Random rnd = new Random(4242L + lane);
        List<Kill> kills = new ArrayList<>();
        int round = 0;
        while (next.getAndIncrement() < KILLS) {
            int before = ProgressWriterMain.versionOf(store.load().progress());
            // stdout goes to a file, not a pipe: destroyForcibly() closes the pipes, losing the last lines
            Path out = file.resolveSibling("child-" + round + ".out");
            Process p = new ProcessBuilder(command(jvm, file.toString())).redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            // one kill in ten hits the JVM while it starts; the others after it has written 0-5 versions, plus
            // 0-20 ms, so they land anywhere in a write (a forced write takes ~10-50 ms here)
            boolean early = rnd.nextInt(10) == 0;
            int writes = rnd.nextInt(6);
            long delay = early ? rnd.nextInt(150) : rnd.nextInt(21);
            if (!early) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (writesIn(out, writes) && System.nanoTime() < deadline) {
                    Thread.sleep(1);
                }
            }
            Thread.sleep(delay);
            p.destroyForcibly();
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
            int lastWritten = -1;
            for (String line : Files.readAllLines(out)) {
                if (line.startsWith("wrote ")) {
                    lastWritten = Integer.parseInt(line.substring(6));
                } else {
                    assertThat(line).as("child output").startsWith("start ");
                }
            }
            Files.delete(out);

            assertThat(Files.exists(file)).as("progress file after kill %d of lane %d", round, lane).isTrue();
            ProgressStore.Loaded after = store.load();
            assertThat(after.notice()).as("no corrupt file after kill %d of lane %d", round, lane).isNull();
            int v = ProgressWriterMain.versionOf(after.progress());
            int reported = lastWritten < 0 ? before : lastWritten;
            assertThat(v).as("version after kill %d of lane %d (last reported %d)", round, lane, reported)
                    .isBetween(reported, reported + 1);
            assertThat(after.progress()).isEqualTo(ProgressWriterMain.version(v));
            kills.add(new Kill(lane, round, before, v, delay, early));
            round++;
        }
        return kills;
    }

    /** True while the child has not yet printed "start" and {@code n} "wrote" lines. */
    private static boolean writesIn(Path out, int n) throws java.io.IOException {
        String s = Files.readString(out);
        if (!s.contains("start ")) {
            return true;
        }
        int count = 0;
        for (int i = s.indexOf("wrote "); i >= 0; i = s.indexOf("wrote ", i + 1)) {
            count++;
        }
        return count < n;
    }

    private String classpath;

    /**
     * The test classpath with its class directories packed into one jar: class-data archives only accept jars.
     */
    private String jarredClasspath() throws java.io.IOException {
        List<String> out = new ArrayList<>();
        Path jar = tmp.resolve("classes.jar");
        try (java.util.jar.JarOutputStream j = new java.util.jar.JarOutputStream(Files.newOutputStream(jar))) {
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (String e : testClasspath().split(java.io.File.pathSeparator)) {
                Path p = Path.of(e);
                if (!Files.isDirectory(p)) {
                    out.add(e);
                    continue;
                }
                try (java.util.stream.Stream<Path> files = Files.walk(p)) {
                    for (Path f : files.filter(Files::isRegularFile).toList()) {
                        String name = p.relativize(f).toString().replace(java.io.File.separatorChar, '/');
                        if (seen.add(name)) {
                            j.putNextEntry(new java.util.jar.JarEntry(name));
                            j.write(Files.readAllBytes(f));
                            j.closeEntry();
                        }
                    }
                }
            }
        }
        out.add(0, jar.toString());
        return String.join(java.io.File.pathSeparator, out);
    }

    private List<String> command(List<String> opts, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaBin());
        cmd.addAll(opts);
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.add(ProgressWriterMain.class.getName());
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String testClasspath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
    }
}
