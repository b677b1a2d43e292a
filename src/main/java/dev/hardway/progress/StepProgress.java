package dev.hardway.progress;

import java.time.Instant;

/**
 * One step's record.
 *
 * @param attempts    how often it was run or checked
 * @param hintsUsed   how many hints were shown ({@code lesson hint})
 * @param first       the first attempt
 * @param last        the latest attempt
 * @param lastFailure the failure text of the latest failed attempt, or null
 */
public record StepProgress(StepState state, int attempts, int hintsUsed, Instant first, Instant last,
                           String lastFailure) {
}
