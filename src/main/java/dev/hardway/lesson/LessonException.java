package dev.hardway.lesson;

import dev.hardway.Problem;

/** A lesson cannot be rendered or run for this cluster; carries the {@link Problem} (file, line, path, fix). */
public class LessonException extends Exception {
    private final transient Problem problem;

    public LessonException(Problem problem) {
        super(problem.toString());
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
