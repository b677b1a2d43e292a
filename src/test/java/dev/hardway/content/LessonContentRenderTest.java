package dev.hardway.content;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hardway.cluster.ClusterConfig;
import dev.hardway.cluster.ClusterLoader;
import dev.hardway.cluster.ClusterConfig.Node;
import dev.hardway.cluster.ClusterConfig.Role;
import dev.hardway.cluster.ClusterModel;
import dev.hardway.render.Renderer;
import dev.hardway.render.TemplateModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Renders every lesson under lessons/ for every preset in cluster-config/ and three shapes built here (one master
 * without LBs; three masters with an LB pair and a mirror; the namespace test bed with its mirror) and checks what the engine cannot check for us yet: every template
 * renders with the strict model, every rendered {@code run} passes {@code bash -n}, every step has a probe.
 *
 * <p>With {@code -Dhardway.content.out=DIR} it also writes the rendered files and scripts per cluster, lesson,
 * step and node (DIR/CLUSTER/LESSON/STEP/NODE/{run.sh,files/...,copy.txt,check-N.sh}), which is how the lessons
 * were run by hand on the test bed before the engine existed. {@code -Dhardway.content.cluster=FILE} adds a cluster
 * config (a running test bed's cluster.yaml) to the clusters rendered.
 */
class LessonContentRenderTest {

    static final Path LESSONS = Path.of("lessons");

    static Stream<Arguments> cases() throws Exception {
        List<Arguments> out = new ArrayList<>();
        List<ClusterConfig> clusters = new ArrayList<>(List.of(single(), ha(), testbed()));
        try (Stream<Path> presets = Files.list(Path.of("cluster-config"))) {
            for (Path p : presets.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                clusters.add(new ClusterLoader(() -> 64 * 1024).load(p));
            }
        }
        String extra = System.getProperty("hardway.content.cluster");   // e.g. a running test bed's cluster.yaml
        if (extra != null) {
            clusters.add(new ClusterLoader(() -> 64 * 1024).load(Path.of(extra)));
        }
        for (ClusterConfig c : clusters) {
            try (Stream<Path> dirs = Files.list(LESSONS)) {
                for (Path d : dirs.filter(p -> Files.exists(p.resolve("lesson.yaml"))).sorted().toList()) {
                    out.add(Arguments.of(c.name(), d.getFileName().toString(), c));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    @SuppressWarnings("unchecked")
    void rendersForEveryNode(String clusterName, String lessonId, ClusterConfig config) throws Exception {
        ClusterModel cluster = new ClusterModel(config);
        Path dir = LESSONS.resolve(lessonId);
        Renderer r = new Renderer(List.of(dir, dir.getParent())); // the parent: shared fragments (/07-api-lb/lb.ftl)
        Map<String, Object> lesson = (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions()))
                .load(Files.readString(dir.resolve("lesson.yaml")));
        assertThat(lesson.get("id")).isEqualTo(lessonId);
        assertThat(lesson.get("format_version")).isEqualTo(1);
        Map<String, Object> top = TemplateModel.of(cluster);
        String explain = r.renderFile((String) lesson.get("explain"), top);
        boolean applies = !lesson.containsKey("applies")
                || "true".equals(text(r, "applies", lesson.get("applies"), top, false));
        assertThat(explain.lines().count()).as("explain of %s", lessonId).isBetween(applies ? 15L : 2L, 90L);
        String outDir = System.getProperty("hardway.content.out");
        Path out = outDir == null ? null : Path.of(outDir, clusterName, lessonId);
        if (out != null) {
            Files.createDirectories(out);
            Files.writeString(out.resolve("explain.md"), explain);
        }
        if (!applies) {
            return;
        }
        List<String> ids = new ArrayList<>();
        for (Map<String, Object> step : (List<Map<String, Object>>) lesson.get("steps")) {
            String id = (String) step.get("id");
            assertThat(id).matches("[a-z0-9-]+");
            assertThat(ids).doesNotContain(id);
            ids.add(id);
            String where = lessonId + "/" + id;
            assertThat((List<Object>) step.get("hints")).as("%s hints", where).hasSizeBetween(2, 3);
            if (step.containsKey("drive")) {
                // a drive step (lesson 14) runs hardway's own commands: its check is an observation with a promise
                List<Map<String, Object>> drive = (List<Map<String, Object>>) step.get("drive");
                assertThat(drive).as("%s drive", where).anyMatch(d -> (d.containsKey("check") || d.containsKey(
                        "inspect")) && d.get("expect") instanceof Map<?, ?> e && !e.isEmpty());
                text(r, where + " title", step.get("title"), top, false);
                String ex = text(r, where + " explain", step.get("explain"), top, false);
                assertThat(ex.strip().split("(?<=[.:!?])\\s+").length).as("%s explain sentences", where)
                        .isBetween(2, 6);
                for (Object h : (List<Object>) step.get("hints")) {
                    text(r, where + " hint", h, top, false);
                }
                continue;
            }
            List<Map<String, Object>> checks = (List<Map<String, Object>>) step.get("check");
            assertThat(checks).as("%s checks", where).anyMatch(ch -> ch.containsKey("probe"));
            if (step.containsKey("when") && !"true".equals(text(r, where + " when", step.get("when"), top, false))) {
                continue;
            }
            // YAML 1.1 (SnakeYAML) reads the key `on` as the boolean true: accept both spellings
            Object on = step.containsKey("on") ? step.get("on") : step.get(Boolean.TRUE);
            List<Node> nodes = cluster.resolve(text(r, where + " on", on, top, false));
            assertThat(nodes).as("%s on", where).isNotEmpty();
            for (Node n : nodes) {
                Map<String, Object> m = TemplateModel.of(cluster, n);
                Path nd = out == null ? null : out.resolve(String.format("%02d-%s", ids.size(), id)).resolve(n.name());
                if (nd != null) {
                    Files.createDirectories(nd);
                }
                text(r, where + " title", step.get("title"), m, false);
                String ex = text(r, where + " explain", step.get("explain"), m, false);
                assertThat(ex.strip().split("(?<=[.:!?])\\s+").length).as("%s explain sentences", where)
                        .isBetween(2, 6);
                for (Object h : (List<Object>) step.get("hints")) {
                    text(r, where + " hint", h, m, false);
                }
                for (Map<String, Object> f : (List<Map<String, Object>>) step.getOrDefault("files", List.of())) {
                    String body = r.renderFile((String) f.get("template"), m);
                    String to = text(r, where + " files.to", f.get("to"), m, false);
                    if (nd != null) {
                        Path p = nd.resolve("files" + to);
                        Files.createDirectories(p.getParent());
                        Files.writeString(p, body);
                        Files.writeString(nd.resolve("files.txt"), to + " " + f.get("mode") + "\n",
                                StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                                java.nio.file.StandardOpenOption.APPEND);
                    }
                }
                // manifests (manifests:): uploaded like files; each holds exactly one object kubectl can apply
                for (Map<String, Object> f : (List<Map<String, Object>>) step.getOrDefault("applies", List.of())) {
                    String body = r.renderFile((String) f.get("template"), m);
                    String to = text(r, where + " applies.to", f.get("to"), m, false);
                    assertThat(to).as("%s applies.to", where).startsWith("/");
                    assertThat(dev.hardway.lab.ApiObject.parse(body)).as("%s %s", where, f.get("template")).hasSize(1);
                    if (nd != null) {
                        Path p = nd.resolve("files" + to);
                        Files.createDirectories(p.getParent());
                        Files.writeString(p, body);
                        Files.writeString(nd.resolve("applies.txt"), to + "\n", StandardCharsets.UTF_8,
                                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
                    }
                }
                StringBuilder copies = new StringBuilder();
                for (Map<String, Object> c : (List<Map<String, Object>>) step.getOrDefault("copy", List.of())) {
                    copies.append(c.getOrDefault("from_node", "jumpbox")).append(' ')
                            .append(text(r, where + " copy.from", c.get("from"), m, false)).append(' ')
                            .append(text(r, where + " copy.to", c.get("to"), m, false)).append(' ')
                            .append(c.get("mode")).append('\n');
                }
                if (nd != null && !copies.isEmpty()) {
                    Files.writeString(nd.resolve("copy.txt"), copies);
                }
                for (Object c : (List<Object>) step.getOrDefault("creates", List.of())) {
                    assertThat(text(r, where + " creates", c, m, false)).startsWith("/");
                }
                if (step.get("run") != null) {
                    String run = text(r, where + " run", step.get("run"), m, true);
                    bashSyntax(where + " run on " + n.name(), run);
                    if (nd != null) {
                        Files.writeString(nd.resolve("run.sh"), run);
                    }
                }
                int k = 0;
                for (Map<String, Object> ch : checks) {
                    k++;
                    if (ch.containsKey("fail")) {
                        text(r, where + " fail", ch.get("fail"), m, false);
                    }
                    if (ch.containsKey("probe")) {
                        for (Map.Entry<?, Object> a : ((Map<?, Object>) ch).entrySet()) {
                            if (!"probe".equals(a.getKey()) && !"fail".equals(a.getKey())) {
                                text(r, where + " probe " + a.getKey(), a.getValue(), m, false);
                            }
                        }
                    } else {
                        Object con = ch.containsKey("on") ? ch.get("on") : ch.get(Boolean.TRUE);
                        if (con != null && cluster.resolve(text(r, where + " check on", con, top, false)).stream()
                                .noneMatch(x -> x.name().equals(n.name()))) {
                            continue;   // a check on other nodes than this one
                        }
                        String run = text(r, where + " check run", ch.get("run"), m, true);
                        bashSyntax(where + " check on " + n.name(), run);
                        if (nd != null) {
                            Files.writeString(nd.resolve("check-" + k + ".sh"), run);
                        }
                    }
                }
            }
        }
    }

    private static String text(Renderer r, String name, Object source, Map<String, Object> model, boolean bash)
            throws Exception {
        return r.renderText(name, 1, String.valueOf(source), model, bash).strip();
    }

    private static void bashSyntax(String where, String script) throws Exception {
        Process p = new ProcessBuilder("bash", "-n").redirectErrorStream(true).start();
        p.getOutputStream().write(script.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String err = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("bash -n of %s:\n%s\n%s", where, script, err).isZero();
    }

    // ------------------------------------------------------------------------------------- clusters --

    static ClusterConfig single() {
        return config("default", List.of(
                node("jumpbox", Role.JUMPBOX, "10.240.0.9"),
                node("master1", Role.MASTER, "10.240.0.11"),
                node("worker1", Role.WORKER, "10.240.0.31"),
                node("worker2", Role.WORKER, "10.240.0.32")), ClusterConfig.LoadBalancers.NONE,
                ClusterConfig.Downloads.UPSTREAM, "1.37.0", "3.6.5");
    }

    static ClusterConfig ha() {
        return config("ha", List.of(
                node("jumpbox", Role.JUMPBOX, "172.16.10.9"),
                node("master1", Role.MASTER, "172.16.10.11"),
                node("master2", Role.MASTER, "172.16.10.12"),
                node("master3", Role.MASTER, "172.16.10.13"),
                node("mlb1", Role.LB, "172.16.10.21"),
                node("mlb2", Role.LB, "172.16.10.22"),
                node("worker1", Role.WORKER, "172.16.10.31"),
                node("worker2", Role.WORKER, "172.16.10.32"),
                node("worker3", Role.WORKER, "172.16.10.33")),
                new ClusterConfig.LoadBalancers(new ClusterConfig.ApiLb("172.16.10.53", 6443, List.of("mlb1", "mlb2"),
                        "active-standby"), null),
                new ClusterConfig.Downloads("http://10.0.2.2:8000", null), "1.37.0", "3.6.5");
    }

    /** The namespace test bed of src/test/lab/lab.sh (its generated cluster.yaml). */
    static ClusterConfig testbed() {
        return config("testbed", List.of(
                node("jumpbox", Role.JUMPBOX, "10.240.0.9"),
                node("master1", Role.MASTER, "10.240.0.11"),
                node("master2", Role.MASTER, "10.240.0.12"),
                node("master3", Role.MASTER, "10.240.0.13"),
                node("lb1", Role.LB, "10.240.0.21"),
                node("lb2", Role.LB, "10.240.0.22"),
                new Node("worker1", List.of(Role.WORKER), "10.240.0.31", 2, 2048, "10.200.1.0/24")),
                new ClusterConfig.LoadBalancers(new ClusterConfig.ApiLb("10.240.0.10", 6443, List.of("lb1", "lb2"),
                        "active-standby"), null),
                new ClusterConfig.Downloads("http://10.240.0.2:8080", null, List.of("etcd", "kubectl")),
                System.getProperty("hardway.content.kubernetes", "1.32.4"),
                System.getProperty("hardway.content.etcd", "3.4.23"));
    }

    private static Node node(String name, Role role, String ip) {
        return new Node(name, List.of(role), ip, 1, 1024, null);
    }

    private static ClusterConfig config(String name, List<Node> nodes, ClusterConfig.LoadBalancers lbs,
                                        ClusterConfig.Downloads dl, String kube, String etcd) {
        return new ClusterConfig(name, ClusterConfig.Provider.SSH, "cluster.local",
                new ClusterConfig.Versions(kube, etcd, "2.1.4", "1.3.0", "1.6.2", "1.32.0", "1.12.1"), dl,
                new ClusterConfig.Network(nodes.get(1).ip().replaceAll("\\.\\d+$", ".0/24"), "10.200.0.0/16",
                        "10.32.0.0/24", "10.32.0.10", "bridge"),
                lbs, new ClusterConfig.SshSettings("root", null, 22), new ClusterConfig.VagrantSettings(null, null),
                null, nodes, null);
    }
}
