package dev.hardway.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad-input class 10: {@code cluster validate} renders the lesson set for the cluster it validates, so a template
 * that cannot render there (a missing value) is a problem naming the lesson file and line, not {@code [ok]}.
 */
class ClusterValidateLessonsTest {

    @Test
    void aLessonTemplateWithAMissingValueFailsValidate(@TempDir Path home) throws Exception {
        Map<String, String> env = new HashMap<>();
        BadInputCorpusTest.lessons("run-missing-variable").in(home, env);
        Path preset = Path.of("cluster-config/minimal.yaml").toAbsolutePath();
        BadInputCorpusTest.Run r = BadInputCorpusTest.run(home, env, List.of("cluster", "validate", preset.toString()));
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.out()).contains("minimal.yaml: 1 problem");
        assertThat(r.err()).contains("lessons/01-a/lesson.yaml:").contains("steps[0].run").contains("node.address")
                .contains("Try:");
    }

    @Test
    void theRealCourseRendersForEveryPreset(@TempDir Path home) {
        BadInputCorpusTest.Run r = BadInputCorpusTest.run(home, Map.of(), List.of("cluster", "validate", "minimal",
                "ha"));
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("minimal.yaml").contains("ha.yaml");
    }
}
