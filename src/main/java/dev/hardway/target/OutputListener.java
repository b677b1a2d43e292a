package dev.hardway.target;

/**
 * Receives a running command's output line by line (without the line terminator). Called from reader threads:
 * lines of one stream arrive in order; stdout and stderr lines may interleave in any order, and with
 * {@link FanOut} several nodes call the same listener concurrently, so implementations must be thread-safe.
 */
@FunctionalInterface
public interface OutputListener {

    enum Stream { STDOUT, STDERR }

    void line(String node, Stream stream, String line);

    OutputListener NONE = (node, stream, line) -> { };
}
