package dev.hardway.target;

import dev.hardway.Problem;

import java.util.Objects;

/**
 * A command could not be run (or finish) on a node. {@link #problem()} carries what happened (naming the node, its
 * address and the cause), the fix, and the node as fields; the message is its one-line rendering. It never contains
 * a stack trace.
 */
public final class TargetException extends Exception implements Problem.Carrier {

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
    private final Problem reason;
    private final Problem problem;

    public TargetException(Kind kind, String node, String message) {
        this(kind, node, message, (Throwable) null);
    }

    public TargetException(Kind kind, String node, String message, Throwable cause) {
        this(kind, node, Problem.error(message, null), cause);
    }

    /** A failure without an address: {@code problem} is the whole story. */
    public TargetException(Kind kind, String node, Problem problem, Throwable cause) {
        super(problem.sentence(), cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.node = node;
        this.reason = problem;
        this.problem = node == null ? problem : problem.withWhere(Problem.Where.node(node));
    }

    /**
     * The usual shape: the message is {@code node (address): reason}, and {@link #reason()} keeps the reason on its
     * own, so a view that shows one cause for several nodes needs no string surgery on the message.
     */
    public TargetException(Kind kind, String node, String address, Problem reason) {
        this(kind, node, address, reason, null);
    }

    public TargetException(Kind kind, String node, String address, Problem reason, Throwable cause) {
        super(reason.prefixed(node + " (" + address + "): ").sentence(), cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.node = node;
        this.reason = reason;
        this.problem = reason.prefixed(node + " (" + address + "): ").withWhere(Problem.Where.node(node));
    }

    public Kind kind() {
        return kind;
    }

    /**
     * Why, without the node's name and address (e.g. "no answer within 2.0 s (host down or firewalled)" with its fix);
     * the whole message for an exception made without an address.
     */
    public Problem reason() {
        return reason;
    }

    /** What happened on which node and what to do, as data; {@link #getMessage()} is its rendering. */
    @Override
    public Problem problem() {
        return problem;
    }

    /** DESIGN.md §3: a node that cannot be reached is exit 3 (a cancelled or failed command too: nothing ran). */
    @Override
    public int exitCode() {
        return 3;
    }

    /** The node the failure happened on, or null when none applies. */
    public String node() {
        return node;
    }
}
