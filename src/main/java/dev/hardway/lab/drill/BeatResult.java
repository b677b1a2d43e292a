package dev.hardway.lab.drill;

import dev.hardway.lab.fault.BreakResult;
import dev.hardway.lab.fault.HealResult;
import dev.hardway.Problem;
import java.util.List;

/**
 * What one drill beat did, typed: the {@link BreakResult}, {@link HealResult} or {@link Observation} of the command,
 * and whether the beat kept its promise.
 *
 * @param summary  one line for the learner: what break/heal did, or the check's headline
 * @param problems why the beat failed (a refused break, a heal that could not undo, each broken promise); empty
 *                 when it kept its promise
 * @param commands {@code "node: command"} run (or, simulated, that would run)
 */
public record BeatResult(DrillBeat beat, boolean ok, String summary, List<Problem> problems, BreakResult broke,
                         HealResult healed, Observation seen, List<String> commands) {

    public BeatResult {
        problems = List.copyOf(problems);
        commands = List.copyOf(commands);
    }
}
