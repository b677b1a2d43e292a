package dev.hardway.cluster;

import dev.hardway.Problem;

import dev.hardway.cluster.ClusterConfig.Node;
import dev.hardway.cluster.ClusterConfig.Provider;
import dev.hardway.cluster.ClusterConfig.Role;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules about what a cluster config's values mean: names, addresses and CIDRs, roles and their counts,
 * load balancer pairs, provider requirements, versions. Structure (keys, types, required fields) is checked
 * by {@link ClusterLoader} before this runs; every rule here tolerates values that structure checking already
 * reported as missing (null), so one mistake is reported once.
 */
public final class ClusterValidator {

    /** A pinned version: three numbers, optional pre-release/build suffix, no leading "v". */
    public static final Pattern VERSION = Pattern.compile("^\\d+\\.\\d+\\.\\d+([-+][0-9A-Za-z.-]+)?$");
    private static final Pattern RFC1123_LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$");
    public static final int MIN_CPUS = 1;
    public static final int MAX_CPUS = 64;
    public static final int MIN_MEMORY_MIB = 256;
    public static final int MAX_MEMORY_MIB = 262144;
    /** Share of the host's memory the VMs may take before we warn (the host OS and the JVM need the rest). */
    static final double HOST_MEMORY_SHARE = 0.8;
    /** VirtualBox 6.1.28+ only allows host-only networks here unless /etc/vbox/networks.conf says otherwise. */
    static final Cidr VIRTUALBOX_DEFAULT_RANGE = Cidr.parse("192.168.56.0/21");
    /** Ranges offered when a CIDR collides: the usual Kubernetes defaults and private blocks. */
    private static final List<String> SPARE_RANGES = List.of("10.200.0.0/16", "10.96.0.0/16", "10.32.0.0/24",
            "10.244.0.0/16", "172.20.0.0/16", "192.168.128.0/17");
    /** Small ranges offered for a MetalLB address pool. */
    private static final List<String> SPARE_POOLS = List.of("172.17.254.0/24", "172.31.254.0/24",
            "192.168.254.0/24");

    private final LongSupplier hostMemoryMiB;

    /** @param hostMemoryMiB total memory of the VM host in MiB; 0 or less skips the memory warning */
    public ClusterValidator(LongSupplier hostMemoryMiB) {
        this.hostMemoryMiB = hostMemoryMiB;
    }

    /**
     * Validates a config built in code (no source lines: every problem points at line 1).
     *
     * @param fileName the name shown in messages
     */
    public List<Problem> validate(ClusterConfig config, String fileName) {
        Report r = new Report(fileName);
        validate(config, r);
        return r.problems();
    }

    void validate(ClusterConfig c, Report r) {
        new Run(c, r).all();
    }

    /** The version rules alone (the pins file has nothing else). */
    void validateVersions(ClusterConfig.Versions v, Report r) {
        new Run(new ClusterConfig(null, null, null, v, null, null, null, null, null, null, List.of(), null), r)
                .versions();
    }

    /** One validation of one config. */
    private final class Run {
        private final ClusterConfig c;
        private final Report r;
        private final List<Node> nodes;
        private Cidr nodeSubnet;
        private Cidr podCidr;
        private Cidr serviceCidr;
        /** Parsed node IPs by node index (absent when unparsable). */
        private final Map<Integer, Integer> ips = new HashMap<>();

        Run(ClusterConfig c, Report r) {
            this.c = c;
            this.r = r;
            this.nodes = c.nodes() == null ? List.of() : c.nodes();
        }

        void all() {
            label("name", c.name(), "the cluster name names its lab directory and kubeconfig contexts");
            domain();
            versions();
            downloads();
            network();
            nodes();
            roles();
            apiLoadBalancer();
            ingressLoadBalancer();
            ssh();
            vagrant();
            bgp();
        }

        // ---- names -------------------------------------------------------------------------------------

        private boolean label(String path, String value, String why) {
            if (value == null) {
                return false;
            }
            if (RFC1123_LABEL.matcher(value).matches()) {
                return true;
            }
            String cleaned = value.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-")
                    .replaceAll("^-+|-+$", "");
            if (cleaned.length() > 63) {
                cleaned = cleaned.substring(0, 63).replaceAll("-+$", "");
            }
            String fix = cleaned.isEmpty() ? "use lowercase letters, digits and '-'" : "write " + cleaned;
            r.error(path, "'" + value + "' is not a valid name: use at most 63 lowercase letters, digits or '-', "
                    + "starting and ending with a letter or digit (RFC 1123 label); " + why, fix);
            return false;
        }

        private void domain() {
            String d = c.domain();
            if (d == null) {
                return;
            }
            boolean ok = d.length() <= 253 && !d.isEmpty();
            for (String part : d.split("\\.", -1)) {
                ok &= RFC1123_LABEL.matcher(part).matches();
            }
            if (!ok) {
                r.error("domain", "'" + d + "' is not a DNS domain (dot-separated lowercase labels)",
                        "write cluster.local unless you need another domain");
            }
        }

        // ---- versions ----------------------------------------------------------------------------------

        private void versions() {
            var v = c.versions();
            if (v == null) {
                return;
            }
            version("kubernetes", v.kubernetes());
            version("etcd", v.etcd());
            version("containerd", v.containerd());
            version("runc", v.runc());
            version("cni_plugins", v.cniPlugins());
            version("crictl", v.crictl());
            version("coredns", v.coredns());
            version("pause", v.pause());
            version("flannel", v.flannel());
            version("flannel_cni_plugin", v.flannelCniPlugin());
            version("nginx", v.nginx());
            version("metallb", v.metallb());
            String kubeMinor = minor(v.kubernetes());
            String crictlMinor = minor(v.crictl());
            if (kubeMinor != null && crictlMinor != null && !kubeMinor.equals(crictlMinor)) {
                r.warn("versions.crictl", "crictl " + v.crictl() + " does not follow Kubernetes " + kubeMinor
                        + " (cri-tools is released per Kubernetes minor)", "use a crictl " + kubeMinor + ".x release");
            }
        }

        private void version(String key, String value) {
            if (value == null) {
                return;
            }
            String path = "versions." + key;
            if (VERSION.matcher(value).matches()) {
                return;
            }
            if ((value.startsWith("v") || value.startsWith("V")) && VERSION.matcher(value.substring(1)).matches()) {
                r.error(path, "'" + value + "' starts with a 'v'", "write " + value.substring(1) + ", not " + value
                        + " (download URLs add the 'v' where upstream uses one)");
            } else if (value.matches("v?\\d+(\\.\\d+)?")) {
                String bare = value.replaceFirst("^v", "");
                String full = bare.contains(".") ? bare + ".0" : bare + ".0.0";
                r.error(path, "'" + value + "' is not a full version (major.minor.patch)",
                        "write all three numbers, e.g. " + full + " (archives and checksums are per exact release)");
            } else {
                r.error(path, "'" + value + "' is not a version like 1.2.3",
                        "pin an exact release such as 1.2.3 or 1.2.3-rc.1 (archives and checksums are per exact release)");
            }
        }

        private String minor(String version) {
            if (version == null) {
                return null;
            }
            Matcher m = Pattern.compile("^(\\d+\\.\\d+)\\.\\d+").matcher(version);
            return m.find() && VERSION.matcher(version).matches() ? m.group(1) : null;
        }

        // ---- downloads ---------------------------------------------------------------------------------

        private void downloads() {
            var d = c.downloads();
            if (d == null) {
                return;
            }
            if (d.mirror() != null && d.dir() != null) {
                r.error("downloads.dir", "both downloads.mirror and downloads.dir are set",
                        "keep one: mirror for a web server in the upstream layout, dir for a directory on the jumpbox");
            }
            if (d.mirror() != null && !d.mirror().matches("(?i)https?://[^\\s/]+\\S*")) {
                r.error("downloads.mirror", "'" + d.mirror() + "' is not an http(s) URL",
                        "write e.g. http://172.16.10.1:8080 (same paths as the upstream download sites)");
            }
            if (d.dir() != null && !d.dir().startsWith("/")) {
                r.error("downloads.dir", "'" + d.dir() + "' is not an absolute path",
                        "write the full path on the jumpbox, e.g. /srv/hardway/downloads");
            }
        }

        // ---- network -----------------------------------------------------------------------------------

        private void network() {
            var n = c.network();
            if (n == null) {
                return;
            }
            nodeSubnet = cidr("network.node_subnet", n.nodeSubnet());
            podCidr = cidr("network.pod_cidr", n.podCidr());
            serviceCidr = cidr("network.service_cidr", n.serviceCidr());
            overlap("network.pod_cidr", podCidr, "network.node_subnet", nodeSubnet,
                    "a pod address would be routed as if it were a node on the LAN", "a pod range");
            overlap("network.service_cidr", serviceCidr, "network.node_subnet", nodeSubnet,
                    "kube-proxy would capture traffic meant for nodes", "a service range");
            overlap("network.service_cidr", serviceCidr, "network.pod_cidr", podCidr,
                    "a Service IP and a pod IP could be the same address, and kube-proxy would capture pod traffic",
                    "a service range");
            clusterDns(n.clusterDns());
            proxyMode(n.proxyMode());
        }

        /** kube-proxy's mode: iptables or nftables; ipvs is deprecated upstream and not taught here. */
        private void proxyMode(String mode) {
            if (mode == null || ClusterLoader.PROXY_MODES.contains(mode)) {
                return;
            }
            if (mode.equals("ipvs")) {
                r.error("network.proxy_mode", "ipvs is deprecated since Kubernetes 1.35 (off by default from 1.40,"
                        + " removed in 1.43) and the lessons do not set it up",
                        "use iptables (the default) or nftables (needs a kernel >= 5.13 on the workers)");
                return;
            }
            String guess = dev.hardway.EditDistance.closest(mode, ClusterLoader.PROXY_MODES);
            r.error("network.proxy_mode", "unknown value '" + mode + "'." + (guess == null ? ""
                    : " Did you mean '" + guess + "'?"), "use one of " + String.join(", ", ClusterLoader.PROXY_MODES));
        }

        private Cidr cidr(String path, String value) {
            if (value == null) {
                return null;
            }
            Cidr parsed;
            try {
                parsed = Cidr.parse(value);
            } catch (IllegalArgumentException e) {
                r.error(path, "'" + value + "' is not a CIDR: " + reason(e),
                        "write an IPv4 network with its prefix length, e.g. 10.200.0.0/16");
                return null;
            }
            if (parsed.hasHostBits()) {
                r.error(path, value + " has host bits set (the network is " + parsed.normalized() + ")",
                        "write " + parsed.normalized());
                return parsed.normalized();
            }
            return parsed;
        }

        private void overlap(String path, Cidr a, String otherPath, Cidr b, String why, String what) {
            if (a == null || b == null || !a.overlaps(b)) {
                return;
            }
            String spare = spareRange(path.equals("bgp.address_pool") ? SPARE_POOLS : SPARE_RANGES, a);
            String fix = "choose " + what + " that shares no address with " + b
                    + (spare == null ? "" : ", e.g. " + spare);
            if (path.equals("network.service_cidr")) {
                fix += ", and move cluster_dns into it";
            }
            r.error(path, a + " overlaps " + otherPath + " " + b + ": " + why, fix);
        }

        /** A well-known range that collides with none of the three network CIDRs, for fix hints. */
        private String spareRange(List<String> candidates, Cidr own) {
            for (String s : candidates) {
                Cidr cand = Cidr.parse(s);
                if (!collides(cand, nodeSubnet) && !collides(cand, podCidr) && !collides(cand, serviceCidr)
                        && !(cand.equals(own))) {
                    return s;
                }
            }
            return null;
        }

        private boolean collides(Cidr a, Cidr b) {
            return b != null && a.overlaps(b);
        }

        private void clusterDns(String value) {
            String path = "network.cluster_dns";
            if (value == null) {
                if (serviceCidr != null) {
                    r.error(path, "is missing and service_cidr " + serviceCidr + " is too small to derive it",
                            "use a larger service_cidr (e.g. a /24) or set cluster_dns to an address in it");
                }
                return;
            }
            Integer dns = address(path, value);
            if (dns == null || serviceCidr == null) {
                return;
            }
            String example = hostOrNull(serviceCidr, 10);
            if (!serviceCidr.contains(dns)) {
                r.error(path, value + " is outside network.service_cidr " + serviceCidr
                                + ": CoreDNS runs as a Service, so its address comes from that range",
                        "use an address in " + serviceCidr + (example == null ? "" : ", e.g. " + example));
            } else if (serviceCidr.isReserved(dns)) {
                r.error(path, value + " is the " + reservedKind(serviceCidr, dns) + " address of " + serviceCidr,
                        "use a host address" + (example == null ? "" : ", e.g. " + example));
            } else if (dns == serviceCidr.nthHost(1)) {
                r.error(path, value + " is the first address of " + serviceCidr
                                + ", which the apiserver takes for the 'kubernetes' Service",
                        "use another address" + (example == null ? "" : ", e.g. " + example));
            }
        }

        private String hostOrNull(Cidr cidr, long n) {
            try {
                return Cidr.formatAddress(cidr.nthHost(n));
            } catch (IllegalArgumentException e) {
                return null;
            }
        }

        /** Cidr's messages quote the value first; ours already did. */
        private String reason(IllegalArgumentException e) {
            return e.getMessage().replaceFirst("^'[^']*' (is )?", "");
        }

        private Integer address(String path, String value) {
            try {
                return Cidr.parseAddress(value);
            } catch (IllegalArgumentException e) {
                r.error(path, "'" + value + "' is not an IPv4 address: " + reason(e),
                        "write four numbers 0..255 separated by dots, e.g. 172.16.10.41");
                return null;
            }
        }

        // ---- nodes -------------------------------------------------------------------------------------

        private void nodes() {
            Map<String, Integer> byName = new HashMap<>();
            Map<Integer, Integer> byIp = new HashMap<>();
            Map<Integer, Cidr> podCidrs = new HashMap<>();
            for (int i = 0; i < nodes.size(); i++) {
                Node n = nodes.get(i);
                String p = "nodes[" + i + "]";
                if (label(p + ".name", n.name(), "node names become hostnames and certificate names")) {
                    Integer first = byName.putIfAbsent(n.name(), i);
                    if (first != null) {
                        r.error(p + ".name", "duplicate name '" + n.name() + "' (also nodes[" + first + "])",
                                "give every node its own name; names become hostnames and certificate names");
                    }
                }
                nodeIp(i, n, byIp);
                if (n.cpus() < MIN_CPUS || n.cpus() > MAX_CPUS) {
                    r.error(p + ".cpus", n.cpus() + " is outside " + MIN_CPUS + ".." + MAX_CPUS,
                            "use 1 to 64 (2 is plenty for a lab node)");
                }
                if (n.memory() < MIN_MEMORY_MIB || n.memory() > MAX_MEMORY_MIB) {
                    long asGiB = n.memory() * 1024L;
                    String fix = asGiB >= MIN_MEMORY_MIB && asGiB <= MAX_MEMORY_MIB
                            ? "write " + asGiB + " (memory is in MiB, not GiB)"
                            : "give memory in MiB: 2048 for masters and workers, 512 for the jumpbox and load balancers";
                    r.error(p + ".memory", n.memory() + " MiB is outside " + MIN_MEMORY_MIB + ".." + MAX_MEMORY_MIB, fix);
                }
                nodePodCidr(i, n, podCidrs);
            }
        }

        private void nodeIp(int i, Node n, Map<Integer, Integer> byIp) {
            String p = "nodes[" + i + "].ip";
            if (n.ip() == null) {
                return;
            }
            Integer ip = address(p, n.ip());
            if (ip == null) {
                return;
            }
            ips.put(i, ip);
            if (nodeSubnet != null) {
                if (!nodeSubnet.contains(ip)) {
                    r.error(p, n.ip() + " is outside node_subnet " + nodeSubnet,
                            "use an address in " + nodeSubnet + " or widen node_subnet");
                } else if (nodeSubnet.isReserved(ip)) {
                    r.error(p, n.ip() + " is the " + reservedKind(nodeSubnet, ip) + " address of node_subnet "
                                    + nodeSubnet,
                            "use a host address, e.g. " + freeAddress());
                } else if (c.provider() == Provider.VAGRANT && ip == nodeSubnet.nthHost(1)) {
                    r.warn(p, n.ip() + " is the first address of " + nodeSubnet
                                    + ", which VirtualBox and libvirt give to the host side of the network",
                            "use another address, e.g. " + freeAddress());
                }
            }
            Integer other = byIp.putIfAbsent(ip, i);
            if (other != null) {
                r.error(p, n.ip() + " is also the address of " + nameOf(other) + " (nodes[" + other + "])",
                        "give every node its own address, e.g. " + freeAddress());
            }
        }

        private void nodePodCidr(int i, Node n, Map<Integer, Cidr> seen) {
            String p = "nodes[" + i + "].pod_cidr";
            if (n.podCidr() == null) {
                return;
            }
            Cidr own = cidr(p, n.podCidr());
            if (own == null) {
                return;
            }
            if (podCidr != null && !podCidr.contains(own)) {
                r.error(p, own + " is outside network.pod_cidr " + podCidr,
                        "use a part of " + podCidr + ", e.g. a /24 of it");
            }
            for (var e : seen.entrySet()) {
                if (e.getValue().overlaps(own)) {
                    r.error(p, own + " overlaps nodes[" + e.getKey() + "].pod_cidr " + e.getValue() + " of "
                            + nameOf(e.getKey()) + ": two nodes would hand out the same pod addresses",
                            "give every node its own /24 of network.pod_cidr");
                    break;
                }
            }
            seen.put(i, own);
            if (!n.has(Role.WORKER)) {
                r.warn(p, "set on " + nameOf(i) + ", which has no worker role and runs no pods",
                        "remove it, or add worker to the node's roles");
            }
        }

        private String reservedKind(Cidr cidr, int ip) {
            return ip == cidr.network() ? "network" : "broadcast";
        }

        private String nameOf(int index) {
            String name = nodes.get(index).name();
            return name == null ? "nodes[" + index + "]" : name;
        }

        /** An address in node_subnet no node or VIP uses, for fix hints. */
        private String freeAddress() {
            if (nodeSubnet == null) {
                return "an unused address";
            }
            Set<Integer> used = new HashSet<>(ips.values());
            var lbs = c.loadbalancers();
            if (lbs != null && lbs.api() != null && lbs.api().vip() != null) {
                Cidr.tryParseAddress(lbs.api().vip()).ifPresent(used::add);
            }
            if (lbs != null && lbs.ingress() != null && lbs.ingress().vip() != null) {
                Cidr.tryParseAddress(lbs.ingress().vip()).ifPresent(used::add);
            }
            for (Node n : nodes) {
                if (n.ip() != null) {
                    Cidr.tryParseAddress(n.ip()).ifPresent(used::add);
                }
            }
            // Start at .10: the low addresses are often taken by the host side, DHCP or the gateway.
            long limit = Math.min(nodeSubnet.size() - 1, 4096);
            for (long start : new long[] {10, 2}) {
                for (long h = start; h < limit; h++) {
                    int cand = nodeSubnet.nthHost(h);
                    if (!used.contains(cand)) {
                        return Cidr.formatAddress(cand);
                    }
                }
            }
            return "an unused address";
        }

        // ---- roles -------------------------------------------------------------------------------------

        private void roles() {
            if (nodes.isEmpty()) {
                return;
            }
            long masters = count(Role.MASTER);
            if (masters == 0) {
                r.error("nodes", "no node has role master",
                        "add roles: [master] to one node (or to three, for a highly available control plane)");
            } else if (masters % 2 == 0) {
                String tolerates = (masters - 1) / 2 + " failure" + ((masters - 1) / 2 == 1 ? "" : "s");
                String head = masters == 2 ? "no fault tolerance" : "no extra fault tolerance";
                r.warn("nodes", head + ": " + masters + " masters tolerate " + tolerates + ", same as "
                                + (masters - 1) + " (etcd needs a majority to keep working)",
                        "use an odd number of masters: " + (masters - 1) + " or " + (masters + 1));
            }
            if (count(Role.WORKER) == 0) {
                r.warn("nodes", "no node has role worker, so pods have nowhere to run",
                        "add a worker, or add worker to a master's roles");
            }
            int jumpbox = -1;
            for (int i = 0; i < nodes.size(); i++) {
                Node n = nodes.get(i);
                String p = "nodes[" + i + "].roles";
                if (n.has(Role.JUMPBOX)) {
                    if (jumpbox < 0) {
                        jumpbox = i;
                    } else {
                        r.error(p, "a second jumpbox (the first is " + nameOf(jumpbox) + ")",
                                "keep exactly one node with role jumpbox; the lessons keep the CA and kubeconfigs there");
                    }
                }
                var lbs = c.loadbalancers();
                if (n.has(Role.LB) && (lbs == null || lbs.api() == null)) {
                    r.error(p, nameOf(i) + " has role lb but there is no loadbalancers.api section",
                            "add loadbalancers: {api: {vip: ..., nodes: [" + nameOf(i) + ", ...]}} or drop the role");
                }
                if (n.has(Role.ELB) && (lbs == null || lbs.ingress() == null)) {
                    r.error(p, nameOf(i) + " has role elb but there is no loadbalancers.ingress section",
                            "add loadbalancers: {ingress: {vip: ..., nodes: [" + nameOf(i) + ", ...]}} or drop the role");
                }
                if (n.has(Role.ROUTER) && c.bgp() == null) {
                    r.error(p, nameOf(i) + " has role router but there is no bgp section",
                            "add bgp: {cluster_asn: 64522, router_asn: 64512, address_pool: ...} or drop the role");
                }
                if (n.has(Role.MASTER) && n.has(Role.LB) && lbs != null && lbs.api() != null
                        && lbs.api().port() == ClusterLoader.DEFAULT_API_PORT) {
                    r.error(p, nameOf(i) + " is both master and lb: haproxy and kube-apiserver would both listen on "
                            + "port 6443", "put the load balancer on its own node, or set loadbalancers.api.port to "
                            + "another port such as 8443");
                }
            }
            if (jumpbox < 0) {
                r.error("nodes", "no node has role jumpbox",
                        "add a small node with roles: [jumpbox]; the lessons build certificates and kubeconfigs there");
            }
            if (c.bgp() != null && count(Role.ROUTER) == 0) {
                r.error("bgp", "there is no node with role router to peer with",
                        "add a node with roles: [router], or remove the bgp section");
            }
        }

        private long count(Role role) {
            return nodes.stream().filter(n -> n.roles() != null && n.has(role)).count();
        }

        // ---- load balancers ----------------------------------------------------------------------------

        private void apiLoadBalancer() {
            var lbs = c.loadbalancers();
            if (lbs == null || lbs.api() == null) {
                return;
            }
            var api = lbs.api();
            String base = "loadbalancers.api";
            vip(base + ".vip", api.vip());
            if (api.port() < 1 || api.port() > 65535) {
                r.error(base + ".port", api.port() + " is not a TCP port", "use 1..65535; 6443 is the usual API port");
            }
            members(base, api.nodes(), Role.LB, "lb");
            if (nodes.size() > 0 && count(Role.MASTER) == 0) {
                r.error(base, "there are no masters behind the API load balancer",
                        "add nodes with role master for it to forward to");
            }
        }

        private void ingressLoadBalancer() {
            var lbs = c.loadbalancers();
            if (lbs == null || lbs.ingress() == null) {
                return;
            }
            var ing = lbs.ingress();
            String base = "loadbalancers.ingress";
            vip(base + ".vip", ing.vip());
            if (ing.vip() != null && lbs.api() != null && ing.vip().equals(lbs.api().vip())) {
                r.error(base + ".vip", ing.vip() + " is also loadbalancers.api.vip",
                        "give the ingress pair its own address, e.g. " + freeAddress());
            }
            members(base, ing.nodes(), Role.ELB, "elb");
            if (ing.port() < 1 || ing.port() > 65535) {
                r.error(base + ".port", ing.port() + " is not a TCP port", "use 1..65535; 80 is the usual HTTP port");
            }
            // kube-apiserver's default --service-node-port-range; a Service asking for another port is refused
            if (ing.nodePort() < 30000 || ing.nodePort() > 32767) {
                r.error(base + ".node_port", ing.nodePort() + " is outside the NodePort range 30000-32767",
                        "use a port in 30000..32767, e.g. 30080");
            }
            if (nodes.size() > 0 && count(Role.WORKER) == 0) {
                r.warn(base, "there are no workers behind the ingress load balancer",
                        "add nodes with role worker");
            }
        }

        private void vip(String path, String value) {
            if (value == null) {
                return;
            }
            Integer vip = address(path, value);
            if (vip == null) {
                return;
            }
            if (nodeSubnet != null && !nodeSubnet.contains(vip)) {
                r.error(path, value + " is outside node_subnet " + nodeSubnet
                                + ": keepalived can only move an address within the nodes' own network",
                        "use an unused address in " + nodeSubnet + ", e.g. " + freeAddress());
                return;
            }
            if (nodeSubnet != null && nodeSubnet.isReserved(vip)) {
                r.error(path, value + " is the " + reservedKind(nodeSubnet, vip) + " address of " + nodeSubnet,
                        "use an unused host address, e.g. " + freeAddress());
                return;
            }
            for (var e : ips.entrySet()) {
                if (e.getValue().intValue() == vip.intValue()) {
                    r.error(path, value + " is the address of node " + nameOf(e.getKey())
                                    + "; a virtual IP must be free so keepalived can move it between load balancers",
                            "use an unused address in " + (nodeSubnet == null ? "node_subnet" : nodeSubnet)
                                    + ", e.g. " + freeAddress());
                    return;
                }
            }
        }

        private void members(String base, List<String> names, Role role, String roleId) {
            String path = base + ".nodes";
            List<String> withRole = new ArrayList<>();
            for (Node n : nodes) {
                if (n.name() != null && n.has(role)) {
                    withRole.add(n.name());
                }
            }
            String candidates = withRole.isEmpty() ? "add nodes with role " + roleId + " and list them here"
                    : "use the nodes with role " + roleId + ": " + String.join(", ", withRole);
            if (names == null || names.isEmpty()) {
                if (names != null) {
                    r.error(path, "no load balancer nodes", candidates);
                }
                return;
            }
            Set<String> seen = new HashSet<>();
            List<String> allNames = nodes.stream().map(Node::name).filter(n -> n != null).toList();
            for (int j = 0; j < names.size(); j++) {
                String name = names.get(j);
                String p = path + "[" + j + "]";
                if (!seen.add(name)) {
                    r.error(p, name + " is listed twice", "list each load balancer node once");
                    continue;
                }
                // Not c.node(): a node whose name is missing (already reported) has a null name here.
                Optional<Node> node = nodes.stream().filter(n -> name.equals(n.name())).findFirst();
                if (node.isEmpty()) {
                    String guess = java.util.Optional.ofNullable(dev.hardway.EditDistance.closest(name, allNames)).map(g -> " Did you mean '" + g + "'?").orElse("");
                    r.error(p, "no node is named '" + name + "'." + guess, candidates);
                } else if (!node.get().has(role)) {
                    r.error(p, name + " does not have role " + roleId,
                            "add " + roleId + " to its roles, or " + candidates.substring(0, 1).toLowerCase()
                                    + candidates.substring(1));
                }
            }
            for (int i = 0; i < nodes.size(); i++) {
                Node n = nodes.get(i);
                if (n.name() != null && n.has(role) && !names.contains(n.name())) {
                    r.error("nodes[" + i + "].roles", n.name() + " has role " + roleId + " but is not in " + path,
                            "add it to " + path + " or drop the role");
                }
            }
            if (seen.size() == 1) {
                r.warn(path, "only one load balancer node: it is a single point of failure, and active-standby "
                        + "needs a second node to fail over to", "add a second node with role " + roleId);
            }
        }

        // ---- providers ---------------------------------------------------------------------------------

        private void ssh() {
            var s = c.ssh();
            if (s == null) {
                return;
            }
            if (s.port() < 1 || s.port() > 65535) {
                r.error("ssh.port", s.port() + " is not a TCP port", "use 1..65535; sshd listens on 22");
            }
            if (c.provider() == Provider.SSH) {
                if (s.user() == null) {
                    r.error("ssh.user", "is required for provider ssh (existing hosts have no default user)",
                            "add ssh: {user: ubuntu, key: ~/.ssh/id_ed25519} with the account that has sudo");
                }
                if (s.key() == null) {
                    r.error("ssh.key", "is required for provider ssh (hardway logs in with a key, not a password)",
                            "add key: ~/.ssh/id_ed25519 under ssh, and copy it to the hosts with ssh-copy-id");
                }
            }
        }

        private void vagrant() {
            if (c.provider() != Provider.VAGRANT) {
                return;
            }
            var v = c.vagrant();
            if (v == null || v.box() == null) {
                r.error("vagrant.box", "is required for provider vagrant",
                        "add vagrant: {box: bento/ubuntu-24.04} (any box with systemd and apt)");
            }
            if (v != null && "virtualbox".equals(v.provider()) && nodeSubnet != null
                    && !VIRTUALBOX_DEFAULT_RANGE.contains(nodeSubnet)) {
                r.warn("network.node_subnet", nodeSubnet + " is outside 192.168.56.0/21, the only host-only range "
                                + "VirtualBox 6.1.28+ allows by default",
                        "add the line '* " + nodeSubnet + "' to /etc/vbox/networks.conf on this machine, "
                                + "or use 192.168.56.0/24");
            }
            long host = hostMemoryMiB.getAsLong();
            long total = nodes.stream().mapToLong(Node::memory).sum();
            if (host > 0 && total > host * HOST_MEMORY_SHARE) {
                r.warn("nodes", "the VMs need " + total + " MiB in total, " + Math.round(100.0 * total / host)
                                + "% of this machine's " + host + " MiB",
                        "lower memory on some nodes, or use a smaller preset (default, minimal)");
            }
        }

        // ---- bgp ---------------------------------------------------------------------------------------

        private void bgp() {
            var b = c.bgp();
            if (b == null) {
                return;
            }
            asn("bgp.cluster_asn", b.clusterAsn());
            asn("bgp.router_asn", b.routerAsn());
            Cidr pool = cidr("bgp.address_pool", b.addressPool());
            overlap("bgp.address_pool", pool, "network.node_subnet", nodeSubnet,
                    "MetalLB would announce addresses the nodes already use", "an address pool");
            overlap("bgp.address_pool", pool, "network.pod_cidr", podCidr,
                    "LoadBalancer addresses would collide with pod addresses", "an address pool");
            overlap("bgp.address_pool", pool, "network.service_cidr", serviceCidr,
                    "LoadBalancer addresses would collide with Service cluster IPs", "an address pool");
        }

        private void asn(String path, int asn) {
            if (asn == 0) {
                return; // missing: already reported
            }
            if (asn < 1 || asn > 65535) {
                r.error(path, asn + " is not a 2-byte AS number", "use a private AS number, 64512..65534");
            } else if (asn < 64512 || asn > 65534) {
                r.warn(path, asn + " is a public AS number", "use a private one in a lab, 64512..65534");
            }
        }
    }
}
