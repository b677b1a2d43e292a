package dev.hardway.target;

/**
 * A node could not be reached or a command could not complete. Maps to exit code 3. The message names the node,
 * the address and the cause, and ends with a "Try:" hint.
 */
public class TargetException extends Exception {

    public enum Kind { UNREACHABLE, REFUSED, AUTH_FAILED, TIMED_OUT, HOST_KEY_MISMATCH, CANCELLED, IO }

    private final String node;
    private final String address;
    private final Kind kind;

    public TargetException(String node, String address, Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.node = node;
        this.address = address;
        this.kind = kind;
    }

    public TargetException(String node, String address, Kind kind, String message) {
        this(node, address, kind, message, null);
    }

    public String node() {
        return node;
    }

    public String address() {
        return address;
    }

    public Kind kind() {
        return kind;
    }
}
