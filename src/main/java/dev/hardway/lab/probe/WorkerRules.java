package dev.hardway.lab.probe;

import dev.hardway.Problem;
import dev.hardway.cluster.ClusterConfig.Node;
import dev.hardway.cluster.ClusterModel;
import dev.hardway.lab.ProbeResult;
import dev.hardway.lab.Verdicts;
import dev.hardway.lab.real.KubeOutput;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What lesson 09 expects of a worker's kubelet and kube-proxy (../shared/k8s-1.37-notes.md §09), decided on
 * <em>facts</em> that the real probes read on the node and the simulated lab derives from its model, so both labs
 * judge alike. Each known trap of the notes' table that a probe can see is named as such (a "hint check"): cgroup
 * v1, a removed kubelet flag, the systemd-resolved stub as resolvConf, no {@code --node-ip} (Vagrant's NAT address),
 * clusterDNS other than the CoreDNS Service IP, a kubeconfig that bypasses the API endpoint, a certificate of
 * another node, swap, br_netfilter, nftables on an old kernel.
 */
public final class WorkerRules {

    public static final String KUBELET_CONFIG = "/var/lib/kubelet/kubelet-config.yaml";
    public static final String KUBELET_UNIT = "/etc/systemd/system/kubelet.service";
    public static final String KUBELET_KUBECONFIG = "/var/lib/kubelet/kubeconfig";
    public static final String KUBELET_CA = "/var/lib/kubelet/ca.pem";
    public static final String KUBELET_CERT = "/var/lib/kubelet/kubelet.pem";
    public static final String KUBELET_KEY = "/var/lib/kubelet/kubelet-key.pem";
    public static final String KUBE_PROXY_CONFIG = "/var/lib/kube-proxy/kube-proxy-config.yaml";
    public static final String KUBE_PROXY_UNIT = "/etc/systemd/system/kube-proxy.service";
    public static final String KUBE_PROXY_KUBECONFIG = "/var/lib/kube-proxy/kubeconfig";
    public static final String CONTAINERD_SOCKET = "unix:///run/containerd/containerd.sock";
    public static final String RESOLVED_RESOLV_CONF = "/run/systemd/resolve/resolv.conf";
    /** Vagrant's NAT address: the same on every VirtualBox/libvirt VM, what a kubelet without --node-ip picks. */
    public static final String NAT_ADDRESS = "10.0.2.15";
    /** Where kube-proxy answers its mode (metricsBindAddress, default 127.0.0.1:10249). */
    public static final String PROXY_MODE_URL = "http://127.0.0.1:10249/proxyMode";

    /**
     * kubelet flags that no longer exist, with the release that removed them: the kubelet exits with
     * {@code unknown flag}. The cAdvisor ones are the flags the kubelet registered by mistake (1.37, PR #139870 🔶).
     */
    public static final Map<String, String> REMOVED_KUBELET_FLAGS = Map.ofEntries(
            Map.entry("--pod-infra-container-image", "1.35 (the pause image is containerd's pinned_images.sandbox)"),
            Map.entry("--container-runtime", "1.27 (remote CRI is the only runtime)"),
            Map.entry("--network-plugin", "1.24 (containerd runs CNI)"),
            Map.entry("--cni-bin-dir", "1.24 (containerd's bin_dirs)"),
            Map.entry("--cni-conf-dir", "1.24 (containerd's conf_dir)"),
            Map.entry("--cni-cache-dir", "1.24"),
            Map.entry("--docker-endpoint", "1.24 (dockershim)"),
            Map.entry("--application-metrics-count-limit", "1.37 (a leaked cAdvisor flag)"),
            Map.entry("--boot-id-file", "1.37 (a leaked cAdvisor flag)"),
            Map.entry("--container-hints", "1.37 (a leaked cAdvisor flag)"),
            Map.entry("--containerd", "1.37 (a leaked cAdvisor flag; use containerRuntimeEndpoint)"),
            Map.entry("--enable-load-reader", "1.37 (a leaked cAdvisor flag)"),
            Map.entry("--event-storage-age-limit", "1.37 (a leaked cAdvisor flag)"),
            Map.entry("--event-storage-event-limit", "1.37 (a leaked cAdvisor flag)"),
            Map.entry("--global-housekeeping-interval", "1.37 (a leaked cAdvisor flag)"),
            Map.entry("--log-cadvisor-usage", "1.37 (a leaked cAdvisor flag)"),
            Map.entry("--machine-id-file", "1.37 (a leaked cAdvisor flag)"),
            Map.entry("--docker-root", "1.37 (a leaked cAdvisor flag)"));

    private WorkerRules() {
    }

    /**
     * What is known about one worker's kubelet; null means "not known here" (skipped, never a pass by default for
     * the config and the unit: those are required).
     *
     * @param config           the text of kubelet-config.yaml, null when it is missing
     * @param unit             the kubelet unit (file or {@code systemctl cat kubelet}), null when missing
     * @param resolvConfText   the file named by resolvConf as the node has it, null when unknown
     * @param cgroupFs         {@code stat -fc %T /sys/fs/cgroup}, null when unknown
     * @param certSubject      {@code openssl x509 -noout -subject} of kubelet.pem, null when unknown
     * @param kubeconfigServer the server of /var/lib/kubelet/kubeconfig, null when unknown
     * @param swaps            {@code swapon --show --noheadings}, null when unknown
     */
    public record KubeletFacts(String config, String unit, String resolvConfText, String cgroupFs, String certSubject,
                               String kubeconfigServer, String swaps) {
    }

    /** The same for kube-proxy; {@code answeredMode} is what /proxyMode said (null: nothing answered). */
    public record ProxyFacts(String config, boolean running, String answeredMode, String kernel,
                             String kubeconfigServer, String bridgeNfCallIptables) {
    }

    /** Every problem of one worker's kubelet, each naming the node, with its fix; empty when right. */
    public static List<Problem> kubelet(ClusterModel c, Node n, KubeletFacts f) {
        List<Problem> out = new ArrayList<>();
        String w = n.name();
        if (f.cgroupFs() != null && !f.cgroupFs().strip().equals("cgroup2fs")) {
            out.add(Problem.error(w + " mounts " + f.cgroupFs().strip() + " on /sys/fs/cgroup (cgroup v1): kubelet "
                    + c.config().versions().kubernetes() + " refuses to start (\"kubelet is configured to not run on a host using cgroup v1\", failCgroupV1 defaults to true since 1.35)", "a box that boots cgroup v2 (Ubuntu 24.04, Debian 12), or systemd.unified_cgroup_hierarchy=1 on the kernel command line"));
        }
        if (f.swaps() != null && !f.swaps().isBlank()) {
            out.add(Problem.error(w + " has swap on (" + f.swaps().lines().findFirst().orElse("").strip() + "): the kubelet refuses to start with failSwapOn: true", "swapoff -a, and comment the swap line in /etc/fstab"));
        }
        if (f.config() == null) {
            out.add(Problem.error(KUBELET_CONFIG + " is missing on " + w, "lesson run (09-kubelet, step kubelet-config)"));
        } else {
            config(c, n, f, out);
        }
        if (f.unit() == null) {
            out.add(Problem.error("the kubelet unit is missing on " + w + " (" + KUBELET_UNIT + ")", "lesson run (09-kubelet, step kubelet-config)"));
        } else {
            unit(n, f.unit(), out);
        }
        if (f.certSubject() != null && !java.util.regex.Pattern.compile("CN\\s*=\\s*system:node:"
                + java.util.regex.Pattern.quote(w) + "\\s*([,/]|$)", java.util.regex.Pattern.MULTILINE)
                .matcher(f.certSubject()).find()) {
            out.add(Problem.error(KUBELET_CERT + " on " + w + " is not " + w + "'s certificate (" + f.certSubject().strip()
                    + "): the API server's Node authorizer will say 'node \"" + w + "\" is not allowed to modify node ...'", "copy /root/pki/" + w + ".pem and " + w + "-key.pem from the jumpbox again (02-pki)"));
        }
        if (f.kubeconfigServer() != null && !f.kubeconfigServer().equals(c.apiEndpoint())) {
            out.add(Problem.error(KUBELET_KUBECONFIG + " on " + w + " points at " + f.kubeconfigServer() + ", not the API endpoint "
                    + c.apiEndpoint() + (c.hasApiLb() ? ": the node goes NotReady when that one master stops" : ""), "copy /root/kubeconfigs/" + w + ".kubeconfig again (03-kubeconfigs)"));
        }
        return out;
    }

    private static void config(ClusterModel c, Node n, KubeletFacts f, List<Problem> out) {
        String w = n.name();
        String where = KUBELET_CONFIG + " on " + w;
        Map<String, Object> y;
        try {
            y = KubeOutput.yaml(f.config());
        } catch (IllegalArgumentException e) {
            out.add(Problem.error(where + " is not valid YAML (" + e.getMessage() + ")", "lesson run (09-kubelet)"));
            return;
        }
        expect(out, where, y, "apiVersion", "kubelet.config.k8s.io/v1beta1", "the kubelet config API is still v1beta1");
        expect(out, where, y, "kind", "KubeletConfiguration", null);
        expect(out, where, y, "authentication.anonymous.enabled", false, "anonymous requests must be refused");
        expect(out, where, y, "authentication.webhook.enabled", true, "the API server decides who may call the kubelet");
        expect(out, where, y, "authentication.x509.clientCAFile", KUBELET_CA, "the cluster CA checks the API server's"
                + " client certificate");
        expect(out, where, y, "authorization.mode", "Webhook", null);
        expect(out, where, y, "containerRuntimeEndpoint", CONTAINERD_SOCKET, "containerd's CRI socket");
        Object driver = y.get("cgroupDriver");
        if (driver != null && !"systemd".equals(driver)) {
            out.add(Problem.error(where + ": cgroupDriver is " + driver + ", but containerd's SystemdCgroup = true decides (the kubelet takes the driver from the CRI since 1.34)", "cgroupDriver: systemd"));
        }
        Object dns = y.get("clusterDNS");
        String want = c.config().network().clusterDns();
        if (!(dns instanceof List<?> l) || l.isEmpty()) {
            out.add(Problem.error(where + " has no clusterDNS: pods get no cluster nameserver and lesson 11's names never resolve.", "clusterDNS: [" + want + "] (network.cluster_dns)"));
        } else if (!l.stream().map(String::valueOf).toList().contains(want)) {
            out.add(Problem.error(where + ": clusterDNS " + l + " is not the CoreDNS Service IP " + want + " (network.cluster_dns): pods would ask a nameserver nothing answers on", "clusterDNS: [" + want + "]"));
        }
        expect(out, where, y, "clusterDomain", c.config().domain(), "Service names end in it");
        Object resolv = y.get("resolvConf");
        if (resolv == null || String.valueOf(resolv).isBlank()) {
            out.add(Problem.error(where + " has no resolvConf: the kubelet hands pods /etc/resolv.conf, which on Ubuntu names systemd-resolved's stub 127.0.0.53", "resolvConf: " + RESOLVED_RESOLV_CONF
                    + " where systemd-resolved runs, else /etc/resolv.conf (the step's run decides on the node)"));
        } else if (String.valueOf(resolv).contains("@")) {
            out.add(Problem.error(where + ": resolvConf is still the placeholder " + resolv, "lesson run (the step's run writes the file from kubelet-config.yaml.in)"));
        } else if (f.resolvConfText() != null) {
            List<String> ns = KubeOutput.nameservers(f.resolvConfText());
            List<String> loop = ns.stream().filter(a -> a.startsWith("127.") || a.equals("::1")).toList();
            if (!loop.isEmpty()) {
                out.add(Problem.error(where + ": resolvConf " + resolv + " names " + String.join(", ", loop) + (loop.contains(
                        "127.0.0.53") ? " (systemd-resolved's stub)" : "") + ", a loopback nameserver: inside a pod"
                        + " that is the pod itself, so CoreDNS forwards to itself and crashloops (loop detected).", "resolvConf: " + RESOLVED_RESOLV_CONF));
            } else if (ns.isEmpty()) {
                out.add(Problem.error(where + ": resolvConf " + resolv + " names no nameserver", "resolvConf: " + RESOLVED_RESOLV_CONF + " (systemd-resolved) or /etc/resolv.conf"));
            }
        }
        expect(out, where, y, "tlsCertFile", KUBELET_CERT, "the kubelet serves port 10250 with its node certificate");
        expect(out, where, y, "tlsPrivateKeyFile", KUBELET_KEY, null);
        if (Boolean.FALSE.equals(y.get("registerNode"))) {
            out.add(Problem.error(where + ": registerNode is false, so " + w + " never appears in kubectl get nodes", "registerNode: true"));
        }
        if (Boolean.FALSE.equals(y.get("failCgroupV1"))) {
            out.add(Problem.error(where + ": failCgroupV1 is false; leave it out (default true): the lab runs cgroup v2 and cgroup v1 is unsupported", "remove failCgroupV1"));
        }
    }

    private static void expect(List<Problem> out, String where, Map<String, Object> y, String path, Object want,
                               String why) {
        Object got = KubeOutput.at(y, path);
        if (!Objects.equals(got, want)) {
            out.add(Problem.error(where + ": " + path + " is " + (got == null ? "not set" : got) + ", not " + want
                    + (why == null ? "" : " (" + why + ")"), path + ": " + want));
        }
    }

    private static void unit(Node n, String unit, List<Problem> out) {
        String w = n.name();
        List<String> args = KubeOutput.execStartArgs(unit);
        if (args.isEmpty() && !unit.contains("ExecStart=")) {
            out.add(Problem.error("the kubelet unit on " + w + " has no ExecStart", "lesson run (09-kubelet)"));
            return;
        }
        for (String f : KubeOutput.flagNames(args)) {
            String gone = REMOVED_KUBELET_FLAGS.get(f);
            if (gone == null && (f.startsWith("--cni-") || f.startsWith("--docker") || f.startsWith("--storage-driver"))) {
                gone = "an earlier release";
            }
            if (gone != null) {
                out.add(Problem.error("the kubelet unit on " + w + " passes " + f + ", removed in " + gone + ": the kubelet exits"
                        + " with 'unknown flag: " + f + "'", "remove it from ExecStart, then systemctl daemon-reload"));
            }
        }
        String ip = KubeOutput.flag(args, "--node-ip");
        if (ip == null || ip.isEmpty()) {
            out.add(Problem.error("the kubelet unit on " + w + " has no --node-ip: the kubelet registers the address of the"
                    + " default route, on Vagrant the NAT address " + NAT_ADDRESS + " (the same on every VM), and"
                    + " kubectl logs/exec dial " + NAT_ADDRESS + ":10250", "--node-ip=" + n.ip()));
        } else if (!ip.equals(n.ip())) {
            out.add(Problem.error("the kubelet unit on " + w + " says --node-ip=" + ip + ", but " + w + " is " + n.ip(), "--node-ip=" + n.ip()));
        }
        if (!KUBELET_CONFIG.equals(KubeOutput.flag(args, "--config"))) {
            out.add(Problem.error("the kubelet unit on " + w + " does not pass --config=" + KUBELET_CONFIG, "lesson run (09-kubelet)"));
        }
        if (!KUBELET_KUBECONFIG.equals(KubeOutput.flag(args, "--kubeconfig"))) {
            out.add(Problem.error("the kubelet unit on " + w + " does not pass --kubeconfig=" + KUBELET_KUBECONFIG,
                    "lesson run (09-kubelet)"));
        }
    }

    /** Every problem of one worker's kube-proxy; empty when it runs in the configured mode, set up right. */
    public static List<Problem> proxy(ClusterModel c, Node n, ProxyFacts f) {
        List<Problem> out = new ArrayList<>();
        String w = n.name();
        String mode = c.config().network().proxyMode();
        if ("nftables".equals(mode) && f.kernel() != null && !KubeOutput.kernelAtLeast(f.kernel(), 5, 13)) {
            out.add(Problem.error(w + " runs kernel " + f.kernel().strip() + ": kube-proxy's nftables mode needs 5.13 or newer.", "network.proxy_mode: iptables in the cluster config, or a newer kernel"));
        }
        if (f.bridgeNfCallIptables() != null && !f.bridgeNfCallIptables().strip().equals("1")) {
            out.add(Problem.error(w + ": net.bridge.bridge-nf-call-iptables is " + (f.bridgeNfCallIptables().isBlank() ? "missing"
                    + " (br_netfilter not loaded)" : f.bridgeNfCallIptables().strip()) + ": Service traffic between pods on the same bridge bypasses kube-proxy's rules", "modprobe br_netfilter; sysctl --system (08-runtime)"));
        }
        String where = KUBE_PROXY_CONFIG + " on " + w;
        if (f.config() == null) {
            out.add(Problem.error(where + " is missing", "lesson run (09-kubelet, step kube-proxy)"));
        } else {
            try {
                Map<String, Object> y = KubeOutput.yaml(f.config());
                expect(out, where, y, "apiVersion", "kubeproxy.config.k8s.io/v1alpha1", "still v1alpha1 in 1.37");
                expect(out, where, y, "kind", "KubeProxyConfiguration", null);
                expect(out, where, y, "mode", mode, "network.proxy_mode of the cluster config");
                expect(out, where, y, "clusterCIDR", c.config().network().podCidr(), "network.pod_cidr: traffic from"
                        + " outside it to a Service is masqueraded");
                expect(out, where, y, "clientConnection.kubeconfig", KUBE_PROXY_KUBECONFIG, null);
            } catch (IllegalArgumentException e) {
                out.add(Problem.error(where + " is not valid YAML (" + e.getMessage() + ")", "lesson run (09-kubelet)"));
            }
        }
        if (f.kubeconfigServer() != null && !f.kubeconfigServer().equals(c.apiEndpoint())) {
            out.add(Problem.error(KUBE_PROXY_KUBECONFIG + " on " + w + " points at " + f.kubeconfigServer() + ", not the API"
                    + " endpoint " + c.apiEndpoint(), "copy /root/kubeconfigs/kube-proxy.kubeconfig again (03-kubeconfigs)"));
        }
        if (!f.running()) {
            out.add(Problem.error("kube-proxy is not running on " + w, "systemctl status kube-proxy; journalctl -u kube-proxy -n 50 (on " + w + ")"));
        } else if (f.answeredMode() == null) {
            out.add(Problem.error("kube-proxy on " + w + " does not answer " + PROXY_MODE_URL, "journalctl -u kube-proxy -n 50 (on " + w + ")"));
        } else if (!f.answeredMode().equals(mode)) {
            out.add(Problem.error("kube-proxy on " + w + " runs in " + f.answeredMode() + " mode, not " + mode + " (network.proxy_mode)", "mode: " + mode + " in " + KUBE_PROXY_CONFIG
                    + ", then systemctl restart kube-proxy"));
        }
        return out;
    }

    /**
     * A per-node verdict where a node may have several problems: the summary of {@link Verdicts#perNode} ("what
     * on 1/2 nodes (not on worker2)") with every problem listed.
     */
    /**
     * The real side of a per-node worker probe: {@code script} on every node in one round, each answered node's
     * sections judged by {@code rules}, a node that could not run it reported with its problem. Fills
     * {@code commands} with what ran.
     */
    static Map<String, List<Problem>> onNodes(RealProbing lab, List<String> nodes,
                                             dev.hardway.lab.inspect.ScriptSections script, List<String> commands,
                                             java.util.function.BiFunction<Node, Map<String,
                                                     dev.hardway.lab.inspect.ScriptSections.Section>, List<Problem>> rules) {
        Map<String, dev.hardway.lab.inspect.ScriptSections> plan = new java.util.LinkedHashMap<>();
        nodes.forEach(n -> plan.put(n, script));
        Map<String, List<Problem>> byNode = new java.util.LinkedHashMap<>();
        for (RealProbing.Outcome o : lab.run(plan, lab.faults(), commands).values()) {
            byNode.put(o.node(), o.ok() ? rules.apply(Roles.node(lab.cluster(), o.node()), o.sections())
                    : List.of(o.problem()));
        }
        return byNode;
    }

    static ProbeResult verdict(String type, String what, Map<String, List<Problem>> byNode, List<String> commands) {
        List<Verdicts.NodeCheck> checks = new ArrayList<>();
        byNode.forEach((node, problems) -> checks.add(problems.isEmpty() ? Verdicts.NodeCheck.ok(node)
                : Verdicts.NodeCheck.fail(node, problems)));
        return Verdicts.perNode(type, what, checks, commands);
    }
}
