package dev.hardway.lab.real;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parsers for what the control plane's tools print (lesson 06), one small static method each, tested on recorded
 * output under src/test/resources/dev/hardway/lab/real/: {@code /readyz?verbose}, {@code /version}, {@code kubectl
 * get lease -o json}, {@code systemctl cat} of the kube-* units (their flags) and {@code date -u +%s}.
 */
public final class ControlPlaneOutput {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern GIT_VERSION = Pattern.compile("\"gitVersion\"\\s*:\\s*\"([^\"]+)\"");
    /** "[+]etcd ok", "[+]etcd excluded: ok", "[-]etcd failed: reason withheld" (k8s.io/apiserver healthz). */
    private static final Pattern CHECK = Pattern.compile("^\\[([+-])\\](\\S+) (?:excluded: )?(ok|failed.*)$");
    /** A unit file's header in {@code systemctl cat}: "# /etc/systemd/system/kube-apiserver.service". */
    private static final Pattern UNIT_HEADER = Pattern.compile("^# (/\\S+/)([^/\\s]+)\\.service$");
    private static final Pattern FLAG = Pattern.compile("^--([A-Za-z0-9-]+)(?:=(.*))?$");

    private ControlPlaneOutput() {
    }

    /**
     * {@code /readyz?verbose} (or {@code /livez}, {@code /healthz}): one "[+]name ok" / "[-]name failed: ..." line per
     * check, then "readyz check passed" (HTTP 200) or "readyz check failed" (HTTP 500; the server is verbose on
     * failure even without {@code ?verbose}). A bare "ok" is a pass without the list.
     *
     * @param passed the server said the check passed
     * @param failed the names of the failed checks, in order
     * @param last   the last line (for messages when the body is something else, e.g. a 403 JSON)
     */
    public record Readyz(boolean passed, List<String> ok, List<String> failed, String last) {
        public Readyz {
            ok = List.copyOf(ok);
            failed = List.copyOf(failed);
        }

        /** "ok", or the failed checks as the server lists them: "[-]etcd failed". */
        public String summary() {
            if (passed) {
                return "ok";
            }
            if (!failed.isEmpty()) {
                return "[-]" + String.join(" failed, [-]", failed) + " failed";
            }
            return last.isEmpty() ? "empty answer" : last;
        }
    }

    public static Readyz readyz(String body) {
        List<String> ok = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        String last = "";
        for (String raw : body == null ? List.<String>of() : body.lines().toList()) {
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            last = line;
            Matcher m = CHECK.matcher(line);
            if (m.matches()) {
                (m.group(1).equals("+") ? ok : failed).add(m.group(2));
            }
        }
        boolean passed = failed.isEmpty() && (last.equals("ok") || last.endsWith(" check passed"));
        return new Readyz(passed, ok, failed, last);
    }

    /** {@code gitVersion} of {@code /version} ({@code "v1.37.2"}), or null. */
    public static String gitVersion(String body) {
        Matcher v = GIT_VERSION.matcher(body == null ? "" : body);
        return v.find() ? v.group(1) : null;
    }

    /** One coordination.k8s.io/v1 Lease. {@code renewTime} may be null (never renewed). */
    public record Lease(String name, String holder, Instant renewTime, int durationSeconds, int transitions) {

        /** The node part of a leader-election identity: kube-controller-manager and kube-scheduler use HOSTNAME_UUID. */
        public String holderNode() {
            if (holder == null || holder.isBlank()) {
                return null;
            }
            int u = holder.indexOf('_');
            return u < 0 ? holder : holder.substring(0, u);
        }

        /** Renewed within its duration as of {@code now} (the clock of the node that read it). */
        public boolean freshAt(Instant now) {
            return holder != null && !holder.isBlank() && renewTime != null && durationSeconds > 0
                    && !renewTime.plusSeconds(durationSeconds).isBefore(now);
        }
    }

    /**
     * {@code kubectl get lease A B -o json}: a List with {@code items}, or one Lease object for a single name. A
     * name that does not exist is left out (kubectl prints NotFound on stderr and the rest on stdout).
     */
    public static List<Lease> leases(String stdout) {
        List<Lease> out = new ArrayList<>();
        JsonNode root = tree(stdout);
        if (root == null) {
            return out;
        }
        List<JsonNode> items = new ArrayList<>();
        if (root.has("items")) {
            root.path("items").forEach(items::add);
        } else if ("Lease".equals(root.path("kind").asText())) {
            items.add(root);
        }
        for (JsonNode l : items) {
            JsonNode spec = l.path("spec");
            out.add(new Lease(l.path("metadata").path("name").asText(""),
                    spec.hasNonNull("holderIdentity") ? spec.get("holderIdentity").asText() : null,
                    instant(spec.path("renewTime").asText(null)), spec.path("leaseDurationSeconds").asInt(0),
                    spec.path("leaseTransitions").asInt(0)));
        }
        return out;
    }

    /** {@code date -u +%s} on the node that read the leases (its clock, not ours, judges freshness). */
    public static Instant epochSeconds(String stdout) {
        try {
            return Instant.ofEpochSecond(Long.parseLong(stdout == null ? "" : stdout.strip()));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * The command-line flags of each unit in {@code systemctl cat UNIT...}: unit name (without .service) to flag
     * name to value ("" for a bare flag such as {@code --client-cert-auth}; the last ExecStart= wins, as systemd
     * has it; an empty {@code ExecStart=} in a drop-in resets). Both {@code --flag=value} and {@code --flag value}.
     */
    public static Map<String, Map<String, String>> unitFlags(String systemctlCat) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        String unit = null;
        List<String> lines = systemctlCat == null ? List.of() : joinContinuations(systemctlCat);
        for (String line : lines) {
            Matcher h = UNIT_HEADER.matcher(line.strip());
            if (h.matches()) {
                unit = h.group(2);
                out.putIfAbsent(unit, new LinkedHashMap<>());
                continue;
            }
            // a drop-in (# /etc/systemd/system/X.service.d/y.conf) continues the same unit
            if (unit == null || !line.strip().startsWith("ExecStart=")) {
                continue;
            }
            Map<String, String> flags = new LinkedHashMap<>();
            String[] words = line.strip().substring("ExecStart=".length()).trim().split("\\s+");
            for (int i = 1; i < words.length; i++) {
                Matcher f = FLAG.matcher(words[i]);
                if (!f.matches()) {
                    continue;
                }
                String value = f.group(2);
                if (value == null && i + 1 < words.length && !words[i + 1].startsWith("--")) {
                    value = words[++i];
                }
                flags.put(f.group(1), value == null ? "" : unquote(value));
            }
            out.put(unit, flags);
        }
        return out;
    }

    private static List<String> joinContinuations(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String l : text.lines().toList()) {
            String s = l.stripTrailing();
            if (s.endsWith("\\")) {
                cur.append(s, 0, s.length() - 1).append(' ');
                continue;
            }
            cur.append(s);
            out.add(cur.toString());
            cur.setLength(0);
        }
        if (!cur.isEmpty()) {
            out.add(cur.toString());
        }
        return out;
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
            return v.substring(1, v.length() - 1);
        }
        return v;
    }

    private static Instant instant(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static JsonNode tree(String s) {
        if (s == null) {
            return null;
        }
        int start = s.indexOf('{');
        if (start < 0) {
            return null;
        }
        try {
            return JSON.readTree(s.substring(start));
        } catch (IOException e) {
            return null;
        }
    }
}
