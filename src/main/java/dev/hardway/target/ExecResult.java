package dev.hardway.target;

import java.time.Duration;

/**
 * What a finished script left behind.
 *
 * @param node     the node it ran on
 * @param exitCode the script's exit status (128+N when killed by signal N)
 * @param stdout   everything written to stdout (UTF-8)
 * @param stderr   everything written to stderr (UTF-8)
 * @param duration from sending the script to the exit status
 */
public record ExecResult(String node, int exitCode, String stdout, String stderr, Duration duration) {

    public boolean ok() {
        return exitCode == 0;
    }
}
