package dev.hardway.target;

/** Receives a running command's output line by line (without the trailing newline). Called from I/O threads. */
@FunctionalInterface
public interface OutputListener {
    enum Stream { STDOUT, STDERR }

    void line(String node, Stream stream, String line);

    OutputListener NONE = (node, stream, line) -> { };
}
