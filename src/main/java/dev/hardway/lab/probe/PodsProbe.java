package dev.hardway.lab.probe;

import dev.hardway.Problem;
import dev.hardway.lab.Probe;
import dev.hardway.lab.ProbeCommands;
import dev.hardway.lab.ProbeResult;
import dev.hardway.lab.real.KubeOutput;
import dev.hardway.lab.real.ToolOutput;
import dev.hardway.lab.sim.SimWorkloads;
import dev.hardway.target.ExecResult;
import dev.hardway.target.TargetException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The lesson probe {@code pods-running}: at least {@code count} pods of a label selector are Running and Ready.
 * A pod that is not is named with its state; what its logs show is matched against the known traps
 * ({@link Traps}: CoreDNS's loop plugin, RBAC without EndpointSlices, ...).
 */
public final class PodsProbe implements ProbeKind<Probe.PodsRunning, ProbeResult> {

    public static final PodsProbe INSTANCE = new PodsProbe();

    private PodsProbe() {
    }

    /** One pod as both labs see it: {@code why} is its state's detail when it is not Ready. */
    record Seen(String name, String node, String status, boolean ready, Problem why, String waiting) {
    }

    private static String what(Probe.PodsRunning p) {
        return "pods " + p.selector() + " in " + p.namespace();
    }

    @Override
    public ProbeResult real(RealProbing lab, Probe.PodsRunning p) {
        String from = lab.cluster().clientNode();
        String cmd = ProbeCommands.pods(p.namespace(), p.selector());
        List<String> cmds = new ArrayList<>(List.of(ProbeCommands.on(from, cmd)));
        try {
            ExecResult r = lab.exec(from, cmd);
            if (!r.ok()) {
                return ProbeResult.fail(p.type(), what(p) + ": could not be listed", List.of(Problem.error(from + ": kubectl get"
                        + " pods failed: " + ToolOutput.lastLine(r.stderr()), "check apiserver")), cmds);
            }
            List<Seen> seen = KubeOutput.pods(r.stdout()).stream().map(s -> new Seen(s.name(), s.node(), s.status(),
                    s.runningAndReady(), s.message() == null || s.message().isEmpty() ? null
                    : Problem.error(s.message(), null), s.waiting())).toList();
            String logsCmd = ProbeCommands.podLogs(p.namespace(), p.selector());
            return judge(p, seen, () -> {
                cmds.add(ProbeCommands.on(from, logsCmd));
                try {
                    return lab.exec(from, logsCmd).stdout();
                } catch (TargetException e) {
                    return "";
                }
            }, null, cmds);
        } catch (TargetException e) {
            return ProbeResult.fail(p.type(), what(p) + ": could not be asked", List.of(RealProbing.problemOf(e)), cmds);
        }
    }

    @Override
    public ProbeResult sim(SimProbing lab, Probe.PodsRunning p) {
        SimWorkloads w = SimWorkloads.of(lab.model());
        String from = lab.cluster().clientNode();
        List<SimWorkloads.Pod> pods = w.pods(p.namespace(), selector(p.selector()));
        List<Seen> seen = pods.stream().map(x -> new Seen(x.name(), x.node() == null ? "" : x.node(), x.phase(),
                x.running() && x.ready(), x.reason(), "")).toList();
        List<String> cmds = new ArrayList<>(List.of(ProbeCommands.on(from, ProbeCommands.pods(p.namespace(),
                p.selector()))));
        Problem why = w.whyNoPods();
        if (why == null && pods.isEmpty()) {
            why = w.objects().stream().filter(s -> s.object().kind().equals("Deployment")
                    && s.object().namespace().equals(p.namespace())
                    && s.object().labels("spec.template.metadata.labels").entrySet()
                    .containsAll(selector(p.selector()).entrySet()))
                    .map(s -> w.failedCreate(s.object())).filter(java.util.Objects::nonNull).findFirst()
                    .orElse(Problem.error("no Deployment in " + p.namespace() + " makes such pods (simulated)", "lesson run"));
        }
        Problem noPods = why;
        return judge(p, seen, () -> {
            cmds.add(ProbeCommands.on(from, ProbeCommands.podLogs(p.namespace(), p.selector())));
            return String.join("\n", pods.stream().flatMap(x -> x.logs().stream()).toList());
        }, noPods, cmds);
    }

    /** Parses an equality selector {@code a=b,c=d} (Probes.parse checked its form). */
    static Map<String, String> selector(String s) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : s.split(",")) {
            int eq = pair.indexOf('=');
            out.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
        }
        return out;
    }

    /** The one verdict of both labs. {@code logs} is asked only when a pod is not Ready. */
    static ProbeResult judge(Probe.PodsRunning p, List<Seen> pods, Supplier<String> logs, Problem noPods,
                             List<String> cmds) {
        long ready = pods.stream().filter(Seen::ready).count();
        String summary = ready + "/" + Math.max(p.count(), pods.size()) + " " + what(p) + " Running and Ready";
        if (ready >= p.count()) {
            return ProbeResult.pass(p.type(), summary, cmds).about(what(p) + " Running and Ready");
        }
        List<Problem> problems = new ArrayList<>();
        if (pods.isEmpty()) {
            String head = "no pod in " + p.namespace() + " matches -l " + p.selector();
            String look = "kubectl -n " + p.namespace() + " get deploy,rs,events";
            problems.add(noPods == null ? Problem.error(head, look)
                    : (noPods.fix() == null ? noPods.withFix(look) : noPods).prefixed(head + ": "));
        }
        for (Seen s : pods) {
            if (s.ready()) {
                continue;
            }
            String on = s.node().isEmpty() ? " (not scheduled)" : " on " + s.node();
            Problem pull = Traps.imagePull(s.name(), s.waiting(), s.why() == null ? "" : s.why().what());
            String head = s.name() + on + " is " + s.status();
            String look = "kubectl -n " + p.namespace() + " describe pod " + s.name();
            problems.add(pull != null ? pull : s.why() == null || s.why().what().isEmpty() ? Problem.error(head, look)
                    : (s.why().fix() == null ? s.why().withFix(look) : s.why()).prefixed(head + ": "));
        }
        if (!pods.isEmpty()) {
            problems.addAll(Traps.inLogs(logs.get()));
        }
        if (ready < p.count() && pods.size() < p.count() && !pods.isEmpty()) {
            problems.add(Problem.error("only " + pods.size() + " such pods exist, " + p.count() + " wanted", "spec.replicas"));
        }
        return ProbeResult.fail(p.type(), summary, problems, cmds).about(what(p) + " Running and Ready");
    }
}
