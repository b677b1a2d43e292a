package dev.hardway.lesson;

import dev.hardway.HardwayException;
import dev.hardway.Problem;

/**
 * A lesson command cannot be carried out as asked (unknown lesson or step, no lesson started, unreadable progress).
 * It carries its {@link Problem} as fields; the message is the problem's one-line form, for logs. The shell reports
 * it as bad input (exit code 2).
 */
public class LessonEngineException extends Exception implements Problem.Carrier {
    private final transient Problem problem;

    public LessonEngineException(Problem problem, Throwable cause) {
        super(problem.render(), cause);
        this.problem = problem;
    }

    public LessonEngineException(Problem problem) {
        this(problem, null);
    }

    /** What is wrong and what to do (without "Try:"; null when there is nothing to suggest). */
    public LessonEngineException(String what, String fix) {
        this(Problem.error(what, fix));
    }

    /** Wraps another layer's problem (a progress file, a render error) unchanged. */
    public static LessonEngineException of(Problem.Carrier c) {
        return new LessonEngineException(c.problem(), c instanceof Throwable t ? t : null);
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
