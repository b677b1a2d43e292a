package dev.hardway.target;

import java.time.Duration;

/**
 * The one seam through which hardway reaches a machine (DESIGN.md §4). Implementations: {@code ssh/} (JSch,
 * real nodes), {@code local/} (ProcessBuilder, the machine hardway runs on). The simulated lab does not
 * implement this: it works one level up, in {@code lab/}.
 *
 * <p>Implementations are thread-safe for sequential use per node; fan-out over several nodes uses one target
 * per node (see {@link FanOut}).
 */
public interface NodeTarget extends AutoCloseable {

    /** The node name (as in the cluster config), used as the output prefix and in messages. */
    String node();

    /**
     * Runs a bash script on the node: the script is sent on stdin to {@code bash -euo pipefail -s} (never quoted
     * into a command line), with {@code sudo -n} when the login user is not root.
     *
     * @param listener receives stdout/stderr line by line while the command runs
     * @return exit code, captured output and duration; a non-zero exit is a result, not an exception
     * @throws TargetException when the node cannot be reached or the command timed out / was cancelled
     */
    ExecResult exec(String script, ExecOptions options, OutputListener listener) throws TargetException;

    default ExecResult exec(String script) throws TargetException {
        return exec(script, ExecOptions.DEFAULT, OutputListener.NONE);
    }

    /** Writes a file atomically enough for config files (upload then rename), with mode (octal, e.g. "0644") and owner ("root:root", or null). */
    void put(String path, byte[] content, String mode, String owner) throws TargetException;

    /** Reads a whole file. */
    byte[] get(String path) throws TargetException;

    /** Cancels whatever command runs now on this target (Ctrl-C); the running exec ends with a CANCELLED exception. */
    void cancel();

    @Override
    void close();

    /** Options of one exec. */
    record ExecOptions(Duration timeout, byte[] stdin) {
        public static final ExecOptions DEFAULT = new ExecOptions(Duration.ofMinutes(10), null);

        public static ExecOptions timeout(Duration timeout) {
            return new ExecOptions(timeout, null);
        }
    }
}
