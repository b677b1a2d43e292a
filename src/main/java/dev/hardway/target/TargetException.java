package dev.hardway.target;

import java.util.Objects;

/**
 * A command could not be run (or finish) on a node. The message is one line for the learner: it names the node,
 * its address and the cause, and ends with a "Try:" hint. It never contains a stack trace.
 */
public final class TargetException extends Exception {

    /** Closed set of failure kinds, so the shell can pick exit codes and colours. */
    public enum Kind {
        /** No route, host down, DNS failure or connect timeout. */
        UNREACHABLE,
        /** Connection refused: the host is up but nothing listens (sshd not running). */
        REFUSED,
        /** The server rejected the key (or the key could not be read). */
        AUTH_FAILED,
        /** The command ran longer than its timeout and was killed. */
        TIMED_OUT,
        /** The host presented a different key than recorded in known_hosts. */
        HOST_KEY_MISMATCH,
        /** Cancelled by the user (Ctrl-C). */
        CANCELLED,
        /** Anything else: connection lost, file missing, unexpected protocol error. */
        IO
    }

    private final Kind kind;
    private final String node;

    public TargetException(Kind kind, String node, String message) {
        this(kind, node, message, null);
    }

    public TargetException(Kind kind, String node, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.node = node;
    }

    public Kind kind() {
        return kind;
    }

    /** The node the failure happened on, or null when none applies. */
    public String node() {
        return node;
    }
}
