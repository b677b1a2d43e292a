package dev.hardway.lab.drill;

import dev.hardway.lab.check.Verdict;
import dev.hardway.lab.inspect.Report;

/**
 * What one {@code check}/{@code inspect} beat saw: the report {@code inspect} shows and the verdict {@code check}
 * decides on it ({@link dev.hardway.lab.check.Checks}), so a step and the commands cannot disagree.
 */
public record Observation(DrillCommand.Subject subject, Report report, Verdict verdict) {
}
