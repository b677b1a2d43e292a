package dev.hardway.lab.probe;

import dev.hardway.Problem;
import dev.hardway.lab.Probe;
import dev.hardway.lab.ProbeCommands;
import dev.hardway.lab.ProbeResult;
import dev.hardway.lab.Verdicts;
import dev.hardway.lab.Verdicts.NodeCheck;
import dev.hardway.lab.inspect.ScriptSections;
import dev.hardway.lab.inspect.ScriptSections.Section;
import dev.hardway.lab.runtime.RuntimeFacts;
import dev.hardway.lab.sim.SimRuntime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The lesson probe {@code runtime-ready} (lesson 08): containerd answers on each worker with its CRI plugin loaded,
 * and its config and surroundings have none of the known traps ({@link RuntimeFacts#problems()}). Real: one
 * script per node with ctr and the config file; simulated: {@link SimRuntime}.
 */
public final class RuntimeProbe implements ProbeKind<Probe.RuntimeReady, ProbeResult> {

    public static final RuntimeProbe INSTANCE = new RuntimeProbe();

    private RuntimeProbe() {
    }

    static ScriptSections sections() {
        return new ScriptSections()
                .add("version", "ctr version")
                .add("plugins", "ctr plugins ls")
                .add("deprecations", "ctr deprecations list")
                .add("config", "cat " + RuntimeFacts.CONFIG)
                .add("bins", "command -v runc; for p in loopback bridge host-local; do test -x /opt/cni/bin/$p && echo $p; done");
    }

    /** The facts from one node's sections (public for the parsing tests over recorded output). */
    public static RuntimeFacts facts(String node, Map<String, Section> s) {
        Section version = s.getOrDefault("version", new Section("version", "", "", -1));
        boolean answers = version.ok() && version.out().contains("Server:");
        Problem why = answers ? null : Problem.error("containerd does not answer on " + node + " (ctr version: "
                + RealProbing.firstLine(version.err(), "no answer") + ")", "systemctl status containerd;"
                + " journalctl -u containerd -n 50 (on " + node + ")");
        Section plugins = s.getOrDefault("plugins", new Section("plugins", "", "", -1));
        boolean cri = plugins.out().lines().map(String::strip)
                .anyMatch(l -> l.matches("io\\.containerd\\.grpc\\.v1\\s+cri\\s+.*\\bok$"));
        Section config = s.getOrDefault("config", new Section("config", "", "", -1));
        List<String> deprecations = new ArrayList<>();
        Section dep = s.getOrDefault("deprecations", new Section("deprecations", "", "", -1));
        for (String l : dep.out().split("\n")) {
            String t = l.strip();
            if (t.startsWith("io.containerd.deprecation/")) {
                deprecations.add(t.split("\\s+")[0]);
            }
        }
        String bins = s.getOrDefault("bins", new Section("bins", "", "", -1)).out();
        List<String> lines = bins.lines().map(String::strip).toList();
        return new RuntimeFacts(node, answers, why, cri, config.ok() ? config.out() : null, deprecations,
                lines.stream().anyMatch(l -> l.endsWith("/runc")), lines.contains("loopback"),
                lines.contains("bridge") && lines.contains("host-local"));
    }

    static NodeCheck verdict(RuntimeFacts f) {
        List<Problem> problems = f.problems();
        return problems.isEmpty() ? NodeCheck.ok(f.node()) : NodeCheck.fail(f.node(), problems);
    }

    private static List<String> commands(List<String> nodes) {
        List<String> out = new ArrayList<>();
        for (String n : nodes) {
            sections().commands().forEach(c -> out.add(ProbeCommands.on(n, c)));
        }
        return out;
    }

    @Override
    public ProbeResult real(RealProbing lab, Probe.RuntimeReady p) {
        Map<String, ScriptSections> plan = new LinkedHashMap<>();
        p.nodes().forEach(n -> plan.put(n, sections()));
        List<String> cmds = new ArrayList<>();
        List<NodeCheck> checks = new ArrayList<>();
        lab.run(plan, lab.faults(), cmds).forEach((n, o) -> checks.add(o.ok() ? verdict(facts(n, o.sections()))
                : NodeCheck.fail(n, o.problem())));
        return Verdicts.perNode(p.type(), "containerd ready", checks, cmds);
    }

    @Override
    public ProbeResult sim(SimProbing lab, Probe.RuntimeReady p) {
        SimRuntime rt = SimRuntime.of(lab.model());
        List<NodeCheck> checks = p.nodes().stream().map(n -> verdict(rt.runtime(n))).toList();
        return Verdicts.perNode(p.type(), "containerd ready", checks, commands(p.nodes()));
    }
}
