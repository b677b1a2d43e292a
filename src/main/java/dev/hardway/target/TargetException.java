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
    private final String reason;

    public TargetException(Kind kind, String node, String message) {
        this(kind, node, message, (Throwable) null);
    }

    public TargetException(Kind kind, String node, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.node = node;
        this.reason = message;
    }

    /**
     * The usual shape: the message is {@code node (address): reason}, and {@link #reason()} keeps the reason on its
     * own, so a view that shows one cause for several nodes needs no string surgery on the message.
     */
    public TargetException(Kind kind, String node, String address, String reason) {
        this(kind, node, address, reason, null);
    }

    public TargetException(Kind kind, String node, String address, String reason, Throwable cause) {
        super(node + " (" + address + "): " + reason, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.node = node;
        this.reason = reason;
    }

    public Kind kind() {
        return kind;
    }

    /**
     * Why, without the node's name and address (e.g. "no answer within 2.0 s (host down or firewalled). Try: ...");
     * the whole message for an exception made without an address.
     */
    public String reason() {
        return reason;
    }

    /** The node the failure happened on, or null when none applies. */
    public String node() {
        return node;
    }
}
