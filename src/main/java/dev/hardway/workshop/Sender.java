package dev.hardway.workshop;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * The learner shell's background sender: flushes the queue and sends a heartbeat every {@link #HEARTBEAT}; after a
 * failure it waits 1, 2, 4 ... up to 30 s (with jitter, so a class does not come back all at once after the
 * instructor restarts). {@link #wake} sends at once (a new event).
 */
public final class Sender implements AutoCloseable {

    public static final Duration HEARTBEAT = Duration.ofSeconds(15);
    static final long MAX_BACKOFF_MS = 30_000;

    private final WorkshopClient client;
    private final Duration heartbeat;
    private final Consumer<WorkshopClient.Flush> onFlush;
    private final Thread thread;
    private final Object signal = new Object();
    private volatile boolean running = true;
    private boolean woken;
    private volatile int failures;

    public Sender(WorkshopClient client, Duration heartbeat, Consumer<WorkshopClient.Flush> onFlush) {
        this.client = client;
        this.heartbeat = heartbeat;
        this.onFlush = onFlush == null ? f -> { } : onFlush;
        this.thread = new Thread(this::loop, "workshop-sender");
        thread.setDaemon(true);
    }

    public Sender start() {
        thread.start();
        return this;
    }

    public void wake() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    /** Failures in a row (0 when the last send worked). */
    public int failures() {
        return failures;
    }

    /** The wait after {@code n} failures in a row: 1 s doubled each time, at most 30 s, plus up to 20% jitter. */
    static long backoffMillis(int n) {
        long base = Math.min(MAX_BACKOFF_MS, 1000L << Math.min(n - 1, 15));
        return base + ThreadLocalRandom.current().nextLong(base / 5 + 1);
    }

    private void loop() {
        while (running) {
            if (!client.joined()) {
                return;
            }
            WorkshopClient.Flush f = client.flush(Duration.ofSeconds(5));
            failures = f.ok() ? 0 : failures + 1;
            onFlush.accept(f);
            long wait = f.ok() ? heartbeat.toMillis() : backoffMillis(failures);
            synchronized (signal) {
                long until = System.currentTimeMillis() + wait;
                while (running && !woken) {
                    long left = until - System.currentTimeMillis();
                    if (left <= 0) {
                        break;
                    }
                    try {
                        signal.wait(left);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                // a wake during backoff sends now too: the new event may find the server back
                woken = false;
            }
        }
    }

    @Override
    public void close() {
        running = false;
        wake();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
