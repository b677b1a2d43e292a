package dev.hardway.progress;

import java.time.Instant;
import java.util.Map;

/**
 * One lesson's record.
 *
 * @param steps        by step id, in the order they were first touched
 * @param secondsSpent active time in the lesson (gaps longer than {@link Progress#IDLE} are not counted)
 * @param lastActivity the latest engine action in the lesson, or null
 */
public record LessonProgress(Map<String, StepProgress> steps, long secondsSpent, Instant lastActivity) {
    public static final LessonProgress EMPTY = new LessonProgress(Map.of(), 0, null);
}
