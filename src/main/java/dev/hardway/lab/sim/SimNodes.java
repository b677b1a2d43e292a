package dev.hardway.lab.sim;

import dev.hardway.Problem;
import dev.hardway.cluster.ClusterConfig.Node;
import dev.hardway.cluster.ClusterConfig.Provider;
import dev.hardway.cluster.ClusterModel;
import dev.hardway.lab.probe.WorkerRules;
import dev.hardway.lab.real.KubeOutput;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The workers of the simulated lab as lesson 09 (and 08, 10) leave them: whether the kubelet can run and register,
 * which address it registers, whether the node is Ready, what kube-proxy answers. Derived on every call from the
 * model's files and units (never stored), like the rest of {@link SimModel}:
 *
 * <ul>
 *   <li><b>registered</b>: containerd and kubelet enabled, the kubelet's config, unit, kubeconfig and certificate
 *       present and the unit free of removed flags (else the kubelet exits), and the API healthy — a node stays
 *       registered when it is later powered off or cut off, as on a real cluster;</li>
 *   <li><b>Ready</b>: registered, powered, not cut off, containerd and kubelet running, a CNI config
 *       ({@link #CNI_CONFIGS}) and kube-proxy running;</li>
 *   <li><b>InternalIP</b>: the unit's {@code --node-ip}, else what the kubelet would pick: on Vagrant VMs (and the
 *       simulated lab, which stands for them) the NAT address {@value WorkerRules#NAT_ADDRESS}.</li>
 * </ul>
 *
 * <p>The simulated workers are Ubuntu 24.04 machines (the default box): cgroup v2, kernel 6.8, systemd-resolved
 * (so /etc/resolv.conf names the stub 127.0.0.53 and /run/systemd/resolve/resolv.conf the real upstream).
 */
public final class SimNodes {

    /** The CNI configs lesson 10 writes (bridge, or flannel's DaemonSet); one of them makes the network ready. */
    public static final List<String> CNI_CONFIGS = List.of("/etc/cni/net.d/10-bridge.conflist",
            "/etc/cni/net.d/10-flannel.conflist");
    /** Lesson 09 uploads the kubelet config with this placeholder; its run puts the node's resolv.conf there. */
    public static final String RESOLV_CONF_PLACEHOLDER = "@RESOLV_CONF@";
    public static final String KUBELET_CONFIG_IN = WorkerRules.KUBELET_CONFIG + ".in";
    /** What {@code uname -r} says on a simulated worker. */
    public static final String KERNEL = "6.8.0-sim";
    /** The upstream resolver Vagrant's NAT offers (what systemd-resolved forwards to). */
    static final String UPSTREAM_DNS = "10.0.2.3";
    /** Uploaded files up to this size are kept as text in the model. */
    static final int MAX_TEXT = 64 * 1024;

    private SimNodes() {
    }

    /** One node as {@code kubectl get nodes -o wide} would show it, and why it is not Ready. */
    public record NodeState(String node, boolean registered, boolean ready, String internalIp, Problem problem) {
    }

    /** The text of an uploaded file to keep in the model: small UTF-8 files only, else null. */
    static String textOf(byte[] content) {
        if (content == null || content.length > MAX_TEXT) {
            return null;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(content)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** A file's text as the model recorded it (uploaded or copied from an upload); empty when unknown or absent. */
    public static Optional<String> text(SimModel m, String node, String path) {
        return m.file(node, path).map(SimModel.FileEntry::text);
    }

    /**
     * kubelet-config.yaml as the kubelet reads it: the uploaded text, or, when the step's script wrote it from
     * kubelet-config.yaml.in, that template with the resolv.conf the script picks on a simulated worker (where
     * systemd-resolved runs: {@value WorkerRules#RESOLVED_RESOLV_CONF}). Null when the file is missing.
     */
    public static String kubeletConfig(SimModel m, String node) {
        Optional<SimModel.FileEntry> f = m.file(node, WorkerRules.KUBELET_CONFIG);
        if (f.isEmpty()) {
            return null;
        }
        if (f.get().text() != null) {
            return f.get().text();
        }
        return text(m, node, KUBELET_CONFIG_IN)
                .map(t -> t.replace(RESOLV_CONF_PLACEHOLDER, WorkerRules.RESOLVED_RESOLV_CONF))
                .orElse("# written by a script the simulated lab cannot read\n{}");
    }

    /** What a simulated worker's resolv.conf files hold (systemd-resolved on Ubuntu 24.04). */
    static String resolvConfText(String path) {
        if ("/etc/resolv.conf".equals(path)) {
            return "nameserver 127.0.0.53\noptions edns0 trust-ad\n";
        }
        if (WorkerRules.RESOLVED_RESOLV_CONF.equals(path)) {
            return "nameserver " + UPSTREAM_DNS + "\n";
        }
        return null;
    }

    /** The facts the kubelet-config rules judge, as the model has them. */
    public static WorkerRules.KubeletFacts kubeletFacts(SimModel m, Node n) {
        String config = kubeletConfig(m, n.name());
        String resolv = null;
        if (config != null) {
            try {
                Object r = KubeOutput.yaml(config).get("resolvConf");
                resolv = resolvConfText(r == null ? "/etc/resolv.conf" : String.valueOf(r));
            } catch (IllegalArgumentException e) {
                resolv = null;   // reported by the rules
            }
        }
        String unit = text(m, n.name(), WorkerRules.KUBELET_UNIT).orElse(m.file(n.name(), WorkerRules.KUBELET_UNIT)
                .isPresent() ? "" : null);
        return new WorkerRules.KubeletFacts(config, unit, resolv, "cgroup2fs", certSubject(m, n.name()),
                kubeconfigServer(m, n.name(), WorkerRules.KUBELET_KUBECONFIG), "");
    }

    /** The facts the kube-proxy rules judge, as the model has them. */
    public static WorkerRules.ProxyFacts proxyFacts(SimModel m, Node n) {
        String config = text(m, n.name(), WorkerRules.KUBE_PROXY_CONFIG).orElse(null);
        boolean running = m.isActive(n.name(), SimModel.KUBE_PROXY);
        return new WorkerRules.ProxyFacts(config, running, running ? answeredMode(m, n.name(), config) : null, KERNEL,
                kubeconfigServer(m, n.name(), WorkerRules.KUBE_PROXY_KUBECONFIG), null);
    }

    /** What a running kube-proxy answers on /proxyMode: its config's mode (iptables when unset); null if it exits. */
    private static String answeredMode(SimModel m, String node, String config) {
        if (config == null || m.file(node, WorkerRules.KUBE_PROXY_KUBECONFIG).isEmpty()) {
            return null;
        }
        try {
            Object mode = KubeOutput.yaml(config).get("mode");
            return mode == null || String.valueOf(mode).isEmpty() ? "iptables" : String.valueOf(mode);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** kubelet.pem's subject, known when it is a copy of one of 02-pki's node certificates. */
    private static String certSubject(SimModel m, String node) {
        return m.file(node, WorkerRules.KUBELET_CERT).map(SimModel.FileEntry::origin)
                .filter(o -> o != null && o.matches("copied from [^:]+:/root/pki/[^/]+\\.pem"))
                .map(o -> o.replaceAll(".*/root/pki/([^/]+)\\.pem$", "$1"))
                .map(w -> "subject=CN = system:node:" + w + ", O = system:nodes").orElse(null);
    }

    /** A kubeconfig's server: from its text, or from which of 03-kubeconfigs' files it is a copy of. */
    private static String kubeconfigServer(SimModel m, String node, String path) {
        Optional<SimModel.FileEntry> f = m.file(node, path);
        if (f.isEmpty()) {
            return null;
        }
        if (f.get().text() != null) {
            return KubeOutput.kubeconfigServer(f.get().text());
        }
        String origin = f.get().origin() == null ? "" : f.get().origin();
        if (!origin.matches("copied from [^:]+:/root/kubeconfigs/[^/]+\\.kubeconfig")) {
            return null;
        }
        String name = origin.replaceAll(".*/root/kubeconfigs/([^/]+)\\.kubeconfig$", "$1");
        return name.equals("kube-controller-manager") || name.equals("kube-scheduler")
                ? "https://127.0.0.1:" + ClusterModel.APISERVER_PORT : m.cluster().apiEndpoint();
    }

    /** Why the kubelet on {@code node} would exit at start (a file it needs, a removed flag), or null. */
    static String kubeletFatal(SimModel m, String node) {
        if (m.file(node, WorkerRules.KUBELET_CONFIG).isEmpty()) {
            return "failed to load kubelet config file " + WorkerRules.KUBELET_CONFIG + ": no such file";
        }
        for (String p : List.of(WorkerRules.KUBELET_KUBECONFIG, WorkerRules.KUBELET_CERT, WorkerRules.KUBELET_KEY)) {
            if (m.file(node, p).isEmpty()) {
                return p + ": no such file or directory";
            }
        }
        List<String> flags = KubeOutput.flagNames(KubeOutput.execStartArgs(text(m, node, WorkerRules.KUBELET_UNIT)
                .orElse(null)));
        for (String f : flags) {
            if (WorkerRules.REMOVED_KUBELET_FLAGS.containsKey(f)) {
                return "unknown flag: " + f;
            }
        }
        return null;
    }

    /** The address the kubelet registers: --node-ip, else the NAT address on Vagrant (and the sim), else the node's. */
    public static String internalIp(SimModel m, Node n) {
        String ip = KubeOutput.flag(KubeOutput.execStartArgs(text(m, n.name(), WorkerRules.KUBELET_UNIT).orElse(null)),
                "--node-ip");
        if (ip != null && !ip.isEmpty()) {
            return ip;
        }
        return m.cluster().config().provider() == Provider.SSH ? n.ip() : WorkerRules.NAT_ADDRESS;
    }

    /**
     * One node's state. {@code network} false leaves the pod network (the CNI config of lesson 10) out of
     * readiness: what lesson 09 can promise.
     */
    public static NodeState state(SimModel m, String node, boolean network, SimModel.ApiHealth api) {
        Node n = m.cluster().node(node).orElseThrow(() -> new IllegalArgumentException("no node " + node));
        boolean installed = m.isEnabled(node, SimModel.CONTAINERD) && m.isEnabled(node, SimModel.KUBELET);
        String fatal = installed ? kubeletFatal(m, node) : null;
        boolean registered = installed && fatal == null && api.ok();
        String ip = registered ? internalIp(m, n) : null;
        Problem problem = null;
        if (!m.isUp(node)) {
            problem = Problem.error(node + " is NotReady: it is powered off (simulated)", "heal " + node);
        } else if (!m.isActive(node, SimModel.CONTAINERD)) {
            problem = m.whyInactive(node, SimModel.CONTAINERD).prefixed(node + " is not Ready: ");
        } else if (!m.isActive(node, SimModel.KUBELET)) {
            problem = m.whyInactive(node, SimModel.KUBELET).prefixed(node + " is not registered/Ready: ");
        } else if (fatal != null) {
            problem = Problem.error(node + " is not registered: its kubelet exits at start (" + fatal + ", simulated)", "journalctl -u kubelet -n 50 (on " + node + "), then lesson run (09-kubelet)");
        } else if (m.isPartitioned(node)) {
            problem = Problem.error(node + " is NotReady: its kubelet cannot reach the API (network partition, simulated).", "heal " + node);
        } else if (!api.ok()) {
            problem = api.problem().prefixed(node + " is not Ready: its kubelet cannot report to the API server (")
                    .suffixed(")");
        } else if (network && CNI_CONFIGS.stream().noneMatch(p -> m.file(node, p).isPresent())) {
            problem = Problem.error(node + " is NotReady: container runtime network not ready: NetworkReady=false"
                    + " reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized (no CNI config in /etc/cni/net.d, simulated)", "lesson 10-pod-network");
        } else if (!m.isActive(node, SimModel.KUBE_PROXY)) {
            problem = m.whyInactive(node, SimModel.KUBE_PROXY).prefixed(node + " has no Service routing: ")
                    .suffixed(" (a real node still says Ready without kube-proxy; ClusterIPs and NodePorts do not work"
                    + " there)");
        }
        return new NodeState(node, registered, problem == null, ip, problem);
    }

    /** {@link SimModel#nodeConditions}: each node's readiness, the API's health derived once. */
    public static List<SimModel.NodeCondition> conditions(SimModel m, List<String> nodes, boolean network) {
        SimModel.ApiHealth api = m.apiHealth();
        List<SimModel.NodeCondition> out = new ArrayList<>();
        for (String node : nodes) {
            NodeState s = state(m, node, network, api);
            out.add(new SimModel.NodeCondition(node, s.ready(), s.problem()));
        }
        return out;
    }

    /** Each node's state, the API's health derived once. */
    public static Map<String, NodeState> states(SimModel m, List<String> nodes, boolean network) {
        SimModel.ApiHealth api = m.apiHealth();
        Map<String, NodeState> out = new java.util.LinkedHashMap<>();
        for (String node : nodes) {
            out.put(node, state(m, node, network, api));
        }
        return out;
    }
}
