package dev.hardway.content.verify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the pinned releases accept, from src/test/resources/k8s-1.37/ (each file names its upstream origin and
 * version in its header): flags per component, fields per component config, apiVersion/kind pairs. An entry may be
 * "refused: why" — the release knows it, a lesson must not use it.
 */
public final class Fixtures {

    public static final Path DIR = Path.of("src/test/resources/k8s-1.37");
    /** The kinds of MetalLB's CRDs at the pinned release (16-metallb-bgp), merged into {@link #kinds()}. */
    public static final Path METALLB_KINDS = Path.of("src/test/resources/metallb-0.16/api-kinds.txt");

    /** Components whose unit flags are checked (the program name of ExecStart). */
    public static final List<String> COMPONENTS = List.of("kube-apiserver", "kube-controller-manager",
            "kube-scheduler", "kubelet", "kube-proxy", "etcd");

    /** Component configs whose fields are checked, by kind. */
    public static final List<String> CONFIG_KINDS = List.of("KubeletConfiguration", "KubeProxyConfiguration",
            "KubeSchedulerConfiguration", "EncryptionConfiguration");

    private static final Map<String, Map<String, String>> FLAGS = new HashMap<>();
    private static final Map<String, Trie> FIELDS = new HashMap<>();
    private static Map<String, String> kinds;

    private Fixtures() {
    }

    /** Entry → null (accepted) or the reason it is refused. */
    static Map<String, String> entries(Path file) {
        Map<String, String> out = new LinkedHashMap<>();
        try {
            for (String raw : Files.readAllLines(file)) {
                String line = raw.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                int r = line.indexOf(" refused: ");
                if (r >= 0) {
                    out.put(line.substring(0, r).strip(), line.substring(r + " refused: ".length()).strip());
                } else {
                    out.put(line, null);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read fixture " + file, e);
        }
        return out;
    }

    public static synchronized Map<String, String> flags(String component) {
        return FLAGS.computeIfAbsent(component, c -> entries(DIR.resolve("flags").resolve(c + ".txt")));
    }

    public static Path flagsFile(String component) {
        return DIR.resolve("flags").resolve(component + ".txt");
    }

    public static Path fieldsFile(String kind) {
        return DIR.resolve("fields").resolve(kind + ".txt");
    }

    public static synchronized Trie fields(String kind) {
        return FIELDS.computeIfAbsent(kind, k -> {
            Trie t = new Trie();
            entries(fieldsFile(k)).keySet().forEach(t::add);
            return t;
        });
    }

    /** The release a fixture names in its "# version: X" header line, or null. */
    public static String version(Path file) {
        try {
            return Files.readAllLines(file).stream().filter(l -> l.startsWith("# version: "))
                    .map(l -> l.substring("# version: ".length()).strip().split("\\s+")[0]).findFirst().orElse(null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read fixture " + file, e);
        }
    }

    /** "apiVersion Kind" → null or the reason it is refused (Kubernetes 1.37's kinds and MetalLB's CRDs). */
    public static synchronized Map<String, String> kinds() {
        if (kinds == null) {
            Map<String, String> k = new LinkedHashMap<>(entries(DIR.resolve("api-kinds.txt")));
            k.putAll(entries(METALLB_KINDS));
            kinds = k;
        }
        return kinds;
    }

    /**
     * Field paths as a tree: segments split at '.', "[]" a segment of its own (a list item), "*" any map key,
     * "**" anything below.
     */
    public static final class Trie {
        private final Map<String, Trie> children = new HashMap<>();

        void add(String path) {
            Trie t = this;
            for (String seg : path.replace("[]", ".[]").split("\\.")) {
                if (!seg.isEmpty()) {
                    t = t.children.computeIfAbsent(seg, s -> new Trie());
                }
            }
        }

        /** The subtree for a map key or list item ("[]"), or empty when the field is unknown here. */
        public Optional<Trie> child(String key) {
            Trie t = children.get(key);
            if (t == null && !"[]".equals(key)) {
                t = children.get("*");
            }
            if (t == null && children.containsKey("**")) {
                t = ANY;
            }
            return Optional.ofNullable(t);
        }

        public boolean isAny() {
            return this == ANY;
        }

        private static final Trie ANY = new Trie();
        static {
            ANY.children.put("**", ANY);
        }
    }
}
