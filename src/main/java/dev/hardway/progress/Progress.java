package dev.hardway.progress;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A learner's progress (one profile): immutable; the {@code with...} methods return changed copies, so
 * {@link ProgressStore#update} can apply a change under the file lock.
 *
 * @param cluster the cluster the progress was made on (a different cluster means a different lab)
 * @param current the learner's place, or null before the first {@code lesson start}
 * @param lessons by lesson id
 */
public record Progress(String cluster, Position current, Map<String, LessonProgress> lessons) {

    /** The progress file format this hardway writes. */
    public static final int FORMAT_VERSION = 1;

    /** A pause longer than this between two actions is not counted as time spent. */
    public static final Duration IDLE = Duration.ofMinutes(10);

    public Progress {
        lessons = Map.copyOf(lessons);
    }

    public static Progress empty(String cluster) {
        return new Progress(cluster, null, Map.of());
    }

    public LessonProgress lesson(String id) {
        return lessons.getOrDefault(id, LessonProgress.EMPTY);
    }

    public Optional<StepProgress> step(String lesson, String step) {
        return Optional.ofNullable(lesson(lesson).steps().get(step));
    }

    /** True when the step is done or solved. */
    public boolean complete(String lesson, String step) {
        return step(lesson, step).map(s -> s.state().complete()).orElse(false);
    }

    public Progress withCurrent(Position p) {
        return new Progress(cluster, p, lessons);
    }

    /** Changes one step's record (creating it when missing: state FAILED, no attempts, as a starting point). */
    public Progress withStep(String lesson, String step, UnaryOperator<StepProgress> change, Instant now) {
        LessonProgress lp = lesson(lesson);
        Map<String, StepProgress> steps = new LinkedHashMap<>(lp.steps());
        StepProgress old = steps.getOrDefault(step, new StepProgress(StepState.FAILED, 0, 0, now, now, null));
        steps.put(step, change.apply(old));
        return withLesson(lesson, new LessonProgress(steps, lp.secondsSpent(), lp.lastActivity()));
    }

    /** Records an attempt's result. */
    public Progress withAttempt(String lesson, String step, StepState state, String failure, Instant now) {
        return withStep(lesson, step, s -> new StepProgress(state, s.attempts() + 1, s.hintsUsed(),
                s.attempts() == 0 ? now : s.first(), now, failure == null ? null : failure), now);
    }

    public Progress withHint(String lesson, String step, Instant now) {
        return withStep(lesson, step, s -> new StepProgress(s.state(), s.attempts(), s.hintsUsed() + 1,
                s.first(), s.last(), s.lastFailure()), now);
    }

    /** Counts the time since the lesson's last activity (unless idle longer than {@link #IDLE}). */
    public Progress touch(String lesson, Instant now) {
        LessonProgress lp = lesson(lesson);
        long add = 0;
        if (lp.lastActivity() != null) {
            Duration gap = Duration.between(lp.lastActivity(), now);
            if (!gap.isNegative() && gap.compareTo(IDLE) <= 0) {
                add = gap.getSeconds();
            }
        }
        return withLesson(lesson, new LessonProgress(lp.steps(), lp.secondsSpent() + add, now));
    }

    public Progress withLesson(String id, LessonProgress lp) {
        Map<String, LessonProgress> m = new LinkedHashMap<>(lessons);
        m.put(id, lp);
        return new Progress(cluster, current, m);
    }

    public Progress withoutLesson(String id) {
        Map<String, LessonProgress> m = new LinkedHashMap<>(lessons);
        m.remove(id);
        Position cur = current != null && current.lesson().equals(id) ? null : current;
        return new Progress(cluster, cur, m);
    }

    public int hintsUsed() {
        return lessons.values().stream().flatMap(l -> l.steps().values().stream())
                .mapToInt(StepProgress::hintsUsed).sum();
    }

    public Duration timeSpent() {
        return Duration.ofSeconds(lessons.values().stream().mapToLong(LessonProgress::secondsSpent).sum());
    }
}
