package dev.hardway;

import java.util.Objects;

/**
 * One problem for the user, as data: what is wrong, what to do about it, and where (file/line/YAML path, node).
 * Every layer passes these fields on; only the shell turns them into text ({@link #render()} is the one place that
 * joins them), so nobody splits another layer's sentences on "Try:".
 *
 * @param severity ERROR refuses the input or fails the command; WARNING is shown and work goes on
 * @param what     what is wrong, one sentence, without the fix (a trailing period is optional)
 * @param fix      what to do, without the leading "Try:", or null when there is nothing to suggest
 * @param where    where it is; {@link Where#NONE} when it is nowhere in particular
 */
public record Problem(Severity severity, String what, String fix, Where where) {

    /** ERROR refuses the input or fails the command; WARNING is shown and work goes on. */
    public enum Severity { ERROR, WARNING }

    /**
     * Where a problem is. Any field may be empty: {@code file} is as shown to the user (e.g.
     * {@code lessons/05-etcd/lesson.yaml} or {@code ha.yaml}), {@code line} is 1-based or 0 when unknown,
     * {@code path} a YAML path ({@code nodes[2].ip}), {@code node} a cluster node name.
     */
    public record Where(String file, int line, String path, String node) {
        public static final Where NONE = new Where("", 0, "", "");

        public Where {
            file = file == null ? "" : file;
            path = path == null ? "" : path;
            node = node == null ? "" : node;
        }

        public static Where file(String file, int line, String path) {
            return new Where(file, line, path, "");
        }

        public static Where node(String node) {
            return new Where("", 0, "", node);
        }

        public boolean isNone() {
            return file.isEmpty() && line == 0 && path.isEmpty() && node.isEmpty();
        }

        /** {@code file:line path} (what precedes the colon in the one-line form), or "" for nowhere. */
        public String render() {
            StringBuilder b = new StringBuilder(file);
            if (!file.isEmpty() && line > 0) {
                b.append(':').append(line);
            }
            if (!path.isEmpty()) {
                if (b.length() > 0) {
                    b.append(' ');
                }
                b.append(path);
            }
            return b.toString();
        }
    }

    public Problem {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(what, "what");
        fix = fix == null || fix.isBlank() ? null : fix;
        where = where == null ? Where.NONE : where;
    }

    /** An error at a place in a file: the form cluster and lesson files report (line 0 when unknown). */
    public Problem(String file, int line, String path, String what, String fix) {
        this(Severity.ERROR, what, fix, Where.file(file, line, path));
    }

    /** The file the problem is in, as shown to the user, or "". */
    public String file() {
        return where.file();
    }

    /** 1-based line, or 0 when unknown. */
    public int line() {
        return where.line();
    }

    /** The YAML path, or "" for the whole file. */
    public String path() {
        return where.path();
    }

    public static Problem error(String what, String fix) {
        return new Problem(Severity.ERROR, what, fix, Where.NONE);
    }

    public static Problem error(String what, String fix, Where where) {
        return new Problem(Severity.ERROR, what, fix, where);
    }

    public static Problem warning(String what, String fix, Where where) {
        return new Problem(Severity.WARNING, what, fix, where);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** The same problem with {@code prefix} before what is wrong ("master2: etcd member down: " + what). */
    public Problem prefixed(String prefix) {
        return new Problem(severity, prefix + what, fix, where);
    }

    /** The same problem with {@code suffix} after what is wrong (before the fix). */
    public Problem suffixed(String suffix) {
        return new Problem(severity, what + suffix, fix, where);
    }

    /** The same problem with another fix. */
    public Problem withFix(String newFix) {
        return new Problem(severity, what, newFix, where);
    }

    public Problem withWhere(Where w) {
        return new Problem(severity, what, fix, w);
    }

    /** The problem without its place: {@code what. Try: fix.} */
    public String sentence() {
        StringBuilder sb = new StringBuilder(what);
        if (fix != null) {
            sb.append(endsSentence(what) ? " " : ". ").append("Try: ").append(fix);
            if (!endsSentence(fix)) {
                sb.append('.');
            }
        } else if (!endsSentence(what)) {
            sb.append('.');
        }
        return sb.toString();
    }

    /** Each problem's {@link #sentence()}, in order: the lines a terminal shows for a list of problems. */
    public static java.util.List<String> sentences(java.util.List<Problem> problems) {
        return problems.stream().map(Problem::sentence).toList();
    }

    /** The one-line form: {@code ha.yaml:14 nodes[2].ip: [warning: ]what. Try: fix.} */
    public String render() {
        String place = where.render();
        String sev = severity == Severity.WARNING ? "warning: " : "";
        return place.isEmpty() ? sev + sentence() : place + ": " + sev + sentence();
    }

    /**
     * A user-typed value as it may be echoed in a message: at most 60 characters (then "…" and the length),
     * control characters shown as {@code ?}, so a 100,000-character argument or a NUL never floods the terminal.
     */
    public static String clip(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        int n = Math.min(s.length(), 60);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            b.append(Character.isISOControl(c) ? '?' : c);
        }
        if (s.length() > 60) {
            b.append("… (").append(s.length()).append(" characters)");
        }
        return b.toString();
    }

    private static boolean endsSentence(String s) {
        return s.endsWith(".") || s.endsWith("?") || s.endsWith("!") || s.endsWith(":");
    }

    @Override
    public String toString() {
        return render();
    }

    /**
     * Implemented by every exception that reaches the user: the shell reads the fields (and the exit code) instead of
     * the message.
     */
    public interface Carrier {
        /** The problem this exception reports; never null. */
        Problem problem();

        /** DESIGN.md §3 exit code: 1 check failed, 2 bad input, 3 unreachable. */
        int exitCode();
    }
}
