package dev.hardway.lab.runtime;

import dev.hardway.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One node's side of the pod network as the {@code pod-network} probe reads it: the kernel settings (ip_forward,
 * br_netfilter and its bridge-nf-call-iptables), the routes ({@code ip -4 route}: pod CIDR → next hop) and the
 * network configs in /etc/cni/net.d (file name → text). Filled from the node by the real probe and from files and
 * units by the simulated lab.
 *
 * @param unreachable why the node could not be asked, or null
 * @param ipForward   the value of net.ipv4.ip_forward, null when unknown
 * @param bridgeNfCallIptables the value of net.bridge.bridge-nf-call-iptables, null when the key does not exist
 */
public record PodNetworkFacts(String node, Problem unreachable, String ipForward, boolean brNetfilter,
                              String bridgeNfCallIptables, Map<String, String> routes, Map<String, String> cniConfs) {

    private static final Pattern ROUTE = Pattern.compile("^(\\d+\\.\\d+\\.\\d+\\.\\d+/\\d+) via (\\d+\\.\\d+\\.\\d+\\.\\d+)\\b");
    private static final Pattern SUBNET = Pattern.compile("\"subnet\"\\s*:\\s*\"([0-9./]+)\"");

    public PodNetworkFacts {
        routes = Map.copyOf(routes);
        cniConfs = new TreeMap<>(cniConfs);
    }

    public static PodNetworkFacts unreachable(String node, Problem why) {
        return new PodNetworkFacts(node, why, null, false, null, Map.of(), Map.of());
    }

    /** The files containerd would load as a network config (libcni: .conf, .conflist, .json). */
    public static boolean isNetworkConf(String name) {
        return name.endsWith(".conf") || name.endsWith(".conflist") || name.endsWith(".json");
    }

    /** {@code ip -4 route show} lines with a gateway: destination → next hop. */
    public static Map<String, String> parseRoutes(String ipRoute) {
        Map<String, String> out = new TreeMap<>();
        for (String l : ipRoute.split("\n")) {
            Matcher m = ROUTE.matcher(l.strip());
            if (m.find()) {
                out.put(m.group(1), m.group(2));
            }
        }
        return out;
    }

    /** What a worker needs before its pods can reach the other nodes (the notes' 08/10 trap rows). */
    public List<Problem> workerProblems(String podCidr, String cni) {
        List<Problem> out = new ArrayList<>();
        if (!"1".equals(ipForward)) {
            out.add(Problem.error(node + ": net.ipv4.ip_forward = " + (ipForward == null ? "?" : ipForward) + ", so pod traffic is not routed to the other nodes", "sysctl -w net.ipv4.ip_forward=1, and keep it in /etc/sysctl.d/99-kubernetes.conf (lesson 08-runtime)"));
        }
        if (!brNetfilter) {
            out.add(Problem.error(node + ": br_netfilter is not loaded (no /proc/sys/net/bridge), so bridged pod traffic skips iptables and Services between pods on one node break", "modprobe br_netfilter, and list it in /etc/modules-load.d/kubernetes.conf (lesson 08-runtime)"));
        } else if (!"1".equals(bridgeNfCallIptables)) {
            out.add(Problem.error(node + ": net.bridge.bridge-nf-call-iptables = " + bridgeNfCallIptables, "sysctl -w net.bridge.bridge-nf-call-iptables=1 (lesson 08-runtime)"));
        }
        if (cniConfs.isEmpty()) {
            out.add(Problem.error(node + ": /etc/cni/net.d holds no network config: the node stays NotReady (cni plugin not initialized)", "lesson run (10-pod-network)"));
        } else if (cniConfs.size() > 1) {
            out.add(Problem.error(node + ": /etc/cni/net.d holds " + cniConfs.size() + " network configs " + cniConfs.keySet()
                    + "; containerd loads only the first, " + cniConfs.keySet().iterator().next(), "keep one (remove the " + cni + " leftovers of the other)"));
        } else if ("bridge".equals(cni) && podCidr != null) {
            String conf = cniConfs.values().iterator().next();
            Matcher s = SUBNET.matcher(conf);
            String subnet = s.find() ? s.group(1) : null;
            if (subnet != null && !subnet.equals(podCidr)) {
                out.add(Problem.error(node + ": its CNI config hands out " + subnet + ", but its pod CIDR is " + podCidr + ": the other nodes' routes point elsewhere", "lesson run (10-pod-network)"));
            }
        }
        return out;
    }

    /** The route to another worker's pod CIDR this node lacks, or null. */
    public Problem missingRoute(String podCidr, String via, String owner) {
        String have = routes.get(podCidr);
        if (via.equals(have)) {
            return null;
        }
        return Problem.error(node + " has " + (have == null ? "no route" : "a route via " + have + " instead of " + via) + " to "
                + owner + "'s pods " + podCidr, "ip route replace " + podCidr + " via " + via + " (on " + node
                + "), kept by the pod-routes unit (lesson 10-pod-network)");
    }
}
