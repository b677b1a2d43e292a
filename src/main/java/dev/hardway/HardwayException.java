package dev.hardway;

/**
 * A problem the user can fix, with the exit code it maps to (DESIGN.md §3: 1 a check found a problem, 2 bad input,
 * 3 a node or provider unreachable, 4 internal). The shell shows its {@link #problem()} (what, fix, where) without a
 * stack trace; the message is that problem's rendering.
 */
public class HardwayException extends RuntimeException implements Problem.Carrier {

    public static final int CHECK_FAILED = 1;
    public static final int BAD_INPUT = 2;
    public static final int UNREACHABLE = 3;
    public static final int INTERNAL = 4;

    private final int exitCode;
    private final transient Problem problem;

    public HardwayException(int exitCode, String message) {
        this(exitCode, message, null);
    }

    /** Prefer {@link #HardwayException(int, Problem, Throwable)}: this form has no separate fix. */
    public HardwayException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
        this.problem = Problem.error(message, null);
    }

    public HardwayException(int exitCode, Problem problem) {
        this(exitCode, problem, null);
    }

    public HardwayException(int exitCode, Problem problem, Throwable cause) {
        super(problem.render(), cause);
        this.exitCode = exitCode;
        this.problem = problem;
    }

    @Override
    public Problem problem() {
        return problem;
    }

    @Override
    public int exitCode() {
        return exitCode;
    }

    public static HardwayException badInput(String message) {
        return new HardwayException(BAD_INPUT, message);
    }

    public static HardwayException badInput(Problem problem) {
        return new HardwayException(BAD_INPUT, problem);
    }

    public static HardwayException badInput(String what, String fix) {
        return new HardwayException(BAD_INPUT, Problem.error(what, fix));
    }
}
