package dev.hardway.lesson;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * The course for tests: the project's lessons/, plus a stand-in for each lesson 11-coredns and 12-smoke-test
 * need that is written on another branch (src/test/resources/dev/hardway/lesson/parallel-lessons/README.md) and
 * not here yet. With every real lesson present this is lessons/ itself.
 */
public final class CourseDir {

    public static final Path LESSONS = Path.of("lessons");
    static final Path STAND_INS = Path.of("src/test/resources/dev/hardway/lesson/parallel-lessons");
    /** The lessons written in parallel to 11 and 12 (issue 9). */
    static final List<String> PARALLEL = List.of("06-control-plane", "09-kubelet", "10-pod-network");

    private CourseDir() {
    }

    /** Whether lessons/ lacks one of the parallel lessons (so tests run on a copy with stand-ins). */
    public static boolean needsStandIns() {
        return PARALLEL.stream().anyMatch(id -> !Files.isDirectory(LESSONS.resolve(id)));
    }

    private static Path shared;
    private static Path project;

    /**
     * The project directory the shell tests run hardway in ({@code HARDWAY_PROJECT_DIR}): this checkout, or, while
     * stand-ins are needed, a temp directory linking every top-level entry of the checkout except lessons/, which
     * is {@link #lessons()}.
     */
    public static synchronized Path projectDir() {
        Path here = Path.of("").toAbsolutePath();
        if (!needsStandIns()) {
            return here;
        }
        if (project == null) {
            try {
                Path dir = Files.createTempDirectory("hardway-project-");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
                try (Stream<Path> s = Files.list(here)) {
                    for (Path p : s.toList()) {
                        if (!p.getFileName().toString().equals("lessons")) {
                            Files.createSymbolicLink(dir.resolve(p.getFileName().toString()), p);
                        }
                    }
                }
                Files.createSymbolicLink(dir.resolve("lessons"), lessons().toAbsolutePath());
                project = dir;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return project;
    }

    /** {@link #lessons(Path)} in one temp directory for the whole test JVM, deleted when it exits. */
    public static synchronized Path lessons() {
        if (shared == null) {
            if (!needsStandIns()) {
                shared = LESSONS;
            } else {
                try {
                    Path tmp = Files.createTempDirectory("hardway-course-");
                    Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(tmp)));
                    shared = lessons(tmp);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return shared;
    }

    private static void delete(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());   // walk does not follow links
        } catch (IOException e) {
            // a temp directory left behind is harmless
        }
    }

    /** lessons/ when complete, else a copy under {@code tmp} with the missing stand-ins. */
    public static Path lessons(Path tmp) {
        if (!needsStandIns()) {
            return LESSONS;
        }
        Path out = tmp.resolve("lessons");
        try {
            copy(LESSONS, out);
            for (String id : PARALLEL) {
                if (!Files.isDirectory(LESSONS.resolve(id))) {
                    copy(STAND_INS.resolve(id), out.resolve(id));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
