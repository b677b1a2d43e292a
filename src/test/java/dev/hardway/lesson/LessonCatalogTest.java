package dev.hardway.lesson;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hardway.cluster.ClusterModel;
import dev.hardway.cluster.TestClusters;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LessonCatalogTest {

    static final Path OK = Path.of("src/test/resources/lessons-ok");

    @Test
    void loadsTheFixtureCatalogInDependencyOrderWithLines() {
        LessonCatalog c = LessonCatalog.load(OK);
        assertThat(c.problems()).isEmpty();
        assertThat(c.lessons()).extracting(Lesson::id).containsExactly("01-tools", "02-etcd", "03-api-lb");
        Lesson tools = c.lesson("01-tools").orElseThrow();
        assertThat(tools.file()).isEqualTo("lessons-ok/01-tools/lesson.yaml");
        Step ca = tools.step("ca").orElseThrow();
        assertThat(ca.line()).isEqualTo(22);
        assertThat(ca.run().line()).isEqualTo(26); // block scalar: the line after "run: |"
        assertThat(ca.checks()).hasSize(3).first().isInstanceOf(Check.ProbeCheck.class);
        assertThat(ca.checks().get(2)).isInstanceOf(Check.ScriptCheck.class);
        assertThat(c.prerequisites("03-api-lb")).extracting(Lesson::id).containsExactly("01-tools", "02-etcd");
    }

    @Test
    void rendersCleanlyForEveryPreset() {
        LessonCatalog c = LessonCatalog.load(OK);
        assertThat(c.validateAgainst(new ClusterModel(TestClusters.ha()))).isEmpty();
        assertThat(c.validateAgainst(new ClusterModel(TestClusters.single()))).isEmpty();
    }
}
