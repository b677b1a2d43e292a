package dev.hardway.cluster;

/**
 * One finding about a cluster config: where it is (file, line, path) and what to do about it.
 * Rendered as {@code ha.yaml:14 nodes[2].ip: 172.16.20.13 is outside node_subnet 172.16.10.0/24. Try: ...}.
 *
 * @param severity ERROR stops loading; WARNING is reported and loading goes on
 * @param file     file name as shown to the user (no directories), e.g. {@code ha.yaml}
 * @param line     1-based line, the closest one known for {@code path}
 * @param path     YAML path, e.g. {@code nodes[2].ip} or {@code network.service_cidr}; empty for the whole file
 * @param message  what is wrong, without the fix
 * @param fix      what to do, without the leading "Try:"
 */
public record Problem(Severity severity, String file, int line, String path, String message, String fix) {

    /** ERROR refuses the config; WARNING is shown but the config loads. */
    public enum Severity { ERROR, WARNING }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** The one-line form shown to users. Warnings are marked; errors are the default and are not. */
    public String render() {
        StringBuilder sb = new StringBuilder();
        sb.append(file).append(':').append(line).append(' ');
        if (!path.isEmpty()) {
            sb.append(path).append(": ");
        }
        if (severity == Severity.WARNING) {
            sb.append("warning: ");
        }
        sb.append(message);
        if (fix != null && !fix.isEmpty()) {
            sb.append(endsSentence(message) ? " " : ". ").append("Try: ").append(fix);
            if (!endsSentence(fix)) {
                sb.append('.');
            }
        } else if (!endsSentence(message)) {
            sb.append('.');
        }
        return sb.toString();
    }

    private static boolean endsSentence(String s) {
        return s.endsWith(".") || s.endsWith("?") || s.endsWith("!");
    }

    @Override
    public String toString() {
        return render();
    }
}
