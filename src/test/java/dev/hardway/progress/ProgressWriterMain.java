package dev.hardway.progress;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Child process of {@link ProgressKillTest}: continues the version sequence found in the progress file, saving
 * version after version as fast as it can and printing "wrote N" after each save returns, until it is killed.
 */
public final class ProgressWriterMain {

    private ProgressWriterMain() {
    }

    /** Version k of the test progress: its size grows with k (k mod 150 steps, failure texts growing). */
    public static Progress version(int k) {
        int n = k % 150 + 1;
        Map<String, StepProgress> steps = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            Instant t = Instant.ofEpochSecond(1_700_000_000L + k * 1000L + i);
            steps.put("step-" + i, new StepProgress(i % 3 == 0 ? StepState.FAILED : StepState.DONE, i + k, i % 4,
                    t, t.plusSeconds(7), i % 3 == 0 ? "etcd is not running on master" + i + " " + "x".repeat(n)
                    : null));
        }
        Progress p = Progress.empty("kill-test").withCurrent(new Position("v", Integer.toString(k)));
        return p.withLesson("05-etcd", new LessonProgress(steps, k, Instant.ofEpochSecond(1_700_000_000L + k)));
    }

    /** The version number a file holds. */
    public static int versionOf(Progress p) {
        return Integer.parseInt(p.current().step());
    }

    public static void main(String[] args) throws Exception {
        ProgressStore store = new ProgressStore(Path.of(args[0]), "kill-test");
        ProgressStore.Loaded loaded = store.load();
        if (loaded.notice() != null) {
            System.out.println("corrupt " + loaded.notice());
            System.out.flush();
            System.exit(3);
        }
        int k = loaded.progress().current() == null ? 0 : versionOf(loaded.progress());
        System.out.println("start " + k);
        System.out.flush();
        // "--exit-after N": write N versions and exit normally (the test uses it to dump a class-data archive)
        int limit = args.length > 2 && args[1].equals("--exit-after") ? Integer.parseInt(args[2]) : Integer.MAX_VALUE;
        for (int n = 0; n < limit; n++) {
            k++;
            store.save(version(k));
            System.out.println("wrote " + k);
            System.out.flush();
        }
    }
}
