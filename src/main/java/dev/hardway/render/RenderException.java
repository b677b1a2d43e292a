package dev.hardway.render;

/**
 * A template failed to render. Exit code 2. The message is one line for a log ({@code name:line: what. Try: fix.});
 * {@link #what()} and {@link #fix()} carry its parts as fields, so the lesson layer builds its problem from them
 * instead of splitting the message.
 */
public class RenderException extends Exception implements dev.hardway.Problem.Carrier {
    private final String template;
    private final int line;
    private final dev.hardway.Problem problem;

    /**
     * @param where shown before {@code what} in the message (e.g. {@code "lessons/x/lesson.yaml steps[0].run (line
     *              12): "}), or ""
     * @param fix   what to do, without "Try:", or null
     */
    public RenderException(String template, int line, String where, String what, String fix, Throwable cause) {
        super(where + what + (fix == null ? "" : ". Try: " + fix + "."), cause);
        this.template = template;
        this.line = line;
        this.problem = dev.hardway.Problem.error(String.valueOf(what), fix);
    }

    @Override
    public dev.hardway.Problem problem() {
        return problem;
    }

    @Override
    public int exitCode() {
        return dev.hardway.HardwayException.BAD_INPUT;
    }

    public String template() {
        return template;
    }

    public int line() {
        return line;
    }

    /** What is wrong, without the template's name and line. */
    public String what() {
        return problem.what();
    }

    /** What to do, without "Try:"; null when there is nothing to suggest. */
    public String fix() {
        return problem.fix();
    }
}
