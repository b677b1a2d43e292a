package dev.hardway.lab.probe;

import dev.hardway.Problem;
import dev.hardway.cluster.ClusterConfig.IngressLb;
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
import dev.hardway.lab.probe.RealProbing.Outcome;
import dev.hardway.lab.real.KubeOutput;
import dev.hardway.lab.real.ToolOutput;
import dev.hardway.lab.sim.SimIngress;
import dev.hardway.lab.sim.SimModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The ingress pair of lesson 13 (elbs: keepalived holding the ingress VIP, haproxy in front of the workers'
 * NodePorts) as one report, in the shape of the API pair's ({@link LbReport}, rows made by {@link VipProbe#lbRow}
 * from the same commands), plus the traps of {@link IngressTraps} and what a client gets at the VIP. The lesson
 * probes {@code ingress-vip} ({@link #VIP}) and {@code ingress-backends} ({@link #BACKENDS}) decide on it.
 */
public final class IngressProbe implements ProbeKind<Void, IngressProbe.IngressReport> {

    public static final IngressProbe INSTANCE = new IngressProbe();
    private static final String KEEPALIVED_CONF = "/etc/keepalived/keepalived.conf";

    private IngressProbe() {
    }

    /**
     * @param lb     the pair as {@code inspect lb} shows the API pair; {@code through.apiHealthy} here means: the GET
     *               through the VIP answered 200
     * @param traps  known wrong states of the VIP side (VRID clash, script security, haproxy bound to the VIP)
     * @param status HTTP status of {@code GET http://VIP:port/} from the client node (0: no HTTP answer)
     */
    public record IngressReport(LbReport lb, List<Problem> traps, int status) {
        public IngressReport {
            traps = List.copyOf(traps);
        }
    }

    static String url(ClusterModel c) {
        IngressLb i = c.config().loadbalancers().ingress();
        return "http://" + i.vip() + ":" + i.port() + "/";
    }

    static ScriptSections elbScript() {
        return VipProbe.lbScript()
                .add("ing-vrid", "grep -E '^[[:space:]]*virtual_router_id[[:space:]]' " + KEEPALIVED_CONF)
                .add("ing-secv", "journalctl -u keepalived --no-pager -o cat _SYSTEMD_INVOCATION_ID=$(systemctl show"
                        + " -p InvocationID --value keepalived) | grep -c 'SECURITY VIOLATION'")
                .add("ing-bind", "grep -E '^[[:space:]]*bind[[:space:]]' " + SimIngress.HAPROXY_CFG)
                .add("ing-nonlocal", "sysctl -n net.ipv4.ip_nonlocal_bind");
    }

    // ---------------------------------------------------------------------------------------------- real --

    @Override
    public IngressReport real(RealProbing lab, Void q) {
        return real(lab, lab.faults(), new ArrayList<>());
    }

    static IngressReport real(RealProbing lab, List<Fault> fs, List<String> commands) {
        ClusterModel c = lab.cluster();
        IngressLb ing = c.config().loadbalancers().ingress();
        Map<String, ScriptSections> plan = new LinkedHashMap<>();
        c.ingressLbs().forEach(l -> plan.put(l.name(), elbScript()));
        c.apiLbs().forEach(l -> plan.merge(l.name(), new ScriptSections().add("api-vrid",
                "grep -E '^[[:space:]]*virtual_router_id[[:space:]]' " + KEEPALIVED_CONF), RealProbing::union));
        String from = c.clientNode();
        plan.merge(from, new ScriptSections().add("ing-http", ProbeCommands.httpCode(url(c))), RealProbing::union);
        Map<String, Outcome> res = lab.run(plan, fs, commands);
        OptionalInt apiVrid = c.apiLbs().stream().map(l -> res.get(l.name())).filter(Outcome::ok)
                .map(o -> IngressTraps.vrid(o.s("api-vrid").out())).filter(OptionalInt::isPresent).findFirst()
                .orElse(OptionalInt.empty());
        List<LbReport.Lb> rows = new ArrayList<>();
        List<Problem> traps = new ArrayList<>();
        for (Node l : c.ingressLbs()) {
            Outcome o = res.get(l.name());
            LbReport.Lb row = VipProbe.lbRow(l, o, ing.vip(), c.vrrpPriority(l.name()),
                    RealProbing.faultRecorded(fs, l.name()));
            rows.add(row);
            if (!o.ok()) {
                continue;
            }
            add(traps, IngressTraps.vridClash(l.name(), IngressTraps.vrid(o.s("ing-vrid").out()), apiVrid));
            add(traps, IngressTraps.scriptSecurity(l.name(), RealProbing.parseInt(o.s("ing-secv").out()) > 0));
            add(traps, IngressTraps.bindsVip(l.name(), IngressTraps.bindAddress(o.s("ing-bind").out()), ing.vip(),
                    o.s("ing-nonlocal").out().strip().equals("1"), row.holdsVip()));
        }
        Outcome client = res.get(from);
        int status = 0;
        String detail;
        if (!client.ok()) {
            detail = client.problem().what();
        } else {
            ScriptSections.Section s = client.s("ing-http");
            status = KubeOutput.httpCode(s.out());
            detail = status == 200 ? "HTTP 200" : status != 0 ? "HTTP " + status
                    + (status == 503 ? " (haproxy has no backend UP)" : "") : ToolOutput.curlError(s.rc());
        }
        return report(c, false, rows, from, status, detail, traps, commands);
    }

    private static void add(List<Problem> out, Problem problem) {
        if (problem != null) {
            out.add(problem);
        }
    }

    private static IngressReport report(ClusterModel c, boolean simulated, List<LbReport.Lb> rows, String from,
                                        int status, String detail, List<Problem> traps, List<String> commands) {
        IngressLb ing = c.config().loadbalancers().ingress();
        List<Problem> problems = new ArrayList<>();
        rows.stream().filter(r -> r.problem() != null).forEach(r -> problems.add(r.problem()));
        problems.addAll(traps);
        LbReport.Through through = new LbReport.Through(from, status != 0, status == 200,
                url(c) + ": " + detail);
        return new IngressReport(new LbReport(simulated, ing.vip(), ing.port(), rows, through, problems, commands),
                traps, status);
    }

    // ----------------------------------------------------------------------------------------------- sim --

    @Override
    public IngressReport sim(SimProbing lab, Void q) {
        ClusterModel c = lab.cluster();
        SimModel m = lab.model();
        IngressLb ing = c.config().loadbalancers().ingress();
        VipStatus v = SimIngress.vipStatus(m);
        List<HaproxyStatus> hs = SimIngress.haproxy(m);
        List<String> commands = new ArrayList<>();
        OptionalInt apiVrid = c.apiLbs().stream().map(l -> text(m, l.name(), KEEPALIVED_CONF + ".in"))
                .map(IngressTraps::vrid).filter(OptionalInt::isPresent).findFirst().orElse(OptionalInt.empty());
        List<LbReport.Lb> rows = new ArrayList<>();
        List<Problem> traps = new ArrayList<>();
        for (int i = 0; i < c.ingressLbs().size(); i++) {
            Node n = c.ingressLbs().get(i);
            VipStatus.Lb l = v.lbs().get(i);
            HaproxyStatus h = hs.get(i);
            elbScript().commands().forEach(cmd -> commands.add(ProbeCommands.on(n.name(), cmd)));
            rows.add(new LbReport.Lb(n.name(), n.ip(), m.isUp(n.name()), NodeProbe.unitState(m, n.name(),
                    SimModel.KEEPALIVED), l.state(), l.priority(), l.holds(), NodeProbe.unitState(m, n.name(),
                    SimModel.HAPROXY), h.backends(), l.problem() != null ? l.problem() : h.problem()));
            String ka = text(m, n.name(), KEEPALIVED_CONF + ".in");
            add(traps, IngressTraps.vridClash(n.name(), IngressTraps.vrid(ka), apiVrid));
            add(traps, IngressTraps.scriptSecurity(n.name(), m.isActive(n.name(), SimModel.KEEPALIVED)
                    && IngressTraps.wouldWarnScriptSecurity(ka)));
            add(traps, IngressTraps.bindsVip(n.name(), IngressTraps.bindAddress(SimIngress.haproxyCfg(m, n.name())),
                    ing.vip(), false, l.holds()));
        }
        String from = c.clientNode();
        commands.add(ProbeCommands.on(from, ProbeCommands.httpCode(url(c))));
        SimIngress.Http h = SimIngress.get(m, from, ing.port());
        String detail = h.status() == 200 ? "HTTP 200 (simulated, through " + h.via() + ")"
                : (h.status() != 0 ? "HTTP " + h.status() + ": " : "") + h.problem().what();
        return report(c, true, rows, from, h.status(), detail, traps, commands);
    }

    private static String text(SimModel m, String node, String path) {
        return m.file(node, path).map(SimModel.FileEntry::text).orElse(null);
    }

    // ------------------------------------------------------------------------------------------ verdicts --

    /** {@code ingress-vip}: exactly one elb holds the ingress VIP with keepalived running, and no known trap. */
    public static ProbeResult vipHeld(IngressReport r, List<String> commands) {
        ProbeResult v = r.lb().vipStatus().verdict("ingress-vip", commands);
        if (r.traps().isEmpty()) {
            return v;
        }
        List<Problem> problems = new ArrayList<>(v.problems());
        problems.addAll(r.traps());
        return ProbeResult.fail(v.type(), v.summary(), problems, commands);
    }

    /**
     * {@code ingress-backends}: haproxy runs on every elb and has a checked server UP for every worker's NodePort;
     * with {@code through}, {@code GET http://VIP:port/} from the client node answers 200.
     */
    public static ProbeResult backends(IngressReport r, Probe.IngressBackends p, ClusterModel c,
                                       List<String> commands) {
        IngressLb ing = c.config().loadbalancers().ingress();
        List<String> workers = c.workers().stream().map(Node::name).toList();
        List<Problem> problems = new ArrayList<>();
        long up = 0;
        for (LbReport.Lb l : r.lb().lbs()) {
            if (!l.reachable()) {
                problems.add(l.problem());
                continue;
            }
            if (!"active".equals(l.haproxy())) {
                Problem trap = r.traps().stream().filter(t -> t.what().startsWith(l.node() + ": haproxy.cfg binds"))
                        .findFirst().orElse(null);
                problems.add(trap != null ? trap : Problem.error(l.node() + ": haproxy is " + l.haproxy() + ", so "
                        + l.node() + " forwards nothing", "journalctl -u haproxy -n 50 on " + l.node()));
                continue;
            }
            problems.addAll(IngressTraps.backends(l.node(), l.backends(), workers, ing.nodePort()));
            up += l.backendsUp();
        }
        String subject = "haproxy on " + r.lb().lbs().size() + " elbs: " + up + "/" + (workers.size()
                * r.lb().lbs().size()) + " NodePort backends UP" + (p.through() ? "; " + r.lb().through().detail() : "");
        if (p.through() && r.status() != 200) {
            problems.add(Problem.error(c.clientNode() + ": GET " + r.lb().through().detail() + ", not 200", "check which elb holds " + ing.vip() + " (ip -br addr) and that its haproxy has a backend UP"));
        }
        return problems.isEmpty() ? ProbeResult.pass(p.type(), subject, commands)
                : ProbeResult.fail(p.type(), subject, problems, commands);
    }

    /** The lesson probe {@code ingress-vip}. */
    public static final ProbeKind<Probe.IngressVip, ProbeResult> VIP = new ProbeKind<>() {
        @Override
        public ProbeResult real(RealProbing lab, Probe.IngressVip p) {
            IngressReport r = INSTANCE.real(lab, null);
            return vipHeld(r, r.lb().commands());
        }

        @Override
        public ProbeResult sim(SimProbing lab, Probe.IngressVip p) {
            IngressReport r = INSTANCE.sim(lab, null);
            return vipHeld(r, r.lb().commands());
        }
    };

    /** The lesson probe {@code ingress-backends}. */
    public static final ProbeKind<Probe.IngressBackends, ProbeResult> BACKENDS = new ProbeKind<>() {
        @Override
        public ProbeResult real(RealProbing lab, Probe.IngressBackends p) {
            IngressReport r = INSTANCE.real(lab, null);
            return backends(r, p, lab.cluster(), r.lb().commands());
        }

        @Override
        public ProbeResult sim(SimProbing lab, Probe.IngressBackends p) {
            IngressReport r = INSTANCE.sim(lab, null);
            return backends(r, p, lab.cluster(), r.lb().commands());
        }
    };
}
