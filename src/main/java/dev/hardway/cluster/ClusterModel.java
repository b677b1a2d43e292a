package dev.hardway.cluster;

import dev.hardway.cluster.ClusterConfig.Node;
import dev.hardway.cluster.ClusterConfig.Role;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Everything derived from a {@link ClusterConfig}, computed in one place: node groups, the API endpoint, the etcd
 * initial-cluster string, the kube-apiserver SAN list, per-node pod CIDRs. Templates, probes, lessons and the
 * shell all read these values from here, so a preset change shows up everywhere at once.
 */
public final class ClusterModel {

    /** The port kube-apiserver listens on, on every master. */
    public static final int APISERVER_PORT = 6443;

    private final ClusterConfig config;

    public ClusterModel(ClusterConfig config) {
        this.config = config;
    }

    public ClusterConfig config() {
        return config;
    }

    public String name() {
        return config.name();
    }

    public List<Node> nodes() {
        return config.nodes();
    }

    public Optional<Node> node(String name) {
        return config.node(name);
    }

    public List<Node> masters() {
        return config.withRole(Role.MASTER);
    }

    public List<Node> workers() {
        return config.withRole(Role.WORKER);
    }

    /** The nodes of the API load-balancer pair (loadbalancers.api.nodes), in that order. */
    public List<Node> apiLbs() {
        if (!hasApiLb()) {
            return List.of();
        }
        return config.loadbalancers().api().nodes().stream().map(n -> config.node(n).orElseThrow()).toList();
    }

    /** The nodes of the ingress load-balancer pair (loadbalancers.ingress.nodes). */
    public List<Node> ingressLbs() {
        if (!hasIngressLb()) {
            return List.of();
        }
        return config.loadbalancers().ingress().nodes().stream().map(n -> config.node(n).orElseThrow()).toList();
    }

    /**
     * The VRRP priority keepalived is given on {@code node} — the one place it is computed (the keepalived
     * template, the probes and the simulated lab all read it here): the first node of an LB pair (API, else
     * ingress) 101, the second 100, so the first starts as MASTER and takes the VIP back when it returns. 0 for a
     * node in no LB pair.
     */
    public int vrrpPriority(String node) {
        int i = apiLbs().stream().map(Node::name).toList().indexOf(node);
        if (i < 0) {
            i = ingressLbs().stream().map(Node::name).toList().indexOf(node);
        }
        return i < 0 ? 0 : 101 - i;
    }

    /**
     * Where client-side probes run (curl through the VIP, kubectl, TCP connects): the jumpbox, else the first
     * master, else the first node. The one place this is chosen.
     */
    public String clientNode() {
        return jumpbox().map(Node::name).orElse(masters().isEmpty() ? nodes().get(0).name()
                : masters().get(0).name());
    }

    public List<Node> routers() {
        return config.withRole(Role.ROUTER);
    }

    public Optional<Node> jumpbox() {
        return config.withRole(Role.JUMPBOX).stream().findFirst();
    }

    public boolean hasApiLb() {
        return config.loadbalancers() != null && config.loadbalancers().api() != null;
    }

    public boolean hasIngressLb() {
        return config.loadbalancers() != null && config.loadbalancers().ingress() != null;
    }

    /** Where clients reach the API: the VIP with an LB pair, else the first master. */
    public String apiHost() {
        if (hasApiLb()) {
            return config.loadbalancers().api().vip();
        }
        return masters().isEmpty() ? "127.0.0.1" : masters().get(0).ip();
    }

    public int apiPort() {
        return hasApiLb() ? config.loadbalancers().api().port() : APISERVER_PORT;
    }

    public String apiEndpoint() {
        return "https://" + apiHost() + ":" + apiPort();
    }

    /** etcd's --initial-cluster: {@code master1=https://10.0.0.11:2380,...}. */
    public String etcdInitialCluster() {
        return masters().stream().map(m -> m.name() + "=https://" + m.ip() + ":2380").collect(Collectors.joining(","));
    }

    /** etcd client URLs of every member, for kube-apiserver's --etcd-servers and etcdctl --endpoints. */
    public String etcdClientEndpoints() {
        return masters().stream().map(m -> "https://" + m.ip() + ":2379").collect(Collectors.joining(","));
    }

    /** The first address of the service CIDR: the ClusterIP of the {@code kubernetes} service. */
    public String firstServiceIp() {
        return Cidr.formatAddress(Cidr.parse(config.network().serviceCidr()).nthHost(1));
    }

    public String clusterDns() {
        return config.network().clusterDns();
    }

    /** DNS names the API server certificate must carry. */
    public List<String> apiserverSanDns() {
        String domain = config.domain();
        List<String> names = new ArrayList<>(List.of("kubernetes", "kubernetes.default", "kubernetes.default.svc",
                "kubernetes.default.svc." + domain, "localhost"));
        masters().forEach(m -> names.add(m.name()));
        return names;
    }

    /** IP addresses the API server certificate must carry: every master, the VIP, the first service IP, loopback. */
    public List<String> apiserverSanIps() {
        LinkedHashSet<String> ips = new LinkedHashSet<>();
        masters().forEach(m -> ips.add(m.ip()));
        if (hasApiLb()) {
            ips.add(config.loadbalancers().api().vip());
        }
        ips.add(firstServiceIp());
        ips.add("127.0.0.1");
        return List.copyOf(ips);
    }

    /** The full SAN list in openssl's subjectAltName syntax order: IPs first, then DNS names. */
    public List<String> apiserverSans() {
        List<String> all = new ArrayList<>(apiserverSanIps());
        all.addAll(apiserverSanDns());
        return all;
    }

    /**
     * The pod CIDR of a node: its explicit {@code pod_cidr}, else the (k+1)-th /24 of network.pod_cidr for the
     * k-th worker (0-based, config order); nodes that run no pods get null.
     */
    public String podCidr(Node node) {
        if (node.podCidr() != null) {
            return node.podCidr();
        }
        int k = workers().indexOf(node);
        if (k < 0) {
            return null;
        }
        Cidr pods = Cidr.parse(config.network().podCidr()).normalized();
        if (pods.prefix() >= 24) {
            return pods.toString();
        }
        return Cidr.formatAddress(pods.network() + (k + 1) * 256) + "/24";
    }

    /** One node of a group by its place, counted from 0: {@code masters[2]}, {@code lbs[0]}. */
    private static final java.util.regex.Pattern INDEXED =
            java.util.regex.Pattern.compile("(masters|workers|lbs|elbs|routers)\\[(\\d{1,3})]");

    /**
     * Resolves a step's or probe's {@code on:} value to nodes: {@code all}, a role group ({@code masters},
     * {@code workers}, {@code lbs} = the API LB pair, {@code elbs}, {@code routers}, {@code jumpbox}), one node of
     * a group by its place ({@code masters[2]}: the third master, whatever the preset names it), or node names,
     * separated by commas/spaces.
     *
     * @throws SelectorException naming the unknown word and the valid ones
     */
    public List<Node> resolve(String on) {
        if (on == null || on.isBlank()) {
            throw new SelectorException("empty node selector", "all, masters, workers, lbs, elbs, routers,"
                    + " jumpbox or node names");
        }
        LinkedHashSet<Node> out = new LinkedHashSet<>();
        for (String word : on.trim().split("[,\\s]+")) {
            java.util.regex.Matcher indexed = INDEXED.matcher(word);
            if (indexed.matches()) {
                List<Node> group = resolve(indexed.group(1));
                int i = Integer.parseInt(indexed.group(2));
                if (i >= group.size()) {
                    throw new SelectorException("'" + word + "': this cluster has " + group.size() + " "
                            + indexed.group(1) + " (" + group.stream().map(Node::name).toList() + "), counted from 0",
                            indexed.group(1) + "[" + Math.max(0, group.size() - 1) + "]");
                }
                out.add(group.get(i));
                continue;
            }
            switch (word) {
                case "all" -> out.addAll(nodes());
                case "masters", "master" -> out.addAll(masters());
                case "workers", "worker" -> out.addAll(workers());
                case "lbs", "lb" -> out.addAll(apiLbs().isEmpty() ? config.withRole(Role.LB) : apiLbs());
                case "elbs", "elb" -> out.addAll(ingressLbs().isEmpty() ? config.withRole(Role.ELB) : ingressLbs());
                case "routers", "router" -> out.addAll(routers());
                case "jumpbox" -> out.addAll(config.withRole(Role.JUMPBOX));
                default -> out.add(node(word).orElseThrow(() -> new SelectorException(
                        "unknown node or group '" + word + "'", "all, masters, workers, lbs, elbs, routers,"
                                + " jumpbox or one of " + nodes().stream().map(Node::name).toList())));
            }
        }
        return List.copyOf(out);
    }

    /** True when the selector is syntactically a group or node list this cluster knows (for validation). */
    public boolean isValidSelector(String on) {
        try {
            resolve(on);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * The node a user named (in {@code inspect node}, {@code break}, {@code heal}, ...).
     *
     * @throws dev.hardway.HardwayException exit 2, with "did you mean" and the node names, for a name not in the
     *                                      cluster
     */
    public Node requireNode(String name) {
        return node(name).orElseThrow(() -> {
            List<String> names = nodes().stream().map(Node::name).toList();
            String near = dev.hardway.EditDistance.closest(name == null ? "" : name, names);
            return dev.hardway.HardwayException.badInput("no node '" + dev.hardway.Problem.clip(name) + "' in cluster "
                    + name() + (near != null ? "; did you mean " + near + "?" : ""),
                    "one of " + String.join(", ", names));
        });
    }

    /** Total memory of all nodes, MiB. */
    public int totalMemory() {
        return nodes().stream().mapToInt(Node::memory).sum();
    }

    public int totalCpus() {
        return nodes().stream().mapToInt(Node::cpus).sum();
    }

    /** A node selector this cluster cannot resolve; what and fix are fields (the message joins them for logs). */
    public static final class SelectorException extends IllegalArgumentException
            implements dev.hardway.Problem.Carrier {
        private final dev.hardway.Problem problem;

        public SelectorException(String what, String fix) {
            super(what + ". Try: " + fix);
            this.problem = dev.hardway.Problem.error(what, fix);
        }

        @Override
        public dev.hardway.Problem problem() {
            return problem;
        }

        @Override
        public int exitCode() {
            return dev.hardway.HardwayException.BAD_INPUT;
        }

        public String what() {
            return problem.what();
        }

        public String fix() {
            return problem.fix();
        }
    }
}
