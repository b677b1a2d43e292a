package dev.hardway.lab.real;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Parsers for what lesson 09's probes read on a node or from the API: {@code kubectl get nodes -o json} (the
 * addresses), kube-proxy's {@code /proxyMode} answer, component config files (YAML), a systemd unit's
 * {@code ExecStart} flags, a kubeconfig's server, {@code uname -r} and resolv.conf. The simulated lab feeds the same
 * parsers with the files it recorded, so both labs judge the same text the same way.
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
}
