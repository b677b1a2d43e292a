package dev.hardway.lesson;

import java.time.Instant;

/**
 * Told what the engine just recorded in the learner's progress (a lesson started, a step passed or failed, a hint
 * shown, a lesson finished), after it was stored. The engine never prints; the shell installs a listener (the
 * workshop client queues these for the instructor). The author test records nothing, so it tells nothing.
 */
@FunctionalInterface
public interface ProgressEvents {

    void recorded(Event event);

    ProgressEvents NONE = e -> { };

    /** What happened. */
    enum Kind {
        LESSON_STARTED("lesson-started"), STEP_STARTED("step-started"), STEP_PASSED("step-passed"),
        STEP_FAILED("step-failed"), HINT_USED("hint-used"), LESSON_DONE("lesson-done");

        private final String id;

        Kind(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    /**
     * One recorded change.
     *
     * @param lesson  the lesson it happened in
     * @param step    the step, or null (a lesson started at its end, a lesson done)
     * @param text    the failure text of a failed step, or null
     * @param solved  a pass that {@code lesson solve} / {@code goto} made
     */
    record Event(Kind kind, String lesson, String step, String text, boolean solved, Instant at) {
    }
}
