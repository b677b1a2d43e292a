package dev.hardway.lab.probe;

import dev.hardway.Problem;
import dev.hardway.lab.Probe;
import dev.hardway.lab.ProbeCommands;
import dev.hardway.lab.ProbeResult;
import dev.hardway.lab.Verdicts;
import dev.hardway.lab.Verdicts.NodeCheck;
import dev.hardway.lab.inspect.ScriptSections;
import dev.hardway.lab.inspect.ScriptSections.Section;
import dev.hardway.lab.runtime.CgroupFacts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The lesson probe {@code cgroup-v2} (lesson 08): /sys/fs/cgroup is cgroup2fs on every listed node, with the
 * required controllers. Simulated: the lab's machines are Ubuntu 24.04 / Debian 12 boxes, which boot cgroup v2
 * with every controller; a powered-off node cannot be asked.
 */
public final class CgroupProbe implements ProbeKind<Probe.CgroupV2, ProbeResult> {

    public static final CgroupProbe INSTANCE = new CgroupProbe();
    /** What Ubuntu 24.04's and Debian 12's root cgroup offers (cgroup.controllers), for the simulated lab. */
    static final Set<String> BOX_CONTROLLERS = Set.of("cpuset", "cpu", "io", "memory", "hugetlb", "pids", "rdma",
            "misc");

    private CgroupProbe() {
    }

    static ScriptSections sections() {
        return new ScriptSections().add("fs", "stat -fc %T /sys/fs/cgroup")
                .add("controllers", "cat /sys/fs/cgroup/cgroup.controllers");
    }

    /** The facts from one node's sections (public for the parsing tests). */
    public static CgroupFacts facts(String node, Map<String, Section> s) {
        String fs = s.getOrDefault("fs", new Section("fs", "", "", -1)).out().strip();
        String ctl = s.getOrDefault("controllers", new Section("controllers", "", "", -1)).out().strip();
        return new CgroupFacts(node, fs.isEmpty() ? "unknown" : fs,
                ctl.isEmpty() ? Set.of() : Set.of(ctl.split("\\s+")), null);
    }

    private static NodeCheck verdict(CgroupFacts f, List<String> required) {
        List<Problem> problems = f.problems(required);
        return problems.isEmpty() ? NodeCheck.ok(f.node()) : NodeCheck.fail(f.node(), problems);
    }

    private static String what(Probe.CgroupV2 p) {
        return "cgroup v2" + (p.controllers().isEmpty() ? "" : " with " + String.join(", ", p.controllers()));
    }

    @Override
    public ProbeResult real(RealProbing lab, Probe.CgroupV2 p) {
        Map<String, ScriptSections> plan = new LinkedHashMap<>();
        p.nodes().forEach(n -> plan.put(n, sections()));
        List<String> cmds = new ArrayList<>();
        List<NodeCheck> checks = new ArrayList<>();
        lab.run(plan, lab.faults(), cmds).forEach((n, o) -> checks.add(o.ok()
                ? verdict(facts(n, o.sections()), p.controllers()) : NodeCheck.fail(n, o.problem())));
        return Verdicts.perNode(p.type(), what(p), checks, cmds);
    }

    @Override
    public ProbeResult sim(SimProbing lab, Probe.CgroupV2 p) {
        List<NodeCheck> checks = p.nodes().stream().map(n -> verdict(lab.model().isUp(n)
                ? new CgroupFacts(n, "cgroup2fs", BOX_CONTROLLERS, null)
                : new CgroupFacts(n, "unknown", Set.of(), Problem.error(n + " is powered off (simulated)", "heal " + n)),
                p.controllers())).toList();
        List<String> cmds = new ArrayList<>();
        p.nodes().forEach(n -> sections().commands().forEach(c -> cmds.add(ProbeCommands.on(n, c))));
        return Verdicts.perNode(p.type(), what(p), checks, cmds);
    }
}
