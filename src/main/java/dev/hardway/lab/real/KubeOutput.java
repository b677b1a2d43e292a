package dev.hardway.lab.real;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Parsers for what lesson 09's probes read on a node or from the API: {@code kubectl get nodes -o json} (the
 * addresses), kube-proxy's {@code /proxyMode} answer, component config files (YAML), a systemd unit's
 * {@code ExecStart} flags, a kubeconfig's server, {@code uname -r} and resolv.conf; and what the workload probes
 * (lessons 11, 12) read: {@code kubectl get pods|service -o json}, {@code kubectl auth can-i}, {@code dig +short},
 * {@code getent hosts}, {@code hexdump -C} of an etcd value and {@code curl -w '%{http_code}'}. The simulated lab
 * feeds the same parsers with the files it recorded, so both labs judge the same text the same way.
 */
public final class KubeOutput {

    private static final ObjectMapper JSON = new ObjectMapper();

    private KubeOutput() {
    }

    /** A registered node's addresses by type (InternalIP, Hostname, ...), in the order the API lists them. */
    public record NodeAddresses(String name, Map<String, List<String>> byType) {
        public List<String> internalIps() {
            return byType.getOrDefault("InternalIP", List.of());
        }
    }

    /** Every node in {@code kubectl get nodes -o json} with its addresses; empty when the output is not JSON. */
    public static Map<String, NodeAddresses> nodeAddresses(String stdout) {
        Map<String, NodeAddresses> out = new LinkedHashMap<>();
        if (stdout == null || stdout.isBlank()) {
            return out;
        }
        JsonNode root;
        try {
            int i = stdout.indexOf('{');
            if (i < 0) {
                return out;
            }
            root = JSON.readTree(stdout.substring(i));
        } catch (IOException e) {
            return out;
        }
        for (JsonNode item : root.path("items")) {
            String name = item.path("metadata").path("name").asText();
            Map<String, List<String>> byType = new LinkedHashMap<>();
            for (JsonNode a : item.path("status").path("addresses")) {
                byType.computeIfAbsent(a.path("type").asText(), k -> new ArrayList<>()).add(a.path("address").asText());
            }
            out.put(name, new NodeAddresses(name, byType));
        }
        return out;
    }

    /**
     * kube-proxy's {@code curl http://127.0.0.1:10249/proxyMode} body: the mode ("iptables", "nftables"), or null
     * when the body is empty or not one word (an HTML error page, a proxy's answer).
     */
    public static String proxyMode(String body) {
        if (body == null) {
            return null;
        }
        String s = body.strip();
        return s.matches("[a-z]+") ? s : null;
    }

    /** A YAML document as a map; throws with the parser's first line when it is not a YAML mapping. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> yaml(String text) {
        Object o;
        try {
            o = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
        } catch (YAMLException e) {
            String m = e.getMessage() == null ? "not YAML" : e.getMessage().lines().findFirst().orElse("not YAML");
            throw new IllegalArgumentException(m.strip());
        }
        if (!(o instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException(o == null ? "the file is empty" : "not a YAML mapping");
        }
        return (Map<String, Object>) m;
    }

    /** The value at a dotted path of a parsed YAML map ({@code authentication.x509.clientCAFile}), or null. */
    public static Object at(Map<String, Object> map, String path) {
        Object cur = map;
        for (String k : path.split("\\.")) {
            if (!(cur instanceof Map<?, ?> m)) {
                return null;
            }
            cur = m.get(k);
        }
        return cur;
    }

    /**
     * The arguments of a unit's {@code ExecStart=} (continuation lines joined; the binary itself dropped), from the
     * unit file or {@code systemctl cat} output. Empty when there is no ExecStart.
     */
    public static List<String> execStartArgs(String unit) {
        if (unit == null) {
            return List.of();
        }
        StringBuilder line = null;
        for (String raw : unit.lines().toList()) {
            String l = raw.strip();
            if (line == null) {
                if (l.startsWith("ExecStart=")) {
                    line = new StringBuilder(l.substring("ExecStart=".length()));
                } else {
                    continue;
                }
            } else {
                line.append(' ').append(l);
            }
            if (line.toString().endsWith("\\")) {
                line.setLength(line.length() - 1);
            } else {
                break;
            }
        }
        if (line == null) {
            return List.of();
        }
        List<String> words = new ArrayList<>(List.of(line.toString().strip().split("\\s+")));
        if (!words.isEmpty()) {
            words.remove(0);
        }
        words.removeIf(String::isEmpty);
        return words;
    }

    /**
     * A flag's value among unit arguments ({@code --node-ip=1.2.3.4} or {@code --node-ip 1.2.3.4}); null when the
     * flag is absent, "" when it has no value.
     */
    public static String flag(List<String> args, String name) {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals(name)) {
                return i + 1 < args.size() && !args.get(i + 1).startsWith("--") ? args.get(i + 1) : "";
            }
            if (a.startsWith(name + "=")) {
                return a.substring(name.length() + 1);
            }
        }
        return null;
    }

    /** The flag names among unit arguments ({@code --v=2} gives {@code --v}). */
    public static List<String> flagNames(List<String> args) {
        return args.stream().filter(a -> a.startsWith("-")).map(a -> a.contains("=") ? a.substring(0, a.indexOf('='))
                : a).toList();
    }

    private static final Pattern SERVER = Pattern.compile("(?m)^\\s*server:\\s*(\\S+)\\s*$");

    /** The first {@code server:} of a kubeconfig (or of a {@code grep server:} line), or null. */
    public static String kubeconfigServer(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = SERVER.matcher(text);
        return m.find() ? m.group(1).replaceAll("^[\"']|[\"']$", "") : null;
    }

    private static final Pattern KERNEL = Pattern.compile("^(\\d+)\\.(\\d+)");

    /** Whether {@code uname -r} ("6.8.0-49-generic") is at least major.minor; false when unreadable. */
    public static boolean kernelAtLeast(String uname, int major, int minor) {
        Matcher m = uname == null ? null : KERNEL.matcher(uname.strip());
        if (m == null || !m.find()) {
            return false;
        }
        int a = Integer.parseInt(m.group(1));
        int b = Integer.parseInt(m.group(2));
        return a > major || (a == major && b >= minor);
    }

    /** The {@code nameserver} addresses of a resolv.conf, in order. */
    public static List<String> nameservers(String resolvConf) {
        if (resolvConf == null) {
            return List.of();
        }
        return resolvConf.lines().map(String::strip).filter(l -> l.startsWith("nameserver"))
                .map(l -> l.substring("nameserver".length()).strip()).filter(s -> !s.isEmpty()).toList();
    }

    // ------------------------------------------------------------------ workloads (lessons 11, 12) --

    private static JsonNode tree(String stdout) {
        if (stdout == null || stdout.isBlank()) {
            return JSON.missingNode();
        }
        try {
            return JSON.readTree(stdout);
        } catch (IOException e) {
            return JSON.missingNode();
        }
    }

    // ---------------------------------------------------------------------------------------------- pods --

    /**
     * One pod of {@code kubectl get pods -o json}. {@code waiting} is the first container's waiting reason
     * (CrashLoopBackOff, ImagePullBackOff, ContainerCreating) with its message, else empty.
     */
    public record PodState(String name, String node, String ip, String phase, boolean ready, String waiting,
                           String message, int restarts) {
        public boolean runningAndReady() {
            return phase.equals("Running") && ready;
        }

        /** What kubectl's STATUS column would say. */
        public String status() {
            return !waiting.isEmpty() ? waiting : phase;
        }
    }

    /** The items of {@code kubectl get pods -o json} (a List), or of one pod; empty for anything else. */
    public static List<PodState> pods(String stdout) {
        JsonNode t = tree(stdout);
        List<PodState> out = new ArrayList<>();
        JsonNode items = t.has("items") ? t.get("items") : t.has("metadata") ? JSON.createArrayNode().add(t)
                : JSON.createArrayNode();
        for (JsonNode p : items) {
            boolean ready = false;
            for (JsonNode c : p.path("status").path("conditions")) {
                if (c.path("type").asText().equals("Ready")) {
                    ready = c.path("status").asText().equals("True");
                }
            }
            String waiting = "";
            String message = "";
            int restarts = 0;
            JsonNode statuses = p.path("status").path("containerStatuses");
            if (statuses.isArray() && !statuses.isEmpty()) {
                JsonNode cs = statuses.get(0);
                restarts = cs.path("restartCount").asInt();
                JsonNode w = cs.path("state").path("waiting");
                if (!w.isMissingNode()) {
                    waiting = w.path("reason").asText("");
                    message = w.path("message").asText("");
                }
            }
            if (waiting.isEmpty()) {
                for (JsonNode c : p.path("status").path("conditions")) {
                    if (c.path("type").asText().equals("PodScheduled") && c.path("status").asText().equals("False")) {
                        message = c.path("message").asText("");
                    }
                }
            }
            out.add(new PodState(p.path("metadata").path("name").asText(), p.path("spec").path("nodeName").asText(""),
                    p.path("status").path("podIP").asText(""), p.path("status").path("phase").asText("Unknown"), ready,
                    waiting, message, restarts));
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------ services --

    /** A Service's type, ClusterIP and first NodePort (0 when it has none). */
    public record ServiceState(String type, String clusterIp, int nodePort) {
    }

    /** {@code kubectl get service NAME -o json}; empty when stdout is not a Service. */
    public static Optional<ServiceState> service(String stdout) {
        JsonNode t = tree(stdout);
        if (!t.path("kind").asText().equals("Service")) {
            return Optional.empty();
        }
        JsonNode spec = t.path("spec");
        int nodePort = 0;
        if (spec.path("ports").isArray() && !spec.path("ports").isEmpty()) {
            nodePort = spec.path("ports").get(0).path("nodePort").asInt(0);
        }
        return Optional.of(new ServiceState(spec.path("type").asText("ClusterIP"), spec.path("clusterIP").asText(""),
                nodePort));
    }

    /** kubectl's "NotFound" answer ({@code Error from server (NotFound): services "x" not found}). */
    public static boolean notFound(String stderr) {
        return stderr != null && stderr.contains("(NotFound)");
    }

    // ---------------------------------------------------------------------------------------------- RBAC --

    /** {@code kubectl auth can-i}: "yes" on the first line (exit 0); "no" (exit 1), possibly with a reason. */
    public static boolean canI(String stdout) {
        return stdout != null && stdout.strip().lines().findFirst().map(String::strip).orElse("").equals("yes");
    }

    // ----------------------------------------------------------------------------------------------- DNS --

    /** What {@code dig +short} printed: the addresses (CNAME targets left out), or that no server answered. */
    public record Dig(List<String> addresses, boolean timedOut) {
    }

    private static final Pattern IPV4 = Pattern.compile("^\\d{1,3}(\\.\\d{1,3}){3}$");

    public static Dig dig(String stdout) {
        List<String> out = new ArrayList<>();
        boolean timedOut = false;
        for (String line : stdout == null ? List.<String>of() : stdout.lines().toList()) {
            String l = line.strip();
            if (l.contains("connection timed out") || l.contains("no servers could be reached")
                    || l.contains("communications error")) {
                timedOut = true;
            } else if (IPV4.matcher(l).matches()) {
                out.add(l);
            }
        }
        return new Dig(List.copyOf(out), timedOut && out.isEmpty());
    }

    /** {@code getent hosts NAME}: the addresses of its lines ("10.32.0.1   kubernetes.default.svc.cluster.local"). */
    public static List<String> getent(String stdout) {
        List<String> out = new ArrayList<>();
        if (stdout != null) {
            for (String line : stdout.lines().toList()) {
                String[] f = line.strip().split("\\s+");
                if (f.length >= 2 && IPV4.matcher(f[0]).matches()) {
                    out.add(f[0]);
                }
            }
        }
        return List.copyOf(out);
    }

    private static final Pattern NAMESERVER = Pattern.compile("(?m)^\\s*nameserver\\s+(\\S+)");

    /** The first nameserver of a resolv.conf, or empty. */
    public static Optional<String> nameserver(String resolvConf) {
        Matcher m = NAMESERVER.matcher(resolvConf == null ? "" : resolvConf);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    // ------------------------------------------------------------------------------------------- hexdump --

    private static final Pattern HEX_LINE = Pattern.compile("^([0-9a-f]{8})\\s+((?:[0-9a-f]{2}\\s+){1,16})");

    /**
     * The bytes of {@code hexdump -C} output (offset, up to 16 hex bytes, |ascii|), in order; lines that are not
     * data (the final offset, {@code *} for repeated lines) are skipped. A {@code *} repeats the previous line
     * until the next offset, as hexdump means it.
     */
    public static byte[] hexdump(String stdout) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] previous = null;
        boolean repeat = false;
        for (String line : stdout == null ? List.<String>of() : stdout.lines().toList()) {
            if (line.strip().equals("*")) {
                repeat = true;
                continue;
            }
            Matcher m = HEX_LINE.matcher(line.length() > 60 ? line.substring(0, 60) : line + " ");
            if (!m.find()) {
                continue;
            }
            int offset = Integer.parseInt(m.group(1), 16);
            if (repeat && previous != null) {
                while (out.size() + previous.length <= offset) {
                    out.writeBytes(previous);
                }
                repeat = false;
            }
            String[] hex = m.group(2).trim().split("\\s+");
            byte[] bytes = new byte[hex.length];
            for (int i = 0; i < hex.length; i++) {
                bytes[i] = (byte) Integer.parseInt(hex[i], 16);
            }
            out.writeBytes(bytes);
            previous = bytes;
        }
        return out.toByteArray();
    }

    /** Whether {@code needle} occurs in {@code hay} (bytes, ASCII text). */
    public static boolean contains(byte[] hay, String needle) {
        byte[] n = needle.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        outer:
        for (int i = 0; i + n.length <= hay.length; i++) {
            for (int j = 0; j < n.length; j++) {
                if (hay[i + j] != n[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** The provider prefix an etcd value starts with ({@code k8s:enc:aescbc:v1:key1}), or empty (not encrypted). */
    public static Optional<String> encryptionPrefix(byte[] value) {
        String head = new String(value, 0, Math.min(value.length, 80), java.nio.charset.StandardCharsets.ISO_8859_1);
        Matcher m = Pattern.compile("^k8s:enc:([a-z0-9]+):v1:([A-Za-z0-9_.-]*)").matcher(head);
        if (!m.find()) {
            return Optional.empty();
        }
        // the key name ends where the ciphertext starts, at the ':' after it
        String key = m.group(2);
        return Optional.of("k8s:enc:" + m.group(1) + ":v1:" + key);
    }

    // ---------------------------------------------------------------------------------------------- HTTP --

    /** {@code curl -s -o /dev/null -w '%{http_code}'}: the status, 0 when curl printed none ("000"). */
    public static int httpCode(String stdout) {
        String s = stdout == null ? "" : stdout.strip();
        return s.matches("\\d{3}") ? Integer.parseInt(s) : 0;
    }
}
