package dev.hardway.lab.probe;

import dev.hardway.cluster.ClusterConfig.Node;
import dev.hardway.cluster.ClusterModel;
import dev.hardway.lab.Probe;
import dev.hardway.lab.ProbeCommands;
import dev.hardway.lab.ProbeResult;
import dev.hardway.lab.fault.Fault;
import dev.hardway.lab.inspect.ApiserverReport;
import dev.hardway.lab.inspect.ScriptSections;
import dev.hardway.lab.probe.RealProbing.Http;
import dev.hardway.lab.probe.RealProbing.Outcome;
import dev.hardway.lab.real.ToolOutput;
import dev.hardway.lab.sim.SimModel;
import dev.hardway.target.ExecResult;
import dev.hardway.target.TargetException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * kube-apiserver per master (unit, /healthz, /readyz, version) and as clients reach it: {@code inspect | check
 * apiserver}, topology; and the lesson probe {@code api-healthy} ({@link #HEALTHY}: one curl from the client node).
 * A master where the unit is not installed yet says so ({@link ApiserverReport.Master#NOT_INSTALLED}) instead of
 * failing.
 */
public final class ApiserverProbe implements ProbeKind<Void, ApiserverReport> {

    public static final ApiserverProbe INSTANCE = new ApiserverProbe();
    private static final Pattern GIT_VERSION = Pattern.compile("\"gitVersion\"\\s*:\\s*\"([^\"]+)\"");

    private ApiserverProbe() {
    }

    static ScriptSections script() {
        String base = "https://127.0.0.1:" + ClusterModel.APISERVER_PORT;
        return new ScriptSections().add("api-unit", "systemctl is-active kube-apiserver")
                .add("api-load", "systemctl show -p LoadState --value kube-apiserver")
                .add("api-healthz", ProbeCommands.curl(base + "/healthz"))
                .add("api-readyz", ProbeCommands.curl(base + "/readyz"))
                .add("api-version", ProbeCommands.curl(base + "/version"));
    }

    /** "kube-apiserver is not installed on master1, master2 yet: a later lesson installs it." */
    static String notInstalled(List<String> nodes) {
        return "kube-apiserver is not installed on " + String.join(", ", nodes) + " yet: a later lesson installs it"
                + " (lesson list)";
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
        plan.merge(from, VipProbe.clientScript(c), RealProbing::union);
        Map<String, Outcome> res = lab.run(plan, fs, commands);
        List<ApiserverReport.Master> masters = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<String> missing = new ArrayList<>();
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
            Http rz = RealProbing.http(o.s("api-readyz"));
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
        if (!missing.isEmpty()) {
            problems.add(0, notInstalled(missing));
        }
        Outcome client = res.get(from);
        ApiserverReport.Access access;
        String url = c.apiEndpoint() + "/healthz";
        if (!client.ok()) {
            access = new ApiserverReport.Access(from, url, false, "could not be asked", client.problem());
        } else {
            Http h = RealProbing.http(client.s("ep-healthz"));
            access = new ApiserverReport.Access(from, url, h.ok(), h.text(), h.ok() ? null : from + ": " + url + " "
                    + h.text() + ". Try: check vip, inspect lb");
        }
        if (access.problem() != null && missing.size() < c.masters().size()) {
            problems.add(access.problem());
        }
        return new ApiserverReport(false, c.apiEndpoint(), access, masters, problems, commands);
    }

    // ----------------------------------------------------------------------------------------------- sim --

    @Override
    public ApiserverReport sim(SimProbing lab, Void q) {
        ClusterModel c = lab.cluster();
        SimModel m = lab.model();
        List<ApiserverReport.Master> masters = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<String> commands = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        String version = "v" + c.config().versions().kubernetes();
        for (Node n : c.masters()) {
            String name = n.name();
            commands.add(ProbeCommands.on(name, script().commands().get(0)));
            if (!m.isUp(name)) {
                String p = name + " is powered off (simulated). Try: heal " + name;
                masters.add(new ApiserverReport.Master(name, false, "unknown", false, null, false, null, null, p));
                problems.add(p);
                continue;
            }
            if (!m.isEnabled(name, SimModel.APISERVER)) {
                missing.add(name);
                masters.add(new ApiserverReport.Master(name, true, ApiserverReport.Master.NOT_INSTALLED, false, "-",
                        false, "-", null, null));
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
        if (!missing.isEmpty()) {
            problems.add(0, notInstalled(missing));
        }
        SimModel.ApiHealth h = m.apiHealth();
        String from = c.clientNode();
        commands.add(ProbeCommands.on(from, ProbeCommands.healthz(h.endpoint())));
        ApiserverReport.Access access = new ApiserverReport.Access(from, h.endpoint() + "/healthz", h.ok(),
                h.ok() ? "ok" + (h.via() == null ? "" : " (via " + h.via() + ")") : h.problem(),
                h.ok() ? null : from + ": " + h.endpoint() + "/healthz: " + h.problem());
        if (!h.ok() && missing.size() < c.masters().size()) {
            problems.add(access.problem());
        }
        return new ApiserverReport(true, c.apiEndpoint(), access, masters, problems, commands);
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
                return ProbeResult.fail(p.type(), summary + ": not ok", List.of(from + ": " + endpoint + "/healthz "
                        + why + ". Try: check vip, inspect lb, and systemctl status kube-apiserver on the masters"),
                        cmds);
            } catch (TargetException e) {
                return ProbeResult.fail(p.type(), summary + ": could not be asked", List.of(e.getMessage()), cmds);
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
