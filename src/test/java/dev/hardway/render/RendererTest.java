package dev.hardway.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hardway.cluster.ClusterModel;
import dev.hardway.cluster.TestClusters;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RendererTest {

    private final Renderer renderer = new Renderer();
    private final ClusterModel ha = new ClusterModel(TestClusters.ha());

    @Test
    void scriptsQuoteEveryInterpolationButKeepSafeWordsReadable() throws Exception {
        Map<String, Object> model = TemplateModel.of(ha, ha.node("master2").orElseThrow());
        String out = renderer.renderText("t", 1, "ETCD_NAME=${node.name} X=${evil}\nE=${cluster.etcd.initialCluster}",
                Map.of("node", model.get("node"), "cluster", model.get("cluster"), "evil", "a b'; rm -rf /"), true);
        assertThat(out).isEqualTo("ETCD_NAME=master2 X='a b'\"'\"'; rm -rf /'\n"
                + "E=master1=https://10.240.0.11:2380,master2=https://10.240.0.12:2380,master3=https://10.240.0.13:2380");
    }

    @Test
    void plainTextIsNotQuotedAndNodePrintsAsItsName() throws Exception {
        Map<String, Object> model = TemplateModel.of(ha, ha.node("lb1").orElseThrow());
        String out = renderer.renderText("t", 1, "${node} ${node.ip} prio ${node.vrrpPriority} ${cluster.hasApiLb?c}",
                model, false);
        assertThat(out).isEqualTo("lb1 10.240.0.21 prio 101 true");
    }

    @Test
    void templatesCannotInstantiateClassesOrReachTheJavaApi(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path pwned = dir.resolve("pwned");
        Map<String, Object> model = TemplateModel.of(ha, ha.node("master1").orElseThrow());
        for (String evil : new String[] {
                "<#assign ex = \"freemarker.template.utility.Execute\"?new()>${ex(\"touch " + pwned + "\")}",
                "${\"freemarker.template.utility.ObjectConstructor\"?new()(\"java.io.File\", \"" + pwned + "\")}",
                "${cluster?api.getClass()}", "${node?api}"}) {
            for (boolean bash : new boolean[] {true, false}) {
                assertThatThrownBy(() -> renderer.renderText("lessons/x/lesson.yaml steps[0].run", 3, evil, model,
                        bash)).as(evil).isInstanceOf(RenderException.class)
                        .hasMessageStartingWith("lessons/x/lesson.yaml steps[0].run (line 3)").hasMessageContaining("Try:");
            }
        }
        assertThat(pwned).doesNotExist();
    }

    @Test
    void aMissingValueNamesTheTemplateAndLine() {
        assertThatThrownBy(() -> renderer.renderText("lessons/05-etcd/lesson.yaml steps[1].run", 40,
                "echo ok\necho ${node.nosuch}", TemplateModel.of(ha, ha.node("master1").orElseThrow()), true))
                .isInstanceOf(RenderException.class)
                .hasMessage("lessons/05-etcd/lesson.yaml steps[1].run (line 41): 'node.nosuch' has no value for this"
                        + " cluster. Try: use a value the template model has (docs/authoring.md lists them), or guard"
                        + " it with <#if node.nosuch??>.");
    }

    /** A render error carries what and fix as fields; the message joins them once, for logs. */
    @Test
    void aRenderErrorCarriesWhatAndFixAsFields() {
        assertThatThrownBy(() -> new Renderer().renderText("lessons/x/lesson.yaml steps[0].run", 12,
                "echo ${nosuch.value}", Map.of(), false))
                .isInstanceOfSatisfying(dev.hardway.render.RenderException.class, e -> {
                    assertThat(e.what()).isEqualTo("'nosuch' has no value for this cluster");
                    assertThat(e.fix()).startsWith("use a value the template model has").doesNotContain("Try:");
                    assertThat(e.line()).isEqualTo(12);
                    assertThat(e.getMessage()).isEqualTo("lessons/x/lesson.yaml steps[0].run (line 12): "
                            + e.what() + ". Try: " + e.fix() + ".");
                });
        assertThatThrownBy(() -> new Renderer().renderText("t", 1, "<#if>", Map.of(), false))
                .isInstanceOfSatisfying(dev.hardway.render.RenderException.class, e -> assertThat(e.what())
                        .startsWith("template syntax error: ").doesNotContain("expecting one of these patterns"));
    }
}
