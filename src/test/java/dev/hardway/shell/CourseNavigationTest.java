package dev.hardway.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a learner moves through the course (issue 8, findings 2, 3 and 14), through the shell in this JVM on the
 * project's own lessons and the simulated lab.
 */
class CourseNavigationTest {

    @TempDir
    Path home;

    BadInputCorpusTest.Run hw(String... words) {
        return BadInputCorpusTest.run(home, new HashMap<>(Map.of()), List.of(words));
    }

    /** Finding 2: goto leaves the lab as if every earlier lesson were done, and says so one line per lesson. */
    @Test
    void gotoSolvesEveryEarlierLessonOfTheCourseNotOnlyTheNeededOnes() {
        assertThat(hw("cluster", "use", "ha").exit()).isZero();
        BadInputCorpusTest.Run g = hw("lesson", "goto", "07-api-lb");
        assertThat(g.exit()).as(g.out() + g.err()).isZero();
        // 07-api-lb needs only 00-machines, but 05-etcd comes before it in the course
        assertThat(g.out()).contains("solved 00-machines (", "solved 05-etcd (");
        long lines = g.out().lines().filter(l -> l.contains(" solved ")).count();
        assertThat(g.out()).contains("solved 06-control-plane (");
        // every lesson before 07-api-lb in the course (00-05, and 06-control-plane once it exists)
        long earlier;
        try (var dirs = java.nio.file.Files.list(java.nio.file.Path.of("lessons"))) {
            earlier = dirs.map(d -> d.getFileName().toString()).filter(n -> n.matches("0[0-6]-.*")).count();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertThat(lines).as("one line per lesson:%n%s", g.out()).isEqualTo(earlier);
        assertThat(g.out().lines().count()).as("no script lines in normal feedback:%n%s", g.out()).isLessThan(12);
        BadInputCorpusTest.Run etcd = hw("check", "etcd");
        assertThat(etcd.exit()).as(etcd.out() + etcd.err()).isZero();
        assertThat(etcd.out()).contains("3 of 3 healthy");
    }

    /** Finding 3: lesson next with nothing started starts the first unfinished lesson, and says so. */
    @Test
    void nextWithNoLessonStartedStartsTheFirstOne() {
        BadInputCorpusTest.Run r = hw("lesson", "next");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.err()).doesNotContain("no lesson started");
        assertThat(r.out()).contains("starting 00-machines");
        assertThat(hw("progress").out()).contains("00-machines");
    }

    /** Finding 14: no "lesson start <the next lesson>" placeholder; the real next lesson, or that none is left. */
    @Test
    void aFinishedLessonNamesTheNextOneAndTheEndOfTheCourseSaysSo() throws Exception {
        assertThat(hw("lesson", "goto", "01-jumpbox").exit()).isZero();
        assertThat(hw("lesson", "start", "00-machines").exit()).isZero();
        BadInputCorpusTest.Run p = hw("progress");
        assertThat(p.out()).contains("Continue with: lesson start 01-jumpbox").doesNotContain("<the next lesson>");
        BadInputCorpusTest.Run hint = hw("lesson", "hint");
        assertThat(hint.out() + hint.err()).contains("Try: lesson start 01-jumpbox");
        Files.createDirectories(home);
    }
}
