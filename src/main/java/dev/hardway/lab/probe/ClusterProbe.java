package dev.hardway.lab.probe;

import dev.hardway.Problem;
import dev.hardway.cluster.ClusterConfig.Node;
import dev.hardway.cluster.ClusterModel;
import dev.hardway.lab.fault.Fault;
import dev.hardway.lab.inspect.ApiserverReport;
import dev.hardway.lab.inspect.ClusterReport;
import dev.hardway.lab.inspect.EtcdReport;
import dev.hardway.lab.inspect.LbReport;
import dev.hardway.lab.inspect.ScriptSections;
import dev.hardway.lab.inspect.Units;
import dev.hardway.lab.probe.NodeProbe.UnitInfo;
import dev.hardway.lab.probe.RealProbing.Outcome;
import dev.hardway.lab.sim.SimControlPlane;
import dev.hardway.lab.sim.SimModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything at once ({@code inspect | check cluster}, {@code topology}): the etcd, API server and VIP probes
 * plus a summary per node, with the faults hardway recorded.
 */
public final class ClusterProbe implements ProbeKind<Void, ClusterReport> {

    public static final ClusterProbe INSTANCE = new ClusterProbe();

    private ClusterProbe() {
    }

    @Override
    public ClusterReport real(RealProbing lab, Void q) {
        ClusterModel c = lab.cluster();
        List<Fault> fs = lab.faults();
        List<String> commands = new ArrayList<>();
        EtcdReport etcd = EtcdProbe.real(lab, fs, commands);
        ApiserverReport api = ApiserverProbe.real(lab, fs, commands);
        LbReport lb = c.hasApiLb() ? VipProbe.real(lab, fs, commands) : null;
        Map<String, ScriptSections> plan = new LinkedHashMap<>();
        c.nodes().forEach(n -> plan.put(n.name(), NodeProbe.summaryScript()));
        Map<String, Outcome> res = lab.run(plan, fs, commands);
        List<ClusterReport.NodeSummary> nodes = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (Node n : c.nodes()) {
            Outcome o = res.get(n.name());
            if (!o.ok()) {
                nodes.add(new ClusterReport.NodeSummary(n.name(), Roles.of(n), n.ip(), false,
                        o.off() ? "off" : "unknown", RealProbing.cutOffByUs(fs, n.name()), List.of(), List.of(),
                        o.problem()));
                problems.add(o.problem());
                continue;
            }
            Map<String, UnitInfo> units = NodeProbe.unitStates(o.s("units").out());
            List<String> active = Units.ALL.stream().filter(u -> units.containsKey(u)
                    && units.get(u).active().equals("active")).toList();
            List<String> stopped = Units.ALL.stream().filter(u -> units.containsKey(u) && !units.get(u).notFound()
                    && !units.get(u).active().equals("active") && units.get(u).enabled().equals("enabled")).toList();
            boolean cut = RealProbing.cutOffByUs(fs, n.name())
                    || RealProbing.parseInt(RealProbing.firstLine(o.s("fw").out(), "0")) > 0;
            Problem problem = cut ? Problem.error(n.name() + " is cut off from the other nodes (iptables,"
                    + " hardway-fault)", "heal " + n.name(), Problem.Where.node(n.name())) : null;
            if (problem != null) {
                problems.add(problem);
            }
            nodes.add(new ClusterReport.NodeSummary(n.name(), Roles.of(n), n.ip(), true, "on", cut, active, stopped,
                    problem));
        }
        return new ClusterReport(false, c.name(), etcd, api, lb, nodes, fs, problems, commands);
    }

    @Override
    public ClusterReport sim(SimProbing lab, Void q) {
        SimModel m = lab.model();
        ClusterModel c = lab.cluster();
        EtcdReport etcd = EtcdProbe.INSTANCE.sim(lab, null);
        ApiserverReport api = ApiserverProbe.INSTANCE.sim(lab, null);
        LbReport lb = c.hasApiLb() ? VipProbe.INSTANCE.sim(lab, null) : null;
        List<ClusterReport.NodeSummary> nodes = new ArrayList<>();
        for (SimModel.NodeView v : m.nodes()) {
            Node n = c.node(v.name()).orElseThrow();
            // a control-plane unit without its files keeps restarting: not running, as systemctl would say
            List<String> active = Units.ALL.stream().filter(v.activeUnits()::contains)
                    .filter(u -> SimControlPlane.running(m, v.name(), u)).toList();
            List<String> stopped = v.up() ? Units.ALL.stream().filter(u -> v.stoppedUnits().contains(u)
                    || v.activeUnits().contains(u) && !active.contains(u)).toList() : List.of();
            Problem.Where on = Problem.Where.node(v.name());
            Problem problem = !v.up() ? Problem.error(v.name() + " is powered off (simulated)", "heal " + v.name(), on)
                    : v.partitioned() ? Problem.error(v.name() + " is cut off from the other nodes (simulated)",
                    "heal " + v.name(), on) : null;
            nodes.add(new ClusterReport.NodeSummary(v.name(), Roles.of(n), n.ip(), v.up(), v.up() ? "on" : "off",
                    v.partitioned(), active, stopped, problem));
        }
        List<Problem> problems = new ArrayList<>();
        nodes.stream().map(ClusterReport.NodeSummary::problem).filter(Objects::nonNull).forEach(problems::add);
        List<String> commands = new ArrayList<>(etcd.commands());
        commands.addAll(api.commands());
        if (lb != null) {
            commands.addAll(lb.commands());
        }
        return new ClusterReport(true, c.name(), etcd, api, lb, nodes, lab.faults(), problems, commands);
    }
}
