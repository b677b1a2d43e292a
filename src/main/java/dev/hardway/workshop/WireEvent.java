package dev.hardway.workshop;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One learner event as it travels to the instructor ({@code POST /api/events}) and waits in the learner's queue.
 *
 * @param seq    the learner's own sequence number, from 1, increasing: the server applies each once
 * @param type   lesson-started, step-started, step-passed, step-failed, hint-used, lesson-done, break, heal
 * @param lesson the lesson (null for break/heal)
 * @param step   the step, or null
 * @param text   the failure text (step-failed), what was broken or healed (break/heal); else null
 * @param at     when it happened on the learner's machine
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WireEvent(long seq, String type, String lesson, String step, String text, Instant at) {

    /** The event types a learner may send. */
    public static final java.util.Set<String> TYPES = java.util.Set.of("lesson-started", "step-started",
            "step-passed", "step-failed", "hint-used", "lesson-done", "break", "heal");

    /** Longest text kept (failure texts are one or two lines; anything longer is cut). */
    public static final int MAX_TEXT = 2000;

    /** The event with a new sequence number (the queue assigns them). */
    public WireEvent withSeq(long s) {
        return new WireEvent(s, type, lesson, step, text, at);
    }
}
