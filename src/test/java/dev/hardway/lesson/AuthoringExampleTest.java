package dev.hardway.lesson;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hardway.cluster.ClusterModel;
import dev.hardway.cluster.TestClusters;
import dev.hardway.lab.sim.SimLab;
import dev.hardway.progress.ProgressStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The worked example of docs/authoring.md is a real lesson: it validates and passes the author test. */
class AuthoringExampleTest {

    @TempDir
    Path tmp;

    @Test
    void theWorkedExampleValidatesAndPassesTheAuthorTest() throws Exception {
        String doc = Files.readString(Path.of("docs/authoring.md"));
        String example = doc.substring(doc.indexOf("## Worked example"));
        Matcher m = Pattern.compile("```(yaml)?\\n(.*?)```", Pattern.DOTALL).matcher(example);
        assertThat(m.find()).isTrue();
        String lesson = m.group(2).replace("needs: [05-etcd]", "needs: []");
        assertThat(m.find()).isTrue();
        String unit = m.group(2);
        Path dir = Files.createDirectories(tmp.resolve("lessons/06-hello"));
        Files.writeString(dir.resolve("lesson.yaml"), lesson);
        Files.writeString(dir.resolve("hello.service.ftl"), unit);
        Files.writeString(dir.resolve("explain.md.ftl"), "Hello on ${cluster.workers?size} workers.\n");

        LessonCatalog c = LessonCatalog.load(tmp.resolve("lessons"));
        ClusterModel ha = new ClusterModel(TestClusters.ha());
        assertThat(c.validateAgainst(ha)).isEmpty();
        try (SimLab lab = new SimLab(ha, tmp.resolve("sim-lab.json"))) {
            var r = new LessonEngine(lab, c, c.renderer(), new ProgressStore(tmp.resolve("p.yaml"), "ha"), null)
                    .test(null);
            assertThat(r.ok()).as(r.toString()).isTrue();
            assertThat(r.steps()).hasSize(2);
        }
    }
}
