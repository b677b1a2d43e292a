package dev.hardway.lab.sim;

import dev.hardway.Problem;
import dev.hardway.cluster.ClusterConfig.Node;
import dev.hardway.cluster.ClusterModel;
import dev.hardway.lab.HaproxyStatus;
import dev.hardway.lab.VipStatus;
import dev.hardway.lab.probe.VrrpState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ingress pair of the simulated lab (lesson 13): who holds the ingress VIP, what haproxy on each elb sees of
 * its NodePort backends, and what a client gets at {@code http://VIP:port/}. Derived on every call, like the rest of
 * {@link SimModel}, from the units and from the haproxy.cfg a step uploaded to the elb (its {@code server} lines,
 * its {@code bind} and whether it checks with {@code option httpchk}), so a config that names the wrong port or
 * leaves a worker out shows as it would on real nodes. A backend answers as the worker's NodePort answers
 * ({@link SimWorkloads#nodePort}: kube-proxy running, a Service with that NodePort, ready endpoints).
 */
public final class SimIngress {

    public static final String HAPROXY_CFG = "/etc/haproxy/haproxy.cfg";
    private static final Pattern SERVER = Pattern.compile(
            "^\\s*server\\s+(\\S+)\\s+([0-9.]+):(\\d+)(.*)$", Pattern.MULTILINE);
    private static final Pattern BIND = Pattern.compile("^\\s*bind\\s+(\\S*):(\\d+)", Pattern.MULTILINE);

    private SimIngress() {
    }

    /** A GET through the VIP: the status (0 = no HTTP answer) and why, when it is not 200. */
    public record Http(int status, String via, Problem problem) {
    }

    static boolean isVip(ClusterModel c, String host) {
        return c.hasIngressLb() && host.equals(c.config().loadbalancers().ingress().vip());
    }

    /** The frontend port haproxy listens on, on an elb (the cluster config's; the file may differ, see below). */
    static boolean listens(ClusterModel c, Node n, int port) {
        return c.ingressLbs().contains(n) && port == c.config().loadbalancers().ingress().port();
    }

    /** keepalived on the elbs, by {@link SimModel#vipStatus(String, List)}'s rules (priority, track script, preempt). */
    public static VipStatus vipStatus(SimModel m) {
        ClusterModel c = m.cluster();
        return m.vipStatus(c.hasIngressLb() ? c.config().loadbalancers().ingress().vip() : null, c.ingressLbs());
    }

    /** The elb clients reach at the VIP: the healthy holder (not a crash leftover, not one cut off). */
    public static Optional<String> servedBy(SimModel m) {
        return vipStatus(m).lbs().stream().filter(VipStatus.Lb::holds).filter(l -> !m.isPartitioned(l.node()))
                .sorted(Comparator.comparing((VipStatus.Lb l) -> l.state().equals(VrrpState.MASTER.name()) ? 0 : 1))
                .map(VipStatus.Lb::node).findFirst();
    }

    /** A TCP connect from {@code from} to VIP:port: null when it connects, else why (naming the node, with a hint). */
    static Problem connect(SimModel m, String from, int port) {
        String vip = m.cluster().config().loadbalancers().ingress().vip();
        Optional<String> lb = servedBy(m);
        if (lb.isEmpty()) {
            return Problem.error("no host answers at " + vip + " (the ingress VIP is held by no elb)", "inspect the elbs' keepalived (journalctl -u keepalived)");
        }
        if (!from.equals(lb.get()) && m.isPartitioned(from)) {
            return Problem.error("connection to " + vip + ":" + port + " timed out: " + from + " is cut off (network partition, simulated)", "heal " + from);
        }
        if (!m.isActive(lb.get(), SimModel.HAPROXY) || frontendPort(m, lb.get()).filter(p -> p == port).isEmpty()) {
            return Problem.error("connection to " + vip + ":" + port + " refused: nothing listens on " + lb.get() + ":" + port, "systemctl status haproxy on " + lb.get());
        }
        return null;
    }

    /** The port of the frontend's {@code bind} in the uploaded haproxy.cfg (empty without one). */
    static Optional<Integer> frontendPort(SimModel m, String elb) {
        String cfg = m.file(elb, HAPROXY_CFG).map(SimModel.FileEntry::text).orElse(null);
        if (cfg == null) {
            return Optional.empty();
        }
        Matcher b = BIND.matcher(cfg);
        return b.find() ? Optional.of(Integer.parseInt(b.group(2))) : Optional.empty();
    }

    /** The uploaded haproxy.cfg of an elb (null when none was uploaded, or a script made it). */
    public static String haproxyCfg(SimModel m, String elb) {
        return m.file(elb, HAPROXY_CFG).map(SimModel.FileEntry::text).orElse(null);
    }

    /**
     * haproxy's server table on each elb: one row per {@code server} line of its haproxy.cfg. With {@code option
     * httpchk} a server is UP (L7OK) when the address answers HTTP 2xx/3xx, DOWN with L7STS for another status and
     * L4CON/L4TOUT when nothing answers; without it, a TCP connect decides (L4OK).
     */
    public static List<HaproxyStatus> haproxy(SimModel m) {
        List<HaproxyStatus> out = new ArrayList<>();
        for (Node elbNode : m.cluster().ingressLbs()) {
            String elb = elbNode.name();
            if (!m.isActive(elb, SimModel.HAPROXY)) {
                out.add(new HaproxyStatus(elb, false, List.of(), m.whyInactive(elb, SimModel.HAPROXY)
                        .prefixed(elb + ": haproxy is not running: ")));
                continue;
            }
            String cfg = haproxyCfg(m, elb);
            List<HaproxyStatus.Backend> rows = new ArrayList<>();
            if (cfg != null) {
                boolean httpchk = cfg.lines().anyMatch(l -> l.strip().startsWith("option httpchk"));
                Matcher s = SERVER.matcher(cfg);
                while (s.find()) {
                    boolean checked = s.group(4).matches(".*\\bcheck\\b.*");
                    String check = check(m, elb, s.group(2), Integer.parseInt(s.group(3)), httpchk);
                    String status = !checked ? "no check" : check.startsWith("L4OK") || check.startsWith("L7OK")
                            ? "UP" : "DOWN";
                    rows.add(new HaproxyStatus.Backend("nodeports", s.group(1), status, checked ? check : ""));
                }
            }
            out.add(new HaproxyStatus(elb, true, rows, null));
        }
        return out;
    }

    /** One server's health check from {@code elb}, as haproxy's check_status names it. */
    private static String check(SimModel m, String elb, String ip, int port, boolean httpchk) {
        ClusterModel c = m.cluster();
        Optional<Node> target = c.nodes().stream().filter(n -> n.ip().equals(ip)).findFirst();
        if (target.isEmpty() || !m.isUp(target.get().name()) || m.isPartitioned(elb)
                || m.isPartitioned(target.get().name())) {
            return "L4TOUT";
        }
        String worker = target.get().name();
        if (!c.workers().contains(target.get())) {
            return "L4CON";
        }
        SimWorkloads w = SimWorkloads.of(m);
        Optional<SimWorkloads.Service> svc = w.services().stream().filter(x -> x.ports().stream()
                .anyMatch(p -> p.nodePort() != null && p.nodePort() == port)).findFirst();
        if (svc.isEmpty() || !m.isActive(worker, SimModel.KUBE_PROXY)) {
            return "L4CON";
        }
        SimWorkloads.Http h = w.nodePort(elb, worker, svc.get(), port, false);
        if (h.status() == 0) {
            return "L4CON";
        }
        if (!httpchk) {
            return "L4OK";
        }
        return h.status() >= 200 && h.status() < 400 ? "L7OK" : "L7STS";
    }

    /** {@code curl http://VIP:port/} from {@code from}: 200 when the holder's haproxy has a backend UP, else why not. */
    public static Http get(SimModel m, String from, int port) {
        Problem why = connect(m, from, port);
        if (why != null) {
            return new Http(0, null, why);
        }
        String lb = servedBy(m).orElseThrow();
        HaproxyStatus h = haproxy(m).stream().filter(x -> x.node().equals(lb)).findFirst().orElseThrow();
        if (h.upCount() == 0) {
            return new Http(503, lb, Problem.error("haproxy on " + lb + " has no backend UP, so it answers 503 Service Unavailable.", "the NodePort on the workers (kube-proxy, the Service web)"));
        }
        return new Http(200, lb, null);
    }
}
