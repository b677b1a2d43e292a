package dev.hardway.provider;

/**
 * A provider could not do what was asked. {@link #getMessage()} is one paragraph for the learner: the problem,
 * then "Try: " and the hint. Unchecked: the shell maps it to exit code 3 (node or provider failed).
 */
public class ProviderException extends RuntimeException {

    private final String problem;
    private final String hint;

    public ProviderException(String problem, String hint) {
        this(problem, hint, null);
    }

    public ProviderException(String problem, String hint, Throwable cause) {
        super(hint == null || hint.isBlank() ? problem : problem + " Try: " + hint, cause);
        this.problem = problem;
        this.hint = hint;
    }

    /** What went wrong, without the hint. */
    public String problem() {
        return problem;
    }

    /** What to do about it (the text after "Try:"), or null. */
    public String hint() {
        return hint;
    }
}
