package dev.hardway.target;

import java.util.List;

/**
 * The targets of one lab's nodes, one per node, created on first use and reused (one SSH session per node).
 * Closing the pool closes every target.
 */
public interface TargetPool extends AutoCloseable {

    /** The target of a node; connects lazily. */
    NodeTarget target(String node) throws TargetException;

    /** Node names this pool can reach, in config order. */
    List<String> nodes();

    /** Cancels every running command (Ctrl-C). */
    void cancelAll();

    @Override
    void close();
}
