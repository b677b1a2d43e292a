package dev.hardway.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 8, the lesson-engine findings (1, 8, 9, 14), through the shell in this JVM on the project's lessons. */
class LessonEngineFindingsTest {

    @TempDir
    Path home;

    BadInputCorpusTest.Run hw(String... words) {
        return BadInputCorpusTest.run(home, new HashMap<>(Map.of()), List.of(words));
    }

    /** Finding 1: the author test runs in a scratch simulated lab; the learner's lab and progress are untouched. */
    @Test
    void lessonTestLeavesTheLearnersLabAndProgressAlone() throws Exception {
        assertThat(hw("cluster", "use", "ha").exit()).isZero();
        BadInputCorpusTest.Run first = hw("lesson", "test", "--all");
        assertThat(first.exit()).as(first.out() + first.err()).isZero();
        assertThat(first.out()).contains(" passed, 0 failed");
        assertThat(hw("lesson", "goto", "05-etcd").exit()).isZero();
        Path lab = home.resolve("labs/ha/sim-lab.json");
        Path progress = home.resolve("progress/ha.yaml");
        byte[] labBefore = Files.readAllBytes(lab);
        byte[] progressBefore = Files.readAllBytes(progress);
        BadInputCorpusTest.Run second = hw("lesson", "test", "--all");
        assertThat(second.exit()).as(second.out() + second.err()).isZero();
        assertThat(second.out()).contains(" passed, 0 failed").doesNotContain("check passes before run");
        assertThat(Files.readAllBytes(lab)).as("sim lab unchanged").isEqualTo(labBefore);
        assertThat(Files.readAllBytes(progress)).as("progress unchanged").isEqualTo(progressBefore);
        try (var files = Files.list(home.resolve("labs"))) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("ha");
        }
    }
}
