package dev.hardway.testbed;

import java.time.Duration;

/** Outcome of a command run by the test bed: inside a node ({@link TestBed#exec}) or over OpenSSH ({@link TestBed#ssh}). */
public record ExecResult(int exit, String stdout, String stderr, Duration duration) {

    public boolean ok() {
        return exit == 0;
    }

    /** stdout without the trailing newline(s). */
    public String out() {
        return stdout.stripTrailing();
    }

    @Override
    public String toString() {
        return "exit " + exit + " in " + duration.toMillis() + " ms\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
    }
}
