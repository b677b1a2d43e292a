package dev.hardway.lesson;

/**
 * One thing wrong with a lesson, printed as {@code file:line path: message. Try: fix}, e.g.
 * {@code lessons/05-etcd/lesson.yaml:1 format_version: 2 is newer than this hardway understands (1). Try: update
 * hardway}. The validator collects every problem rather than stopping at the first.
 *
 * @param file    shown path, relative to the lessons directory's parent (e.g. {@code lessons/05-etcd/lesson.yaml})
 * @param line    1-based line, or 0 when unknown (a missing file)
 * @param path    the YAML path ({@code steps[2].check[0].members}), or empty for the whole file
 * @param message what is wrong, without a trailing period
 * @param fix     what to do about it, without "Try:" and without a trailing period
 */
public record Problem(String file, int line, String path, String message, String fix) {

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(file);
        if (line > 0) {
            b.append(':').append(line);
        }
        if (path != null && !path.isEmpty()) {
            b.append(' ').append(path);
        }
        b.append(": ").append(message).append('.');
        if (fix != null && !fix.isEmpty()) {
            b.append(" Try: ").append(fix);
        }
        return b.toString();
    }
}
