package dev.hardway.lab;

import java.util.List;
import java.util.Map;

/**
 * Typed checks that work both on real nodes and in the simulated lab (DESIGN.md §4). Lesson steps name them as
 * {@code probe: <type>} with arguments; {@code Probes.parse} turns YAML into these records and reports unknown
 * types/arguments. Node lists are already resolved from {@code on:} selectors.
 */
public sealed interface Probe {

    /** The probe's type as written in lesson files, e.g. "etcd-healthy". */
    String type();

    /** systemd unit {@code service} is active on every listed node. */
    record ServiceActive(String service, List<String> nodes) implements Probe {
        public String type() {
            return "service-active";
        }
    }

    /**
     * {@code path} exists (and is non-empty) on every listed node. The path is a template rendered per node
     * ({@code /etc/kubernetes/${node.name}.pem}), so {@code paths} holds the rendered path of each node;
     * {@code path} is the first node's, for summaries.
     */
    record FileExists(String path, List<String> nodes, Map<String, String> paths) implements Probe {
        public FileExists {
            nodes = List.copyOf(nodes);
            paths = paths == null ? Map.of() : Map.copyOf(paths);
        }

        /** The same path on every node. */
        public FileExists(String path, List<String> nodes) {
            this(path, nodes, null);
        }

        /** The rendered path on {@code node}. */
        public String pathOn(String node) {
            return paths.getOrDefault(node, path);
        }

        public String type() {
            return "file-exists";
        }
    }

    /** etcd answers with at least {@code members} healthy members and a leader. */
    record EtcdHealthy(int members) implements Probe {
        public String type() {
            return "etcd-healthy";
        }
    }

    /** Exactly one node of the API LB pair holds the VIP (none or two is a failure: split brain). */
    record VipHeld(String vip) implements Probe {
        public String type() {
            return "vip-held";
        }
    }

    /** kube-apiserver answers /healthz at the API endpoint (VIP or first master). */
    record ApiHealthy() implements Probe {
        public String type() {
            return "api-healthy";
        }
    }

    /**
     * kube-apiserver is ready ({@code /readyz?verbose} passes) and {@code /version} is {@code version}: asked on every
     * master ({@code masters}) and/or at the API endpoint from the client node ({@code endpoint}).
     */
    record ApiReady(boolean masters, boolean endpoint, String version) implements Probe {
        public String type() {
            return "api-ready";
        }
    }

    /** The leader lease of {@code component} in kube-system is held, and renewed on time, by a master. */
    record LeaderLease(String component) implements Probe {
        public String type() {
            return "leader-lease";
        }
    }

    /**
     * The listed workers are registered and Ready. {@code network} false leaves the pod network out: a node whose
     * only missing piece is a CNI config (NetworkPluginNotReady, lesson 10) passes — what lesson 09 can promise.
     */
    record NodeReady(List<String> nodes, boolean network) implements Probe {
        public NodeReady(List<String> nodes) {
            this(nodes, true);
        }

        public String type() {
            return "node-ready";
        }
    }

    /** The listed workers are registered with their own IP as InternalIP (not Vagrant's NAT address). */
    record NodeAddress(List<String> nodes) implements Probe {
        public String type() {
            return "node-address";
        }
    }

    /**
     * The kubelet on each listed worker is set up as lesson 09 teaches: its KubeletConfiguration fields, its unit's
     * flags, and the known traps (cgroup v1, removed flags, the resolved stub, clusterDNS, kubeconfig server ...).
     */
    record KubeletConfig(List<String> nodes) implements Probe {
        public String type() {
            return "kubelet-config";
        }
    }

    /** kube-proxy on each listed worker runs in the cluster config's mode (network.proxy_mode), set up right. */
    record ProxyMode(List<String> nodes) implements Probe {
        public String type() {
            return "proxy-mode";
        }
    }

    /** A TCP connect to host:port succeeds from {@code from} (a node name; the jumpbox by default). */
    record PortOpen(String host, int port, String from) implements Probe {
        public String type() {
            return "port-open";
        }
    }

    /** containerd answers on every listed node, its CRI plugin loaded, config version 3, SystemdCgroup, no traps. */
    record RuntimeReady(List<String> nodes) implements Probe {
        public String type() {
            return "runtime-ready";
        }
    }

    /** /sys/fs/cgroup is the unified (v2) hierarchy on every listed node, with the {@code controllers} given. */
    record CgroupV2(List<String> nodes, List<String> controllers) implements Probe {
        public CgroupV2 {
            nodes = List.copyOf(nodes);
            controllers = List.copyOf(controllers);
        }

        public String type() {
            return "cgroup-v2";
        }
    }

    /**
     * Pods on the listed workers reach each other: kernel settings and one CNI config on each, with cni bridge the
     * routes to every worker's pod CIDR on every master and worker, and a test pod network namespace per worker
     * (set up by the node's real CNI plugin with its config) pinging the others.
     */
    record PodNetwork(List<String> nodes) implements Probe {
        public PodNetwork {
            nodes = List.copyOf(nodes);
        }

        public String type() {
            return "pod-network";
        }
    }

    /** At least {@code count} pods in {@code namespace} matching the label selector are Running and Ready. */
    record PodsRunning(String namespace, String selector, int count) implements Probe {
        public String type() {
            return "pods-running";
        }
    }

    /** The Service {@code namespace/name} exists and has the ClusterIP {@code ip}. */
    record ServiceIp(String namespace, String name, String ip) implements Probe {
        public String type() {
            return "service-ip";
        }
    }

    /**
     * {@code kubectl auth can-i VERB RESOURCE --as AS}: RBAC allows it. {@code resource} is written as kubectl takes
     * it ({@code endpointslices.discovery.k8s.io}); {@code namespace} null means cluster-wide.
     */
    record CanI(String as, String verb, String resource, String namespace) implements Probe {
        public String type() {
            return "can-i";
        }
    }

    /**
     * {@code name} resolves (to {@code address} when given, else to anything): asked of {@code server} (the cluster
     * DNS) from each of {@code nodes}, or, when {@code pod} ({@code deploy/NAME} in {@code namespace}) is given, from
     * inside that pod with its own resolv.conf.
     */
    record DnsResolves(String name, String address, List<String> nodes, String pod, String namespace, String server)
            implements Probe {
        public DnsResolves {
            nodes = nodes == null ? List.of() : List.copyOf(nodes);
        }

        public String type() {
            return "dns-resolves";
        }
    }

    /**
     * The Secret as etcd holds it ({@code etcdctl get /registry/secrets/NS/NAME | hexdump -C} on {@code from}, a
     * master) starts with the provider {@code prefix} and does not contain {@code plaintext}.
     */
    record SecretEncrypted(String namespace, String name, String prefix, String plaintext, String from)
            implements Probe {
        public String type() {
            return "secret-encrypted";
        }
    }

    /**
     * The NodePort of Service {@code namespace/service} answers HTTP {@code status} on each of {@code nodes}: asked
     * from {@code from} at the node's IP, or with {@code local} on each node at 127.0.0.1.
     */
    record NodePortAnswers(String namespace, String service, List<String> nodes, int status, String from,
                           boolean local) implements Probe {
        public NodePortAnswers {
            nodes = List.copyOf(nodes);
        }

        public String type() {
            return "nodeport-answers";
        }
    }

    // ------------------------------------------------------------------ lesson 15: etcd backup and restore --

    /**
     * An etcd snapshot file at {@code path} on each of {@code nodes} that {@code etcdutl snapshot status} reads
     * (hash, revision, keys); with more than one node, the same snapshot everywhere (one hash and revision).
     */
    record EtcdSnapshot(String path, List<String> nodes) implements Probe {
        public EtcdSnapshot {
            nodes = List.copyOf(nodes);
        }

        public String type() {
            return "etcd-snapshot";
        }
    }

    /**
     * The key {@code key} is in etcd ({@code present}) or not, asked of each member on {@code nodes} by itself
     * (a local, serializable read), so members that hold different data are seen.
     */
    record EtcdKey(String key, boolean present, List<String> nodes) implements Probe {
        public EtcdKey {
            nodes = List.copyOf(nodes);
        }

        public String type() {
            return "etcd-key";
        }
    }

    /**
     * A write to etcd through every member's client URL from {@code from} ({@code etcdctl put KEY VALUE} with a
     * 3 s command timeout) is committed ({@code writable}) or times out because no leader can commit it (lesson
     * 14: with the quorum lost, writes stop). A failure for another reason (certificates, etcdctl missing, the
     * node unreachable) proves neither and fails the check either way.
     */
    record EtcdWrite(String key, boolean writable, String from) implements Probe {
        public String type() {
            return "etcd-write";
        }
    }

    /**
     * After a restore: every member answers, all with one cluster ID (all restored from the same file with the
     * same flags), at a revision of at least {@code revision} (--bump-revision), and (simulated lab only, where it
     * is known) no kube-apiserver was running while etcd was restored.
     */
    record EtcdRestored(long revision) implements Probe {
        public String type() {
            return "etcd-restored";
        }
    }

    /** kube-apiserver, kube-controller-manager and kube-scheduler are not running on any of {@code nodes}. */
    record ControlPlaneStopped(List<String> nodes) implements Probe {
        public ControlPlaneStopped {
            nodes = List.copyOf(nodes);
        }

        public String type() {
            return "control-plane-stopped";
        }
    }

    /**
     * Lesson 16: on the BGP router {@code router} (FRR), every node of {@code peers} (a MetalLB speaker) is a
     * neighbor in state Established.
     */
    record BgpSessions(String router, List<String> peers) implements Probe {
        public BgpSessions {
            peers = List.copyOf(peers);
        }

        public String type() {
            return "bgp-sessions";
        }
    }

    /**
     * Lesson 16: the router {@code router} has a BGP route installed for {@code prefix}, or, when {@code service} is
     * given, for the LoadBalancer address of Service {@code namespace/service} (as a /32), via a speaker.
     */
    record BgpRoute(String router, String namespace, String service, String prefix) implements Probe {
        public String type() {
            return "bgp-route";
        }
    }

    /** Lesson 16: the LoadBalancer Service {@code namespace/name} got an address of {@code pool} (a CIDR). */
    record LbServiceIp(String namespace, String name, String pool) implements Probe {
        public String type() {
            return "lb-service-ip";
        }
    }

    /** Exactly one node of the ingress pair (elbs) holds the ingress VIP, keepalived running, no known trap. */
    record IngressVip() implements Probe {
        public String type() {
            return "ingress-vip";
        }
    }

    /**
     * haproxy on every elb has a server UP for each worker's NodePort; with {@code through}, a GET of
     * {@code http://<ingress VIP>:<port>/} from the client node answers 200.
     */
    record IngressBackends(boolean through) implements Probe {
        public String type() {
            return "ingress-backends";
        }
    }
}
