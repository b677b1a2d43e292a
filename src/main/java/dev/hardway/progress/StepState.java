package dev.hardway.progress;

import java.util.Optional;

/** Where a learner is with one step. A step with no record has not been done yet. */
public enum StepState {
    /** The step ran and its checks passed. */
    DONE("done"),
    /** {@code lesson solve} or {@code lesson goto} did it for the learner. */
    SOLVED_BY_TOOL("solved-by-tool"),
    /** The last attempt's checks failed (see {@link StepProgress#lastFailure()}). */
    FAILED("failed");

    private final String id;

    StepState(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** Done or solved: the lab has what the step builds. */
    public boolean complete() {
        return this != FAILED;
    }

    public static Optional<StepState> parse(String s) {
        for (StepState st : values()) {
            if (st.id.equals(s)) {
                return Optional.of(st);
            }
        }
        return Optional.empty();
    }
}
