package dev.hardway.workshop;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/** A token bucket per key (learner id): {@code burst} requests at once, {@code perSecond} on average. */
final class RateLimiter {

    private final double perSecond;
    private final double burst;
    private final LongSupplier nanos;
    private final Map<String, double[]> buckets = new ConcurrentHashMap<>();

    RateLimiter(double perSecond, double burst, LongSupplier nanos) {
        this.perSecond = perSecond;
        this.burst = burst;
        this.nanos = nanos;
    }

    /** Takes one request from the key's bucket; false when it is empty (answer 429). */
    boolean allow(String key) {
        double[] b = buckets.computeIfAbsent(key, k -> new double[] {burst, nanos.getAsLong()});
        synchronized (b) {
            long now = nanos.getAsLong();
            b[0] = Math.min(burst, b[0] + (now - (long) b[1]) / 1e9 * perSecond);
            b[1] = now;
            if (b[0] >= 1) {
                b[0] -= 1;
                return true;
            }
            return false;
        }
    }

    void forget(String key) {
        buckets.remove(key);
    }
}
