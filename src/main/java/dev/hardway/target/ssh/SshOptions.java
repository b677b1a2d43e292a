package dev.hardway.target.ssh;

import java.time.Duration;
import java.util.Objects;

/**
 * Timing of SSH connections.
 *
 * @param connectTimeout TCP connect plus handshake; past it a node counts as unreachable
 * @param keepAlive      interval of ServerAlive messages on an idle session (3 unanswered ones drop it, and the
 *                       next command reconnects)
 * @param killGrace      how long a cancelled or timed-out command gets between the polite signal (INT/TERM to its
 *                       process group) and KILL
 */
public record SshOptions(Duration connectTimeout, Duration keepAlive, Duration killGrace) {

    public static final SshOptions DEFAULTS =
            new SshOptions(Duration.ofSeconds(10), Duration.ofSeconds(15), Duration.ofSeconds(1));

    public SshOptions {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(keepAlive, "keepAlive");
        Objects.requireNonNull(killGrace, "killGrace");
    }

    public SshOptions withConnectTimeout(Duration d) {
        return new SshOptions(d, keepAlive, killGrace);
    }
}
