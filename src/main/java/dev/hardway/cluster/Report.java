package dev.hardway.cluster;

import dev.hardway.Problem;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects problems for one file while it is read and validated, and remembers the line of every YAML path
 * seen, so a rule that only knows a path ({@code nodes[2].ip}) can still point at a line. A path that was never
 * seen (a missing key) resolves to its closest parent that was, which is where the key has to be added.
 */
final class Report {

    private final String file;
    private final Map<String, Integer> lines = new HashMap<>();
    private final List<Problem> problems = new ArrayList<>();

    Report(String file) {
        this.file = file;
    }

    String file() {
        return file;
    }

    void mark(String path, int line) {
        lines.putIfAbsent(path, line);
    }

    /** The line of {@code path}, or of its nearest known parent, or 1. */
    int line(String path) {
        String p = path;
        while (true) {
            Integer l = lines.get(p);
            if (l != null) {
                return l;
            }
            if (p.isEmpty()) {
                return 1;
            }
            p = parent(p);
        }
    }

    static String parent(String path) {
        int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
        return cut < 0 ? "" : path.substring(0, cut);
    }

    static String child(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    static String item(String path, int index) {
        return path + "[" + index + "]";
    }

    void error(String path, String message, String fix) {
        add(Problem.Severity.ERROR, line(path), path, message, fix);
    }

    void errorAt(int line, String path, String message, String fix) {
        add(Problem.Severity.ERROR, line, path, message, fix);
    }

    void warn(String path, String message, String fix) {
        add(Problem.Severity.WARNING, line(path), path, message, fix);
    }

    private void add(Problem.Severity severity, int line, String path, String message, String fix) {
        problems.add(new Problem(severity, message, fix, Problem.Where.file(file, line, path)));
    }

    boolean hasErrors() {
        return problems.stream().anyMatch(Problem::isError);
    }

    /** All problems, ordered by line (stable, so problems on one line keep the order the rules found them). */
    List<Problem> problems() {
        List<Problem> sorted = new ArrayList<>(problems);
        sorted.sort(Comparator.comparingInt(Problem::line));
        return sorted;
    }

    List<Problem> warnings() {
        return problems().stream().filter(p -> !p.isError()).toList();
    }
}
