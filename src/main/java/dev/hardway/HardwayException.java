package dev.hardway;

/**
 * A problem the user can fix, with the exit code it maps to (DESIGN.md §3: 1 a check found a problem, 2 bad input,
 * 3 a node or provider unreachable, 4 internal). The message is shown as it is, without a stack trace; it names
 * the file/node and ends with a "Try:" hint.
 */
public class HardwayException extends RuntimeException {

    public static final int CHECK_FAILED = 1;
    public static final int BAD_INPUT = 2;
    public static final int UNREACHABLE = 3;
    public static final int INTERNAL = 4;

    private final int exitCode;

    public HardwayException(int exitCode, String message) {
        this(exitCode, message, null);
    }

    public HardwayException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }

    public static HardwayException badInput(String message) {
        return new HardwayException(BAD_INPUT, message);
    }
}
