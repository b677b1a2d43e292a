package dev.hardway.lab.inspect;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Several probe commands as ONE bash script, so a probe costs one round trip per node: each command's stdout,
 * stderr and exit code come back between marker lines and {@link #parse} splits them again. The commands keep
 * the exact text shown to the learner ({@link #commands()}), who can type each one on the node.
 *
 * <pre>{@code
 * ScriptSections s = new ScriptSections().add("ip", "ip -o -4 addr show").add("units", "systemctl is-active haproxy");
 * Map<String, Section> r = s.parse(target.exec(s.script()).stdout());
 * }</pre>
 */
public final class ScriptSections {

    /** What one command left: its stdout, stderr and exit code (-1 when the script ended before it ran). */
    public record Section(String name, String out, String err, int rc) {
        public boolean ok() {
            return rc == 0;
        }

        static Section missing(String name) {
            return new Section(name, "", "", -1);
        }
    }

    static final String MARK = "@@hardway-section";
    private static final Pattern LINE = Pattern.compile("^" + MARK + " (\\S+) (out|err|rc)(?: (-?\\d+))?$");

    private final Map<String, String> commands = new LinkedHashMap<>();

    /** Adds a command under a name unique in this script ([a-z0-9_-]). */
    public ScriptSections add(String name, String command) {
        if (!name.matches("[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException("bad section name: " + name);
        }
        if (commands.put(name, command) != null) {
            throw new IllegalArgumentException("duplicate section " + name);
        }
        return this;
    }

    /** The commands in order, as the learner would type them. */
    public List<String> commands() {
        return List.copyOf(commands.values());
    }

    /**
     * The combined script: every command runs at once in the background ({@code set +e}, stdin /dev/null, its
     * stdout, stderr and exit code to temp files), then the sections are printed in order. So the slowest command,
     * not the sum, sets the time of the round trip.
     */
    public String script() {
        StringBuilder b = new StringBuilder();
        b.append("set +e +u +o pipefail\n");
        b.append("__hw_d=$(mktemp -d 2>/dev/null || { mkdir -p /tmp/.hardway-probe.$$ && echo /tmp/.hardway-probe.$$; })\n");
        int i = 0;
        for (String cmd : commands.values()) {
            b.append("{ ( ").append(cmd).append("\n) </dev/null >\"$__hw_d/").append(i).append(".o\" 2>\"$__hw_d/")
                    .append(i).append(".e\"; echo $? >\"$__hw_d/").append(i).append(".r\"; } &\n");
            i++;
        }
        b.append("wait\n");
        i = 0;
        for (String n : commands.keySet()) {
            b.append("printf '\\n").append(MARK).append(" ").append(n).append(" out\\n'; cat \"$__hw_d/").append(i)
                    .append(".o\"\n");
            b.append("printf '\\n").append(MARK).append(" ").append(n).append(" err\\n'; cat \"$__hw_d/").append(i)
                    .append(".e\"\n");
            b.append("printf '\\n").append(MARK).append(" ").append(n).append(" rc %s\\n' \"$(cat \"$__hw_d/")
                    .append(i).append(".r\" 2>/dev/null || echo -1)\"\n");
            i++;
        }
        b.append("rm -rf \"$__hw_d\"\nexit 0\n");
        return b.toString();
    }

    /** Splits the script's stdout; every added name has an entry (rc -1 when its markers are missing). */
    public Map<String, Section> parse(String stdout) {
        Map<String, StringBuilder> out = new LinkedHashMap<>();
        Map<String, StringBuilder> err = new LinkedHashMap<>();
        Map<String, Integer> rc = new LinkedHashMap<>();
        StringBuilder current = null;
        for (String line : (stdout == null ? "" : stdout).split("\n", -1)) {
            Matcher m = LINE.matcher(line);
            if (m.matches()) {
                String name = m.group(1);
                switch (m.group(2)) {
                    case "out" -> current = out.computeIfAbsent(name, k -> new StringBuilder());
                    case "err" -> current = err.computeIfAbsent(name, k -> new StringBuilder());
                    default -> {
                        rc.put(name, m.group(3) == null ? -1 : Integer.parseInt(m.group(3)));
                        current = null;
                    }
                }
                continue;
            }
            if (current != null) {
                current.append(line).append('\n');
            }
        }
        Map<String, Section> result = new LinkedHashMap<>();
        for (String name : commands.keySet()) {
            if (!rc.containsKey(name)) {
                result.put(name, Section.missing(name));
                continue;
            }
            result.put(name, new Section(name, trimMarkerNewline(out.get(name)), trimMarkerNewline(err.get(name)),
                    rc.get(name)));
        }
        return result;
    }

    /** The printf puts a newline before each marker: drop the one it added after the section's own text. */
    private static String trimMarkerNewline(StringBuilder b) {
        if (b == null) {
            return "";
        }
        String s = b.toString();
        // every section's text ends with "\n" (from the split) plus one "\n" the next marker's printf added
        if (s.endsWith("\n\n")) {
            s = s.substring(0, s.length() - 1);
        } else if (s.equals("\n")) {
            s = "";
        }
        return s;
    }

    /** Names in order. */
    public List<String> names() {
        return new ArrayList<>(commands.keySet());
    }
}
