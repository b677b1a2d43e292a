package dev.hardway.progress;

import dev.hardway.HardwayException;
import dev.hardway.Problem;

/**
 * The progress file cannot be used. It carries its {@link Problem} as fields (what, fix, the file, line and YAML
 * path); the message is that problem's one-line form, for logs. The shell reports it as bad input (exit code 2).
 */
public class ProgressException extends Exception implements Problem.Carrier {
    private final transient Problem problem;

    public ProgressException(Problem problem, Throwable cause) {
        super(problem.render(), cause);
        this.problem = problem;
    }

    public ProgressException(Problem problem) {
        this(problem, null);
    }

    /** What is wrong with {@code file} (as shown to the user) at YAML {@code path} (line 0: unknown). */
    public static ProgressException at(String file, int line, String path, String what, String fix) {
        return new ProgressException(new Problem(file, line, path, what, fix));
    }

    @Override
    public Problem problem() {
        return problem;
    }

    @Override
    public int exitCode() {
        return HardwayException.BAD_INPUT;
    }
}
