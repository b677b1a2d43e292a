package dev.hardway.lesson;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The project's lessons/ for tests. Lessons 06-control-plane and 08-runtime are written on other branches at the
 * same time as 09-kubelet, which needs them; until they are merged the catalog would refuse 09's needs. Then this
 * copies lessons/ to a temporary directory and adds a <em>placeholder</em> for each missing one: the least the
 * simulated lab needs from it (containerd on the workers; kube-apiserver, kube-controller-manager and
 * kube-scheduler on the masters). Once the real lessons exist, {@link #dir()} is lessons/ itself and nothing here is
 * used. Placeholders live only here, never in lessons/.
 */
public final class CourseLessons {

    static final Path LESSONS = Path.of("lessons");

    /** Placeholder lesson.yaml by lesson id, for the lessons being written elsewhere. */
    static final Map<String, String> PLACEHOLDERS = new LinkedHashMap<>();

    static {
        PLACEHOLDERS.put("06-control-plane", """
                format_version: 1
                id: 06-control-plane
                title: Placeholder for 06-control-plane (test setup only)
                needs: [03-kubeconfigs, 04-encryption, 05-etcd]
                explain: explain.md.ftl
                steps:
                  - id: start
                    title: Start the control plane (placeholder)
                    on: masters
                    explain: |
                      Test placeholder. The simulated lab starts the control plane units.
                    services: [kube-apiserver, kube-controller-manager, kube-scheduler]
                    check:
                      - probe: service-active
                        service: kube-apiserver
                    hints: ["placeholder", "placeholder"]
                """);
        PLACEHOLDERS.put("08-runtime", """
                format_version: 1
                id: 08-runtime
                title: Placeholder for 08-runtime (test setup only)
                needs: [01-jumpbox]
                explain: explain.md.ftl
                steps:
                  - id: start
                    title: Start containerd (placeholder)
                    on: workers
                    when: "${(cluster.workers?size > 0)?c}"
                    explain: |
                      Test placeholder. The simulated lab starts containerd.
                    services: [containerd]
                    check:
                      - probe: service-active
                        service: containerd
                    hints: ["placeholder", "placeholder"]
                """);
    }

    private static Path dir;
    private static Path project;

    private CourseLessons() {
    }

    /** lessons/ when it is complete, else a copy with the placeholders (made once per test JVM). */
    public static synchronized Path dir() {
        if (dir != null) {
            return dir;
        }
        boolean complete = PLACEHOLDERS.keySet().stream().allMatch(id -> Files.exists(LESSONS.resolve(id)
                .resolve("lesson.yaml")));
        if (complete) {
            dir = LESSONS;
            return dir;
        }
        try {
            Path tmp = Files.createTempDirectory("hardway-lessons-");
            Path copy = tmp.resolve("lessons");
            try (Stream<Path> all = Files.walk(LESSONS)) {
                for (Path p : all.toList()) {
                    Path t = copy.resolve(LESSONS.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(t);
                    } else {
                        Files.copy(p, t);
                    }
                }
            }
            for (Map.Entry<String, String> e : PLACEHOLDERS.entrySet()) {
                Path d = copy.resolve(e.getKey());
                if (!Files.exists(d.resolve("lesson.yaml"))) {
                    Files.createDirectories(d);
                    Files.writeString(d.resolve("lesson.yaml"), e.getValue());
                    Files.writeString(d.resolve("explain.md.ftl"), "# Placeholder\n\nWritten on another branch.\n");
                }
            }
            deleteOnExit(tmp);
            dir = copy;
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A project directory for tests that start the shell (HARDWAY_PROJECT_DIR): the project itself when lessons/ is
     * complete, else a temporary one whose lessons/ is {@link #dir()} and whose other entries link to the project's.
     */
    public static synchronized Path projectDir() {
        if (project != null) {
            return project;
        }
        Path root = Path.of("").toAbsolutePath();
        Path lessons = dir();
        if (lessons.equals(LESSONS)) {
            project = root;
            return project;
        }
        try {
            Path proj = lessons.getParent();
            try (Stream<Path> top = Files.list(root)) {
                for (Path p : top.toList()) {
                    Path name = p.getFileName();
                    if (!name.toString().equals("lessons") && !Files.exists(proj.resolve(name), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                        Files.createSymbolicLink(proj.resolve(name), p);
                    }
                }
            }
            project = proj.toAbsolutePath();
            return project;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteOnExit(Path root) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try (Stream<Path> all = Files.walk(root)) {
                all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temp dir left behind is harmless
            }
        }));
    }
}
