package dev.hardway.target;

import java.time.Duration;

/** What one command did on one node. */
public record ExecResult(String node, int exit, String stdout, String stderr, Duration duration) {
    public boolean ok() {
        return exit == 0;
    }
}
