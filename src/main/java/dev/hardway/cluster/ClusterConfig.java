package dev.hardway.cluster;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A validated cluster configuration (cluster-config/*.yaml). Produced only by {@code ClusterLoader};
 * everything derived from it (masters, SANs, etcd initial-cluster, ...) lives in {@link ClusterModel}.
 *
 * @param source the file it was loaded from (for messages), or null for configs built in code
 */
public record ClusterConfig(
        String name,
        Provider provider,
        String domain,
        Versions versions,
        Downloads downloads,
        Network network,
        LoadBalancers loadbalancers,
        SshSettings ssh,
        VagrantSettings vagrant,
        Bgp bgp,
        List<Node> nodes,
        Path source) {

    public enum Provider {
        SIM, VAGRANT, SSH;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Optional<Provider> parse(String s) {
            for (Provider p : values()) {
                if (p.id().equals(s)) {
                    return Optional.of(p);
                }
            }
            return Optional.empty();
        }
    }

    public enum Role {
        JUMPBOX, MASTER, WORKER, LB, ELB, ROUTER;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Optional<Role> parse(String s) {
            for (Role r : values()) {
                if (r.id().equals(s)) {
                    return Optional.of(r);
                }
            }
            return Optional.empty();
        }
    }

    /** Pinned versions, without a leading "v" (e.g. "1.37.0", "3.6.5"). */
    public record Versions(String kubernetes, String etcd, String containerd, String runc, String cniPlugins,
                           String crictl, String coredns, String pause, String flannel, String flannelCniPlugin,
                           String nginx, String metallb) {
        /** The binaries only (the image tags pause, flannel, nginx and the MetalLB manifest from the pins). */
        public Versions(String kubernetes, String etcd, String containerd, String runc, String cniPlugins,
                        String crictl, String coredns) {
            this(kubernetes, etcd, containerd, runc, cniPlugins, crictl, coredns, ClusterLoader.pinnedVersions().pause(),
                    ClusterLoader.pinnedVersions().flannel(), ClusterLoader.pinnedVersions().flannelCniPlugin(),
                    ClusterLoader.pinnedVersions().nginx(), ClusterLoader.pinnedVersions().metallb());
        }
    }

    /**
     * Where release archives come from: upstream URLs by default; {@code mirror} replaces the scheme and host of
     * every upstream URL (same path layout); {@code dir} is a local directory on the jumpbox in the same layout.
     */
    public record Downloads(String mirror, String dir, List<String> offers) {
        public static final Downloads UPSTREAM = new Downloads(null, null, null);

        public Downloads(String mirror, String dir) {
            this(mirror, dir, null);
        }

        /**
         * Whether this source serves a component (kubernetes, etcd, kubectl, containerd, runc, cni_plugins, crictl).
         * {@code offers} unset means everything: upstream and full mirrors. A partial mirror (a workshop's, the test
         * bed's) lists what it has, and the jumpbox lesson skips the steps for the rest.
         */
        public boolean offers(String component) {
            return offers == null || offers.contains(component);
        }
    }

    /**
     * {@code proxyMode} is kube-proxy's mode, {@code iptables} (the default) or {@code nftables}; the validator
     * refuses {@code ipvs} (deprecated since Kubernetes 1.35) and anything else.
     */
    public record Network(String nodeSubnet, String podCidr, String serviceCidr, String clusterDns, String cni,
                          String proxyMode) {
        /** The kube-proxy mode used when a config does not name one. */
        public static final String DEFAULT_PROXY_MODE = "iptables";

        public Network {
            proxyMode = proxyMode == null ? DEFAULT_PROXY_MODE : proxyMode;
        }

        /** Without a proxy mode: kube-proxy's default, iptables. */
        public Network(String nodeSubnet, String podCidr, String serviceCidr, String clusterDns, String cni) {
            this(nodeSubnet, podCidr, serviceCidr, clusterDns, cni, DEFAULT_PROXY_MODE);
        }
    }

    /** Either member may be null (no API LB pair / no ingress LB pair). */
    public record LoadBalancers(ApiLb api, IngressLb ingress) {
        public static final LoadBalancers NONE = new LoadBalancers(null, null);
    }

    public record ApiLb(String vip, int port, List<String> nodes, String mode) {
    }

    /**
     * The external (ingress) pair: clients reach {@code vip:port}; haproxy forwards to every worker's
     * {@code nodePort} (the NodePort lesson 13's Service asks for).
     */
    public record IngressLb(String vip, List<String> nodes, int port, int nodePort) {
        public static final int DEFAULT_PORT = 80;
        public static final int DEFAULT_NODE_PORT = 30080;

        public IngressLb(String vip, List<String> nodes) {
            this(vip, nodes, DEFAULT_PORT, DEFAULT_NODE_PORT);
        }
    }

    public record SshSettings(String user, String key, int port) {
    }

    public record VagrantSettings(String box, String provider) {
    }

    /** MetalLB/BGP lab settings (metallb-bgp preset); null elsewhere. */
    public record Bgp(int clusterAsn, int routerAsn, String addressPool, Map<String, Object> extra) {
    }

    /**
     * @param podCidr the per-node pod CIDR (workers); null means "derive from network.pod_cidr"
     * @param memory  MiB
     */
    public record Node(String name, List<Role> roles, String ip, int cpus, int memory, String podCidr) {
        public boolean has(Role r) {
            return roles.contains(r);
        }
    }

    public Optional<Node> node(String nodeName) {
        return nodes.stream().filter(n -> n.name().equals(nodeName)).findFirst();
    }

    public List<Node> withRole(Role role) {
        return nodes.stream().filter(n -> n.has(role)).toList();
    }
}
