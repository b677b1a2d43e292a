package dev.hardway.lab.sim;

import dev.hardway.Problem;
import dev.hardway.cluster.Cidr;
import dev.hardway.cluster.ClusterConfig.Node;
import dev.hardway.cluster.ClusterModel;
import dev.hardway.lab.ApiObject;
import dev.hardway.lab.StepAction;
import dev.hardway.lab.bgp.BgpFacts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MetalLB in BGP mode and the FRR router of lesson 16, derived on every call (never stored) from what the
 * {@link SimModel} has: the router's {@code /etc/frr/daemons} and {@code /etc/frr/frr.conf} and its {@code frr} unit,
 * the MetalLB manifest on the jumpbox (step metallb's {@code creates:}), kube-proxy (and pod-routes with flannel) on
 * the masters, and the MetalLB objects and LoadBalancer Services {@link SimWorkloads} stores. From those come the
 * BGP sessions (state, ASN mismatch, RFC 8212's policy), the /32 routes they install on the router, and each
 * LoadBalancer Service's address; {@link #refuse} is the apiserver's answer to MetalLB objects (no CRDs yet, the
 * webhook unreachable from a master).
 */
public final class SimBgp {

    public static final String FRR = "frr";
    public static final String POD_ROUTES = "pod-routes";
    public static final String DAEMONS = "/etc/frr/daemons";
    public static final String FRR_CONF = "/etc/frr/frr.conf";
    /** Where step metallb keeps the release manifest it applied. */
    public static final String MANIFEST = "/root/metallb/metallb-native.yaml";
    public static final String NAMESPACE = "metallb-system";
    static final String GROUP = "metallb.io/";

    private static final Pattern ROUTER_BGP = Pattern.compile("(?m)^\\s*router bgp (\\d+)\\s*$");
    private static final Pattern REMOTE_AS = Pattern.compile("(?m)^\\s*neighbor (\\S+) remote-as (\\d+)\\s*$");
    private static final Pattern ROUTE_MAP_IN = Pattern.compile("(?m)^\\s*neighbor (\\S+) route-map \\S+ in\\s*$");
    private static final Pattern MAX_PATHS = Pattern.compile("(?m)^\\s*maximum-paths (\\d+)\\s*$");
    private static final Pattern PREFIX_LIST = Pattern.compile("(?m)^\\s*ip prefix-list \\S+ seq \\d+ permit (\\S+)");

    private final SimModel m;
    private final ClusterModel cluster;

    private SimBgp(SimModel m) {
        this.m = m;
        this.cluster = m.cluster();
    }

    public static SimBgp of(SimModel model) {
        return new SimBgp(model);
    }

    // ------------------------------------------------------------------------------------------ MetalLB --

    /** Why MetalLB's controller and speakers do not run (null: they do). */
    public Problem whyNoMetallb() {
        String jumpbox = cluster.clientNode();
        if (m.file(jumpbox, MANIFEST).isEmpty()) {
            return Problem.error("MetalLB is not installed (no " + MANIFEST + " applied on " + jumpbox + ")", "lesson run, step metallb");
        }
        return SimWorkloads.of(m).whyNoPods();
    }

    /** The namespaces the MetalLB manifest creates, once it is applied. */
    public Set<String> namespaces() {
        return m.file(cluster.clientNode(), MANIFEST).isPresent() ? Set.of(NAMESPACE) : Set.of();
    }

    /** The workers where a speaker runs (hostNetwork, so it speaks BGP from the node's IP): Ready workers. */
    public List<Node> speakers() {
        if (whyNoMetallb() != null) {
            return List.of();
        }
        List<String> ready = m.nodeConditions(cluster.workers().stream().map(Node::name).toList()).stream()
                .filter(SimModel.NodeCondition::ready).map(SimModel.NodeCondition::node).toList();
        return cluster.workers().stream().filter(w -> ready.contains(w.name())).toList();
    }

    private List<ApiObject> objects(String kind) {
        return SimWorkloads.of(m).objects().stream().map(SimWorkloads.Stored::object)
                .filter(o -> o.apiVersion().startsWith(GROUP) && o.kind().equals(kind)).toList();
    }

    /**
     * The apiserver's answer to a step's MetalLB objects: null (go on), or the refusal as kubectl prints it, with
     * the fix. Checked before {@link SimWorkloads#refuse}.
     */
    public Problem refuse(StepAction.NodeAction na) {
        List<ApiObject> ours = na.objects().stream().filter(o -> o.apiVersion().startsWith(GROUP)).toList();
        if (ours.isEmpty()) {
            return null;
        }
        ApiObject first = ours.get(0);
        if (m.file(cluster.clientNode(), MANIFEST).isEmpty()) {
            return Problem.error("error: resource mapping not found for name: \"" + first.name() + "\" namespace: \""
                    + first.namespace() + "\": no matches for kind \"" + first.kind() + "\" in version \""
                    + first.apiVersion() + "\": ensure CRDs are installed first", "install MetalLB (step metallb)");
        }
        String webhook = "Error from server (InternalError): error when creating \"" + first.shown() + "\": Internal"
                + " error occurred: failed calling webhook \"" + first.kind().toLowerCase() + "validationwebhook"
                + ".metallb.io\": failed to call webhook: Post \"https://metallb-webhook-service." + NAMESPACE
                + ".svc:443/validate-metallb-io-" + first.apiVersion().substring(GROUP.length()) + "-"
                + first.kind().toLowerCase() + "?timeout=10s\": ";
        Problem noPods = SimWorkloads.of(m).whyNoPods();
        if (noPods != null) {
            return noPods.prefixed(webhook + "no endpoints available for service \"metallb-webhook-service\" (")
                    .suffixed(")");
        }
        boolean flannel = "flannel".equals(cluster.config().network().cni());
        for (Node master : cluster.masters()) {
            if (!m.isActive(master.name(), SimModel.KUBE_PROXY)) {
                return Problem.error(webhook + "context deadline exceeded. kube-apiserver on " + master.name() + " dials the webhook's ClusterIP, and the masters run no kube-proxy", "kube-proxy on the masters (step masters-kube-proxy)");
            }
            if (flannel && !m.isActive(master.name(), POD_ROUTES)) {
                return Problem.error(webhook + "context deadline exceeded. " + master.name() + " has no route to the webhook's pod (flannel's VXLAN ends at the workers)", "the pod-routes unit on the masters (step masters-pod-routes)");
            }
        }
        return null;
    }

    /**
     * A LoadBalancer Service's address as MetalLB's controller hands them out: Services by key, each the next free
     * address of the IPAddressPools in name order (avoidBuggyIPs skips .0 and .255). Empty: no controller, no
     * pool, or not a LoadBalancer Service.
     */
    public Optional<String> loadBalancerIp(String namespace, String name) {
        return Optional.ofNullable(addresses().get(namespace + "/" + name)).map(Assigned::ip);
    }

    private record Assigned(String ip, String pool) {
    }

    private Map<String, Assigned> addresses() {
        Map<String, Assigned> out = new LinkedHashMap<>();
        if (whyNoMetallb() != null) {
            return out;
        }
        List<String[]> free = new ArrayList<>();   // {ip, pool}
        for (ApiObject pool : objects("IPAddressPool")) {
            boolean avoid = Boolean.TRUE.equals(pool.at("spec.avoidBuggyIPs"));
            Object list = pool.at("spec.addresses");
            if (!(list instanceof List<?> l)) {
                continue;
            }
            for (Object a : l) {
                for (String ip : expand(String.valueOf(a), avoid)) {
                    free.add(new String[] {ip, pool.name()});
                }
            }
        }
        int next = 0;
        for (SimWorkloads.Service s : SimWorkloads.of(m).services()) {
            if (!"LoadBalancer".equals(s.type()) || next >= free.size()) {
                continue;
            }
            String[] f = free.get(next++);
            out.put(s.namespace() + "/" + s.name(), new Assigned(f[0], f[1]));
        }
        return out;
    }

    /** The addresses of one IPAddressPool entry (CIDR or first-last), at most 256 of them. */
    static List<String> expand(String entry, boolean avoidBuggy) {
        List<String> out = new ArrayList<>();
        long first;
        long last;
        if (entry.contains("-")) {
            var a = Cidr.tryParseAddress(entry.substring(0, entry.indexOf('-')).strip());
            var b = Cidr.tryParseAddress(entry.substring(entry.indexOf('-') + 1).strip());
            if (a.isEmpty() || b.isEmpty()) {
                return out;
            }
            first = Integer.toUnsignedLong(a.get());
            last = Integer.toUnsignedLong(b.get());
        } else {
            Optional<Cidr> c = Cidr.tryParse(entry.strip());
            if (c.isEmpty()) {
                return out;
            }
            Cidr n = c.get().normalized();
            first = Integer.toUnsignedLong(n.network());
            last = Integer.toUnsignedLong(n.last());
        }
        for (long ip = first; ip <= last && out.size() < 256; ip++) {
            long lowByte = ip & 0xff;
            if (avoidBuggy && (lowByte == 0 || lowByte == 255)) {
                continue;
            }
            out.add(Cidr.formatAddress((int) ip));
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------ router --

    private String conf(String router) {
        return m.file(router, FRR_CONF).map(SimModel.FileEntry::text).orElse(null);
    }

    /** Why vtysh gets no answer from bgpd on the router (null: it answers). */
    public Problem whyNoBgpd(String router) {
        if (!m.isUp(router)) {
            return Problem.error(router + " is powered off (simulated)", "heal " + router);
        }
        if (!m.isActive(router, FRR)) {
            return Problem.error("frr is not running on " + router + " (simulated)", "systemctl enable --now frr (step frr)");
        }
        String daemons = m.file(router, DAEMONS).map(SimModel.FileEntry::text).orElse("");
        if (!Pattern.compile("(?m)^bgpd=yes\\s*$").matcher(daemons).find()) {
            return Problem.error("bgpd is not running on " + router + ": " + DAEMONS + " does not say bgpd=yes (Debian ships bgpd=no).", "bgpd=yes there, then systemctl restart frr");
        }
        String conf = conf(router);
        if (conf == null || !ROUTER_BGP.matcher(conf).find()) {
            return Problem.error(FRR_CONF + " on " + router + " has no `router bgp <ASN>`", "lesson run, step frr");
        }
        return null;
    }

    /** The router's sessions and the routes they install, as {@code vtysh} would show them. */
    public BgpFacts.RouterView view(String router) {
        Map<String, BgpFacts.Session> sessions = new LinkedHashMap<>();
        Map<String, List<BgpFacts.Route>> routes = new LinkedHashMap<>();
        String conf = conf(router);
        if (whyNoBgpd(router) != null || conf == null) {
            return new BgpFacts.RouterView(sessions, routes);
        }
        Matcher rb = ROUTER_BGP.matcher(conf);
        long localAs = rb.find() ? Long.parseLong(rb.group(1)) : 0;
        boolean requiresPolicy = !conf.contains("no bgp ebgp-requires-policy");
        List<String> withRouteMap = new ArrayList<>();
        for (Matcher x = ROUTE_MAP_IN.matcher(conf); x.find(); ) {
            withRouteMap.add(x.group(1));
        }
        List<String> permitted = new ArrayList<>();
        for (Matcher x = PREFIX_LIST.matcher(conf); x.find(); ) {
            permitted.add(x.group(1));
        }
        Matcher mp = MAX_PATHS.matcher(conf);
        int maxPaths = mp.find() ? Integer.parseInt(mp.group(1)) : 1;
        String routerIp = cluster.node(router).map(Node::ip).orElse("");
        List<ApiObject> peers = objects("BGPPeer").stream()
                .filter(o -> routerIp.equals(o.text("spec.peerAddress"))).toList();
        List<String> speakerIps = speakers().stream().map(Node::ip).toList();

        List<String> learning = new ArrayList<>();   // peers whose announcements the router accepts
        for (Matcher x = REMOTE_AS.matcher(conf); x.find(); ) {
            String ip = x.group(1);
            long remoteAs = Long.parseLong(x.group(2));
            String state = "Active";
            String notification = "";
            boolean policy = false;
            if (speakerIps.contains(ip) && !peers.isEmpty()) {
                ApiObject peer = peers.get(0);
                long myAsn = number(peer.at("spec.myASN"));
                long peerAsn = number(peer.at("spec.peerASN"));
                if (myAsn != remoteAs || peerAsn != localAs) {
                    state = "Idle";
                    notification = "OPEN Message Error/Bad Peer AS";
                } else {
                    state = "Established";
                    policy = requiresPolicy && !withRouteMap.contains(ip);
                    if (!policy) {
                        learning.add(ip);
                    }
                }
            }
            sessions.put(ip, new BgpFacts.Session(ip, state, remoteAs, localAs, policy, 0, notification));
        }
        // what every speaker announces: the addresses of advertised pools
        List<ApiObject> ads = objects("BGPAdvertisement");
        Map<String, List<String>> hopsByPrefix = new LinkedHashMap<>();
        for (Assigned a : addresses().values()) {
            boolean advertised = ads.stream().anyMatch(ad -> !(ad.at("spec.ipAddressPools") instanceof List<?> l)
                    || l.isEmpty() || l.contains(a.pool()));
            if (!advertised) {
                continue;
            }
            String prefix = a.ip() + "/32";
            boolean allowed = withRouteMap.isEmpty() || permitted.stream().anyMatch(c -> Cidr.tryParse(c)
                    .map(x -> x.normalized().contains(Cidr.parseAddress(a.ip()))).orElse(false));
            if (!allowed) {
                continue;
            }
            for (String ip : learning) {
                hopsByPrefix.computeIfAbsent(prefix, k -> new ArrayList<>()).add(ip);
            }
        }
        hopsByPrefix.forEach((prefix, hops) -> routes.put(prefix, List.of(new BgpFacts.Route(prefix, "bgp", true,
                hops.subList(0, Math.min(hops.size(), Math.max(1, maxPaths)))))));
        Map<String, Integer> received = new LinkedHashMap<>();
        hopsByPrefix.values().forEach(hs -> hs.forEach(h -> received.merge(h, 1, Integer::sum)));
        sessions.replaceAll((ip, s) -> new BgpFacts.Session(s.peer(), s.state(), s.remoteAs(), s.localAs(),
                s.policyBlocked(), received.getOrDefault(ip, 0), s.lastNotification()));
        return new BgpFacts.RouterView(sessions, routes);
    }

    private static long number(Object o) {
        if (o instanceof Number n) {
            return n.longValue();
        }
        try {
            return Long.parseLong(Objects.toString(o, "").strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
