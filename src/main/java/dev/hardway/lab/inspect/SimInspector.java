package dev.hardway.lab.inspect;

import dev.hardway.cluster.ClusterConfig.Node;
import dev.hardway.cluster.ClusterModel;
import dev.hardway.lab.EtcdStatus;
import dev.hardway.lab.HaproxyStatus;
import dev.hardway.lab.ProbeCommands;
import dev.hardway.lab.VipStatus;
import dev.hardway.lab.fault.Fault;
import dev.hardway.lab.fault.FaultStore;
import dev.hardway.lab.inspect.CertReport.Cert;
import dev.hardway.lab.sim.SimLab;
import dev.hardway.lab.sim.SimModel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * {@link Inspector} over the simulated lab: every report is derived from one snapshot of the {@link SimModel}, and
 * lists the commands a real node would run. Certificates are what the lessons' openssl configs make (the model
 * only knows that a file is there), without dates.
 */
public final class SimInspector implements Inspector {

    private final SimLab lab;
    private final FaultStore faults;

    /** @param faults the lab's fault record (for {@code inspect cluster}); may be null */
    public SimInspector(SimLab lab, FaultStore faults) {
        this.lab = lab;
        this.faults = faults;
    }

    @Override
    public boolean simulated() {
        return true;
    }

    private ClusterModel c() {
        return lab.cluster();
    }

    // ---------------------------------------------------------------------------------------------- etcd --

    @Override
    public EtcdReport etcd() {
        return etcd(lab.model());
    }

    EtcdReport etcd(SimModel m) {
        ClusterModel c = c();
        EtcdStatus s = m.etcdStatus();
        // etcdctl runs on a master that is on and can reach the others (a cut-off one would see no leader)
        String answered = c.masters().stream().map(Node::name).filter(n -> m.isUp(n) && !m.isPartitioned(n))
                .findFirst().orElse(c.masters().stream().map(Node::name).filter(m::isUp).findFirst().orElse(null));
        List<String> problems = new ArrayList<>();
        List<String> commands = new ArrayList<>();
        if (answered == null) {
            problems.add("no master is powered on (simulated), so nobody can run etcdctl. Try: heal --all");
        } else {
            commands.add(ProbeCommands.on(answered, RealInspector.etcdStatusCmd(c)));
            commands.add(ProbeCommands.on(answered, RealInspector.etcdHealthCmd(c)));
            commands.add(ProbeCommands.on(answered, RealInspector.etcdMembersCmd(c)));
        }
        List<EtcdReport.Member> members = new ArrayList<>();
        for (int i = 0; i < c.masters().size(); i++) {
            Node n = c.masters().get(i);
            EtcdStatus.Member sm = s.members().get(i);
            members.add(new EtcdReport.Member(n.name(), memberId(c, n.name()), "https://" + n.ip() + ":2380",
                    sm.endpoint(), m.isActive(n.name(), SimModel.ETCD), sm.healthy(), sm.leader(), sm.raftTerm(), sm.raftIndex(), sm.dbSize(),
                    sm.version(), sm.problem()));
            if (sm.problem() != null) {
                problems.add(sm.problem());
            }
        }
        if (!s.quorumHolds() && answered != null) {
            problems.add("quorum lost: " + s.quorumLost() + ". Try: heal the masters (faults, heal --all)");
        }
        return new EtcdReport(true, answered, s, members, problems, commands);
    }

    /** A stable made-up member ID (etcd derives real ones from the peer URLs and cluster token). */
    static String memberId(ClusterModel c, String name) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest((c.name() + "/" + name)
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------------------------------- apiserver --

    @Override
    public ApiserverReport apiserver() {
        return apiserver(lab.model());
    }

    ApiserverReport apiserver(SimModel m) {
        ClusterModel c = c();
        List<ApiserverReport.Master> masters = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<String> commands = new ArrayList<>();
        String version = "v" + c.config().versions().kubernetes();
        for (Node n : c.masters()) {
            String name = n.name();
            commands.add(ProbeCommands.on(name, RealInspector.apiserverScript(name).commands().get(0)));
            if (!m.isUp(name)) {
                String p = name + " is powered off (simulated). Try: heal " + name;
                masters.add(new ApiserverReport.Master(name, false, "unknown", false, null, false, null, null, p));
                problems.add(p);
                continue;
            }
            boolean active = m.isActive(name, SimModel.APISERVER);
            boolean healthy = m.apiserverHealthy(name);
            String why = active ? (healthy ? "ok" : m.isPartitioned(name)
                    ? "[-]etcd failed: etcd client cannot reach the other members (network partition, simulated)"
                    : "[-]etcd failed: etcd has no leader")
                    : "connection refused (kube-apiserver is not running)";
            String problem = healthy ? null : active ? name + ": /healthz: " + why + ". Try: check etcd"
                    : name + ": " + m.whyInactive(name, SimModel.APISERVER);
            masters.add(new ApiserverReport.Master(name, true, active ? "active" : "inactive", healthy, why, healthy,
                    why, active ? version : null, problem));
            if (problem != null) {
                problems.add(problem);
            }
        }
        SimModel.ApiHealth h = m.apiHealth();
        String from = Roles.clientNode(c);
        commands.add(ProbeCommands.on(from, ProbeCommands.healthz(h.endpoint())));
        ApiserverReport.Access access = new ApiserverReport.Access(from, h.endpoint() + "/healthz", h.ok(),
                h.ok() ? "ok" + (h.via() == null ? "" : " (via " + h.via() + ")") : h.problem(),
                h.ok() ? null : from + ": " + h.endpoint() + "/healthz: " + h.problem());
        if (!h.ok()) {
            problems.add(access.problem());
        }
        return new ApiserverReport(true, c.apiEndpoint(), access, masters, problems, commands);
    }

    // ----------------------------------------------------------------------------------------------- LB --

    @Override
    public LbReport lb() {
        return lb(lab.model());
    }

    LbReport lb(SimModel m) {
        ClusterModel c = c();
        String vip = Roles.vip(c);
        if (vip == null) {
            return new LbReport(true, null, c.apiPort(), List.of(), null, List.of(), List.of());
        }
        VipStatus v = m.vipStatus();
        List<HaproxyStatus> hs = m.haproxy();
        List<LbReport.Lb> lbs = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<String> commands = new ArrayList<>();
        for (int i = 0; i < c.apiLbs().size(); i++) {
            Node n = c.apiLbs().get(i);
            VipStatus.Lb l = v.lbs().get(i);
            HaproxyStatus h = hs.get(i);
            RealInspector.lbScript().commands().forEach(cmd -> commands.add(ProbeCommands.on(n.name(), cmd)));
            boolean up = m.isUp(n.name());
            String problem = l.problem() != null ? l.problem() : h.problem();
            lbs.add(new LbReport.Lb(n.name(), n.ip(), up, unitState(m, n.name(), SimModel.KEEPALIVED), l.state(),
                    l.priority(), l.holds(), unitState(m, n.name(), SimModel.HAPROXY), h.backends(), problem));
            if (problem != null) {
                problems.add(problem);
            }
        }
        String from = Roles.clientNode(c);
        commands.add(ProbeCommands.on(from, ProbeCommands.portOpen(vip, c.apiPort())));
        commands.add(ProbeCommands.on(from, ProbeCommands.healthz(c.apiEndpoint())));
        String why = m.connect(from, vip, c.apiPort());
        SimModel.ApiHealth api = m.apiHealth();
        LbReport.Through through = new LbReport.Through(from, why == null, api.ok(), why != null ? why
                : api.ok() ? "/healthz ok through " + api.via() : "port open; /healthz: " + api.problem());
        if (v.splitBrain()) {
            problems.add("split brain: " + String.join(" and ", v.holders()) + " both hold " + vip
                    + ". Try: faults, then heal the LB whose keepalived was killed or cut off");
        } else if (v.holders().isEmpty()) {
            problems.add("no load balancer holds the VIP " + vip + ". Try: inspect lb, heal --all");
        }
        return new LbReport(true, vip, c.apiPort(), lbs, through, problems, commands);
    }

    private static String unitState(SimModel m, String node, String unit) {
        if (!m.isUp(node)) {
            return "unknown";
        }
        if (m.isActive(node, unit)) {
            return "active";
        }
        boolean crashed = m.crashes().stream().anyMatch(x -> x.node().equals(node) && x.unit().equals(unit));
        return crashed ? "failed" : "inactive";
    }

    // --------------------------------------------------------------------------------------------- node --

    @Override
    public NodeReport node(String name) {
        return node(lab.model(), Roles.node(c(), name));
    }

    NodeReport node(SimModel m, Node n) {
        ClusterModel c = c();
        String name = n.name();
        SimModel.NodeView view = m.nodes().stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
        List<String> commands = RealInspector.nodeScript(null).commands().stream()
                .map(cmd -> ProbeCommands.on(name, cmd)).toList();
        if (!view.up()) {
            String p = name + " is powered off (simulated). Try: heal " + name;
            return new NodeReport(true, name, Roles.of(n), n.ip(), false, "off", view.partitioned(), List.of(),
                    List.of(), List.of(), List.of(), List.of(p), commands);
        }
        List<NodeReport.Unit> units = new ArrayList<>();
        List<String> journal = new ArrayList<>();
        for (String u : Units.ALL) {
            if (view.activeUnits().contains(u)) {
                units.add(new NodeReport.Unit(u, "active", "enabled"));
            } else if (view.stoppedUnits().contains(u)) {
                String st = unitState(m, name, u);
                units.add(new NodeReport.Unit(u, st, "enabled"));
                if (st.equals("failed")) {
                    journal.add(name + " systemd[1]: " + u + ".service: Main process exited, code=killed,"
                            + " status=9/KILL");
                }
            }
        }
        List<String> addrs = new ArrayList<>(List.of("eth0 " + n.ip() + "/" + Roles.prefix(c)));
        VipStatus v = m.vipStatus();
        if (v.holders().contains(name)) {
            addrs.add("eth0 " + v.vip() + "/" + Roles.prefix(c));
        }
        List<String> routes = List.of(c.config().network().nodeSubnet() + " dev eth0 proto kernel scope link src "
                + n.ip());
        List<String> problems = new ArrayList<>();
        if (view.partitioned()) {
            problems.add(name + " is cut off from the other nodes (network fault, simulated). Try: heal " + name);
        }
        units.stream().filter(u -> !u.active()).forEach(u -> problems.add(m.whyInactive(name, u.name())));
        return new NodeReport(true, name, Roles.of(n), n.ip(), true, "on", view.partitioned(), units, journal, addrs,
                routes, problems, commands);
    }

    // -------------------------------------------------------------------------------------------- certs --

    @Override
    public CertReport certs(String node) {
        SimModel m = lab.model();
        ClusterModel c = c();
        List<Node> nodes = node == null ? c.nodes() : List.of(Roles.node(c, node));
        List<Cert> certs = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<String> commands = new ArrayList<>();
        for (Node n : nodes) {
            if (!m.isUp(n.name())) {
                problems.add(n.name() + " is powered off (simulated): its certificates cannot be read. Try: heal "
                        + n.name());
                continue;
            }
            commands.add(ProbeCommands.on(n.name(), CertParser.command("<each certificate in "
                    + String.join(" ", CertRules.GLOBS) + ">")));
            for (String path : SimCerts.candidates(c, n)) {
                if (m.file(n.name(), path).isEmpty()) {
                    continue;
                }
                Cert cert = SimCerts.derive(c, n, path);
                if (cert != null) {
                    certs.add(cert.withFindings(CertRules.check(c, n.name(), cert, null)));
                }
            }
        }
        return new CertReport(true, certs, problems, commands);
    }

    // ------------------------------------------------------------------------------------------ cluster --

    @Override
    public ClusterReport cluster() {
        SimModel m = lab.model();
        ClusterModel c = c();
        EtcdReport etcd = etcd(m);
        ApiserverReport api = apiserver(m);
        LbReport lb = c.hasApiLb() ? lb(m) : null;
        List<ClusterReport.NodeSummary> nodes = new ArrayList<>();
        for (SimModel.NodeView v : m.nodes()) {
            Node n = c.node(v.name()).orElseThrow();
            List<String> active = Units.ALL.stream().filter(v.activeUnits()::contains).toList();
            List<String> stopped = v.up() ? Units.ALL.stream().filter(v.stoppedUnits()::contains).toList()
                    : List.of();
            String problem = !v.up() ? v.name() + " is powered off (simulated). Try: heal " + v.name()
                    : v.partitioned() ? v.name() + " is cut off from the other nodes (simulated). Try: heal "
                    + v.name() : null;
            nodes.add(new ClusterReport.NodeSummary(v.name(), Roles.of(n), n.ip(), v.up(), v.up() ? "on" : "off",
                    v.partitioned(), active, stopped, problem));
        }
        List<Fault> fs = faults == null ? List.of() : faults.all().stream().filter(Fault::simulated).toList();
        List<String> problems = new ArrayList<>();
        nodes.stream().map(ClusterReport.NodeSummary::problem).filter(Objects::nonNull).forEach(problems::add);
        List<String> commands = new ArrayList<>(etcd.commands());
        commands.addAll(api.commands());
        if (lb != null) {
            commands.addAll(lb.commands());
        }
        return new ClusterReport(true, c.name(), etcd, api, lb, nodes, fs, problems, commands);
    }
}
