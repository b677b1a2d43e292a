package dev.hardway.workshop.demo;

import dev.hardway.cluster.ClusterModel;
import dev.hardway.render.RenderException;
import dev.hardway.render.Renderer;
import dev.hardway.render.TemplateModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A scenario for one cluster: its texts may name nodes the way lessons do ({@code ${cluster.lbs[0].name}},
 * {@code ${cluster.masters[1].name}}; docs/authoring.md lists the model), so one file plays on every layout with
 * what it needs (the {@code ha} preset's mlb1/mlb2 and an existing-hosts cluster's lb1/lb2 alike). Everything the
 * audience reads or the runner checks is rendered: title, about, each beat's title, narration, command and
 * promises, and {@code nodes}. A text without {@code ${} or {@code <#} is taken as it is.
 */
public final class ScenarioBinding {

    private ScenarioBinding() {
    }

    /** Renders {@code s} for {@code cluster}; a failure names the file, line and key. */
    public static Scenario bind(Scenario s, ClusterModel cluster, Renderer renderer) throws RenderException {
        Map<String, Object> model = TemplateModel.of(cluster);
        Texts t = new Texts(s.file(), model, renderer);
        List<Scenario.Beat> beats = new ArrayList<>();
        for (int i = 0; i < s.beats().size(); i++) {
            Scenario.Beat b = s.beats().get(i);
            String at = "beats[" + i + "]";
            String run = t.render(b.line(), at + ".run", b.run());
            List<String> words = run == null ? List.of() : run.equals(b.run()) ? b.words() : ScenarioParser.words(run);
            Scenario.Expect e = b.expect();
            Scenario.Expect expect = new Scenario.Expect(e.exit(), t.all(b.line(), at + ".expect.shows", e.shows()),
                    t.all(b.line(), at + ".expect.hides", e.hides()));
            beats.add(new Scenario.Beat(t.render(b.line(), at + ".title", b.title()), t.render(b.line(), at + ".say",
                    b.say()), run, words, expect, b.pause(), b.within(), b.line()));
        }
        return new Scenario(s.id(), t.render(1, "title", s.title()), t.render(1, "about", s.about()), s.needs(),
                t.all(1, "nodes", s.nodes()), List.copyOf(beats), s.file());
    }

    /**
     * The scenario's {@code nodes} this cluster does not have, as the file names them ({@code masters[1]} for
     * {@code ${cluster.masters[1].name}}, or the plain name), or those that render to no node of the cluster.
     */
    public static List<String> missingNodes(Scenario s, ClusterModel cluster, Renderer renderer) {
        Texts t = new Texts(s.file(), TemplateModel.of(cluster), renderer);
        List<String> names = cluster.nodes().stream().map(n -> n.name()).toList();
        List<String> out = new ArrayList<>();
        for (String n : s.nodes()) {
            String label = n.replaceAll("\\$\\{\\s*cluster\\.([a-zA-Z]+(\\[\\d+])?)\\.name\\s*}", "$1");
            try {
                String name = t.render(1, "nodes", n);
                if (!names.contains(name)) {
                    out.add(name);
                }
            } catch (RenderException e) {
                out.add(label);
            }
        }
        return List.copyOf(out);
    }

    private record Texts(String file, Map<String, Object> model, Renderer renderer) {
        String render(int line, String key, String text) throws RenderException {
            if (text == null || (!text.contains("${") && !text.contains("<#"))) {
                return text;
            }
            return renderer.renderText(file + ":" + line + " " + key, line, text, model, false);
        }

        List<String> all(int line, String key, List<String> texts) throws RenderException {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < texts.size(); i++) {
                out.add(render(line, key + "[" + i + "]", texts.get(i)));
            }
            return List.copyOf(out);
        }
    }
}
