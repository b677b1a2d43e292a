package dev.hardway.target;

import java.util.List;

/**
 * The targets of one cluster, one per node, created lazily and reused (an SSH pool keeps one session per node).
 * Thread-safe. Closing the pool closes every target it handed out.
 */
public interface TargetPool extends AutoCloseable {

    /** Node names in config order. */
    List<String> nodes();

    /**
     * The target for {@code node}; the same instance on every call until {@link #close()}.
     *
     * @throws IllegalArgumentException when the pool has no such node (a programming error, not a lab failure)
     */
    NodeTarget target(String node);

    @Override
    void close();
}
