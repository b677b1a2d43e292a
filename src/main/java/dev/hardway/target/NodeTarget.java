package dev.hardway.target;

/**
 * One machine that lesson steps run on: a cluster node over SSH, or the machine hardway itself runs on.
 *
 * <p>Scripts are bash, run as root (via {@code sudo -n} when the login user is not root) with
 * {@code set -euo pipefail}, and are always sent on the remote process's stdin, never quoted into a command line,
 * so quotes, {@code $} and heredocs arrive intact.
 *
 * <p>Implementations are safe to use from several threads, but run one command at a time per target is the
 * expected use; {@link #cancel()} may be called from any thread (the Ctrl-C handler).
 */
public interface NodeTarget extends AutoCloseable {

    /** The node name, as in the cluster config (used in messages and passed to listeners). */
    String node();

    /** Where the node is reached, for messages: {@code host:port} for SSH, {@code local} for the local machine. */
    String address();

    /**
     * Runs {@code script} and waits for it. A non-zero exit is a normal result, not an exception.
     *
     * @param listener gets stdout and stderr line by line while the script runs (order kept per stream)
     * @throws TargetException TIMED_OUT when {@link ExecOptions#timeout()} passes (the remote command is killed),
     *                         CANCELLED after {@link #cancel()}, or any connection failure
     */
    ExecResult exec(String script, ExecOptions options, OutputListener listener) throws TargetException;

    /** {@link #exec(String, ExecOptions, OutputListener)} with default options and no listener. */
    default ExecResult exec(String script) throws TargetException {
        return exec(script, ExecOptions.DEFAULT, OutputListener.NONE);
    }

    /**
     * Writes a file atomically enough for config files: uploaded under a temporary name, then moved into place
     * with the given mode and owner. Parent directories are created.
     *
     * @param mode  octal permissions such as {@code "0644"}
     * @param owner {@code user} or {@code user:group}; null keeps root (or the login user when it is root)
     */
    void put(String path, byte[] content, String mode, String owner) throws TargetException;

    /** Reads a whole file. */
    byte[] get(String path) throws TargetException;

    /**
     * Cancels the command running in {@link #exec} (if any): it is interrupted and then killed with its whole
     * process group, and the waiting {@code exec} throws {@link TargetException.Kind#CANCELLED}. The target stays
     * usable for the next command. Does nothing when no command runs.
     */
    void cancel();

    /** Releases the connection; a later exec may reconnect. */
    @Override
    void close();
}
