package dev.hardway.lab.drill;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * "Ask again until the promise holds or the time is up": a beat of a demo scenario and a beat of a lesson's
 * {@code drive:} both give real components time to settle (a VIP moves after a few VRRP adverts). Without a clock
 * (the simulated lab answers the same at once and later) the question is asked once.
 */
public final class Settle {

    /** How often a beat with {@code within} asks again. */
    public static final Duration EVERY = Duration.ofSeconds(2);

    /** Waits between tries. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    public static final Sleeper THREAD = d -> Thread.sleep(d.toMillis());

    private final Clock clock;
    private final Sleeper sleeper;

    /** @param clock null: ask once */
    public Settle(Clock clock, Sleeper sleeper) {
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /** Real nodes settle; the simulated lab does not need to. */
    public static Settle of(boolean simulated) {
        return new Settle(simulated ? null : Clock.systemUTC(), THREAD);
    }

    /** Asks {@code attempt} until {@code kept} holds or {@code withinSeconds} passed; returns the last answer. */
    public <T> T until(int withinSeconds, Supplier<T> attempt, Predicate<T> kept) {
        Instant until = clock == null ? null : clock.instant().plusSeconds(withinSeconds);
        T r = attempt.get();
        while (!kept.test(r) && until != null && clock.instant().isBefore(until)) {
            try {
                sleeper.sleep(EVERY);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            r = attempt.get();
        }
        return r;
    }
}
