package dev.hardway.progress;

/** The learner's place: a lesson, and the step {@code lesson next} runs (null when the lesson is finished). */
public record Position(String lesson, String step) {
    @Override
    public String toString() {
        return step == null ? lesson : lesson + "/" + step;
    }
}
