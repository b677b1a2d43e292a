package dev.hardway.lesson;

import dev.hardway.lesson.EngineResults.StepStart;

/** Told when a step is about to be applied, so the shell shows its header before the step's own output. */
@FunctionalInterface
public interface StepEvents {

    void starting(StepStart step);

    StepEvents NONE = s -> { };
}
