package dev.hardway.lab.inspect;

import dev.hardway.cluster.ClusterConfig.Node;
import dev.hardway.cluster.ClusterModel;
import dev.hardway.lab.EtcdStatus;
import dev.hardway.lab.HaproxyStatus;
import dev.hardway.lab.ProbeCommands;
import dev.hardway.lab.fault.Fault;
import dev.hardway.lab.fault.FaultMode;
import dev.hardway.lab.fault.FaultStore;
import dev.hardway.lab.inspect.CertReport.Cert;
import dev.hardway.lab.inspect.ScriptSections.Section;
import dev.hardway.lab.real.ToolOutput;
import dev.hardway.target.ExecOptions;
import dev.hardway.target.ExecResult;
import dev.hardway.target.FanOut;
import dev.hardway.target.OutputListener;
import dev.hardway.target.TargetException;
import dev.hardway.target.TargetPool;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link Inspector} over real nodes: the upstream tools (etcdctl, systemctl, journalctl, ip, curl, haproxy's stats
 * socket, openssl) run over the node targets, all the commands for one node as one script
 * ({@link ScriptSections}: one round trip per node, the commands inside run concurrently), and the nodes in
 * parallel ({@link FanOut}). A node that cannot be reached gets a row saying so; a node hardway itself powered off
 * ({@code break --mode power}, recorded in the {@link FaultStore}) is not even tried.
 */
public final class RealInspector implements Inspector {

    /** Probe scripts are quick; a node that does not answer within this is reported, not waited for. */
    public static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final Pattern GIT_VERSION = Pattern.compile("\"gitVersion\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern PRIORITY = Pattern.compile("^\\s*priority\\s+(\\d+)", Pattern.MULTILINE);
    private static final Pattern VRRP_STATE = Pattern.compile("Entering (MASTER|BACKUP|FAULT) STATE");

    private final ClusterModel c;
    private final TargetPool pool;
    private final FaultStore faults;
    private final Clock clock;

    /**
     * @param faults the lab's fault record (nodes powered off by hardway are not tried); may be null
     * @param clock  for certificate expiry
     */
    public RealInspector(ClusterModel cluster, TargetPool pool, FaultStore faults, Clock clock) {
        this.c = cluster;
        this.pool = pool;
        this.faults = faults;
        this.clock = clock;
    }

    @Override
    public boolean simulated() {
        return false;
    }

    // ------------------------------------------------------------------------------------------ commands --

    /** etcdctl against every member with the lesson's certificate (serverAuth+clientAuth). */
    static String etcdctl(ClusterModel c, String sub) {
        return "etcdctl --endpoints=" + c.etcdClientEndpoints() + " --cacert=" + ProbeCommands.ETCD_CA + " --cert="
                + ProbeCommands.ETCD_CERT + " --key=" + ProbeCommands.ETCD_KEY
                + " --dial-timeout=2s --command-timeout=3s " + sub;
    }

    static String etcdStatusCmd(ClusterModel c) {
        return etcdctl(c, "endpoint status -w json");
    }

    static String etcdHealthCmd(ClusterModel c) {
        return etcdctl(c, "endpoint health -w json");
    }

    static String etcdMembersCmd(ClusterModel c) {
        return etcdctl(c, "member list -w json");
    }

    static ScriptSections etcdScript(ClusterModel c) {
        return new ScriptSections().add("status", etcdStatusCmd(c)).add("health", etcdHealthCmd(c))
                .add("members", etcdMembersCmd(c));
    }

    static ScriptSections apiserverScript(String node) {
        String base = "https://127.0.0.1:" + ClusterModel.APISERVER_PORT;
        return new ScriptSections().add("api-unit", "systemctl is-active kube-apiserver")
                .add("api-healthz", "curl -sk --max-time 3 " + base + "/healthz")
                .add("api-readyz", "curl -sk --max-time 3 " + base + "/readyz")
                .add("api-version", "curl -sk --max-time 3 " + base + "/version");
    }

    static ScriptSections lbScript() {
        return new ScriptSections().add("lb-addr", ProbeCommands.ipAddr())
                .add("lb-units", "systemctl is-active keepalived haproxy")
                .add("lb-stat", ProbeCommands.haproxyStat())
                .add("lb-prio", "grep -E '^[[:space:]]*priority[[:space:]]' /etc/keepalived/keepalived.conf")
                .add("lb-vrrp", "journalctl -u keepalived -n 30 --no-pager -o cat | grep -E 'Entering [A-Z]+ STATE'"
                        + " | tail -n 1");
    }

    static ScriptSections clientScript(ClusterModel c) {
        ScriptSections s = new ScriptSections();
        String vip = Roles.vip(c);
        if (vip != null) {
            s.add("vip-tcp", ProbeCommands.portOpen(vip, c.apiPort()));
        }
        return s.add("ep-healthz", "curl -sk --max-time 3 " + c.apiEndpoint() + "/healthz");
    }

    static final String UNITS_SHOW = "systemctl show -p Id,LoadState,ActiveState,UnitFileState "
            + String.join(" ", Units.ALL.stream().map(u -> u + ".service").toList());
    static final String FW = "iptables -S 2>/dev/null | grep -c -- '--comment hardway-fault'";

    static ScriptSections nodeScript(String node) {
        return new ScriptSections().add("units", UNITS_SHOW)
                .add("journal", "journalctl -p err -n 5 --no-pager -o short")
                .add("addr", ProbeCommands.ipAddr()).add("route", "ip -4 route show").add("fw", FW);
    }

    static ScriptSections summaryScript() {
        return new ScriptSections().add("units", UNITS_SHOW).add("fw", FW);
    }

    // --------------------------------------------------------------------------------------------- runner --

    /** One node's sections, or why it could not be asked. */
    record Outcome(String node, Map<String, Section> sections, String problem, boolean off) {
        Section s(String name) {
            return sections.getOrDefault(name, new Section(name, "", "", -1));
        }

        boolean ok() {
            return problem == null;
        }
    }

    private List<Fault> faults() {
        return faults == null ? List.of() : faults.all().stream().filter(f -> !f.simulated()).toList();
    }

    private boolean poweredOffByUs(List<Fault> fs, String node) {
        return fs.stream().anyMatch(f -> f.node().equals(node) && f.mode() == FaultMode.POWER);
    }

    private boolean cutOffByUs(List<Fault> fs, String node) {
        return fs.stream().anyMatch(f -> f.node().equals(node) && f.mode() == FaultMode.NETWORK);
    }

    /** Runs each node's script at once; nodes powered off by hardway are answered without trying. */
    private Map<String, Outcome> run(Map<String, ScriptSections> plan, List<Fault> fs, List<String> commands) {
        Map<String, Outcome> out = new LinkedHashMap<>();
        List<String> ask = new ArrayList<>();
        plan.forEach((node, s) -> {
            s.commands().forEach(cmd -> commands.add(ProbeCommands.on(node, cmd)));
            if (poweredOffByUs(fs, node)) {
                out.put(node, new Outcome(node, Map.of(), node + " is powered off (break " + node
                        + " --mode power). Try: heal " + node, true));
            } else {
                ask.add(node);
            }
        });
        List<FanOut.NodeResult<ExecResult>> rs = new FanOut(pool).run(ask, t -> t.exec(plan.get(t.node()).script(),
                ExecOptions.timeout(TIMEOUT), OutputListener.NONE));
        for (FanOut.NodeResult<ExecResult> r : rs) {
            if (r.ok()) {
                out.put(r.node(), new Outcome(r.node(), plan.get(r.node()).parse(r.result().stdout()), null, false));
            } else {
                out.put(r.node(), new Outcome(r.node(), Map.of(), unreachable(r.node(), r.error()), false));
            }
        }
        Map<String, Outcome> ordered = new LinkedHashMap<>();
        plan.keySet().forEach(n -> ordered.put(n, out.get(n)));
        return ordered;
    }

    private static String unreachable(String node, TargetException e) {
        String msg = e.getMessage() == null ? e.kind().name() : e.getMessage();
        return msg.contains("Try:") ? msg : node + " could not be reached (" + msg + "). Try: cluster status, or"
                + " inspect node " + node;
    }

    // ---------------------------------------------------------------------------------------------- etcd --

    @Override
    public EtcdReport etcd() {
        return etcd(faults(), new ArrayList<>());
    }

    private EtcdReport etcd(List<Fault> fs, List<String> commands) {
        // Ask masters one by one, those hardway did not break first: etcdctl asks every member itself, so any
        // master that can reach the others gives the whole picture (a cut-off one would only see itself).
        List<Node> order = new ArrayList<>(c.masters());
        order.sort(Comparator.comparingInt(n -> poweredOffByUs(fs, n.name()) ? 2 : cutOffByUs(fs, n.name()) ? 1 : 0));
        List<String> tried = new ArrayList<>();
        ScriptSections script = etcdScript(c);
        for (Node m : order) {
            String n = m.name();
            if (poweredOffByUs(fs, n)) {
                tried.add(n + " is powered off (break)");
                continue;
            }
            script.commands().forEach(cmd -> commands.add(ProbeCommands.on(n, cmd)));
            ExecResult r;
            try {
                r = pool.target(n).exec(script.script(), ExecOptions.timeout(TIMEOUT), OutputListener.NONE);
            } catch (TargetException e) {
                tried.add(unreachable(n, e));
                continue;
            }
            Map<String, Section> s = script.parse(r.stdout());
            if (s.get("status").rc() == 127) {
                tried.add(n + ": etcdctl is not installed (command not found). Try: run the step that installs the"
                        + " etcd binaries (lesson 05-etcd)");
                continue;
            }
            return etcdReport(n, s, commands, tried);
        }
        List<EtcdReport.Member> ms = c.masters().stream().map(m -> new EtcdReport.Member(m.name(), null,
                peerUrl(m), "https://" + m.ip() + ":2379", false, false, false, 0, 0, 0, "", null)).toList();
        EtcdStatus st = new EtcdStatus(ms.size(), EtcdStatus.quorumOf(ms.size()), c.masters().stream().map(m ->
                new EtcdStatus.Member(m.name(), "https://" + m.ip() + ":2379", false, false, 0, 0, 0, "", null))
                .toList(), null, 0);
        List<String> problems = new ArrayList<>();
        problems.add(c.masters().isEmpty() ? "the cluster has no masters" : "no master could run etcdctl: "
                + String.join("; ", tried));
        return new EtcdReport(false, null, st, ms, problems, commands);
    }

    private EtcdReport etcdReport(String ranOn, Map<String, Section> s, List<String> commands, List<String> tried) {
        Section status = s.get("status");
        List<ToolOutput.EndpointStatus> eps = ToolOutput.endpointStatus(status.out());
        List<ToolOutput.EndpointHealth> health = ToolOutput.endpointHealth(s.get("health").out());
        List<ToolOutput.Member> members = ToolOutput.memberList(s.get("members").out());
        Map<String, String> failed = ToolOutput.failedEndpoints(status.err());
        EtcdStatus st = ToolOutput.etcdStatus(c, eps, failed, health, members, ranOn);
        Map<String, ToolOutput.Member> byName = new LinkedHashMap<>();
        members.forEach(m -> byName.put(m.name(), m));
        Map<String, String> idByEndpoint = new LinkedHashMap<>();
        eps.forEach(e -> idByEndpoint.put(e.endpoint(), e.memberId()));
        List<EtcdReport.Member> out = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < c.masters().size(); i++) {
            Node m = c.masters().get(i);
            EtcdStatus.Member sm = st.members().get(i);
            ToolOutput.Member lm = byName.get(m.name());
            String id = lm != null ? lm.id() : idByEndpoint.get(sm.endpoint());
            String peer = lm != null && !lm.peerUrls().isEmpty() ? lm.peerUrls().get(0) : peerUrl(m);
            boolean up = eps.stream().anyMatch(e -> e.endpoint().equals(sm.endpoint()))
                    || health.stream().anyMatch(h -> h.endpoint().equals(sm.endpoint()) && h.health())
                    || failed.getOrDefault(sm.endpoint(), "").contains("no leader"); // it answered, leaderless
            out.add(new EtcdReport.Member(m.name(), hex(id), peer, sm.endpoint(), up, sm.healthy(), sm.leader(),
                    sm.raftTerm(), sm.raftIndex(), sm.dbSize(), sm.version(), sm.problem()));
            if (sm.problem() != null) {
                problems.add(sm.problem());
            }
        }
        if (!st.quorumHolds()) {
            problems.add("quorum lost (asked on " + ranOn + "): " + st.quorumLost() + ". Try: bring masters back (faults, heal --all, or systemctl start etcd on them)");
        }
        return new EtcdReport(false, ranOn, st, out, problems, commands);
    }

    private static String peerUrl(Node m) {
        return "https://" + m.ip() + ":2380";
    }

    /** etcdctl -w json prints member IDs as decimal uint64; etcdctl's tables and logs use hex. */
    static String hex(String decimal) {
        if (decimal == null || decimal.isBlank()) {
            return null;
        }
        try {
            return new BigInteger(decimal.trim()).toString(16);
        } catch (NumberFormatException e) {
            return decimal;
        }
    }

    // ---------------------------------------------------------------------------------------- apiserver --

    @Override
    public ApiserverReport apiserver() {
        return apiserver(faults(), new ArrayList<>());
    }

    private ApiserverReport apiserver(List<Fault> fs, List<String> commands) {
        String from = Roles.clientNode(c);
        Map<String, ScriptSections> plan = new LinkedHashMap<>();
        c.masters().forEach(m -> plan.put(m.name(), apiserverScript(m.name())));
        plan.merge(from, clientScript(c), RealInspector::union);
        Map<String, Outcome> res = run(plan, fs, commands);
        List<ApiserverReport.Master> masters = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Node m : c.masters()) {
            Outcome o = res.get(m.name());
            if (!o.ok()) {
                masters.add(new ApiserverReport.Master(m.name(), false, "unknown", false, null, false, null, null,
                        o.problem()));
                problems.add(o.problem());
                continue;
            }
            String unit = firstLine(o.s("api-unit").out(), "unknown");
            Http hz = http(o.s("api-healthz"));
            Http rz = http(o.s("api-readyz"));
            Matcher v = GIT_VERSION.matcher(o.s("api-version").out());
            String problem = hz.ok() ? null : !unit.equals("active") ? m.name() + ": kube-apiserver is " + unit
                    + ". Try: systemctl status kube-apiserver; journalctl -u kube-apiserver -n 50 (on " + m.name() + ")"
                    : m.name() + ": /healthz " + hz.text() + ". Try: journalctl -u kube-apiserver -n 50 (on "
                    + m.name() + "), check etcd";
            masters.add(new ApiserverReport.Master(m.name(), true, unit, hz.ok(), hz.text(), rz.ok(), rz.text(),
                    v.find() ? v.group(1) : null, problem));
            if (problem != null) {
                problems.add(problem);
            }
        }
        Outcome client = res.get(from);
        ApiserverReport.Access access;
        String url = c.apiEndpoint() + "/healthz";
        if (!client.ok()) {
            access = new ApiserverReport.Access(from, url, false, "could not be asked", client.problem());
        } else {
            Http h = http(client.s("ep-healthz"));
            access = new ApiserverReport.Access(from, url, h.ok(), h.text(), h.ok() ? null : from + ": " + url + " "
                    + h.text() + ". Try: check vip, inspect lb");
        }
        if (access.problem() != null) {
            problems.add(access.problem());
        }
        return new ApiserverReport(false, c.apiEndpoint(), access, masters, problems, commands);
    }

    private static ScriptSections union(ScriptSections a, ScriptSections b) {
        ScriptSections s = new ScriptSections();
        for (ScriptSections x : List.of(a, b)) {
            List<String> names = x.names();
            List<String> cmds = x.commands();
            for (int i = 0; i < names.size(); i++) {
                s.add(names.get(i), cmds.get(i));
            }
        }
        return s;
    }

    /** A curl answer: ok when the body is "ok"; else the body's last line or curl's error in words. */
    record Http(boolean ok, String text) {
    }

    static Http http(Section s) {
        if (s.rc() == 0) {
            boolean ok = ToolOutput.healthzOk(s.out());
            String body = ToolOutput.lastLine(s.out());
            return new Http(ok, ok ? "ok" : body.isEmpty() ? "empty answer" : body);
        }
        return new Http(false, s.rc() < 0 ? "not run" : ToolOutput.curlError(s.rc()));
    }

    // ----------------------------------------------------------------------------------------------- LB --

    @Override
    public LbReport lb() {
        return lb(faults(), new ArrayList<>());
    }

    private LbReport lb(List<Fault> fs, List<String> commands) {
        String vip = Roles.vip(c);
        if (vip == null) {
            return new LbReport(false, null, c.apiPort(), List.of(), null, List.of(), commands);
        }
        String from = Roles.clientNode(c);
        Map<String, ScriptSections> plan = new LinkedHashMap<>();
        c.apiLbs().forEach(l -> plan.put(l.name(), lbScript()));
        plan.merge(from, clientScript(c), RealInspector::union);
        Map<String, Outcome> res = run(plan, fs, commands);
        List<LbReport.Lb> lbs = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < c.apiLbs().size(); i++) {
            Node l = c.apiLbs().get(i);
            LbReport.Lb row = lbRow(l, res.get(l.name()), vip, c.vrrpPriority(l.name()),
                    fs.stream().anyMatch(f -> f.node().equals(l.name())));
            lbs.add(row);
            if (row.problem() != null) {
                problems.add(row.problem());
            }
        }
        Outcome client = res.get(from);
        LbReport.Through through;
        if (!client.ok()) {
            through = new LbReport.Through(from, false, false, client.problem());
        } else {
            Section tcp = client.s("vip-tcp");
            boolean open = tcp.rc() == 0;
            Http h = http(client.s("ep-healthz"));
            String detail = !open ? (tcp.rc() == 124 ? "connect to " + vip + ":" + c.apiPort()
                    + " timed out (no host answers at the VIP)" : "connect to " + vip + ":" + c.apiPort() + ": "
                    + (ToolOutput.lastLine(tcp.err()).isEmpty() ? "exit " + tcp.rc() : ToolOutput.lastLine(tcp.err())))
                    : h.ok() ? "/healthz ok" : "port open; /healthz: " + h.text();
            through = new LbReport.Through(from, open, h.ok(), detail);
        }
        List<String> holders = lbs.stream().filter(LbReport.Lb::holdsVip).map(LbReport.Lb::node).toList();
        if (holders.size() > 1) {
            problems.add("split brain: " + String.join(" and ", holders) + " both hold " + vip + ". Try: faults;"
                    + " heal the LB whose keepalived was killed or that was cut off");
        } else if (holders.isEmpty()) {
            problems.add("no load balancer holds the VIP " + vip + ". Try: systemctl status keepalived haproxy on "
                    + String.join(", ", c.apiLbs().stream().map(Node::name).toList()));
        }
        return new LbReport(false, vip, c.apiPort(), lbs, through, problems, commands);
    }

    /** @param faultRecorded hardway broke this node (then {@code heal} is advice that works; else it refuses) */
    static LbReport.Lb lbRow(Node l, Outcome o, String vip, int defaultPriority, boolean faultRecorded) {
        String n = l.name();
        if (!o.ok()) {
            return new LbReport.Lb(n, l.ip(), false, "unknown", o.off() ? "DOWN" : "UNKNOWN", defaultPriority, false,
                    "unknown", List.of(), o.problem());
        }
        Set<String> addrs = ToolOutput.ipv4Addresses(o.s("lb-addr").out());
        Map<String, String> st = ToolOutput.unitStates(List.of("keepalived", "haproxy"), o.s("lb-units").out());
        String ka = st.get("keepalived");
        String hp = st.get("haproxy");
        boolean holds = addrs.contains(vip);
        Matcher pm = PRIORITY.matcher(o.s("lb-prio").out());
        int prio = pm.find() ? Integer.parseInt(pm.group(1)) : defaultPriority;
        Matcher vm = VRRP_STATE.matcher(o.s("lb-vrrp").out());
        String logged = vm.find() ? vm.group(1) : null;
        boolean kaUp = "active".equals(ka);
        boolean hpUp = "active".equals(hp);
        String state = holds ? (kaUp ? "MASTER" : "CRASHED") : !kaUp ? "STOPPED"
                : (!hpUp || "FAULT".equals(logged)) ? "FAULT" : "BACKUP";
        List<HaproxyStatus.Backend> backends = o.s("lb-stat").ok()
                ? ToolOutput.haproxyBackends(o.s("lb-stat").out()) : List.of();
        String problem = null;
        if (holds && !kaUp) {
            problem = n + " holds " + vip + " but keepalived is " + ka + " (killed without releasing the address)."
                    + " Try: systemctl start keepalived on " + n + (faultRecorded ? " (or heal " + n + ")" : "");
        } else if (!kaUp) {
            problem = n + ": keepalived is " + ka + ". Try: systemctl status keepalived; journalctl -u keepalived"
                    + " -n 50 (on " + n + ")";
        } else if (!hpUp) {
            problem = n + ": haproxy is " + hp + ", so keepalived's track script keeps " + n + " from holding the"
                    + " VIP. Try: systemctl status haproxy (on " + n + ")";
        }
        return new LbReport.Lb(n, l.ip(), true, ka, state, prio, holds, hp, backends, problem);
    }

    // --------------------------------------------------------------------------------------------- node --

    @Override
    public NodeReport node(String name) {
        Node n = Roles.node(c, name);
        List<Fault> fs = faults();
        List<String> commands = new ArrayList<>();
        Outcome o = run(Map.of(n.name(), nodeScript(n.name())), fs, commands).get(n.name());
        boolean partitioned = cutOffByUs(fs, n.name());
        if (!o.ok()) {
            return new NodeReport(false, n.name(), Roles.of(n), n.ip(), false, o.off() ? "off" : "unknown",
                    partitioned, List.of(), List.of(), List.of(), List.of(), List.of(o.problem()), commands);
        }
        Map<String, UnitInfo> units = unitStates(o.s("units").out());
        List<NodeReport.Unit> rows = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (String u : Units.ALL) {
            UnitInfo ui = units.get(u);
            if (ui == null || ui.notFound()) {
                continue;
            }
            rows.add(new NodeReport.Unit(u, ui.active(), ui.enabled()));
            if (!ui.active().equals("active") && ui.enabled().equals("enabled")) {
                problems.add(n.name() + ": " + u + " is " + ui.active() + " (enabled). Try: systemctl status " + u
                        + "; journalctl -u " + u + " -n 50 (on " + n.name() + ")");
            }
        }
        List<String> journal = o.s("journal").out().lines().filter(l -> !l.isBlank())
                .filter(l -> !l.startsWith("-- ")).toList();
        List<String> addrs = o.s("addr").out().lines().map(RealInspector::addrLine).filter(Objects::nonNull).toList();
        List<String> routes = o.s("route").out().lines().filter(l -> !l.isBlank()).map(String::strip).toList();
        int rules = parseInt(firstLine(o.s("fw").out(), "0"));
        if (rules > 0) {
            partitioned = true;
            problems.add(n.name() + " has " + rules + " iptables rules tagged hardway-fault: it is cut off from the"
                    + " other nodes. Try: heal " + n.name());
        }
        return new NodeReport(false, n.name(), Roles.of(n), n.ip(), true, "on", partitioned, rows, journal, addrs,
                routes, problems, commands);
    }

    /** "2: eth0    inet 10.240.0.11/24 brd ... scope global eth0" -> "eth0 10.240.0.11/24" (loopback dropped). */
    static String addrLine(String line) {
        String[] t = line.trim().split("\\s+");
        if (t.length < 4 || !t[2].equals("inet") || t[1].equals("lo")) {
            return null;
        }
        return t[1] + " " + t[3];
    }

    /** One unit from {@code systemctl show -p Id,LoadState,ActiveState,UnitFileState}. */
    record UnitInfo(String name, String load, String active, String enabled) {
        boolean notFound() {
            return "not-found".equals(load);
        }
    }

    /** Parses {@code systemctl show} blocks (separated by blank lines, properties in systemd's order). */
    static Map<String, UnitInfo> unitStates(String out) {
        Map<String, UnitInfo> res = new LinkedHashMap<>();
        for (String block : out.split("\\n\\s*\\n")) {
            Map<String, String> p = new LinkedHashMap<>();
            block.lines().forEach(l -> {
                int eq = l.indexOf('=');
                if (eq > 0) {
                    p.put(l.substring(0, eq).trim(), l.substring(eq + 1).trim());
                }
            });
            String id = p.get("Id");
            if (id == null) {
                continue;
            }
            String name = id.endsWith(".service") ? id.substring(0, id.length() - ".service".length()) : id;
            String enabled = p.getOrDefault("UnitFileState", "");
            res.put(name, new UnitInfo(name, p.getOrDefault("LoadState", ""), p.getOrDefault("ActiveState", "unknown"),
                    enabled.isEmpty() ? "-" : enabled));
        }
        return res;
    }

    // -------------------------------------------------------------------------------------------- certs --

    @Override
    public CertReport certs(String node) {
        List<Node> nodes = node == null ? c.nodes() : List.of(Roles.node(c, node));
        List<String> commands = new ArrayList<>();
        Map<String, ScriptSections> plan = new LinkedHashMap<>();
        nodes.forEach(n -> plan.put(n.name(), new ScriptSections().add("certs",
                CertParser.listingScript(CertRules.GLOBS))));
        Map<String, Outcome> res = run(plan, faults(), new ArrayList<>());
        List<Cert> certs = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Node n : nodes) {
            Outcome o = res.get(n.name());
            commands.add(ProbeCommands.on(n.name(), CertParser.command("<each certificate in "
                    + String.join(" ", CertRules.GLOBS) + ">")));
            if (!o.ok()) {
                problems.add(o.problem());
                continue;
            }
            for (CertParser.Parsed p : CertParser.parseListing(o.s("certs").out())) {
                if (p.error() != null) {
                    problems.add(n.name() + ": " + p.path() + " could not be read by openssl (" + p.error()
                            + "). Try: openssl x509 -in " + p.path() + " -noout -text (on " + n.name() + ")");
                    continue;
                }
                Cert cert = new Cert(n.name(), p.path(), p.subject(), p.issuer(), p.commonName(), p.sans(),
                        p.keyUsage(), p.extKeyUsage(), p.ca(), p.notAfter(), List.of());
                certs.add(cert.withFindings(CertRules.check(c, n.name(), cert, clock.instant())));
            }
        }
        return new CertReport(false, certs, problems, commands);
    }

    // ------------------------------------------------------------------------------------------ cluster --

    @Override
    public ClusterReport cluster() {
        List<Fault> fs = faults();
        List<String> commands = new ArrayList<>();
        EtcdReport etcd = etcd(fs, commands);
        ApiserverReport api = apiserver(fs, commands);
        LbReport lb = c.hasApiLb() ? lb(fs, commands) : null;
        Map<String, ScriptSections> plan = new LinkedHashMap<>();
        c.nodes().forEach(n -> plan.put(n.name(), summaryScript()));
        Map<String, Outcome> res = run(plan, fs, commands);
        List<ClusterReport.NodeSummary> nodes = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Node n : c.nodes()) {
            Outcome o = res.get(n.name());
            if (!o.ok()) {
                nodes.add(new ClusterReport.NodeSummary(n.name(), Roles.of(n), n.ip(), false,
                        o.off() ? "off" : "unknown", cutOffByUs(fs, n.name()), List.of(), List.of(), o.problem()));
                problems.add(o.problem());
                continue;
            }
            Map<String, UnitInfo> units = unitStates(o.s("units").out());
            List<String> active = Units.ALL.stream().filter(u -> units.containsKey(u)
                    && units.get(u).active().equals("active")).toList();
            List<String> stopped = Units.ALL.stream().filter(u -> units.containsKey(u) && !units.get(u).notFound()
                    && !units.get(u).active().equals("active") && units.get(u).enabled().equals("enabled")).toList();
            boolean cut = cutOffByUs(fs, n.name()) || parseInt(firstLine(o.s("fw").out(), "0")) > 0;
            String problem = cut ? n.name() + " is cut off from the other nodes (iptables, hardway-fault). Try: heal "
                    + n.name() : null;
            if (problem != null) {
                problems.add(problem);
            }
            nodes.add(new ClusterReport.NodeSummary(n.name(), Roles.of(n), n.ip(), true, "on", cut, active, stopped,
                    problem));
        }
        return new ClusterReport(false, c.name(), etcd, api, lb, nodes, fs, problems, commands);
    }

    // ------------------------------------------------------------------------------------------ helpers --

    private static String firstLine(String s, String dflt) {
        return s == null ? dflt : s.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse(dflt);
    }

    private static int parseInt(String s) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
