package dev.hardway.target;

import java.time.Duration;
import java.util.Objects;

/**
 * How to run one script.
 *
 * @param timeout how long the command may run before it is killed and {@link TargetException.Kind#TIMED_OUT} is
 *                thrown; never null
 * @param stdin   data the script's commands read from stdin (after the script itself), or null for none
 */
public record ExecOptions(Duration timeout, byte[] stdin) {

    /** Ten minutes: long enough for a slow download in a lesson step, short enough to notice a hang. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

    public static final ExecOptions DEFAULT = new ExecOptions(DEFAULT_TIMEOUT, null);

    public ExecOptions {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
    }

    public static ExecOptions timeout(Duration timeout) {
        return new ExecOptions(timeout, null);
    }

    public ExecOptions withStdin(byte[] data) {
        return new ExecOptions(timeout, data);
    }
}
