package dev.hardway.lab.probe;

import dev.hardway.Problem;
import dev.hardway.cluster.ClusterConfig.Node;
import dev.hardway.cluster.ClusterModel;
import dev.hardway.lab.Probe;
import dev.hardway.lab.ProbeCommands;
import dev.hardway.lab.ProbeResult;
import dev.hardway.lab.fault.Fault;
import dev.hardway.lab.inspect.ApiserverReport;
import dev.hardway.lab.inspect.ScriptSections;
import dev.hardway.lab.inspect.ScriptSections.Section;
import dev.hardway.lab.probe.RealProbing.Http;
import dev.hardway.lab.probe.RealProbing.Outcome;
import dev.hardway.lab.real.ControlPlaneOutput;
import dev.hardway.lab.real.ToolOutput;
import dev.hardway.lab.sim.SimControlPlane;
import dev.hardway.lab.Verdicts;
import dev.hardway.lab.Verdicts.NodeCheck;
import java.time.Instant;
import dev.hardway.lab.sim.SimModel;
import dev.hardway.target.ExecResult;
import dev.hardway.target.TargetException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * kube-apiserver per master (unit, /healthz, /readyz?verbose, version, the known wrong states of its flags and
 * journal) and as clients reach it, plus the leader leases of kube-controller-manager and kube-scheduler: {@code
 * inspect | check apiserver}, topology; and the lesson probes {@code api-healthy} ({@link #HEALTHY}: one curl from
 * the client node), {@code api-ready} ({@link #ready}) and {@code leader-lease} ({@link #leaseHeld}), decided on
 * the same report so a lesson check and {@code check apiserver} cannot disagree. A master where the unit is not
 * installed yet says so ({@link ApiserverReport.Master#NOT_INSTALLED}) instead of failing.
 */
public final class ApiserverProbe implements ProbeKind<Void, ApiserverReport> {

    public static final ApiserverProbe INSTANCE = new ApiserverProbe();
    /** Last lines of the apiserver's journal read when it is not ready (the cause is in the first ones after start). */
    static final int JOURNAL_LINES = 60;

    private ApiserverProbe() {
    }

    static ScriptSections script() {
        String base = "https://127.0.0.1:" + ClusterModel.APISERVER_PORT;
        return new ScriptSections().add("api-unit", "systemctl is-active kube-apiserver")
                .add("api-load", "systemctl show -p LoadState --value kube-apiserver")
                .add("api-healthz", ProbeCommands.curl(base + "/healthz"))
                .add("api-readyz", ProbeCommands.readyzVerbose(base))
                .add("api-version", ProbeCommands.curl(base + "/version"))
                .add("api-flags", "systemctl cat kube-apiserver kube-controller-manager")
                .add("api-journal", "journalctl -u kube-apiserver -n " + JOURNAL_LINES + " --no-pager -o cat")
                .add("cp-leases", ProbeCommands.leases())
                .add("cp-now", "date -u +%s")
                .add("cp-svc", ProbeCommands.kubectlOnMaster("get svc kubernetes -o jsonpath="
                        + ProbeCommands.q("{.spec.clusterIP}")))
                .add("cp-eps", ProbeCommands.kubectlOnMaster("get endpointslice -l kubernetes.io/service-name=kubernetes"
                        + " -o jsonpath=" + ProbeCommands.q("{.items[*].endpoints[*].addresses[*]}")));
    }

    /** What the client node asks at the API endpoint (after the VIP probe's TCP connect and /healthz). */
    static ScriptSections clientScript(ClusterModel c) {
        ScriptSections s = VipProbe.clientScript(c);
        return s.add("ep-readyz", ProbeCommands.readyzVerbose(c.apiEndpoint()))
                .add("ep-version", ProbeCommands.curl(c.apiEndpoint() + "/version"));
    }

    /** "kube-apiserver is not installed on master1, master2 yet: a later lesson installs it." */
    static Problem notInstalled(List<String> nodes) {
        return Problem.error("kube-apiserver is not installed on " + String.join(", ", nodes) + " yet: a later lesson"
                + " installs it", "lesson list");
    }

    // ---------------------------------------------------------------------------------------------- real --

    @Override
    public ApiserverReport real(RealProbing lab, Void q) {
        return real(lab, lab.faults(), new ArrayList<>());
    }

    static ApiserverReport real(RealProbing lab, List<Fault> fs, List<String> commands) {
        ClusterModel c = lab.cluster();
        String from = c.clientNode();
        Map<String, ScriptSections> plan = new LinkedHashMap<>();
        c.masters().forEach(m -> plan.put(m.name(), script()));
        plan.merge(from, clientScript(c), RealProbing::union);
        Map<String, Outcome> res = lab.run(plan, fs, commands);
        List<ApiserverReport.Master> masters = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        Map<String, Map<String, Map<String, String>>> flagsByMaster = new LinkedHashMap<>();
        List<ApiserverReport.Lease> leases = null;
        for (Node m : c.masters()) {
            Outcome o = res.get(m.name());
            if (!o.ok()) {
                masters.add(new ApiserverReport.Master(m.name(), false, "unknown", false, null, false, null, null,
                        o.problem()));
                problems.add(o.problem());
                continue;
            }
            if ("not-found".equals(RealProbing.firstLine(o.s("api-load").out(), ""))) {
                missing.add(m.name());
                masters.add(new ApiserverReport.Master(m.name(), true, ApiserverReport.Master.NOT_INSTALLED, false,
                        "-", false, "-", null, null));
                continue;
            }
            String unit = RealProbing.firstLine(o.s("api-unit").out(), "unknown");
            Http hz = RealProbing.http(o.s("api-healthz"));
            Section rzs = o.s("api-readyz");
            ControlPlaneOutput.Readyz rz = ControlPlaneOutput.readyz(rzs.out());
            String rzText = rzs.rc() == 0 ? rz.summary() : rzs.rc() < 0 ? "not run" : ToolOutput.curlError(rzs.rc());
            String version = ControlPlaneOutput.gitVersion(o.s("api-version").out());
            Map<String, Map<String, String>> flags = ControlPlaneOutput.unitFlags(o.s("api-flags").out());
            if (!flags.isEmpty()) {
                flagsByMaster.put(m.name(), flags);
            }
            List<ApiserverReport.Trap> traps = new ArrayList<>(ControlPlaneTraps.fromFlags(c, m, flags));
            boolean ready = rzs.rc() == 0 && rz.passed();
            if (!ready || !hz.ok()) {
                traps.addAll(ControlPlaneTraps.fromJournal(m.name(), o.s("api-journal").out()));
            }
            if (leases == null && ready) {
                leases = leases(c, o);
                if (leases != null) {
                    traps.addAll(ControlPlaneTraps.fromKubernetesService(c, m.name(), o.s("cp-svc").out(),
                            words(o.s("cp-eps").out())));
                }
            }
            Problem.Where on = Problem.Where.node(m.name());
            Problem problem = ready && hz.ok() ? null : !unit.equals("active")
                    ? Problem.error(m.name() + ": kube-apiserver is " + unit, "systemctl status kube-apiserver;"
                    + " journalctl -u kube-apiserver -n 50 (on " + m.name() + ")", on)
                    : !hz.ok() ? Problem.error(m.name() + ": /healthz " + hz.text(), "journalctl -u kube-apiserver"
                    + " -n 50 (on " + m.name() + "), check etcd", on)
                    : Problem.error(m.name() + ": /readyz " + rzText, "curl -sk https://127.0.0.1:6443/readyz?verbose"
                    + " and journalctl -u kube-apiserver -n 50 (on " + m.name() + ")" + (rz.failed().contains("etcd")
                    ? ", check etcd" : ""), on);
            masters.add(new ApiserverReport.Master(m.name(), true, unit, hz.ok(), hz.text(), ready, rzText, version,
                    problem, rz.failed(), traps));
            if (problem != null) {
                problems.add(problem);
            }
        }
        List<ApiserverReport.Trap> across = ControlPlaneTraps.acrossMasters(flagsByMaster);
        if (!across.isEmpty()) {
            int i = masters.stream().map(ApiserverReport.Master::node).toList().indexOf(flagsByMaster.keySet()
                    .iterator().next());
            ApiserverReport.Master first = masters.get(i);
            List<ApiserverReport.Trap> t = new ArrayList<>(first.traps());
            t.addAll(across);
            masters.set(i, new ApiserverReport.Master(first.node(), first.reachable(), first.unit(), first.healthy(),
                    first.healthz(), first.ready(), first.readyz(), first.version(), first.problem(),
                    first.notReady(), t));
        }
        masters.forEach(mm -> mm.traps().forEach(t -> problems.add(t.problem())));
        if (!missing.isEmpty()) {
            problems.add(0, notInstalled(missing));
        }
        Outcome client = res.get(from);
        ApiserverReport.Access access;
        String url = c.apiEndpoint() + "/healthz";
        if (!client.ok()) {
            access = new ApiserverReport.Access(from, url, false, "could not be asked", client.problem(), false,
                    "could not be asked", null);
        } else {
            Http h = RealProbing.http(client.s("ep-healthz"));
            Section rs = client.s("ep-readyz");
            ControlPlaneOutput.Readyz rz = ControlPlaneOutput.readyz(rs.out());
            boolean ready = rs.rc() == 0 && rz.passed();
            access = new ApiserverReport.Access(from, url, h.ok(), h.text(), h.ok() ? null : Problem.error(from
                    + ": " + url + " " + h.text(), "check vip, inspect lb"), ready, rs.rc() == 0 ? rz.summary()
                    : rs.rc() < 0 ? "not run" : ToolOutput.curlError(rs.rc()),
                    ControlPlaneOutput.gitVersion(client.s("ep-version").out()));
        }
        if (access.problem() != null && missing.size() < c.masters().size()) {
            problems.add(access.problem());
        }
        return new ApiserverReport(false, c.apiEndpoint(), access, masters, leases == null ? List.of() : leases,
                problems, commands);
    }

    /** The leases one master's kubectl read, judged by that master's clock; null when kubectl gave nothing. */
    static List<ApiserverReport.Lease> leases(ClusterModel c, Outcome o) {
        Section s = o.s("cp-leases");
        List<ControlPlaneOutput.Lease> ls = ControlPlaneOutput.leases(s.out());
        if (ls.isEmpty() && s.rc() != 0) {
            return null;
        }
        Instant now = ControlPlaneOutput.epochSeconds(o.s("cp-now").out());
        return leases(c, ls, now == null ? Instant.now() : now);
    }

    /** Each lease as the report shows it: held means renewed within its duration by a master. */
    public static List<ApiserverReport.Lease> leases(ClusterModel c, List<ControlPlaneOutput.Lease> ls, Instant now) {
        List<String> names = c.masters().stream().map(Node::name).toList();
        List<ApiserverReport.Lease> out = new ArrayList<>();
        for (String comp : SimControlPlane.LEADERS) {
            for (ControlPlaneOutput.Lease l : ls) {
                if (!l.name().equals(comp)) {
                    continue;
                }
                String node = l.holderNode();
                String renewed = l.renewTime() == null ? "never" : l.renewTime().toString();
                Problem problem = null;
                if (node == null) {
                    problem = Problem.error(comp + ": nobody holds the lease (released)", "systemctl status " + comp
                            + " on the masters");
                } else if (!names.contains(node)) {
                    problem = Problem.error(comp + ": the lease holder " + l.holder() + " is not a master of this cluster (its"
                            + " hostname " + node + " should be one of " + String.join(", ", names) + ")", "hostnamectl on the masters (lesson 00-machines sets the hostname to the node name)");
                } else if (!l.freshAt(now)) {
                    problem = Problem.error(comp + ": " + node + " holds the lease but last renewed it at " + renewed + " (lease "
                            + l.durationSeconds() + " s): " + comp + " on " + node + " stopped or lost its API, and no other master took over", "systemctl status " + comp + " on the masters");
                }
                out.add(new ApiserverReport.Lease(comp, l.holder(), node, problem == null, renewed, problem));
            }
        }
        return out;
    }

    private static List<String> words(String s) {
        return s == null || s.isBlank() ? List.of() : List.of(s.strip().split("\\s+"));
    }

    // ----------------------------------------------------------------------------------------------- sim --

    @Override
    public ApiserverReport sim(SimProbing lab, Void q) {
        ClusterModel c = lab.cluster();
        SimModel m = lab.model();
        List<ApiserverReport.Master> masters = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        List<String> commands = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        String version = "v" + c.config().versions().kubernetes();
        ScriptSections script = script();
        for (Node n : c.masters()) {
            String name = n.name();
            List.of(0, 2, 3, 4).forEach(i -> commands.add(ProbeCommands.on(name, script.commands().get(i))));
            SimControlPlane.Component api = SimControlPlane.apiserver(m, name);
            if (!m.isUp(name)) {
                masters.add(new ApiserverReport.Master(name, false, "unknown", false, null, false, null, null,
                        api.problem()));
                problems.add(api.problem());
                continue;
            }
            if (!api.installed()) {
                missing.add(name);
                masters.add(new ApiserverReport.Master(name, true, ApiserverReport.Master.NOT_INSTALLED, false, "-",
                        false, "-", null, null));
                continue;
            }
            // systemd shows a unit that exits at start and is restarted as "activating" (auto-restart)
            String unit = !m.isActive(name, SimModel.APISERVER) ? "inactive" : api.serving() ? "active"
                    : "activating";
            String healthz = api.ready() ? "ok" : api.serving() ? "[-]etcd failed" : api.readyz();
            masters.add(new ApiserverReport.Master(name, true, unit, api.ready(), healthz, api.ready(), api.readyz(),
                    api.serving() ? version : null, api.problem(), api.notReady(),
                    api.trap() == null ? List.of() : List.of(api.trap())));
            if (api.problem() != null) {
                problems.add(api.problem());
            }
        }
        if (!missing.isEmpty()) {
            problems.add(0, notInstalled(missing));
        }
        SimModel.ApiHealth h = m.apiHealth();
        String from = c.clientNode();
        commands.add(ProbeCommands.on(from, ProbeCommands.healthz(h.endpoint())));
        commands.add(ProbeCommands.on(from, ProbeCommands.readyzVerbose(h.endpoint())));
        String answer = h.ok() ? "ok" + (h.via() == null ? "" : " (via " + h.via() + ")") : h.problem().what();
        ApiserverReport.Access access = new ApiserverReport.Access(from, h.endpoint() + "/healthz", h.ok(), answer,
                h.ok() ? null : h.problem().prefixed(from + ": " + h.endpoint() + "/healthz: "), h.ok(), answer,
                h.ok() ? version : null);
        if (!h.ok() && missing.size() < c.masters().size()) {
            problems.add(access.problem());
        }
        List<ApiserverReport.Lease> leases = SimControlPlane.leases(m);
        c.masters().stream().filter(x -> m.isUp(x.name())).findFirst().ifPresent(x -> commands.add(
                ProbeCommands.on(x.name(), ProbeCommands.leases())));
        return new ApiserverReport(true, c.apiEndpoint(), access, masters, leases, problems, commands);
    }

    // ----------------------------------------------------------------------------------- verdicts --

    /**
     * The {@code api-ready} verdict: on each master {@code /readyz?verbose} passed, {@code /version} is the pinned
     * release and no known wrong state was seen; through the endpoint the same from the client node.
     */
    public static ProbeResult ready(ApiserverReport r, Probe.ApiReady p) {
        List<NodeCheck> checks = new ArrayList<>();
        if (p.masters()) {
            for (ApiserverReport.Master m : r.masters()) {
                checks.add(masterReady(m, p.version()));
            }
        }
        if (p.endpoint()) {
            ApiserverReport.Access a = r.viaEndpoint();
            String where = r.endpoint();
            if (a == null) {
                checks.add(NodeCheck.fail(where, Problem.error("the API endpoint " + where + " was not asked",
                        "check apiserver")));
            } else if (!a.ready()) {
                checks.add(NodeCheck.fail(where, a.problem() != null
                        ? a.problem().prefixed(a.from() + ": " + where + "/readyz?verbose: ")
                        : Problem.error(a.from() + ": " + where + "/readyz?verbose: " + a.readyz(),
                        "check apiserver, check vip")));
            } else if (!p.version().equals(a.version())) {
                checks.add(NodeCheck.fail(where, Problem.error(a.from() + ": " + where + "/version says " + a.version() + ", not "
                        + p.version(), "inspect apiserver (which master answers with another release?)")));
            } else {
                checks.add(NodeCheck.ok(where));
            }
        }
        return Verdicts.perNode(p.type(), "kube-apiserver ready, " + p.version(), checks, r.commands());
    }

    private static NodeCheck masterReady(ApiserverReport.Master m, String version) {
        // a trap the problem already names (the simulated lab's reason for a unit that keeps restarting) once only
        List<Problem> traps = m.traps().stream().filter(t -> m.problem() == null
                || !m.problem().what().contains(t.what())).map(ApiserverReport.Trap::problem).toList();
        if (!m.installed()) {
            return NodeCheck.fail(m.node(), Problem.error(m.node() + ": kube-apiserver is not installed", "lesson run (the step that installs the control plane)"));
        }
        if (m.problem() != null) {
            List<Problem> all = new ArrayList<>(List.of(m.problem()));
            all.addAll(traps);
            return NodeCheck.fail(m.node(), all);
        }
        if (!version.equals(m.version())) {
            return NodeCheck.fail(m.node(), Problem.error(m.node() + ": /version says " + m.version() + ", not " + version, "install the " + version + " binaries from /root/bin (lesson 01-jumpbox) and restart"
                    + " kube-apiserver"));
        }
        if (!traps.isEmpty()) {
            return NodeCheck.fail(m.node(), traps);
        }
        return NodeCheck.ok(m.node());
    }

    /** The lesson probe {@code api-ready}, decided on the report {@code inspect apiserver} shows. */
    public static final ProbeKind<Probe.ApiReady, ProbeResult> READY = new ProbeKind<>() {
        public ProbeResult real(RealProbing lab, Probe.ApiReady p) {
            return ready(INSTANCE.real(lab, null), p);
        }

        public ProbeResult sim(SimProbing lab, Probe.ApiReady p) {
            return ready(INSTANCE.sim(lab, null), p);
        }
    };

    /** The lesson probe {@code leader-lease}, decided on the same report. */
    public static final ProbeKind<Probe.LeaderLease, ProbeResult> LEASE = new ProbeKind<>() {
        public ProbeResult real(RealProbing lab, Probe.LeaderLease p) {
            return leaseHeld(INSTANCE.real(lab, null), p);
        }

        public ProbeResult sim(SimProbing lab, Probe.LeaderLease p) {
            return leaseHeld(INSTANCE.sim(lab, null), p);
        }
    };

    /** The {@code leader-lease} verdict: {@code component}'s lease is held, renewed on time, by a master. */
    public static ProbeResult leaseHeld(ApiserverReport r, Probe.LeaderLease p) {
        String comp = p.component();
        String summary = comp + " leader lease";
        if (r.leases().isEmpty()) {
            Problem why = r.masters().stream().map(ApiserverReport.Master::problem).filter(x -> x != null)
                    .findFirst().orElse(Problem.error("kubectl on the masters read nothing", "kubectl --kubeconfig " + ProbeCommands.MASTER_KUBECONFIG + " --server https://127.0.0.1:6443 -n kube-system get"
                            + " lease on a master"));
            return ProbeResult.fail(p.type(), summary + ": cannot be read", List.of(why.prefixed("no"
                    + " kube-apiserver answered the lease query: ")), r.commands());
        }
        var l = r.lease(comp);
        if (l.isEmpty()) {
            return ProbeResult.fail(p.type(), summary + ": not found", List.of(Problem.error("there is no Lease kube-system/" + comp
                    + ": " + comp + " has never become leader", "systemctl status " + comp + "; journalctl -u "
                    + comp + " -n 50 (on the masters)")), r.commands());
        }
        if (!l.get().held()) {
            return ProbeResult.fail(p.type(), summary + ": not held", List.of(l.get().problem()), r.commands());
        }
        return ProbeResult.pass(p.type(), summary + " held by " + l.get().holderNode(), r.commands())
                .about(summary + " held");
    }

    // ----------------------------------------------------------------------------------- api-healthy --

    /** The lesson probe {@code api-healthy}: {@code /healthz} at the API endpoint, from the client node. */
    public static final ProbeKind<Probe.ApiHealthy, ProbeResult> HEALTHY = new ProbeKind<>() {
        @Override
        public ProbeResult real(RealProbing lab, Probe.ApiHealthy p) {
            ClusterModel c = lab.cluster();
            String from = c.clientNode();
            String endpoint = c.apiEndpoint();
            String cmd = ProbeCommands.healthz(endpoint);
            List<String> cmds = List.of(ProbeCommands.on(from, cmd));
            String summary = "API " + endpoint + "/healthz";
            try {
                ExecResult r = lab.exec(from, cmd);
                if (r.ok() && ToolOutput.healthzOk(r.stdout())) {
                    return ProbeResult.pass(p.type(), summary + ": ok", cmds);
                }
                String why = r.ok() ? "it answered: " + ToolOutput.lastLine(r.stdout())
                        : ToolOutput.curlError(r.exitCode());
                return ProbeResult.fail(p.type(), summary + ": not ok", List.of(Problem.error(from + ": " + endpoint + "/healthz "
                        + why, "check vip, inspect lb, and systemctl status kube-apiserver on the masters")),
                        cmds);
            } catch (TargetException e) {
                return ProbeResult.fail(p.type(), summary + ": could not be asked", List.of(e.problem()), cmds);
            }
        }

        @Override
        public ProbeResult sim(SimProbing lab, Probe.ApiHealthy p) {
            SimModel.ApiHealth h = lab.model().apiHealth();
            List<String> cmds = List.of(ProbeCommands.on(lab.cluster().clientNode(),
                    ProbeCommands.healthz(h.endpoint())));
            return h.ok()
                    ? ProbeResult.pass(p.type(), "API " + h.endpoint() + "/healthz: ok"
                    + (h.via() == null ? "" : " (via " + h.via() + ")"), cmds)
                    : ProbeResult.fail(p.type(), "API " + h.endpoint() + "/healthz: not ok", List.of(h.problem()),
                    cmds);
        }
    };
}
