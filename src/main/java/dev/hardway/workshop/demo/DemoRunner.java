package dev.hardway.workshop.demo;

import java.util.ArrayList;
import java.util.List;

/**
 * Plays a scenario: per beat, the stage shows the heading and narration, the command runs through the shell, and
 * its exit code and output are held to the beat's promise. A broken promise stops the demo there and says which
 * beat and why. No printing: the {@link Stage} (the shell) shows, the {@link Shell} runs.
 */
public final class DemoRunner {

    /** Runs one command line as the shell would, showing its output live; returns exit code and what it printed. */
    @FunctionalInterface
    public interface Shell {
        Result run(List<String> words);
    }

    public record Result(int exit, String output) {
    }

    /** Where the demo is shown. */
    public interface Stage {
        void beat(int number, int total, Scenario.Beat beat);

        /** Before the command runs (shows it; with --step waits for Enter). */
        void command(Scenario.Beat beat);

        void kept(Scenario.Beat beat);

        void broken(Scenario.Beat beat, String why);

        /** Between beats: Enter, or the --auto delay. False when the presenter stops the demo (q). */
        boolean next(Scenario.Beat beat);
    }

    /** How the demo went: beats whose promise held, and the broken one (null when the demo completed). */
    public record Report(String scenario, int total, List<String> kept, String brokenBeat, String why,
                         boolean stopped) {
        public boolean completed() {
            return brokenBeat == null && !stopped;
        }
    }

    /** How often a beat with {@code within} runs its command again. */
    public static final java.time.Duration RETRY = dev.hardway.lab.drill.Settle.EVERY;

    private DemoRunner() {
    }

    /**
     * @param settle give a beat its {@code within} seconds (real nodes); false runs each command once (the
     *               simulated lab answers the same at once and later)
     */
    public static Report run(Scenario s, Shell shell, Stage stage, boolean settle) {
        return run(s, shell, stage, settle ? java.time.Clock.systemUTC() : null, DemoRunner::sleep);
    }

    /** Waits between tries of a beat with {@code within}. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(java.time.Duration d) throws InterruptedException;
    }

    private static void sleep(java.time.Duration d) throws InterruptedException {
        Thread.sleep(d.toMillis());
    }

    /** @param clock null: no retries */
    public static Report run(Scenario s, Shell shell, Stage stage, java.time.Clock clock, Sleeper sleeper) {
        List<String> kept = new ArrayList<>();
        List<Scenario.Beat> beats = s.beats();
        for (int i = 0; i < beats.size(); i++) {
            Scenario.Beat b = beats.get(i);
            stage.beat(i + 1, beats.size(), b);
            if (b.run() != null) {
                stage.command(b);
                // the same settling as a lesson's drive: beats (ask again until the promise holds or time is up)
                Result r = new dev.hardway.lab.drill.Settle(clock, sleeper::sleep).until(b.within(),
                        () -> shell.run(b.words()), res -> b.expect().broken(res.exit(), res.output()) == null);
                String why = b.expect().broken(r.exit(), r.output());
                if (why != null && clock != null && b.within() > 0) {
                    why = why + " (still after " + b.within() + " s)";
                }
                if (why != null) {
                    stage.broken(b, why);
                    return new Report(s.id(), beats.size(), kept, b.title(), why, false);
                }
                stage.kept(b);
            }
            kept.add(b.title());
            if (i < beats.size() - 1 && !stage.next(b)) {
                return new Report(s.id(), beats.size(), kept, null, null, true);
            }
        }
        return new Report(s.id(), beats.size(), kept, null, null, false);
    }
}
