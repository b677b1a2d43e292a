package dev.hardway.render;

import dev.hardway.cluster.ClusterConfig;
import dev.hardway.cluster.ClusterConfig.Node;
import dev.hardway.cluster.ClusterConfig.Role;
import dev.hardway.cluster.ClusterModel;
import freemarker.template.DefaultObjectWrapperBuilder;
import freemarker.template.ObjectWrapper;
import freemarker.template.SimpleHash;
import freemarker.template.TemplateScalarModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the data templates see: {@code cluster} (the config plus every derived value of {@link ClusterModel}) and,
 * for per-node rendering, {@code node}. Plain maps and lists, camelCase keys; docs/authoring.md lists them all.
 *
 * <p>A node is both a hash ({@code ${node.ip}}) and a string ({@code ${node}} prints its name), so failure
 * messages can say "etcd is not running on ${node}".
 */
public final class TemplateModel {

    private static final ObjectWrapper WRAPPER = new DefaultObjectWrapperBuilder(Configuration234.V).build();

    private TemplateModel() {
    }

    /** The model for rendering with no particular node (jumpbox-wide files, explanations). */
    public static Map<String, Object> of(ClusterModel cluster) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cluster", cluster(cluster));
        return m;
    }

    /** The model for rendering on one node: {@code cluster} plus {@code node}. */
    public static Map<String, Object> of(ClusterModel cluster, Node node) {
        Map<String, Object> m = of(cluster);
        m.put("node", node(cluster, node));
        return m;
    }

    /** The cluster hash. */
    public static Map<String, Object> cluster(ClusterModel c) {
        ClusterConfig cfg = c.config();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", cfg.name());
        m.put("provider", cfg.provider().id());
        m.put("domain", cfg.domain());
        ClusterConfig.Versions v = cfg.versions();
        m.put("versions", map("kubernetes", v.kubernetes(), "etcd", v.etcd(), "containerd", v.containerd(),
                "runc", v.runc(), "cniPlugins", v.cniPlugins(), "crictl", v.crictl(), "coredns", v.coredns(),
                "pause", v.pause(), "flannel", v.flannel(), "flannelCniPlugin", v.flannelCniPlugin(), "nginx",
                v.nginx(), "metallb", v.metallb()));
        ClusterConfig.Network n = cfg.network();
        m.put("network", map("nodeSubnet", n.nodeSubnet(), "podCidr", n.podCidr(), "serviceCidr", n.serviceCidr(),
                "clusterDns", n.clusterDns(), "cni", n.cni(), "firstServiceIp", c.firstServiceIp(),
                "proxyMode", n.proxyMode()));
        ClusterConfig.Downloads d = cfg.downloads() == null ? ClusterConfig.Downloads.UPSTREAM : cfg.downloads();
        Map<String, Object> offers = new LinkedHashMap<>();
        for (String comp : dev.hardway.cluster.ClusterLoader.COMPONENTS) {
            offers.put(camel(comp), d.offers(comp));
        }
        m.put("downloads", map("mirror", d.mirror() == null ? "" : d.mirror(), "dir", d.dir() == null ? "" : d.dir(),
                "upstream", d.mirror() == null && d.dir() == null, "offers", offers));
        m.put("nodes", nodes(c, c.nodes()));
        m.put("masters", nodes(c, c.masters()));
        m.put("workers", nodes(c, c.workers()));
        m.put("lbs", nodes(c, c.apiLbs()));
        m.put("elbs", nodes(c, c.ingressLbs()));
        m.put("routers", nodes(c, c.routers()));
        m.put("hasJumpbox", c.jumpbox().isPresent());
        if (c.jumpbox().isPresent()) {
            m.put("jumpbox", node(c, c.jumpbox().get()));
        }
        m.put("hasApiLb", c.hasApiLb());
        m.put("hasIngressLb", c.hasIngressLb());
        m.put("api", map("host", c.apiHost(), "port", c.apiPort(), "endpoint", c.apiEndpoint(),
                "apiserverPort", ClusterModel.APISERVER_PORT));
        if (c.hasApiLb()) {
            ClusterConfig.ApiLb lb = cfg.loadbalancers().api();
            m.put("apiLb", map("vip", lb.vip(), "port", lb.port(), "mode", lb.mode(), "nodes", nodes(c, c.apiLbs()),
                    "prefixLength", prefix(cfg)));
        }
        if (c.hasIngressLb()) {
            ClusterConfig.IngressLb ing = cfg.loadbalancers().ingress();
            m.put("ingressLb", map("vip", ing.vip(), "nodes", nodes(c, c.ingressLbs()), "prefixLength", prefix(cfg),
                    "port", ing.port(), "nodePort", ing.nodePort()));
        }
        m.put("etcd", map("initialCluster", c.etcdInitialCluster(), "clientEndpoints", c.etcdClientEndpoints(),
                "members", c.masters().size()));
        m.put("apiserverSans", c.apiserverSans());
        m.put("apiserverSanIps", c.apiserverSanIps());
        m.put("apiserverSanDns", c.apiserverSanDns());
        ClusterConfig.SshSettings ssh = cfg.ssh();
        m.put("ssh", map("user", ssh == null || ssh.user() == null ? "root" : ssh.user(),
                "port", ssh == null ? 22 : ssh.port(), "key", ssh == null || ssh.key() == null ? "" : ssh.key()));
        if (cfg.bgp() != null) {
            m.put("bgp", map("clusterAsn", cfg.bgp().clusterAsn(), "routerAsn", cfg.bgp().routerAsn(),
                    "addressPool", cfg.bgp().addressPool() == null ? "" : cfg.bgp().addressPool()));
        }
        m.put("totalMemory", c.totalMemory());
        m.put("totalCpus", c.totalCpus());
        return m;
    }

    private static String camel(String snake) {
        StringBuilder sb = new StringBuilder();
        boolean up = false;
        for (char ch : snake.toCharArray()) {
            if (ch == '_') {
                up = true;
            } else {
                sb.append(up ? Character.toUpperCase(ch) : ch);
                up = false;
            }
        }
        return sb.toString();
    }

    private static int prefix(ClusterConfig cfg) {
        return dev.hardway.cluster.Cidr.parse(cfg.network().nodeSubnet()).prefix();
    }

    private static List<Object> nodes(ClusterModel c, List<Node> nodes) {
        List<Object> out = new ArrayList<>();
        for (Node n : nodes) {
            out.add(node(c, n));
        }
        return out;
    }

    /** One node's hash (see the class comment: it also prints as its name). */
    public static NodeHash node(ClusterModel c, Node n) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", n.name());
        m.put("ip", n.ip());
        m.put("roles", n.roles().stream().map(Role::id).toList());
        m.put("cpus", n.cpus());
        m.put("memory", n.memory());
        String pod = c.podCidr(n);
        m.put("podCidr", pod == null ? "" : pod);
        m.put("isMaster", n.has(Role.MASTER));
        m.put("isWorker", n.has(Role.WORKER));
        m.put("isLb", n.has(Role.LB));
        m.put("isElb", n.has(Role.ELB));
        m.put("isJumpbox", n.has(Role.JUMPBOX));
        m.put("isRouter", n.has(Role.ROUTER));
        m.put("fqdn", n.name() + "." + c.config().domain());
        // keepalived: the first node of an LB pair starts as MASTER with the higher priority
        int lbIndex = c.apiLbs().indexOf(n);
        if (lbIndex < 0) {
            lbIndex = c.ingressLbs().indexOf(n);
        }
        m.put("lbIndex", lbIndex);
        m.put("vrrpPriority", c.vrrpPriority(n.name()));
        return new NodeHash(m);
    }

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    /** A node: a hash of its fields that prints as its name. */
    public static final class NodeHash extends SimpleHash implements TemplateScalarModel {
        private final String name;

        NodeHash(Map<String, Object> fields) {
            super(fields, WRAPPER);
            this.name = (String) fields.get("name");
        }

        @Override
        public String getAsString() {
            return name;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private static final class Configuration234 {
        static final freemarker.template.Version V = freemarker.template.Configuration.VERSION_2_3_34;
    }
}
