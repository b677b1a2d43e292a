package dev.hardway.lab.probe;

import dev.hardway.Problem;
import dev.hardway.cluster.ClusterConfig.Node;
import dev.hardway.cluster.ClusterModel;
import dev.hardway.lab.ProbeCommands;
import dev.hardway.lab.VipStatus;
import dev.hardway.lab.fault.Fault;
import dev.hardway.lab.inspect.NodeReport;
import dev.hardway.lab.inspect.ScriptSections;
import dev.hardway.lab.inspect.Units;
import dev.hardway.lab.probe.RealProbing.Outcome;
import dev.hardway.lab.sim.SimModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One machine ({@code inspect node <name>}): power, reachability, hardway's units and their states, recent journal
 * errors, addresses, routes, and whether it is cut off. The query is the node's name.
 *
 * @throws IllegalArgumentException (from both methods) for a node not in the cluster, with a "Try:"
 */
public final class NodeProbe implements ProbeKind<String, NodeReport> {

    public static final NodeProbe INSTANCE = new NodeProbe();

    static final String UNITS_SHOW = "systemctl show -p Id,LoadState,ActiveState,UnitFileState "
            + String.join(" ", Units.ALL.stream().map(u -> u + ".service").toList());
    static final String FW = "iptables -S 2>/dev/null | grep -c -- '--comment hardway-fault'";

    private NodeProbe() {
    }

    static ScriptSections script() {
        return new ScriptSections().add("units", UNITS_SHOW)
                .add("journal", "journalctl -p err -n 5 --no-pager -o short")
                .add("addr", ProbeCommands.ipAddr()).add("route", "ip -4 route show").add("fw", FW);
    }

    /** What {@code inspect cluster} asks every node: its units and whether it is cut off. */
    static ScriptSections summaryScript() {
        return new ScriptSections().add("units", UNITS_SHOW).add("fw", FW);
    }

    // ---------------------------------------------------------------------------------------------- real --

    @Override
    public NodeReport real(RealProbing lab, String name) {
        ClusterModel c = lab.cluster();
        Node n = Roles.node(c, name);
        List<Fault> fs = lab.faults();
        List<String> commands = new ArrayList<>();
        Outcome o = lab.run(Map.of(n.name(), script()), fs, commands).get(n.name());
        boolean partitioned = RealProbing.cutOffByUs(fs, n.name());
        if (!o.ok()) {
            return new NodeReport(false, n.name(), Roles.of(n), n.ip(), false, o.off() ? "off" : "unknown",
                    partitioned, List.of(), List.of(), List.of(), List.of(), List.of(o.problem()), commands);
        }
        Map<String, UnitInfo> units = unitStates(o.s("units").out());
        List<NodeReport.Unit> rows = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (String u : Units.ALL) {
            UnitInfo ui = units.get(u);
            if (ui == null || ui.notFound()) {
                continue;
            }
            rows.add(new NodeReport.Unit(u, ui.active(), ui.enabled()));
            if (!ui.active().equals("active") && ui.enabled().equals("enabled")) {
                problems.add(Problem.error(n.name() + ": " + u + " is " + ui.active() + " (enabled)", "systemctl status " + u
                        + "; journalctl -u " + u + " -n 50 (on " + n.name() + ")"));
            }
        }
        List<String> journal = o.s("journal").out().lines().filter(l -> !l.isBlank())
                .filter(l -> !l.startsWith("-- ")).toList();
        List<String> addrs = o.s("addr").out().lines().map(NodeProbe::addrLine).filter(Objects::nonNull).toList();
        List<String> routes = o.s("route").out().lines().filter(l -> !l.isBlank()).map(String::strip).toList();
        int rules = RealProbing.parseInt(RealProbing.firstLine(o.s("fw").out(), "0"));
        if (rules > 0) {
            partitioned = true;
            problems.add(Problem.error(n.name() + " has " + rules + " iptables rules tagged hardway-fault: it is cut off from the other nodes", "heal " + n.name()));
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

    // ----------------------------------------------------------------------------------------------- sim --

    @Override
    public NodeReport sim(SimProbing lab, String nodeName) {
        ClusterModel c = lab.cluster();
        SimModel m = lab.model();
        Node n = Roles.node(c, nodeName);
        String name = n.name();
        SimModel.NodeView view = m.nodes().stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
        List<String> commands = script().commands().stream().map(cmd -> ProbeCommands.on(name, cmd)).toList();
        if (!view.up()) {
            Problem p = Problem.error(name + " is powered off (simulated)", "heal " + name);
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
        List<Problem> problems = new ArrayList<>();
        if (view.partitioned()) {
            problems.add(Problem.error(name + " is cut off from the other nodes (network fault, simulated)", "heal " + name));
        }
        units.stream().filter(u -> !u.active()).forEach(u -> problems.add(m.whyInactive(name, u.name())));
        return new NodeReport(true, name, Roles.of(n), n.ip(), true, "on", view.partitioned(), units, journal, addrs,
                routes, problems, commands);
    }

    /** systemctl is-active as the model knows it: active, failed (killed), inactive; unknown when off. */
    static String unitState(SimModel m, String node, String unit) {
        if (!m.isUp(node)) {
            return "unknown";
        }
        if (m.isActive(node, unit)) {
            return "active";
        }
        boolean crashed = m.crashes().stream().anyMatch(x -> x.node().equals(node) && x.unit().equals(unit));
        return crashed ? "failed" : "inactive";
    }
}
