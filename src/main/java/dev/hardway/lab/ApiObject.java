package dev.hardway.lab;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * One Kubernetes object as a lesson's manifest declares it ({@code applies:} in lesson.yaml): what the real lab hands
 * to {@code kubectl apply} and the simulated lab records. {@code body} is the whole object as SnakeYAML read it
 * (maps, lists, strings, numbers, booleans), so the simulated lab can look at the fields it models.
 *
 * @param namespace the object's namespace ("default" when a namespaced object names none; "" for cluster-scoped kinds)
 */
public record ApiObject(String apiVersion, String kind, String namespace, String name, Map<String, Object> body) {

    /**
     * The kinds the lessons may apply, per apiVersion, as Kubernetes 1.37 serves them (the built-in groups; no
     * beta versions are served by default any more for these). A manifest with another pair is refused when the
     * lesson is validated, before a real apiserver would say {@code no matches for kind}.
     */
    public static final Map<String, Set<String>> KINDS = Map.of(
            "v1", Set.of("Namespace", "ServiceAccount", "ConfigMap", "Secret", "Service", "Pod", "Endpoints",
                    "PersistentVolume", "PersistentVolumeClaim", "LimitRange", "ResourceQuota"),
            "apps/v1", Set.of("Deployment", "DaemonSet", "StatefulSet", "ReplicaSet"),
            "rbac.authorization.k8s.io/v1", Set.of("ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding"),
            "policy/v1", Set.of("PodDisruptionBudget"),
            "discovery.k8s.io/v1", Set.of("EndpointSlice"),
            "networking.k8s.io/v1", Set.of("NetworkPolicy", "Ingress", "IngressClass", "ServiceCIDR", "IPAddress"),
            "batch/v1", Set.of("Job", "CronJob"),
            "scheduling.k8s.io/v1", Set.of("PriorityClass"),
            // MetalLB's CRDs (16-metallb-bgp), as its pinned release serves them; BGPPeer v1beta1 is deprecated
            "metallb.io/v1beta1", Set.of("IPAddressPool", "BGPAdvertisement", "L2Advertisement", "Community",
                    "BFDProfile"),
            "metallb.io/v1beta2", Set.of("BGPPeer"));

    /** Kinds without a namespace. */
    public static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding",
            "PersistentVolume", "IngressClass", "ServiceCIDR", "IPAddress", "PriorityClass");

    public ApiObject {
        body = body == null ? Map.of() : body;
    }

    /** {@code kind/namespace/name}, how the simulated lab keys the object. */
    public String key() {
        return kind + "/" + namespace + "/" + name;
    }

    /** How kubectl names it in messages: {@code deployment.apps/coredns}. */
    public String shown() {
        String group = apiVersion.contains("/") ? "." + apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        return kind.toLowerCase() + group + "/" + name;
    }

    /** Why a manifest is not one the lessons may apply: what is wrong (naming the document) and the fix. */
    public static final class ManifestException extends Exception {
        private final String fix;

        public ManifestException(String what, String fix) {
            super(what);
            this.fix = fix;
        }

        public String what() {
            return getMessage();
        }

        public String fix() {
            return fix;
        }
    }

    /**
     * Reads a rendered manifest: one or more YAML documents ({@code ---}), each a mapping with {@code apiVersion},
     * {@code kind} (a pair {@link #KINDS} knows) and {@code metadata.name}. Empty documents are skipped.
     *
     * @throws ManifestException naming the document (1-based) and what is missing or wrong
     */
    @SuppressWarnings("unchecked")
    public static List<ApiObject> parse(String yaml) throws ManifestException {
        List<ApiObject> out = new ArrayList<>();
        int doc = 0;
        try {
            for (Object o : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(yaml)) {
                doc++;
                if (o == null) {
                    continue;
                }
                String where = "document " + doc;
                if (!(o instanceof Map<?, ?> m)) {
                    throw new ManifestException(where + " is not a mapping (apiVersion, kind, metadata)",
                            "write one Kubernetes object per document");
                }
                String apiVersion = string(m.get("apiVersion"));
                String kind = string(m.get("kind"));
                if (apiVersion == null || kind == null) {
                    throw new ManifestException(where + " has no " + (apiVersion == null ? "apiVersion" : "kind"),
                            "start every object with apiVersion: and kind:, e.g. apiVersion: apps/v1 / kind: Deployment");
                }
                Set<String> kinds = KINDS.get(apiVersion);
                if (kinds == null || !kinds.contains(kind)) {
                    String served = KINDS.entrySet().stream().filter(e -> e.getValue().contains(kind))
                            .map(Map.Entry::getKey).findFirst().orElse(null);
                    throw new ManifestException(where + ": no kind " + kind + " in apiVersion " + apiVersion
                            + " in Kubernetes 1.37", served != null ? "apiVersion: " + served
                            : "one of the kinds the lessons apply: " + String.join(", ", allKinds()));
                }
                Object meta = m.get("metadata");
                String name = meta instanceof Map<?, ?> md ? string(md.get("name")) : null;
                if (name == null || !name.matches("[a-z0-9]([-a-z0-9.:]*[a-z0-9])?")) {
                    throw new ManifestException(where + " (" + kind + ") has " + (name == null ? "no metadata.name"
                            : "metadata.name '" + name + "', which is not a lowercase DNS name"),
                            "metadata: {name: my-object}");
                }
                String ns = "";
                if (!CLUSTER_SCOPED.contains(kind)) {
                    String given = string(((Map<?, ?>) meta).get("namespace"));
                    ns = given == null ? "default" : given;
                }
                out.add(new ApiObject(apiVersion, kind, ns, name, new LinkedHashMap<>((Map<String, Object>) m)));
            }
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            throw new ManifestException("not valid YAML at line " + line + ": " + e.getProblem(),
                    "fix the manifest's indentation or quoting there");
        } catch (YAMLException e) {
            throw new ManifestException("not valid YAML: " + e.getMessage(), "fix the manifest");
        }
        if (out.isEmpty()) {
            throw new ManifestException("declares no object", "put at least one Kubernetes object in it");
        }
        return out;
    }

    private static List<String> allKinds() {
        return KINDS.values().stream().flatMap(Set::stream).sorted().toList();
    }

    private static String string(Object o) {
        return o instanceof String s && !s.isBlank() ? s : o == null ? null : o instanceof Map || o instanceof List
                ? null : String.valueOf(o);
    }

    // ------------------------------------------------------------------------------- field access --

    /** The value at a dotted path ({@code spec.template.spec.containers}), or null. */
    public Object at(String path) {
        Object cur = body;
        for (String part : path.split("\\.")) {
            if (!(cur instanceof Map<?, ?> m)) {
                return null;
            }
            cur = m.get(part);
        }
        return cur;
    }

    /** A string field (numbers and booleans as text), or null. */
    public String text(String path) {
        return string(at(path));
    }

    /** A map field, or an empty map. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> map(String path) {
        return at(path) instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    /** A list of maps field (skipping non-maps), or an empty list. */
    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> maps(String path) {
        return at(path) instanceof List<?> l ? l.stream().filter(x -> x instanceof Map).map(x -> (Map<String, Object>) x)
                .toList() : List.of();
    }

    /** String-valued entries of a map field ({@code metadata.labels}, {@code spec.selector}). */
    public Map<String, String> labels(String path) {
        Map<String, String> out = new LinkedHashMap<>();
        map(path).forEach((k, v) -> {
            if (v != null && !(v instanceof Map) && !(v instanceof List)) {
                out.put(k, String.valueOf(v));
            }
        });
        return out;
    }
}
