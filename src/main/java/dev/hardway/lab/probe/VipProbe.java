package dev.hardway.lab.probe;

import dev.hardway.Problem;
import dev.hardway.cluster.ClusterConfig.Node;
import dev.hardway.cluster.ClusterModel;
import dev.hardway.lab.HaproxyStatus;
import dev.hardway.lab.Probe;
import dev.hardway.lab.ProbeCommands;
import dev.hardway.lab.ProbeResult;
import dev.hardway.lab.VipStatus;
import dev.hardway.lab.fault.Fault;
import dev.hardway.lab.inspect.LbReport;
import dev.hardway.lab.inspect.ScriptSections;
import dev.hardway.lab.inspect.ScriptSections.Section;
import dev.hardway.lab.probe.RealProbing.Http;
import dev.hardway.lab.probe.RealProbing.Outcome;
import dev.hardway.lab.real.ToolOutput;
import dev.hardway.lab.sim.SimModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The API VIP and its load balancers (keepalived, haproxy and its backends, the VIP as a client reaches it):
 * {@code inspect vip | lb}, {@code check vip}, topology, and the lesson probe {@code vip-held} ({@link #held}),
 * decided on the same report. The VRRP state is derived once ({@link VrrpState#of}), the priority comes from
 * {@link ClusterModel#vrrpPriority} when keepalived.conf cannot be read.
 */
public final class VipProbe implements ProbeKind<Void, LbReport> {

    public static final VipProbe INSTANCE = new VipProbe();
    private static final Pattern PRIORITY = Pattern.compile("^\\s*priority\\s+(\\d+)", Pattern.MULTILINE);
    private static final Pattern VRRP_STATE = Pattern.compile("Entering (MASTER|BACKUP|FAULT) STATE");

    private VipProbe() {
    }

    static ScriptSections lbScript() {
        return new ScriptSections().add("lb-addr", ProbeCommands.ipAddr())
                .add("lb-units", "systemctl is-active keepalived haproxy")
                .add("lb-stat", ProbeCommands.haproxyStat())
                .add("lb-prio", "grep -E '^[[:space:]]*priority[[:space:]]' /etc/keepalived/keepalived.conf")
                .add("lb-vrrp", "journalctl -u keepalived -n 30 --no-pager -o cat | grep -E 'Entering [A-Z]+ STATE'"
                        + " | tail -n 1");
    }

    /** What the client node runs to reach the API through its endpoint (shared with the API server probe). */
    static ScriptSections clientScript(ClusterModel c) {
        ScriptSections s = new ScriptSections();
        String vip = Roles.vip(c);
        if (vip != null) {
            s.add("vip-tcp", ProbeCommands.portOpen(vip, c.apiPort()));
        }
        return s.add("ep-healthz", ProbeCommands.healthz(c.apiEndpoint()));
    }

    /**
     * The {@code vip-held} verdict: exactly one holder of {@code p.vip()}, with keepalived running. keepalived only
     * ever moves the configured VIP: any other address is held by nobody.
     */
    public static ProbeResult held(LbReport r, Probe.VipHeld p, List<String> commands) {
        VipStatus v = r.vipStatus();
        VipStatus shown = p.vip().equals(v.vip()) ? v : new VipStatus(p.vip(), v.lbs().stream()
                .map(l -> new VipStatus.Lb(l.node(), false, l.state(), l.priority(), l.problem())).toList());
        return shown.verdict(commands);
    }

    // ---------------------------------------------------------------------------------------------- real --

    @Override
    public LbReport real(RealProbing lab, Void q) {
        return real(lab, lab.faults(), new ArrayList<>());
    }

    static LbReport real(RealProbing lab, List<Fault> fs, List<String> commands) {
        ClusterModel c = lab.cluster();
        String vip = Roles.vip(c);
        if (vip == null) {
            return new LbReport(false, null, c.apiPort(), List.of(), null, List.of(), commands);
        }
        String from = c.clientNode();
        Map<String, ScriptSections> plan = new LinkedHashMap<>();
        c.apiLbs().forEach(l -> plan.put(l.name(), lbScript()));
        plan.merge(from, clientScript(c), RealProbing::union);
        Map<String, Outcome> res = lab.run(plan, fs, commands);
        List<LbReport.Lb> lbs = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (Node l : c.apiLbs()) {
            LbReport.Lb row = lbRow(l, res.get(l.name()), vip, c.vrrpPriority(l.name()),
                    RealProbing.faultRecorded(fs, l.name()));
            lbs.add(row);
            if (row.problem() != null) {
                problems.add(row.problem());
            }
        }
        Outcome client = res.get(from);
        LbReport.Through through;
        if (!client.ok()) {
            through = new LbReport.Through(from, false, false, client.problem().what());
        } else {
            Section tcp = client.s("vip-tcp");
            boolean open = tcp.rc() == 0;
            Http h = RealProbing.http(client.s("ep-healthz"));
            String detail = !open ? (tcp.rc() == 124 ? "connect to " + vip + ":" + c.apiPort()
                    + " timed out (no host answers at the VIP)" : "connect to " + vip + ":" + c.apiPort() + ": "
                    + (ToolOutput.lastLine(tcp.err()).isEmpty() ? "exit " + tcp.rc() : ToolOutput.lastLine(tcp.err())))
                    : h.ok() ? "/healthz ok" : "port open; /healthz: " + h.text();
            through = new LbReport.Through(from, open, h.ok(), detail);
        }
        List<String> holders = lbs.stream().filter(LbReport.Lb::holdsVip).map(LbReport.Lb::node).toList();
        if (holders.size() > 1) {
            problems.add(Problem.error("split brain: " + String.join(" and ", holders) + " both hold " + vip, "faults; heal the LB whose keepalived was killed or that was cut off"));
        } else if (holders.isEmpty()) {
            problems.add(Problem.error("no load balancer holds the VIP " + vip, "systemctl status keepalived haproxy on " + String.join(", ", c.apiLbs().stream().map(Node::name).toList())));
        }
        return new LbReport(false, vip, c.apiPort(), lbs, through, problems, commands);
    }

    /** @param faultRecorded hardway broke this node (then {@code heal} is advice that works; else it refuses) */
    static LbReport.Lb lbRow(Node l, Outcome o, String vip, int defaultPriority, boolean faultRecorded) {
        String n = l.name();
        if (!o.ok()) {
            return new LbReport.Lb(n, l.ip(), false, "unknown", (o.off() ? VrrpState.DOWN : VrrpState.UNKNOWN).name(),
                    defaultPriority, false, "unknown", List.of(), o.problem());
        }
        Set<String> addrs = ToolOutput.ipv4Addresses(o.s("lb-addr").out());
        Map<String, String> st = ToolOutput.unitStates(List.of("keepalived", "haproxy"), o.s("lb-units").out());
        String ka = st.get("keepalived");
        String hp = st.get("haproxy");
        boolean holds = addrs.contains(vip);
        Matcher pm = PRIORITY.matcher(o.s("lb-prio").out());
        int prio = pm.find() ? Integer.parseInt(pm.group(1)) : defaultPriority;
        Matcher vm = VRRP_STATE.matcher(o.s("lb-vrrp").out());
        boolean loggedFault = vm.find() && "FAULT".equals(vm.group(1));
        boolean kaUp = "active".equals(ka);
        boolean hpUp = "active".equals(hp);
        VrrpState state = VrrpState.of(holds, kaUp, hpUp, loggedFault);
        List<HaproxyStatus.Backend> backends = o.s("lb-stat").ok()
                ? ToolOutput.haproxyBackends(o.s("lb-stat").out()) : List.of();
        Problem problem = null;
        if (state == VrrpState.CRASHED) {
            problem = Problem.error(n + " holds " + vip + " but keepalived is " + ka + " (killed without releasing the address).", "systemctl start keepalived on " + n + (faultRecorded ? " (or heal " + n + ")" : ""));
        } else if (!kaUp) {
            problem = Problem.error(n + ": keepalived is " + ka, "systemctl status keepalived; journalctl -u keepalived -n 50 (on " + n + ")");
        } else if (!hpUp) {
            problem = Problem.error(n + ": haproxy is " + hp + ", so keepalived's track script keeps " + n + " from holding the VIP", "systemctl status haproxy (on " + n + ")");
        }
        return new LbReport.Lb(n, l.ip(), true, ka, state.name(), prio, holds, hp, backends, problem);
    }

    // ----------------------------------------------------------------------------------------------- sim --

    @Override
    public LbReport sim(SimProbing lab, Void q) {
        ClusterModel c = lab.cluster();
        SimModel m = lab.model();
        String vip = Roles.vip(c);
        if (vip == null) {
            return new LbReport(true, null, c.apiPort(), List.of(), null, List.of(), List.of());
        }
        VipStatus v = m.vipStatus();
        List<HaproxyStatus> hs = m.haproxy();
        List<LbReport.Lb> lbs = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        List<String> commands = new ArrayList<>();
        for (int i = 0; i < c.apiLbs().size(); i++) {
            Node n = c.apiLbs().get(i);
            VipStatus.Lb l = v.lbs().get(i);
            HaproxyStatus h = hs.get(i);
            lbScript().commands().forEach(cmd -> commands.add(ProbeCommands.on(n.name(), cmd)));
            boolean up = m.isUp(n.name());
            Problem problem = l.problem() != null ? l.problem() : h.problem();
            lbs.add(new LbReport.Lb(n.name(), n.ip(), up, NodeProbe.unitState(m, n.name(), SimModel.KEEPALIVED),
                    l.state(), l.priority(), l.holds(), NodeProbe.unitState(m, n.name(), SimModel.HAPROXY),
                    h.backends(), problem));
            if (problem != null) {
                problems.add(problem);
            }
        }
        String from = c.clientNode();
        clientScript(c).commands().forEach(cmd -> commands.add(ProbeCommands.on(from, cmd)));
        Problem why = m.connect(from, vip, c.apiPort());
        SimModel.ApiHealth api = m.apiHealth();
        LbReport.Through through = new LbReport.Through(from, why == null, api.ok(), why != null ? why.what()
                : api.ok() ? "/healthz ok through " + api.via() : "port open; /healthz: " + api.problem().what());
        if (v.splitBrain()) {
            problems.add(Problem.error("split brain: " + String.join(" and ", v.holders()) + " both hold " + vip, "faults, then heal the LB whose keepalived was killed or cut off"));
        } else if (v.holders().isEmpty()) {
            problems.add(Problem.error("no load balancer holds the VIP " + vip, "inspect lb, heal --all"));
        }
        return new LbReport(true, vip, c.apiPort(), lbs, through, problems, commands);
    }
}
