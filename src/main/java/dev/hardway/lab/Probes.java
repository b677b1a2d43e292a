package dev.hardway.lab;

import dev.hardway.cluster.ClusterConfig.Node;
import dev.hardway.cluster.ClusterModel;
import dev.hardway.render.RenderException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a lesson's {@code probe:} check (the YAML map) into a {@link Probe} record, for the lesson loader and the
 * validator (docs/lesson-format.md, "Probes"). Unknown types and unknown, missing or wrong-typed arguments are
 * {@link ProbeSpecException}s naming the probe and argument; the caller adds file and line.
 */
public final class Probes {

    /** Keys every check may carry that are not probe arguments: the type itself and the failure message. */
    public static final Set<String> CHECK_KEYS = Set.of("probe", "fail");

    /** The control-plane components that elect a leader with a Lease in kube-system (leader-lease). */
    public static final List<String> LEADER_COMPONENTS = List.of("kube-controller-manager", "kube-scheduler");

    /** Type → allowed argument names, in documentation order. */
    private static final Map<String, List<String>> ARGS = new LinkedHashMap<>();

    static {
        ARGS.put("service-active", List.of("service", "on"));
        ARGS.put("file-exists", List.of("path", "on"));
        ARGS.put("etcd-healthy", List.of("members"));
        ARGS.put("vip-held", List.of("vip"));
        ARGS.put("api-healthy", List.of());
        ARGS.put("api-ready", List.of("via", "version"));
        ARGS.put("leader-lease", List.of("component"));
        ARGS.put("node-ready", List.of("on", "network"));
        ARGS.put("port-open", List.of("host", "port", "from"));
        ARGS.put("node-address", List.of("on"));
        ARGS.put("kubelet-config", List.of("on"));
        ARGS.put("proxy-mode", List.of("on"));
        ARGS.put("runtime-ready", List.of("on"));
        ARGS.put("cgroup-v2", List.of("on", "controllers"));
        ARGS.put("pod-network", List.of("on"));
        ARGS.put("pods-running", List.of("namespace", "selector", "count"));
        ARGS.put("service-ip", List.of("namespace", "name", "ip"));
        ARGS.put("can-i", List.of("as", "verb", "resource", "namespace"));
        ARGS.put("dns-resolves", List.of("name", "address", "on", "pod", "namespace", "server"));
        ARGS.put("secret-encrypted", List.of("name", "namespace", "prefix", "plaintext", "from"));
        ARGS.put("nodeport-answers", List.of("service", "namespace", "on", "status", "from", "local"));
        ARGS.put("ingress-vip", List.of());
        ARGS.put("ingress-backends", List.of("through"));
        ARGS.put("bgp-sessions", List.of("on", "peers"));
        ARGS.put("bgp-route", List.of("on", "service", "namespace", "prefix"));
        ARGS.put("lb-service-ip", List.of("name", "namespace", "pool"));
        ARGS.put("etcd-snapshot", List.of("path", "on"));
        ARGS.put("etcd-key", List.of("key", "present", "on"));
        ARGS.put("etcd-write", List.of("key", "writable", "from"));
        ARGS.put("etcd-restored", List.of("revision"));
        ARGS.put("control-plane-stopped", List.of("on"));
    }

    private static final java.util.regex.Pattern SELECTOR =
            java.util.regex.Pattern.compile("[A-Za-z0-9./_-]+=[A-Za-z0-9._-]+(,[A-Za-z0-9./_-]+=[A-Za-z0-9._-]+)*");
    private static final java.util.regex.Pattern DNS_LABEL = java.util.regex.Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final List<String> VERBS = List.of("get", "list", "watch", "create", "update", "patch", "delete",
            "deletecollection", "*");

    /**
     * Renders a template string of a probe argument. {@code node} is the node the value is for (per-node paths,
     * the {@code from} node of port-open), or null when the value is cluster-wide.
     */
    @FunctionalInterface
    public interface TemplateText {
        String render(String template, Node node) throws RenderException;

        /** For callers (and tests) that have no templates in their probe arguments. */
        TemplateText VERBATIM = (template, node) -> template;
    }

    private Probes() {
    }

    /** The probe types lessons may use. */
    public static List<String> knownTypes() {
        return List.copyOf(ARGS.keySet());
    }

    /** The argument names a probe type accepts (besides {@link #CHECK_KEYS}). */
    public static List<String> arguments(String type) throws ProbeSpecException {
        List<String> a = ARGS.get(type);
        if (a == null) {
            throw unknownType(type);
        }
        return a;
    }

    /**
     * Builds a probe from a check map.
     *
     * @param type      the {@code probe:} value
     * @param args      the check's keys; {@code probe} and {@code fail} are ignored here
     * @param defaultOn the step's {@code on:}, used by probes whose {@code on} defaults to it (may be null)
     * @param cluster   resolves node selectors and supplies defaults (masters count, API VIP, jumpbox)
     * @param render    renders template arguments ({@code path}, {@code host}, {@code vip})
     * @throws ProbeSpecException for an unknown type or argument, a missing or wrong-typed one, or a bad selector
     * @throws RenderException    when a template argument does not render
     */
    public static Probe parse(String type, Map<String, ?> args, String defaultOn, ClusterModel cluster,
                              TemplateText render) throws ProbeSpecException, RenderException {
        List<String> allowed = arguments(type);
        for (String key : args.keySet()) {
            if (!CHECK_KEYS.contains(key) && !allowed.contains(key)) {
                throw new ProbeSpecException("probe " + type + ": unknown argument '" + key + "'",
                        allowed.isEmpty() ? "it takes no arguments" : "one of " + allowed);
            }
        }
        Args a = new Args(type, args);
        return switch (type) {
            case "service-active" -> new Probe.ServiceActive(a.requiredString("service"),
                    names(nodes(a, "on", defaultOn, cluster)));
            case "file-exists" -> {
                String template = a.requiredString("path");
                List<Node> nodes = nodes(a, "on", defaultOn, cluster);
                Map<String, String> paths = new LinkedHashMap<>();
                for (Node n : nodes) {
                    paths.put(n.name(), render.render(template, n));
                }
                String first = nodes.isEmpty() ? render.render(template, null) : paths.get(nodes.get(0).name());
                yield new Probe.FileExists(first, names(nodes), paths);
            }
            case "etcd-healthy" -> {
                int masters = cluster.masters().size();
                int members = a.optionalInt("members", masters, render);
                if (members < 1 || members > masters) {
                    throw new ProbeSpecException("probe etcd-healthy: members must be 1.." + masters
                            + " (the cluster has " + masters + " masters), not " + members, "leave it out to require all masters");
                }
                yield new Probe.EtcdHealthy(members);
            }
            case "vip-held" -> {
                String vip = a.optionalString("vip", render);
                if (vip == null) {
                    if (!cluster.hasApiLb()) {
                        throw new ProbeSpecException("probe vip-held: this cluster has no API load balancer pair,"
                                + " so there is no VIP to check", "give vip:, or guard the step with"
                                + " when: \"${cluster.hasApiLb?c}\"");
                    }
                    vip = cluster.config().loadbalancers().api().vip();
                }
                yield new Probe.VipHeld(vip);
            }
            case "api-healthy" -> new Probe.ApiHealthy();
            case "api-ready" -> {
                String via = a.optionalString("via", render);
                List<String> ways = via == null ? List.of("masters") : List.of(via.trim().split("\\s*,\\s*"));
                for (String w : ways) {
                    if (!w.equals("masters") && !w.equals("endpoint")) {
                        throw new ProbeSpecException("probe api-ready: via must be masters, endpoint or"
                                + " masters,endpoint, not '" + via + "'", "via: masters");
                    }
                }
                String version = a.optionalString("version", render);
                yield new Probe.ApiReady(ways.contains("masters"), ways.contains("endpoint"),
                        version == null ? "v" + cluster.config().versions().kubernetes() : version);
            }
            case "leader-lease" -> {
                String component = a.requiredString("component");
                if (!LEADER_COMPONENTS.contains(component)) {
                    throw new ProbeSpecException("probe leader-lease: component must be one of " + LEADER_COMPONENTS
                            + ", not '" + component + "'", "component: kube-scheduler");
                }
                yield new Probe.LeaderLease(component);
            }
            case "node-ready" -> new Probe.NodeReady(names(nodes(a, "on", "workers", cluster)),
                    a.optionalBool("network", true, render));
            case "node-address" -> new Probe.NodeAddress(names(nodes(a, "on", "workers", cluster)));
            case "kubelet-config" -> new Probe.KubeletConfig(names(nodes(a, "on", defaultOn, cluster)));
            case "proxy-mode" -> new Probe.ProxyMode(names(nodes(a, "on", defaultOn, cluster)));
            case "port-open" -> {
                Node from = fromNode(a, cluster);
                String host = a.requiredString("host");
                int port = a.requiredInt("port", render);
                if (port < 1 || port > 65535) {
                    throw new ProbeSpecException("probe port-open: port must be 1..65535, not " + port, null);
                }
                yield new Probe.PortOpen(render.render(host, from), port, from.name());
            }
            case "runtime-ready" -> new Probe.RuntimeReady(names(nodes(a, "on", defaultOn, cluster)));
            case "cgroup-v2" -> new Probe.CgroupV2(names(nodes(a, "on", defaultOn, cluster)),
                    a.words("controllers", render));
            case "pod-network" -> new Probe.PodNetwork(names(nodes(a, "on", "workers", cluster)));
            case "pods-running" -> {
                String selector = text(a, "selector", true, render);
                if (!SELECTOR.matcher(selector).matches()) {
                    throw new ProbeSpecException("probe pods-running: selector '" + selector + "' is not an equality"
                            + " label selector", "selector: k8s-app=kube-dns (several: a=b,c=d)");
                }
                int count = a.optionalInt("count", 1, render);
                if (count < 1) {
                    throw new ProbeSpecException("probe pods-running: count must be at least 1, not " + count, null);
                }
                yield new Probe.PodsRunning(namespace(a, render), selector, count);
            }
            case "service-ip" -> new Probe.ServiceIp(namespace(a, render), dnsName(a, "name", render),
                    ip(a, "ip", true, render));
            case "can-i" -> {
                String verb = text(a, "verb", true, render);
                if (!VERBS.contains(verb)) {
                    throw new ProbeSpecException("probe can-i: '" + verb + "' is not an API verb", "one of " + VERBS);
                }
                String resource = text(a, "resource", true, render);
                if (!resource.matches("[a-z0-9*]+(\\.[a-z0-9.-]+)?")) {
                    throw new ProbeSpecException("probe can-i: resource '" + resource + "' is not RESOURCE or"
                            + " RESOURCE.GROUP", "resource: endpointslices.discovery.k8s.io");
                }
                String ns = a.map.get("namespace") == null ? null : namespace(a, render);
                yield new Probe.CanI(text(a, "as", true, render), verb, resource, ns);
            }
            case "dns-resolves" -> {
                String name = text(a, "name", true, render);
                String address = a.map.get("address") == null ? null : ip(a, "address", true, render);
                String server = a.map.get("server") == null ? cluster.clusterDns() : ip(a, "server", true, render);
                String pod = a.map.get("pod") == null ? null : text(a, "pod", true, render);
                if (pod != null) {
                    if (a.map.get("on") != null) {
                        throw new ProbeSpecException("probe dns-resolves: give either pod: (ask from inside a pod)"
                                + " or on: (ask from nodes), not both", "remove on:");
                    }
                    if (!pod.matches("deploy/[a-z0-9]([-a-z0-9]*[a-z0-9])?")) {
                        throw new ProbeSpecException("probe dns-resolves: pod '" + pod + "' must name a Deployment"
                                + " as kubectl exec takes it", "pod: deploy/nginx");
                    }
                    yield new Probe.DnsResolves(name, address, List.of(), pod, namespace(a, render), server);
                }
                List<Node> nodes = nodes(a, "on", "workers", cluster);
                if (nodes.isEmpty()) {
                    throw new ProbeSpecException("probe dns-resolves: no node to ask from (the cluster has no"
                            + " workers)", "on: <a node running kube-proxy>, or guard the step with when:");
                }
                yield new Probe.DnsResolves(name, address, names(nodes), null, namespace(a, render), server);
            }
            case "secret-encrypted" -> {
                String prefix = text(a, "prefix", true, render);
                if (!prefix.startsWith("k8s:enc:")) {
                    throw new ProbeSpecException("probe secret-encrypted: prefix '" + prefix + "' is not a provider"
                            + " prefix (k8s:enc:<provider>:v1:<key name>)", "prefix: k8s:enc:secretbox:v1:key1");
                }
                Node from = oneNode(a, "from", () -> cluster.masters().isEmpty() ? null : cluster.masters().get(0),
                        cluster, "master1");
                yield new Probe.SecretEncrypted(namespace(a, render), dnsName(a, "name", render), prefix,
                        text(a, "plaintext", true, render), from.name());
            }
            case "nodeport-answers" -> {
                int status = a.optionalInt("status", 200, render);
                if (status < 100 || status > 599) {
                    throw new ProbeSpecException("probe nodeport-answers: status must be an HTTP status 100..599,"
                            + " not " + status, "status: 200");
                }
                Object local = a.map.get("local");
                boolean isLocal = local != null && (Boolean.TRUE.equals(local) || "true".equals(String.valueOf(local)));
                if (local != null && !isLocal && !Boolean.FALSE.equals(local) && !"false".equals(String.valueOf(local))) {
                    throw a.wrongType("local", local, "true or false");
                }
                List<Node> nodes = nodes(a, "on", "workers", cluster);
                if (nodes.isEmpty()) {
                    throw new ProbeSpecException("probe nodeport-answers: no node to ask (the cluster has no"
                            + " workers)", "on: worker1, or guard the step with when:");
                }
                Node from = oneNode(a, "from", () -> cluster.node(cluster.clientNode()).orElse(null), cluster,
                        "jumpbox");
                yield new Probe.NodePortAnswers(namespace(a, render), dnsName(a, "service", render), names(nodes),
                        status, from.name(), isLocal);
            }
            case "etcd-snapshot" -> {
                String path = text(a, "path", true, render);
                if (!path.startsWith("/")) {
                    throw new ProbeSpecException("probe etcd-snapshot: path '" + path + "' is not absolute",
                            "path: /var/backups/etcd/snapshot.db");
                }
                yield new Probe.EtcdSnapshot(path, names(masters(a, defaultOn, cluster)));
            }
            case "etcd-key" -> {
                String key = text(a, "key", true, render);
                if (key.chars().anyMatch(ch -> ch <= ' ')) {
                    throw new ProbeSpecException("probe etcd-key: key '" + key + "' has blanks or control"
                            + " characters", "key: /hardway/backup/before");
                }
                yield new Probe.EtcdKey(key, a.optionalBool("present", true, render),
                        names(masters(a, defaultOn, cluster)));
            }
            case "etcd-write" -> {
                String key = a.map.containsKey("key") ? text(a, "key", true, render) : "/hardway/drills/write";
                if (key.chars().anyMatch(ch -> ch <= ' ')) {
                    throw new ProbeSpecException("probe etcd-write: key '" + key + "' has blanks or control"
                            + " characters", "key: /hardway/drills/write");
                }
                Node from = oneNode(a, "from", () -> cluster.masters().isEmpty() ? null : cluster.masters().get(0),
                        cluster, "master1");
                if (cluster.masters().stream().noneMatch(m -> m.name().equals(from.name()))) {
                    throw new ProbeSpecException("probe etcd-write: from '" + from.name() + "' is not a master (the"
                            + " etcd client certificate of lesson 05 is only on the masters)", "from: "
                            + cluster.masters().get(0).name());
                }
                yield new Probe.EtcdWrite(key, a.optionalBool("writable", true, render), from.name());
            }
            case "control-plane-stopped" -> new Probe.ControlPlaneStopped(names(masters(a, defaultOn, cluster)));
            case "etcd-restored" -> {
                Object v = a.map.get("revision");
                long rev;
                if (v == null) {
                    rev = 0;
                } else if (v instanceof Number num) {
                    rev = num.longValue();
                } else if (v instanceof String s && render.render(s, null).trim().matches("\\d{1,18}")) {
                    rev = Long.parseLong(render.render(s, null).trim());
                } else {
                    throw a.wrongType("revision", v, "a whole number");
                }
                if (rev < 0) {
                    throw a.wrongType("revision", v, "a whole number");
                }
                yield new Probe.EtcdRestored(rev);
            }
            case "bgp-sessions" -> {
                Node router = router(a, cluster);
                List<Node> peers = nodes(a, "peers", "workers", cluster);
                if (peers.isEmpty()) {
                    throw new ProbeSpecException("probe bgp-sessions: no peer to expect (the cluster has no workers,"
                            + " where MetalLB's speakers run)", "peers: workers, or guard the step with when:");
                }
                yield new Probe.BgpSessions(router.name(), names(peers));
            }
            case "bgp-route" -> {
                Node router = router(a, cluster);
                String service = a.map.get("service") == null ? null : dnsName(a, "service", render);
                String prefix = text(a, "prefix", false, render);
                if ((service == null) == (prefix == null)) {
                    throw new ProbeSpecException("probe bgp-route: give either service: (its LoadBalancer address)"
                            + " or prefix: (a CIDR), exactly one", "service: nginx-lb");
                }
                if (prefix != null && dev.hardway.cluster.Cidr.tryParse(prefix).isEmpty()) {
                    throw new ProbeSpecException("probe bgp-route: prefix '" + prefix + "' is not a CIDR",
                            "prefix: 172.17.254.1/32");
                }
                yield new Probe.BgpRoute(router.name(), namespace(a, render), service, prefix);
            }
            case "lb-service-ip" -> {
                String pool = text(a, "pool", false, render);
                if (pool == null) {
                    if (cluster.config().bgp() == null || cluster.config().bgp().addressPool() == null) {
                        throw new ProbeSpecException("probe lb-service-ip: this cluster has no bgp.address_pool to"
                                + " expect the address in", "pool: 172.17.254.0/24, or guard the step with when:");
                    }
                    pool = cluster.config().bgp().addressPool();
                }
                if (dev.hardway.cluster.Cidr.tryParse(pool).isEmpty()) {
                    throw new ProbeSpecException("probe lb-service-ip: pool '" + pool + "' is not a CIDR",
                            "pool: \"${cluster.bgp.addressPool}\"");
                }
                yield new Probe.LbServiceIp(namespace(a, render), dnsName(a, "name", render), pool);
            }
            case "ingress-vip" -> {
                requireIngress(type, cluster);
                yield new Probe.IngressVip();
            }
            case "ingress-backends" -> {
                requireIngress(type, cluster);
                yield new Probe.IngressBackends(a.optionalBool("through", true, render));
            }
            default -> throw unknownType(type);
        };
    }

    private static void requireIngress(String type, ClusterModel cluster) throws ProbeSpecException {
        if (!cluster.hasIngressLb()) {
            throw new ProbeSpecException("probe " + type + ": this cluster has no ingress load balancer pair"
                    + " (loadbalancers.ingress)", "guard the lesson with applies: \"${cluster.hasIngressLb?c}\"");
        }
    }

    /** The {@code on:} of a BGP probe: one router node, by default the cluster's first. */
    private static Node router(Args a, ClusterModel cluster) throws ProbeSpecException {
        return oneNode(a, "on", () -> cluster.routers().isEmpty() ? null : cluster.routers().get(0), cluster,
                "router");
    }

    /** Etcd members to ask: {@code on} (default the step's), which must all be masters. */
    private static List<Node> masters(Args a, String defaultOn, ClusterModel cluster) throws ProbeSpecException {
        List<Node> nodes = nodes(a, "on", defaultOn == null ? "masters" : defaultOn, cluster);
        List<String> other = nodes.stream().filter(n -> !cluster.masters().contains(n)).map(Node::name).toList();
        if (nodes.isEmpty() || !other.isEmpty()) {
            throw new ProbeSpecException("probe " + a.type + ": etcd runs on the masters, not on " + (other.isEmpty()
                    ? "no node" : String.join(", ", other)), "on: masters");
        }
        return nodes;
    }

    /** A string argument rendered with the cluster (templates allowed); required or null. */
    private static String text(Args a, String key, boolean required, TemplateText render)
            throws ProbeSpecException, RenderException {
        String v = a.optionalString(key, render);
        if (v == null && required) {
            a.requiredString(key);   // throws the one wording for a missing argument
        }
        return v == null ? null : v.strip();
    }

    private static String namespace(Args a, TemplateText render) throws ProbeSpecException, RenderException {
        String ns = text(a, "namespace", false, render);
        if (ns == null) {
            return "default";
        }
        if (!DNS_LABEL.matcher(ns).matches()) {
            throw new ProbeSpecException("probe " + a.type + ": namespace '" + ns + "' is not a namespace name",
                    "namespace: kube-system");
        }
        return ns;
    }

    private static String dnsName(Args a, String key, TemplateText render) throws ProbeSpecException, RenderException {
        String v = text(a, key, true, render);
        if (!v.matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?")) {
            throw new ProbeSpecException("probe " + a.type + ": " + key + " '" + v + "' is not an object name",
                    key + ": " + Args.example(key));
        }
        return v;
    }

    private static String ip(Args a, String key, boolean required, TemplateText render)
            throws ProbeSpecException, RenderException {
        String v = text(a, key, required, render);
        if (v != null && dev.hardway.cluster.Cidr.tryParseAddress(v).isEmpty()) {
            throw new ProbeSpecException("probe " + a.type + ": " + key + " '" + v + "' is not an IPv4 address",
                    key + ": " + Args.example(key));
        }
        return v;
    }

    /** A node argument that must select exactly one node; {@code dflt} supplies the default (null: none). */
    private static Node oneNode(Args a, String key, java.util.function.Supplier<Node> dflt, ClusterModel cluster,
                                String example) throws ProbeSpecException {
        String sel = a.selector(key);
        if (sel == null) {
            Node d = dflt.get();
            if (d == null) {
                throw new ProbeSpecException("probe " + a.type + ": this cluster has no default for '" + key + "'",
                        key + ": " + example);
            }
            return d;
        }
        List<Node> nodes;
        try {
            nodes = cluster.resolve(sel);
        } catch (ClusterModel.SelectorException e) {
            throw new ProbeSpecException("probe " + a.type + ": " + key + ": " + e.what(), e.fix());
        }
        if (nodes.size() != 1) {
            throw new ProbeSpecException("probe " + a.type + ": " + key + " must name exactly one node, '" + sel
                    + "' is " + names(nodes), key + ": " + (nodes.isEmpty() ? example : nodes.get(0).name()));
        }
        return nodes.get(0);
    }

    private static ProbeSpecException unknownType(String type) {
        return new ProbeSpecException("unknown probe type '" + type + "'", "one of " + knownTypes());
    }

    private static List<Node> nodes(Args a, String key, String defaultOn, ClusterModel cluster)
            throws ProbeSpecException {
        String on = a.selector(key);
        if (on == null) {
            on = defaultOn;
        }
        if (on == null || on.isBlank()) {
            throw new ProbeSpecException("probe " + a.type + ": '" + key + "' is missing and the step has no on:",
                    "on: masters (or node names)");
        }
        try {
            return cluster.resolve(on);
        } catch (ClusterModel.SelectorException e) {
            throw new ProbeSpecException("probe " + a.type + ": " + key + ": " + e.what(), e.fix());
        }
    }

    private static Node fromNode(Args a, ClusterModel cluster) throws ProbeSpecException {
        String from = a.selector("from");
        if (from == null) {
            return cluster.jumpbox().orElseThrow(() -> new ProbeSpecException("probe port-open: this cluster has"
                    + " no jumpbox, so 'from' has no default", "from: master1"));
        }
        List<Node> nodes;
        try {
            nodes = cluster.resolve(from);
        } catch (ClusterModel.SelectorException e) {
            throw new ProbeSpecException("probe port-open: from: " + e.what(), e.fix());
        }
        if (nodes.size() != 1) {
            throw new ProbeSpecException("probe port-open: from must name exactly one node, '" + from
                    + "' is " + names(nodes), "from: " + (nodes.isEmpty() ? "jumpbox" : nodes.get(0).name()));
        }
        return nodes.get(0);
    }

    private static List<String> names(List<Node> nodes) {
        return nodes.stream().map(Node::name).toList();
    }

    /** Typed access to the YAML values, with errors naming the argument. */
    private record Args(String type, Map<String, ?> map) {

        String requiredString(String key) throws ProbeSpecException {
            Object v = map.get(key);
            if (v == null) {
                throw new ProbeSpecException("probe " + type + ": '" + key + "' is missing", key + ": "
                        + example(key));
            }
            if (!(v instanceof String s) || s.isBlank()) {
                throw wrongType(key, v, "a non-empty string");
            }
            return s;
        }

        String optionalString(String key, TemplateText render) throws ProbeSpecException, RenderException {
            Object v = map.get(key);
            if (v == null) {
                return null;
            }
            if (!(v instanceof String s) || s.isBlank()) {
                throw wrongType(key, v, "a non-empty string");
            }
            return render.render(s, null);
        }

        /**
         * Words separated by spaces or commas, or a YAML list of them; a template rendering to nothing is no word
         * (a lesson may require them only on some labs).
         */
        List<String> words(String key, TemplateText render) throws ProbeSpecException, RenderException {
            Object v = map.get(key);
            if (v == null) {
                return List.of();
            }
            String text;
            if (v instanceof String s) {
                text = render.render(s, null);
            } else if (v instanceof List<?> list && list.stream().allMatch(e -> e instanceof String)) {
                text = String.join(" ", list.stream().map(String.class::cast).toList());
            } else {
                throw wrongType(key, v, "words such as \"cpu memory pids\"");
            }
            List<String> out = new java.util.ArrayList<>();
            for (String w : text.trim().split("[\\s,]+")) {
                if (w.isEmpty()) {
                    continue;
                }
                if (!w.matches("[a-z_]+")) {
                    throw new ProbeSpecException("probe " + type + ": " + key + ": '" + w + "' is not a cgroup"
                            + " controller name", key + ": " + example(key));
                }
                out.add(w);
            }
            return out;
        }

        /** A selector: a string, or a YAML list of node names/groups. */
        String selector(String key) throws ProbeSpecException {
            Object v = map.get(key);
            if (v == null) {
                return null;
            }
            if (v instanceof String s) {
                return s;
            }
            if (v instanceof List<?> list && !list.isEmpty() && list.stream().allMatch(e -> e instanceof String)) {
                return String.join(",", list.stream().map(String.class::cast).toList());
            }
            throw wrongType(key, v, "a node selector (masters, workers, lbs, jumpbox, all or node names)");
        }

        int requiredInt(String key, TemplateText render) throws ProbeSpecException, RenderException {
            if (map.get(key) == null) {
                throw new ProbeSpecException("probe " + type + ": '" + key + "' is missing", key + ": "
                        + example(key));
            }
            return optionalInt(key, 0, render);
        }

        /** A whole number, or a template that renders to one ({@code "${cluster.api.port}"}). */
        int optionalInt(String key, int dflt, TemplateText render) throws ProbeSpecException, RenderException {
            Object v = map.get(key);
            if (v == null) {
                return dflt;
            }
            if (v instanceof Integer || v instanceof Long || v instanceof Short) {
                return ((Number) v).intValue();
            }
            if (v instanceof String s) {
                String r = render.render(s, null).trim();
                if (r.matches("\\d{1,9}")) {
                    return Integer.parseInt(r);
                }
            }
            throw wrongType(key, v, "a whole number");
        }

        /** true/false, or a template that renders to one. */
        boolean optionalBool(String key, boolean dflt, TemplateText render) throws ProbeSpecException, RenderException {
            Object v = map.get(key);
            if (v == null) {
                return dflt;
            }
            if (v instanceof Boolean b) {
                return b;
            }
            if (v instanceof String s) {
                String r = render.render(s, null).trim();
                if (r.equals("true") || r.equals("false")) {
                    return Boolean.parseBoolean(r);
                }
            }
            throw wrongType(key, v, "true or false");
        }

        ProbeSpecException wrongType(String key, Object v, String expected) {
            String shown = v instanceof String s ? "'" + s + "'" : v.getClass().getSimpleName().toLowerCase() + " " + v;
            return new ProbeSpecException("probe " + type + ": '" + key + "' must be " + expected + ", not " + shown,
                    key + ": " + example(key));
        }

        static String example(String key) {
            return switch (key) {
                case "service" -> "etcd";
                case "path" -> "/etc/etcd/ca.pem";
                case "key" -> "/hardway/backup/before";
                case "present" -> "false";
                case "revision" -> "1000000000";
                case "members" -> "3";
                case "through" -> "false";
                case "vip" -> "\"${cluster.apiLb.vip}\"";
                case "host" -> "\"${cluster.api.host}\"";
                case "port" -> "6443";
                case "from" -> "jumpbox";
                case "network" -> "false";
                case "component" -> "kube-controller-manager";
                case "via" -> "masters";
                case "version" -> "\"v${cluster.versions.kubernetes}\"";
                case "controllers" -> "cpu memory pids";
                case "selector" -> "k8s-app=kube-dns";
                case "namespace" -> "kube-system";
                case "name" -> "kube-dns";
                case "ip", "server" -> "\"${cluster.network.clusterDns}\"";
                case "address" -> "\"${cluster.network.firstServiceIp}\"";
                case "as" -> "system:serviceaccount:kube-system:coredns";
                case "verb" -> "list";
                case "resource" -> "endpointslices.discovery.k8s.io";
                case "pod" -> "deploy/nginx";
                case "prefix" -> "k8s:enc:secretbox:v1:key1";
                case "plaintext" -> "mydata";
                case "peers" -> "workers";
                case "pool" -> "\"${cluster.bgp.addressPool}\"";
                default -> "masters";
            };
        }
    }
}
