package dev.hardway.progress;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code progress show} draws ({@code [####----] 9/24}).
 *
 * @param lessons   one line per lesson, in catalog order
 * @param done      steps done or solved over all lessons that apply to this cluster
 * @param total     steps of all lessons that apply to this cluster
 * @param solved    how many of {@code done} were solved by the tool
 * @param hintsUsed over all lessons
 * @param timeSpent active time over all lessons
 * @param current   the learner's place, or null
 */
public record ProgressSummary(String cluster, List<LessonLine> lessons, int done, int total, int solved,
                              int hintsUsed, Duration timeSpent, Position current) {

    /**
     * @param state     not-started | in-progress | done | skipped (does not apply to this cluster)
     * @param done      steps done or solved
     * @param total     steps that apply to this cluster
     */
    public record LessonLine(String id, String title, String state, int done, int total, int solved, int hintsUsed,
                             Duration timeSpent) {
    }

    /** A lesson as the summary needs it: the step ids that apply to this cluster ({@code applies} false: skipped). */
    public record Outline(String id, String title, boolean applies, List<String> steps) {
    }

    public static ProgressSummary of(Progress p, List<Outline> outlines) {
        List<LessonLine> lines = new ArrayList<>();
        int done = 0;
        int total = 0;
        int solved = 0;
        for (Outline o : outlines) {
            LessonProgress lp = p.lesson(o.id());
            int d = 0;
            int s = 0;
            int h = 0;
            for (String step : o.steps()) {
                StepProgress sp = lp.steps().get(step);
                if (sp != null) {
                    h += sp.hintsUsed();
                    if (sp.state().complete()) {
                        d++;
                    }
                    if (sp.state() == StepState.SOLVED_BY_TOOL) {
                        s++;
                    }
                }
            }
            String state = !o.applies() ? "skipped" : d == o.steps().size() ? "done"
                    : lp.steps().isEmpty() ? "not-started" : "in-progress";
            int t = o.applies() ? o.steps().size() : 0;
            lines.add(new LessonLine(o.id(), o.title(), state, o.applies() ? d : 0, t, s, h,
                    Duration.ofSeconds(lp.secondsSpent())));
            done += o.applies() ? d : 0;
            total += t;
            solved += o.applies() ? s : 0;
        }
        return new ProgressSummary(p.cluster(), List.copyOf(lines), done, total, solved, p.hintsUsed(),
                p.timeSpent(), p.current());
    }
}
