package dev.hardway.lab.sim;

import dev.hardway.Problem;
import dev.hardway.cluster.ClusterConfig.Node;
import dev.hardway.cluster.ClusterModel;
import dev.hardway.lab.runtime.ContainerdConfig;
import dev.hardway.lab.runtime.PodNetworkFacts;
import dev.hardway.lab.runtime.RuntimeFacts;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The simulated lab's container runtime and pod network (lessons 08 and 10), derived on every call from the
 * model's files and units like the rest of {@link SimModel}: containerd answers when its unit runs, with the
 * config.toml text the lesson wrote; the kernel settings come from the /etc/sysctl.d and /etc/modules-load.d
 * files (systemd applies them at boot, the step applied them now); a node's routes are the {@code ip route replace}
 * lines of an active pod-routes unit; a pod sandbox gets its address from the node's one CNI config.
 *
 * <p>The facts are the same records the real probes fill from the nodes' own tools, so one verdict serves both.
 */
public final class SimRuntime {

    public static final String CONTAINERD_CONFIG = "/etc/containerd/config.toml";
    public static final String SYSCTL_FILE = "/etc/sysctl.d/99-kubernetes.conf";
    public static final String MODULES_FILE = "/etc/modules-load.d/kubernetes.conf";
    public static final String CNI_DIR = "/etc/cni/net.d/";
    public static final String ROUTES_UNIT = "pod-routes";
    public static final String ROUTES_UNIT_FILE = "/etc/systemd/system/pod-routes.service";
    private static final Pattern ROUTE = Pattern.compile("ip route (?:replace|add) (\\d+\\.\\d+\\.\\d+\\.\\d+/\\d+) via "
            + "(\\d+\\.\\d+\\.\\d+\\.\\d+)");
    private static final Pattern SUBNET = Pattern.compile("\"subnet\"\\s*:\\s*\"([0-9./]+)\"");

    private final SimModel m;

    private SimRuntime(SimModel m) {
        this.m = m;
    }

    public static SimRuntime of(SimModel m) {
        return new SimRuntime(m);
    }

    private Optional<String> text(String node, String path) {
        return m.file(node, path).map(f -> f.text() == null ? "" : f.text());
    }

    private boolean present(String node, String path) {
        return m.file(node, path).filter(f -> f.size() > 0).isPresent();
    }

    /** containerd on a node as ctr and the config would show it. */
    public RuntimeFacts runtime(String node) {
        boolean up = m.isUp(node);
        boolean active = m.isActive(node, SimModel.CONTAINERD);
        Problem why = !up ? Problem.error(node + " is powered off (simulated)", "heal " + node)
                : active ? null : m.whyInactive(node, SimModel.CONTAINERD);
        Optional<String> config = text(node, CONTAINERD_CONFIG);
        List<String> deprecations = new ArrayList<>();
        if (active && config.isPresent() && ContainerdConfig.parse(config.get()).binDir() != null) {
            deprecations.add("io.containerd.deprecation/cri-cni-bin-dir");
        }
        return new RuntimeFacts(node, active, why, active, config.orElse(null), deprecations,
                present(node, "/usr/local/bin/runc"), present(node, "/opt/cni/bin/loopback"),
                present(node, "/opt/cni/bin/bridge") && present(node, "/opt/cni/bin/host-local"));
    }

    /** The node's kernel network settings, its routes and CNI configs, as the pod-network probe reads them. */
    public PodNetworkFacts podNetwork(String node) {
        if (!m.isUp(node)) {
            return PodNetworkFacts.unreachable(node, Problem.error(node + " is powered off (simulated)", "heal " + node));
        }
        String sysctl = text(node, SYSCTL_FILE).orElse("");
        String modules = text(node, MODULES_FILE).orElse("");
        Map<String, String> routes = new TreeMap<>();
        if (m.isActive(node, ROUTES_UNIT)) {
            Matcher r = ROUTE.matcher(text(node, ROUTES_UNIT_FILE).orElse(""));
            while (r.find()) {
                routes.put(r.group(1), r.group(2));
            }
        }
        Map<String, String> confs = new TreeMap<>();
        for (Map.Entry<String, SimModel.FileEntry> f : m.data.nodes.get(node).files.entrySet()) {
            String p = f.getKey();
            if (p.startsWith(CNI_DIR) && p.indexOf('/', CNI_DIR.length()) < 0 && PodNetworkFacts.isNetworkConf(p)) {
                confs.put(p.substring(CNI_DIR.length()), f.getValue().text() == null ? "" : f.getValue().text());
            }
        }
        return new PodNetworkFacts(node, null, sysctlValue(sysctl, "net.ipv4.ip_forward"),
                modules.lines().anyMatch(l -> l.strip().equals("br_netfilter")),
                sysctlValue(sysctl, "net.bridge.bridge-nf-call-iptables"), routes, confs);
    }

    /**
     * The address a test pod sandbox on {@code node} gets from its CNI config (host-local's first address of the
     * subnet after the gateway), or empty when there is no usable config. Flannel's config takes the node's
     * lease, which the simulation does not model: its pods get the node's pod CIDR.
     */
    public Optional<String> sandboxAddress(Node node, ClusterModel cluster) {
        PodNetworkFacts f = podNetwork(node.name());
        if (f.unreachable() != null || f.cniConfs().size() != 1) {
            return Optional.empty();
        }
        String conf = f.cniConfs().values().iterator().next();
        Matcher s = SUBNET.matcher(conf);
        String subnet = s.find() ? s.group(1) : cluster.podCidr(node);
        if (subnet == null || !subnet.contains("/")) {
            return Optional.empty();
        }
        String base = subnet.substring(0, subnet.indexOf('/'));
        return Optional.of(base.substring(0, base.lastIndexOf('.')) + ".2");
    }

    static String sysctlValue(String text, String key) {
        String v = null;
        for (String l : text.split("\n")) {
            String line = l.strip();
            if (line.startsWith("#") || !line.contains("=")) {
                continue;
            }
            String k = line.substring(0, line.indexOf('=')).strip().replace('/', '.');
            if (k.equals(key)) {
                v = line.substring(line.indexOf('=') + 1).strip();
            }
        }
        return v;
    }
}
