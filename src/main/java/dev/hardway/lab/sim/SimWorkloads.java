package dev.hardway.lab.sim;

import dev.hardway.Problem;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.hardway.cluster.Cidr;
import dev.hardway.cluster.ClusterConfig.Node;
import dev.hardway.cluster.ClusterModel;
import dev.hardway.lab.ApiObject;
import dev.hardway.lab.StepAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * What runs on the simulated cluster (lessons 11 and 12): the API objects the lessons' {@code applies:} manifests
 * declared, and what follows from them and from the nodes — pods, their addresses, Services, DNS answers, NodePorts,
 * Secrets at rest, RBAC decisions.
 *
 * <p>What is stored is what a real cluster stores: the objects (in etcd), the ClusterIPs and NodePorts the apiserver
 * allocated, whether a Secret was written encrypted, and per node the few facts of the config files that decide
 * behaviour (the kubelet's {@code resolvConf} and {@code clusterDNS}, kube-proxy's {@code mode}, whether
 * kube-apiserver had its encryption config when it started). Everything else is derived on every call:
 * <ul>
 *   <li>pods exist only for an applied Deployment while the API is up and kube-controller-manager runs; they are
 *   scheduled (kube-scheduler) onto Ready workers ({@link SimModel#nodeConditions}) and get addresses from their
 *   node's pod CIDR;</li>
 *   <li>CoreDNS pods crash on a forwarding loop (the {@code loop} plugin with an upstream that is the node's
 *   systemd-resolved stub or the cluster DNS itself), and stay unready without RBAC for EndpointSlices;</li>
 *   <li>a name resolves only through a Service at the asked address whose ready endpoints are CoreDNS pods, from a
 *   node where kube-proxy runs;</li>
 *   <li>a NodePort answers on a worker where kube-proxy runs, with ready endpoints (never on 127.0.0.1 in nftables
 *   mode).</li>
 * </ul>
 * Deterministic: allocations and placements hash names, no randomness.
 */
public final class SimWorkloads {

    public static final String CONTROLLER_MANAGER = "kube-controller-manager";
    public static final String SCHEDULER = "kube-scheduler";
    public static final String KUBE_PROXY = "kube-proxy";
    /** Where lesson 04 puts the encryption config on the masters (docs/lesson-format.md, paths). */
    public static final String ENCRYPTION_CONFIG = "/var/lib/kubernetes/encryption-config.yaml";
    public static final String APISERVER_UNIT = "/etc/systemd/system/kube-apiserver.service";
    public static final String KUBELET_CONFIG = "/var/lib/kubelet/kubelet-config.yaml";
    public static final String KUBE_PROXY_CONFIG = "/var/lib/kube-proxy/kube-proxy-config.yaml";
    /** Namespaces every cluster has. */
    static final Set<String> BUILTIN_NAMESPACES = Set.of("default", "kube-system", "kube-public", "kube-node-lease");
    static final int NODE_PORT_MIN = 30000;
    static final int NODE_PORT_MAX = 32767;

    // ------------------------------------------------------------------------------------ persisted part --

    /** What the simulated lab keeps of the workloads (a field of {@link SimModel.Data}). */
    @JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
            isGetterVisibility = JsonAutoDetect.Visibility.NONE)
    @JsonIgnoreProperties(ignoreUnknown = true)
    static final class State {
        /** By {@link ApiObject#key()}. */
        TreeMap<String, Stored> objects = new TreeMap<>();
        TreeMap<String, NodeFacts> facts = new TreeMap<>();
    }

    /**
     * An object as the apiserver stored it.
     *
     * @param clusterIp        a Service's allocated ClusterIP ("None" for headless), else null
     * @param nodePorts        a NodePort Service's allocated ports, in the order of spec.ports, else empty
     * @param plaintextBecause a Secret: null when it was written encrypted, else why it is plaintext in etcd
     */
    public record Stored(ApiObject object, String clusterIp, List<Integer> nodePorts, String plaintextBecause) {
        public Stored {
            nodePorts = nodePorts == null ? List.of() : List.copyOf(nodePorts);
        }
    }

    /** What the node's config files say, as far as the workloads care; null fields: not written by a step. */
    @JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
            isGetterVisibility = JsonAutoDetect.Visibility.NONE)
    @JsonIgnoreProperties(ignoreUnknown = true)
    static final class NodeFacts {
        /** The kubelet's resolvConf ("/etc/resolv.conf" when its config names none); null: no config seen. */
        String resolvConf;
        /** The kubelet's first clusterDNS address; null: no config seen or none set. */
        String clusterDns;
        /** kube-proxy's mode ("iptables" when its config names none); null: no config seen. */
        String proxyMode;
        /** Whether the kube-apiserver unit written here names --encryption-provider-config; null: not seen. */
        Boolean encryptionFlag;
        /** When kube-apiserver was last started by a step: "" it encrypts Secrets, else why not; null: never. */
        String encryptionAtStart;
    }

    // ------------------------------------------------------------------------------------ derived views --

    /** A pod as {@code kubectl get pods -o wide} would show it. {@code reason} says why it is not Ready. */
    public record Pod(String namespace, String name, String deployment, Map<String, String> labels, String node,
                      String ip, String phase, boolean ready, Problem reason, List<String> logs, String image) {
        public boolean running() {
            return phase.equals("Running");
        }
    }

    /** A port of a Service. {@code targetPort} is a number or a container port name. */
    public record ServicePort(String name, int port, String targetPort, Integer nodePort) {
    }

    /** A Service with what the apiserver allocated. */
    public record Service(String namespace, String name, String type, String clusterIp, List<ServicePort> ports,
                          Map<String, String> selector) {
    }

    /** A DNS answer: the addresses, or why there are none (naming the node and cause, with a hint). */
    public record Lookup(List<String> addresses, Problem problem) {
        public boolean ok() {
            return problem == null;
        }
    }

    /** An HTTP answer: the status code, or 0 and why the connection failed. */
    public record Http(int status, Problem problem) {
    }

    /** A Secret as etcd holds it. */
    public record AtRest(boolean found, boolean encrypted, Map<String, String> data, Problem problem) {
    }

    /** An RBAC decision, and why not (without the user: "no ClusterRoleBinding names it"). */
    public record Decision(boolean allowed, String why) {
    }

    private final SimModel m;
    private final ClusterModel cluster;
    private final State state;

    private SimWorkloads(SimModel m) {
        this.m = m;
        this.cluster = m.cluster();
        this.state = m.data.workloads;
    }

    /** The workloads of a model snapshot. */
    public static SimWorkloads of(SimModel model) {
        return new SimWorkloads(model);
    }

    public List<Stored> objects() {
        return List.copyOf(state.objects.values());
    }

    public Optional<Stored> object(String kind, String namespace, String name) {
        return Optional.ofNullable(state.objects.get(kind + "/" + namespace + "/" + name));
    }

    private NodeFacts facts(String node) {
        return state.facts.getOrDefault(node, new NodeFacts());
    }

    /** kube-proxy's mode on a node as its config says (iptables when no config was written by a step). */
    public String proxyMode(String node) {
        String mode = facts(node).proxyMode;
        return mode == null ? "iptables" : mode;
    }

    /** The nameserver the kubelet on {@code node} gives pods: its clusterDNS, else the cluster's cluster_dns. */
    public String podNameserver(String node) {
        String dns = facts(node).clusterDns;
        return dns == null ? cluster.clusterDns() : dns;
    }

    // --------------------------------------------------------------------------------- step application --

    /**
     * Whether {@code kubectl apply} of a step's objects would be refused now: null, or kubectl's answer with a
     * hint. Nothing is changed.
     */
    Problem refuse(StepAction.NodeAction na) {
        if (na.objects().isEmpty()) {
            return null;
        }
        SimModel.ApiHealth api = m.apiHealth();
        if (!api.ok()) {
            return api.problem().prefixed("kubectl apply: unable to connect to the server " + api.endpoint() + ": ");
        }
        return apply(na.objects(), false);
    }

    /** Records what a node's part of a step changed: config facts of its files, apiserver starts, objects. */
    void record(String node, StepAction.NodeAction na) {
        for (StepAction.FileWrite f : na.files()) {
            learn(node, f.path(), new String(f.content(), StandardCharsets.UTF_8));
        }
        if (na.services().contains(SimModel.APISERVER)) {
            NodeFacts nf = state.facts.computeIfAbsent(node, k -> new NodeFacts());
            if (m.file(node, ENCRYPTION_CONFIG).isEmpty()) {
                nf.encryptionAtStart = ENCRYPTION_CONFIG + " was not on " + node + " when kube-apiserver started"
                        + " there (lesson 04-encryption copies it)";
            } else if (Boolean.FALSE.equals(nf.encryptionFlag)) {
                nf.encryptionAtStart = "kube-apiserver on " + node + " runs without --encryption-provider-config";
            } else {
                nf.encryptionAtStart = "";
            }
        }
        if (!na.objects().isEmpty()) {
            apply(na.objects(), true);
        }
    }

    private static final Pattern LOOPBACK = Pattern.compile("^(127\\.|::1$|localhost$)");

    @SuppressWarnings("unchecked")
    private void learn(String node, String path, String content) {
        if (!path.equals(KUBELET_CONFIG) && !path.equals(KUBE_PROXY_CONFIG) && !path.equals(APISERVER_UNIT)) {
            return;
        }
        NodeFacts nf = state.facts.computeIfAbsent(node, k -> new NodeFacts());
        if (path.equals(APISERVER_UNIT)) {
            nf.encryptionFlag = content.contains("--encryption-provider-config");
            return;
        }
        Map<String, Object> y;
        try {
            Object o = new Yaml(new SafeConstructor(new LoaderOptions())).load(content);
            y = o instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
        } catch (RuntimeException e) {
            y = Map.of();   // a config kubelet/kube-proxy could not read: they would not start; not modelled here
        }
        if (path.equals(KUBELET_CONFIG)) {
            nf.resolvConf = y.get("resolvConf") instanceof String s ? s : "/etc/resolv.conf";
            nf.clusterDns = y.get("clusterDNS") instanceof List<?> l && !l.isEmpty() ? String.valueOf(l.get(0)) : null;
        } else {
            nf.proxyMode = y.get("mode") instanceof String s && !s.isBlank() ? s : "iptables";
        }
    }

    /**
     * kubectl apply, object by object as the apiserver judges them: a new object is created, a changed one
     * replaced (allocations kept), an unchanged one left as it is (so a Secret stored as plaintext stays so).
     * Returns null, or the first refusal in the apiserver's words with a hint.
     */
    private Problem apply(List<ApiObject> objects, boolean commit) {
        TreeMap<String, Stored> next = new TreeMap<>(state.objects);
        for (ApiObject o : objects) {
            String ns = o.namespace();
            if (!ns.isEmpty() && !BUILTIN_NAMESPACES.contains(ns) && !next.containsKey("Namespace//" + ns)
                    && !SimBgp.of(m).namespaces().contains(ns)) {   // metallb-system, from MetalLB's manifest
                return Problem.error("Error from server (NotFound): error when creating \"" + o.shown()
                        + "\": namespaces \"" + ns + "\" not found", "apply the Namespace first");
            }
            Stored old = next.get(o.key());
            if (old != null && old.object().body().equals(o.body())) {
                continue;
            }
            Stored s;
            switch (o.kind()) {
                case "Service" -> {
                    Object r = service(o, old, next);
                    if (r instanceof Problem why) {
                        return why;
                    }
                    s = (Stored) r;
                }
                case "Deployment" -> {
                    Map<String, String> sel = o.labels("spec.selector.matchLabels");
                    Map<String, String> labels = o.labels("spec.template.metadata.labels");
                    if (sel.isEmpty() || !labels.entrySet().containsAll(sel.entrySet())) {
                        return Problem.error("The Deployment \"" + o.name() + "\" is invalid: spec.template.metadata.labels: Invalid"
                                + " value: " + labels + ": `selector` does not match template `labels`", "give the pod template every label of spec.selector.matchLabels");
                    }
                    s = new Stored(o, null, List.of(), null);
                }
                case "Secret" -> s = new Stored(o, null, List.of(), plaintextBecause());
                default -> s = new Stored(o, null, List.of(), null);
            }
            next.put(o.key(), s);
        }
        if (commit) {
            state.objects.clear();
            state.objects.putAll(next);
        }
        return null;
    }

    /** Why a Secret written now lands in etcd as plaintext (null: encrypted), by the apiserver that serves it. */
    private String plaintextBecause() {
        String serving = cluster.masters().stream().map(Node::name).filter(m::apiserverHealthy).findFirst()
                .orElse(null);
        if (serving == null) {
            return "no kube-apiserver is healthy";
        }
        String at = facts(serving).encryptionAtStart;
        if (at == null) {
            return "kube-apiserver on " + serving + " was not started by a lesson step, so its encryption config is"
                    + " unknown";
        }
        return at.isEmpty() ? null : at;
    }

    /** Allocates (or checks) a Service's ClusterIP and NodePorts; returns the Stored, or the refusal text. */
    private Object service(ApiObject o, Stored old, Map<String, Stored> all) {
        Cidr range = Cidr.parse(cluster.config().network().serviceCidr()).normalized();
        String wanted = o.text("spec.clusterIP");
        String type = Objects.requireNonNullElse(o.text("spec.type"), "ClusterIP");
        String ip;
        if (old != null && old.clusterIp() != null) {
            if (wanted != null && !wanted.equals(old.clusterIp())) {
                return Problem.error("The Service \"" + o.name() + "\" is invalid: spec.clusterIPs[0]: Invalid value: []string{\""
                        + wanted + "\"}: may not change once set", "kubectl delete service " + o.name() + " -n "
                        + o.namespace() + ", then apply again (it has " + old.clusterIp() + ")");
            }
            ip = old.clusterIp();
        } else if (wanted != null && wanted.equals("None")) {
            ip = "None";
        } else if (wanted != null) {
            Optional<Integer> addr = Cidr.tryParseAddress(wanted);
            if (addr.isEmpty() || !range.contains(addr.get()) || addr.get() == range.network()
                    || addr.get() == range.last()) {
                return Problem.error("The Service \"" + o.name() + "\" is invalid: spec.clusterIPs: Invalid value: []string{\""
                        + wanted + "\"}: failed to allocate IP " + wanted + ": the provided IP (" + wanted + ") is not"
                        + " in the valid range. The range of valid IPs is " + range, "use an address of service_cidr " + range);
            }
            if (wanted.equals(cluster.firstServiceIp()) || usedIps(all, o.key()).contains(wanted)) {
                return Problem.error("The Service \"" + o.name() + "\" is invalid: spec.clusterIPs: Invalid value: []string{\""
                        + wanted + "\"}: failed to allocate IP " + wanted + ": provided IP is already allocated.", "kubectl get services -A -o wide shows who has it");
            }
            ip = wanted;
        } else {
            ip = allocateIp(range, o.key(), usedIps(all, o.key()));
        }
        List<Integer> nodePorts = new ArrayList<>();
        if (type.equals("NodePort") || type.equals("LoadBalancer")) {
            List<Integer> used = new ArrayList<>();
            all.forEach((k, s) -> {
                if (!k.equals(o.key())) {
                    used.addAll(s.nodePorts());
                }
            });
            List<Map<String, Object>> ports = o.maps("spec.ports");
            for (int i = 0; i < ports.size(); i++) {
                Object np = ports.get(i).get("nodePort");
                int port;
                if (np instanceof Number n) {
                    port = n.intValue();
                    if (port < NODE_PORT_MIN || port > NODE_PORT_MAX) {
                        return Problem.error("The Service \"" + o.name() + "\" is invalid: spec.ports[" + i + "].nodePort: Invalid"
                                + " value: " + port + ": provided port is not in the valid range. The range of valid"
                                + " ports is " + NODE_PORT_MIN + "-" + NODE_PORT_MAX, "leave nodePort out");
                    }
                    if (used.contains(port)) {
                        return Problem.error("The Service \"" + o.name() + "\" is invalid: spec.ports[" + i + "].nodePort: Invalid"
                                + " value: " + port + ": provided port is already allocated", "leave nodePort out");
                    }
                } else if (old != null && i < old.nodePorts().size()) {
                    port = old.nodePorts().get(i);
                } else {
                    int span = NODE_PORT_MAX - NODE_PORT_MIN + 1;
                    int k = Math.floorMod((o.key() + "#" + i).hashCode(), span);
                    while (used.contains(NODE_PORT_MIN + k)) {
                        k = (k + 1) % span;
                    }
                    port = NODE_PORT_MIN + k;
                }
                used.add(port);
                nodePorts.add(port);
            }
        }
        return new Stored(o, ip, nodePorts, null);
    }

    private static List<String> usedIps(Map<String, Stored> all, String except) {
        return all.entrySet().stream().filter(e -> !e.getKey().equals(except)).map(e -> e.getValue().clusterIp())
                .filter(Objects::nonNull).toList();
    }

    /**
     * A dynamic ClusterIP as the apiserver picks one: from the upper band of the range (the lower band,
     * {@code min(max(16, size/16), 256)} addresses, is kept for addresses given in manifests), here by a hash of
     * the object's key instead of at random.
     */
    private String allocateIp(Cidr range, String key, List<String> used) {
        long hosts = range.size() - 2;
        long band = Math.min(Math.max(16, range.size() / 16), 256);
        long span = Math.max(1, hosts - band);
        long k = Math.floorMod(key.hashCode(), span);
        for (long tries = 0; tries < span; tries++) {
            String ip = Cidr.formatAddress(range.nthHost(band + 1 + (k + tries) % span));
            if (!used.contains(ip) && !ip.equals(cluster.firstServiceIp())) {
                return ip;
            }
        }
        return Cidr.formatAddress(range.nthHost(hosts));
    }

    // --------------------------------------------------------------------------------------------- pods --

    /** Why no Deployment has pods now (the API is down, no controller-manager), or null. */
    public Problem whyNoPods() {
        SimModel.ApiHealth api = m.apiHealth();
        if (!api.ok()) {
            return api.problem().prefixed("the API does not answer: ");
        }
        if (cluster.masters().stream().noneMatch(x -> m.isActive(x.name(), CONTROLLER_MANAGER))) {
            return Problem.error("kube-controller-manager runs on no master, so no ReplicaSet makes pods", "inspect apiserver; systemctl status kube-controller-manager (lesson 06-control-plane)");
        }
        return null;
    }

    /** Every pod the applied Deployments have now, by namespace and name. */
    public List<Pod> pods() {
        if (whyNoPods() != null) {
            return List.of();
        }
        boolean scheduler = cluster.masters().stream().anyMatch(x -> m.isActive(x.name(), SCHEDULER));
        List<SimModel.NodeCondition> conditions = m.nodeConditions(cluster.workers().stream().map(Node::name).toList());
        List<String> ready = conditions.stream().filter(SimModel.NodeCondition::ready)
                .map(SimModel.NodeCondition::node).toList();
        Problem notReady = conditions.isEmpty() ? Problem.error("the cluster has no workers", null)
                : conditions.stream().filter(c -> !c.ready()).map(SimModel.NodeCondition::problem).findFirst()
                .orElse(Problem.error("", null));
        Map<String, Integer> perNode = new LinkedHashMap<>();
        List<Pod> out = new ArrayList<>();
        for (Stored s : state.objects.values()) {
            ApiObject d = s.object();
            if (!d.kind().equals("Deployment") || failedCreate(d) != null) {
                continue;
            }
            int replicas = d.at("spec.replicas") instanceof Number n ? n.intValue() : 1;
            String hash = podHash(d);
            for (int i = 0; i < replicas; i++) {
                String name = d.name() + "-" + hash + "-" + suffix(d.name(), i);
                Map<String, String> labels = d.labels("spec.template.metadata.labels");
                String image = container(d).map(c -> String.valueOf(c.get("image"))).orElse("");
                if (!scheduler) {
                    out.add(new Pod(d.namespace(), name, d.name(), labels, null, null, "Pending", false,Problem.error("no kube-scheduler runs on any master, so nobody assigns the pod a node", "systemctl status kube-scheduler (lesson 06-control-plane)"), List.of(), image));
                    continue;
                }
                if (ready.isEmpty()) {
                    out.add(new Pod(d.namespace(), name, d.name(), labels, null, null, "Pending", false, notReady.prefixed("0/"
                            + conditions.size() + " nodes are available (no worker is Ready): "), List.of(),
                            image));
                    continue;
                }
                String node = ready.get(Math.floorMod(d.key().hashCode() + i, ready.size()));
                int idx = perNode.merge(node, 1, Integer::sum);
                String cidr = cluster.podCidr(cluster.node(node).orElseThrow());
                String ip = cidr == null ? null : Cidr.formatAddress(Cidr.parse(cidr).normalized().network() + 1 + idx);
                out.add(podOf(d, name, labels, node, ip, image));
            }
        }
        out.sort(Comparator.comparing(Pod::namespace).thenComparing(Pod::name));
        return out;
    }

    /** Pods in {@code namespace} whose labels carry every pair of {@code selector}. */
    public List<Pod> pods(String namespace, Map<String, String> selector) {
        return pods().stream().filter(p -> p.namespace().equals(namespace)
                && p.labels().entrySet().containsAll(selector.entrySet())).toList();
    }

    /** Why the ReplicaSet of a Deployment cannot create pods (a missing ServiceAccount), or null. */
    public Problem failedCreate(ApiObject d) {
        String sa = d.text("spec.template.spec.serviceAccountName");
        if (sa != null && !sa.equals("default") && object("ServiceAccount", d.namespace(), sa).isEmpty()) {
            return Problem.error("FailedCreate: pods \"" + d.name() + "-\" is forbidden: error looking up service account "
                    + d.namespace() + "/" + sa + ": serviceaccount \"" + sa + "\" not found", "apply the ServiceAccount " + sa + " first");
        }
        return null;
    }

    private Pod podOf(ApiObject d, String name, Map<String, String> labels, String node, String ip, String image) {
        for (Map<String, Object> v : d.maps("spec.template.spec.volumes")) {
            if (v.get("configMap") instanceof Map<?, ?> cm && cm.get("name") instanceof String cmName
                    && object("ConfigMap", d.namespace(), cmName).isEmpty()) {
                return new Pod(d.namespace(), name, d.name(), labels, node, ip, "ContainerCreating", false,
                        Problem.error("MountVolume.SetUp failed for volume \"" + v.get("name") + "\" : configmap \"" + cmName + "\" not found", "apply the ConfigMap " + cmName + " (kubectl -n " + d.namespace()
                                + " describe pod " + name + ")"), List.of(), image);
            }
        }
        if (!image.contains("coredns")) {
            return new Pod(d.namespace(), name, d.name(), labels, node, ip, "Running", true, null, List.of(), image);
        }
        String corefile = corefile(d).orElse("");
        String loop = loopUpstream(d, corefile, node);
        if (loop != null && hasPlugin(corefile, "loop")) {
            String line = "[FATAL] plugin/loop: Loop (127.0.0.1:" + (40000 + Math.floorMod(name.hashCode(), 20000))
                    + " -> :53) detected for zone \".\", see https://coredns.io/plugins/loop#troubleshooting. Query:"
                    + " \"HINFO 4547991504243258144.3688648895315093531.\"";
            return new Pod(d.namespace(), name, d.name(), labels, node, ip, "CrashLoopBackOff", false,
                    Problem.error("CrashLoopBackOff: " + loop, null), List.of(line), image);
        }
        String sa = Objects.requireNonNullElse(d.text("spec.template.spec.serviceAccountName"), "default");
        String user = "system:serviceaccount:" + d.namespace() + ":" + sa;
        List<String> logs = new ArrayList<>();
        for (String[] need : List.of(new String[]{"discovery.k8s.io", "endpointslices", "EndpointSlice"},
                new String[]{"", "services", "Service"}, new String[]{"", "namespaces", "Namespace"})) {
            for (String verb : List.of("list", "watch")) {
                if (!canI(user, verb, need[0], need[1], null).allowed()) {
                    logs.add("[ERROR] plugin/kubernetes: Failed to watch *v1." + need[2] + ": failed to list *v1."
                            + need[2] + ": " + need[1] + (need[0].isEmpty() ? "" : "." + need[0]) + " is forbidden:"
                            + " User \"" + user + "\" cannot " + verb + " resource \"" + need[1] + "\" in API group \""
                            + need[0] + "\" at the cluster scope");
                    break;
                }
            }
        }
        if (!logs.isEmpty()) {
            logs.add("[INFO] plugin/ready: Still waiting on: \"kubernetes\"");
            return new Pod(d.namespace(), name, d.name(), labels, node, ip, "Running", false, Problem.error("Running but not"
                    + " Ready: the kubernetes plugin cannot list what it serves (RBAC)", "grant list/watch on endpointslices, services and namespaces to the CoreDNS ServiceAccount (lesson 11-coredns)"), List.copyOf(logs), image);
        }
        return new Pod(d.namespace(), name, d.name(), labels, node, ip, "Running", true, null, List.of(), image);
    }

    private Optional<Map<String, Object>> container(ApiObject d) {
        return d.maps("spec.template.spec.containers").stream().findFirst();
    }

    /** The Corefile a CoreDNS Deployment mounts (its first ConfigMap volume's key Corefile). */
    private Optional<String> corefile(ApiObject d) {
        for (Map<String, Object> v : d.maps("spec.template.spec.volumes")) {
            if (v.get("configMap") instanceof Map<?, ?> cm && cm.get("name") instanceof String cmName) {
                Optional<Stored> s = object("ConfigMap", d.namespace(), cmName);
                if (s.isPresent() && s.get().object().text("data.Corefile") != null) {
                    return Optional.of(s.get().object().text("data.Corefile"));
                }
            }
        }
        return Optional.empty();
    }

    private static final Pattern FORWARD = Pattern.compile("(?m)^\\s*forward\\s+\\S+\\s+([^{\\n]+)");

    /** Why CoreDNS on {@code node} would forward to itself (its upstream loops back), or null. */
    private String loopUpstream(ApiObject d, String corefile, String node) {
        Matcher f = FORWARD.matcher(corefile);
        if (!f.find()) {
            return null;
        }
        boolean hostDns = "Default".equals(d.text("spec.template.spec.dnsPolicy"));
        for (String to : f.group(1).trim().split("\\s+")) {
            if (LOOPBACK.matcher(to).find()) {
                return "forward sends queries to " + to + ", the node itself";
            }
            if (to.startsWith("/")) {
                if (!hostDns) {
                    return "dnsPolicy is not Default, so the pod's " + to + " names the cluster DNS "
                            + podNameserver(node) + ", which is CoreDNS itself";
                }
                NodeFacts nf = facts(node);
                if (to.equals("/etc/resolv.conf") && "/etc/resolv.conf".equals(nf.resolvConf)) {
                    return "the kubelet on " + node + " hands pods /etc/resolv.conf, whose nameserver is"
                            + " systemd-resolved's stub 127.0.0.53";
                }
            }
        }
        return null;
    }

    private static boolean hasPlugin(String corefile, String plugin) {
        return Pattern.compile("(?m)^\\s*" + Pattern.quote(plugin) + "(\\s|$|\\{)").matcher(corefile).find();
    }

    /** The pod-template-hash stand-in: 10 characters of kube's alphabet from the template, stable. */
    private static String podHash(ApiObject d) {
        String alphabet = "bcdfghjklmnpqrstvwxz2456789";
        long h = Integer.toUnsignedLong(canonical(d.at("spec.template")).hashCode()) * 2654435761L;
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            sb.append(alphabet.charAt((int) Math.floorMod(h, alphabet.length())));
            h = h / alphabet.length() + 7919L * (i + 1);
        }
        return sb.toString();
    }

    /** A value as text with map keys sorted: the same before and after the lab's JSON round trip. */
    private static String canonical(Object o) {
        if (o instanceof Map<?, ?> map) {
            TreeMap<String, String> sorted = new TreeMap<>();
            map.forEach((k, v) -> sorted.put(String.valueOf(k), canonical(v)));
            return sorted.toString();
        }
        if (o instanceof List<?> l) {
            return l.stream().map(SimWorkloads::canonical).toList().toString();
        }
        return String.valueOf(o);
    }

    private static String suffix(String name, int i) {
        String alphabet = "bcdfghjklmnpqrstvwxz2456789";
        int h = Math.floorMod((name + i).hashCode(), alphabet.length() * alphabet.length() * alphabet.length());
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < 5; k++) {
            sb.append(alphabet.charAt(Math.floorMod(h + k * 31 + i * 7, alphabet.length())));
            h /= 3;
        }
        return sb.toString();
    }

    // ----------------------------------------------------------------------------------------- services --

    /** Every Service: the {@code kubernetes} one (while the API is up) and the applied ones. */
    public List<Service> services() {
        List<Service> out = new ArrayList<>();
        if (m.apiHealth().ok()) {
            out.add(new Service("default", "kubernetes", "ClusterIP", cluster.firstServiceIp(),
                    List.of(new ServicePort("https", 443, "6443", null)), Map.of()));
        }
        for (Stored s : state.objects.values()) {
            ApiObject o = s.object();
            if (!o.kind().equals("Service")) {
                continue;
            }
            List<ServicePort> ports = new ArrayList<>();
            List<Map<String, Object>> ps = o.maps("spec.ports");
            for (int i = 0; i < ps.size(); i++) {
                Map<String, Object> p = ps.get(i);
                int port = p.get("port") instanceof Number n ? n.intValue() : 0;
                Object target = p.getOrDefault("targetPort", port);
                ports.add(new ServicePort(p.get("name") == null ? null : String.valueOf(p.get("name")), port,
                        String.valueOf(target), i < s.nodePorts().size() ? s.nodePorts().get(i) : null));
            }
            out.add(new Service(o.namespace(), o.name(), Objects.requireNonNullElse(o.text("spec.type"), "ClusterIP"),
                    s.clusterIp(), ports, o.labels("spec.selector")));
        }
        return out;
    }

    public Optional<Service> service(String namespace, String name) {
        return services().stream().filter(s -> s.namespace().equals(namespace) && s.name().equals(name)).findFirst();
    }

    /** The ready pods a Service sends traffic to. */
    public List<Pod> endpoints(Service s) {
        if (s.selector().isEmpty()) {
            return List.of();
        }
        return pods(s.namespace(), s.selector()).stream().filter(Pod::ready).toList();
    }

    // ---------------------------------------------------------------------------------------------- DNS --

    /**
     * {@code dig @server name} on {@code node}: through kube-proxy's rules for the ClusterIP {@code server} to the
     * CoreDNS pods behind it.
     */
    public Lookup resolve(String node, String server, String name) {
        if (!m.isUp(node)) {
            return new Lookup(List.of(), Problem.error(node + " is powered off (simulated)", "heal " + node));
        }
        String timedOut = node + ": ;; connection timed out; no servers could be reached (@" + server + "): ";
        Optional<Service> svc = services().stream().filter(s -> server.equals(s.clusterIp())).findFirst();
        if (!m.isActive(node, KUBE_PROXY)) {
            if (svc.isPresent() || Cidr.parse(cluster.config().network().serviceCidr()).contains(
                    Cidr.tryParseAddress(server).orElse(0))) {
                return new Lookup(List.of(), Problem.error(timedOut + "kube-proxy is not running on " + node + ", so nothing there"
                        + " forwards the ClusterIP " + server, "systemctl status kube-proxy on " + node
                        + " (or ask from a worker)"));
            }
        }
        if (m.isPartitioned(node)) {
            return new Lookup(List.of(), Problem.error(timedOut + node + " is cut off (network partition, simulated)", "heal " + node));
        }
        if (svc.isEmpty()) {
            Optional<Service> dns = services().stream().filter(s -> s.name().equals("kube-dns")).findFirst();
            Problem why = dns.isPresent()
                    ? Problem.error("no Service has the ClusterIP " + server + ": the Service " + dns.get().namespace()
                    + "/kube-dns has " + dns.get().clusterIp() + " (Service IP ≠ cluster_dns " + cluster.clusterDns()
                    + ")", "set spec.clusterIP: " + cluster.clusterDns() + " in its manifest, kubectl delete"
                    + " service kube-dns -n " + dns.get().namespace() + " and apply it again")
                    : whyNoPods() != null ? whyNoPods().prefixed("no Service has the ClusterIP " + server + " (")
                    .suffixed(")")
                    : Problem.error("no Service has the ClusterIP " + server + ": CoreDNS is not applied",
                    "lesson 11-coredns");
            return new Lookup(List.of(), why.prefixed(timedOut));
        }
        List<Pod> eps = endpoints(svc.get());
        if (eps.isEmpty()) {
            List<Pod> all = svc.get().selector().isEmpty() ? List.of()
                    : pods(svc.get().namespace(), svc.get().selector());
            Problem why = !all.isEmpty() ? reasonOf(all.get(0)).prefixed(all.get(0).name() + " is "
                    + all.get(0).phase() + ": ")
                    : whyNoPods() != null ? whyNoPods() : Problem.error("no pod matches its selector "
                    + svc.get().selector(), "kubectl get pods --show-labels");
            return new Lookup(List.of(), why.prefixed(timedOut + "the Service " + svc.get().namespace() + "/"
                    + svc.get().name() + " has no ready endpoints (").suffixed(")"));
        }
        if (eps.stream().noneMatch(p -> p.image().contains("coredns"))) {
            return new Lookup(List.of(), Problem.error(timedOut + "the Service " + svc.get().namespace() + "/" + svc.get().name()
                    + " at " + server + " sends port 53 to pods that are not CoreDNS", "check its selector"));
        }
        String fqdn = name.toLowerCase(Locale.ROOT).replaceAll("\\.$", "");
        String domain = cluster.config().domain();
        String corefile = corefileOf(eps.get(0)).orElse("");
        if (!fqdn.endsWith("." + domain)) {
            return new Lookup(List.of(), Problem.error(node + ": " + name + " is outside " + domain + ": CoreDNS forwards it upstream, and the simulated lab has no internet", "ask for a name in " + domain));
        }
        Matcher k = Pattern.compile("(?m)^\\s*kubernetes\\s+([^{\\n]+)").matcher(corefile);
        if (!k.find() || !List.of(k.group(1).trim().split("\\s+")).contains(domain)) {
            return new Lookup(List.of(), Problem.error(node + ": " + name + ": NXDOMAIN: the Corefile's kubernetes plugin does not"
                    + " serve " + domain, "kubernetes " + domain + " in-addr.arpa ip6.arpa { ... }"));
        }
        String rest = fqdn.substring(0, fqdn.length() - domain.length() - 1);
        String[] parts = rest.split("\\.");
        if (parts.length == 3 && parts[2].equals("svc")) {
            Optional<Service> target = service(parts[1], parts[0]);
            if (target.isPresent() && target.get().clusterIp() != null && !target.get().clusterIp().equals("None")) {
                return new Lookup(List.of(target.get().clusterIp()), null);
            }
            if (target.isPresent()) {
                List<String> ips = endpoints(target.get()).stream().map(Pod::ip).filter(Objects::nonNull).toList();
                return ips.isEmpty() ? new Lookup(List.of(), Problem.error(node + ": " + name + ": headless Service"
                        + " without ready endpoints", "kubectl get endpointslices -n " + parts[1])) : new Lookup(ips, null);
            }
        }
        return new Lookup(List.of(), Problem.error(node + ": " + name + ": NXDOMAIN (no such Service)", "kubectl get services -A"));
    }

    /** Why a pod is not Ready, as a problem (a pod without a recorded reason gets a describe hint). */
    private static Problem reasonOf(Pod p) {
        return p.reason() != null ? p.reason() : Problem.error("not Ready", "kubectl -n " + p.namespace()
                + " describe pod " + p.name());
    }

    private Optional<String> corefileOf(Pod p) {
        return object("Deployment", p.namespace(), p.deployment()).flatMap(s -> corefile(s.object()));
    }

    /**
     * {@code kubectl exec deploy/NAME -- getent hosts name}: the pod's resolver is the nameserver its kubelet wrote
     * (clusterDNS), with the search path of its namespace (ndots 5).
     */
    public Lookup resolveFromPod(String namespace, String deployment, String name) {
        Optional<Pod> pod = pods().stream().filter(p -> p.namespace().equals(namespace)
                && p.deployment().equals(deployment) && p.running()).findFirst();
        if (pod.isEmpty()) {
            Problem why = whyNoPods() != null ? whyNoPods() : object("Deployment", namespace, deployment).isEmpty()
                    ? Problem.error("no Deployment " + namespace + "/" + deployment + " is applied", "lesson run")
                    : pods().stream().filter(p -> p.deployment().equals(deployment)).map(p -> reasonOf(p)
                    .prefixed(p.name() + " is " + p.phase() + ": ")).findFirst()
                    .orElse(Problem.error("it has no pods", "kubectl -n " + namespace + " describe deploy " + deployment));
            return new Lookup(List.of(), why.prefixed("no running pod of deploy/" + deployment + " in " + namespace
                    + " to ask from (").suffixed(")"));
        }
        String node = pod.get().node();
        String server = podNameserver(node);
        String domain = cluster.config().domain();
        List<String> tries = new ArrayList<>();
        if (name.endsWith(".") || name.chars().filter(c -> c == '.').count() >= 5) {
            tries.add(name);
        } else {
            for (String suffix : List.of(namespace + ".svc." + domain, "svc." + domain, domain)) {
                tries.add(name + "." + suffix);
            }
            tries.add(name);
        }
        Lookup last = null;
        for (String t : tries) {
            last = resolve(node, server, t);
            if (last.ok()) {
                return last;
            }
            if (last.problem().what().contains("timed out")) {
                break;
            }
        }
        String prefix = "from pod " + pod.get().name() + " on " + node + " (nameserver " + server + "): ";
        if (server.equals(cluster.clusterDns())) {
            return new Lookup(List.of(), last.problem().prefixed(prefix));
        }
        return new Lookup(List.of(), last.problem().prefixed(prefix).suffixed(". The kubelet on " + node
                + " gives pods nameserver " + server + " (clusterDNS in " + KUBELET_CONFIG + "), not cluster_dns "
                + cluster.clusterDns()).withFix("set clusterDNS: [" + cluster.clusterDns() + "] in " + KUBELET_CONFIG
                + " on " + node + " and restart the kubelet"));
    }

    // ------------------------------------------------------------------------------------------ NodePort --

    /**
     * {@code curl http://<worker IP>:<nodePort>/} from {@code from}, or with {@code local} on the worker itself to
     * 127.0.0.1.
     */
    public Http nodePort(String from, String worker, Service s, int nodePort, boolean local) {
        String host = local ? "127.0.0.1" : cluster.node(worker).map(Node::ip).orElse(worker);
        String at = host + ":" + nodePort;
        String asker = local ? worker : from;
        if (!m.isUp(asker)) {
            return new Http(0, Problem.error(asker + " is powered off (simulated)", "heal " + asker));
        }
        if (!m.isUp(worker)) {
            return new Http(0, Problem.error("curl: (28) connection to " + at + " timed out: " + worker + " is powered off (simulated)", "heal " + worker));
        }
        if (!local && !from.equals(worker) && (m.isPartitioned(from) || m.isPartitioned(worker))) {
            String cut = m.isPartitioned(worker) ? worker : from;
            return new Http(0, Problem.error("curl: (28) connection to " + at + " timed out: " + cut + " is cut off (network partition, simulated)", "heal " + cut));
        }
        if (!m.isActive(worker, KUBE_PROXY)) {
            return new Http(0, Problem.error("curl: (7) connection to " + at + " refused: kube-proxy is not running on " + worker + ", so nothing serves NodePorts there", "systemctl status kube-proxy on " + worker));
        }
        if (local && proxyMode(worker).equals("nftables")) {
            return new Http(0, Problem.error("curl: (7) connection to " + at + " refused: kube-proxy on " + worker + " runs in"
                    + " nftables mode (curl 127.0.0.1:10249/proxyMode says nftables), which never serves NodePorts on 127.0.0.1", "curl the node IP " + cluster.node(worker).map(Node::ip).orElse(worker)
                    + " instead"));
        }
        List<Pod> eps = endpoints(s);
        if (eps.isEmpty()) {
            List<Pod> all = s.selector().isEmpty() ? List.of() : pods(s.namespace(), s.selector());
            Problem why = !all.isEmpty() ? (all.get(0).reason() == null
                    ? Problem.error(all.get(0).name() + " is " + all.get(0).phase(), "kubectl -n " + s.namespace()
                    + " describe pod " + all.get(0).name())
                    : all.get(0).reason().prefixed(all.get(0).name() + " is " + all.get(0).phase() + ": "))
                    : whyNoPods() != null ? whyNoPods() : Problem.error("no pod matches its selector " + s.selector(),
                    "kubectl get pods --show-labels");
            return new Http(0, why.prefixed("curl: (7) connection to " + at + " refused: the Service "
                    + s.namespace() + "/" + s.name() + " has no ready endpoints (").suffixed(")"));
        }
        ServicePort sp = s.ports().stream().filter(p -> Objects.equals(p.nodePort(), nodePort)).findFirst()
                .orElse(null);
        if (sp == null) {
            return new Http(0, Problem.error("curl: (7) connection to " + at + " refused: no Service has the NodePort "
                    + nodePort, "kubectl get services -A"));
        }
        Pod p = eps.get(0);
        ApiObject d = object("Deployment", p.namespace(), p.deployment()).orElseThrow().object();
        boolean listens = d.maps("spec.template.spec.containers").stream()
                .flatMap(c -> c.get("ports") instanceof List<?> l ? l.stream() : java.util.stream.Stream.empty())
                .filter(x -> x instanceof Map).map(x -> (Map<?, ?>) x)
                .anyMatch(cp -> String.valueOf(cp.get("containerPort")).equals(sp.targetPort())
                        || sp.targetPort().equals(String.valueOf(cp.get("name"))));
        if (!listens) {
            return new Http(0, Problem.error("curl: (7) connection to " + at + " refused: the pods of " + s.namespace() + "/"
                    + s.name() + " listen on no port " + sp.targetPort() + " (the Service's targetPort)", "make targetPort a containerPort of the pod template"));
        }
        return new Http(200, null);
    }

    // ---------------------------------------------------------------------------------------- Secrets --

    /** {@code etcdctl get /registry/secrets/<namespace>/<name>}: found, and written encrypted or not. */
    public AtRest secret(String namespace, String name) {
        if (m.computeLeader() == null) {
            return new AtRest(false, false, Map.of(), Problem.error("etcdctl: context deadline exceeded (etcd has no leader).", "check etcd"));
        }
        Optional<Stored> s = object("Secret", namespace, name);
        if (s.isEmpty()) {
            return new AtRest(false, false, Map.of(), Problem.error("etcd has no key /registry/secrets/" + namespace + "/" + name + " (the Secret was never created)", "lesson run"));
        }
        Map<String, String> data = new LinkedHashMap<>(s.get().object().labels("stringData"));
        s.get().object().labels("data").forEach((k, v) -> {
            try {
                data.put(k, new String(java.util.Base64.getDecoder().decode(v), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                data.put(k, v);
            }
        });
        String why = s.get().plaintextBecause();
        return new AtRest(true, why == null, data, why == null ? null : Problem.error(why, null));
    }

    // ------------------------------------------------------------------------------------------- RBAC --

    /**
     * {@code kubectl auth can-i VERB RESOURCE.GROUP --as USER}: over the applied ClusterRoleBindings (and
     * RoleBindings of {@code namespace}). The admin user (group system:masters) may do anything.
     */
    public Decision canI(String user, String verb, String group, String resource, String namespace) {
        if (user.equals("admin")) {
            return new Decision(true, null);
        }
        List<String> groups = new ArrayList<>(List.of("system:authenticated"));
        if (user.startsWith("system:serviceaccount:")) {
            String[] p = user.split(":");
            groups.add("system:serviceaccounts");
            if (p.length == 4) {
                groups.add("system:serviceaccounts:" + p[2]);
            }
        }
        List<String> bound = new ArrayList<>();
        for (Stored s : state.objects.values()) {
            ApiObject b = s.object();
            boolean cluster = b.kind().equals("ClusterRoleBinding");
            if (!cluster && !(b.kind().equals("RoleBinding") && b.namespace().equals(namespace))) {
                continue;
            }
            if (b.maps("subjects").stream().noneMatch(sub -> matches(sub, user, groups))) {
                continue;
            }
            String roleKind = b.text("roleRef.kind");
            String roleName = b.text("roleRef.name");
            Optional<Stored> role = "ClusterRole".equals(roleKind) ? object("ClusterRole", "", roleName)
                    : object("Role", b.namespace(), roleName);
            bound.add(roleKind + " " + roleName);
            if (role.isPresent() && role.get().object().maps("rules").stream()
                    .anyMatch(r -> has(r.get("apiGroups"), group) && has(r.get("resources"), resource)
                            && has(r.get("verbs"), verb))) {
                return new Decision(true, null);
            }
        }
        String res = resource + (group.isEmpty() ? "" : "." + group);
        return new Decision(false, bound.isEmpty() ? "no ClusterRoleBinding names it"
                : "its " + String.join(", ", bound) + " grant" + (bound.size() == 1 ? "s" : "") + " no " + verb
                + " on " + res);
    }

    private static boolean matches(Map<String, Object> sub, String user, List<String> groups) {
        String kind = String.valueOf(sub.get("kind"));
        String name = String.valueOf(sub.get("name"));
        return switch (kind) {
            case "ServiceAccount" -> user.equals("system:serviceaccount:" + sub.get("namespace") + ":" + name);
            case "User" -> user.equals(name);
            case "Group" -> groups.contains(name);
            default -> false;
        };
    }

    private static boolean has(Object list, String value) {
        return list instanceof List<?> l && (l.contains(value) || l.contains("*"));
    }
}
