package dev.hardway.lab.real;

import dev.hardway.cluster.ClusterConfig.Node;
import dev.hardway.cluster.ClusterModel;
import dev.hardway.lab.Lab;
import dev.hardway.lab.Probe;
import dev.hardway.lab.ProbeCommands;
import dev.hardway.lab.ProbeResult;
import dev.hardway.lab.StepAction;
import dev.hardway.lab.StepOutcome;
import dev.hardway.lab.Verdicts;
import dev.hardway.lab.Verdicts.NodeCheck;
import dev.hardway.lab.fault.FaultStore;
import dev.hardway.lab.inspect.EtcdReport;
import dev.hardway.lab.inspect.LbReport;
import dev.hardway.lab.inspect.RealInspector;
import dev.hardway.target.ExecResult;
import dev.hardway.target.FanOut;
import dev.hardway.target.NodeTarget;
import dev.hardway.target.OutputListener;
import dev.hardway.target.TargetException;
import dev.hardway.target.TargetPool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The lab on real nodes (Vagrant VMs, existing hosts, the namespace test bed), reached through a {@link TargetPool}
 * the caller builds and owns ({@link #close()} does not close it). Steps run on their nodes in parallel; probes run
 * the upstream tools ({@link ProbeCommands}) and parse their output ({@link ToolOutput}).
 *
 * <p>The etcd-healthy and vip-held probes are decided on the {@link RealInspector}'s reports, the ones {@code
 * inspect} and {@code check} show, so a lesson check and {@code check etcd} cannot disagree. Tested with in-memory
 * targets (RealLabTest), stubbed tools (RealInspectorTest) and on the namespace test bed (RealLabIT,
 * LessonsOnTestBedIT).
 */
public final class RealLab implements Lab {

    /** Probes are quick commands; a node that does not answer within this is reported, not waited for. */
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(20);

    private final ClusterModel cluster;
    private final TargetPool pool;
    private final RealInspector inspector;
    private volatile FanOut running;

    /** @param faults what hardway broke in this lab: the etcd and VIP probes do not wait on nodes it powered off */
    public RealLab(ClusterModel cluster, TargetPool pool, FaultStore faults) {
        this.cluster = cluster;
        this.pool = pool;
        this.inspector = new RealInspector(cluster, pool, faults, java.time.Clock.systemUTC());
    }

    @Override
    public ClusterModel cluster() {
        return cluster;
    }

    @Override
    public boolean simulated() {
        return false;
    }

    @Override
    public void close() {
        // the pool belongs to the caller (the shell keeps it across labs and commands)
    }

    // ---------------------------------------------------------------------------------------------- steps --

    @Override
    public StepOutcome apply(StepAction action, OutputListener out) {
        OutputListener o = out == null ? OutputListener.NONE : out;
        Map<String, byte[]> copyCache = new HashMap<>();
        Map<String, StepAction.NodeAction> byNode = new LinkedHashMap<>();
        action.nodes().forEach(na -> byNode.put(na.node(), na));
        if (byNode.size() != action.nodes().size()) {
            throw new IllegalArgumentException(action.label() + ": a node appears twice in one step");
        }
        List<StepOutcome.NodeOutcome> outcomes = onNodes(List.copyOf(byNode.keySet()),
                t -> applyOne(t, byNode.get(t.node()), action.timeout(), o, copyCache),
                (node, e) -> new StepOutcome.NodeOutcome(node, -1, e.getMessage(), true, Duration.ZERO));
        return new StepOutcome(outcomes);
    }

    private StepOutcome.NodeOutcome applyOne(NodeTarget t, StepAction.NodeAction na, Duration timeout,
                                             OutputListener o, Map<String, byte[]> copyCache) {
        long start = System.nanoTime();
        String node = na.node();
        try {
            for (StepAction.FileWrite f : na.files()) {
                t.put(f.path(), f.content(), f.mode(), f.owner());
            }
            for (StepAction.FileCopy c : na.copies()) {
                byte[] bytes;
                try {
                    bytes = fetch(copyCache, c.fromNode(), c.fromPath());
                } catch (TargetException e) {
                    return new StepOutcome.NodeOutcome(node, -1, node + ": cannot copy " + c.fromNode() + ":"
                            + c.fromPath() + ": " + e.getMessage(), cannotReach(e), since(start));
                }
                t.put(c.toPath(), bytes, c.mode(), c.owner());
            }
            if (na.script() != null && !na.script().isBlank()) {
                ExecResult r = t.exec(na.script(), options(timeout), o);
                if (!r.ok()) {
                    String last = ToolOutput.lastLine(r.stderr());
                    if (last.isEmpty()) {
                        last = ToolOutput.lastLine(r.stdout());
                    }
                    return new StepOutcome.NodeOutcome(node, exit(r), node + ": the step's script exited with "
                            + exit(r) + (last.isEmpty() ? "" : ": " + last) + ". Try: read the output above,"
                            + " fix the cause on " + node + ", then run the step again", false, since(start));
                }
                return new StepOutcome.NodeOutcome(node, exit(r), null, false, since(start));
            }
            return new StepOutcome.NodeOutcome(node, 0, null, false, since(start));
        } catch (TargetException e) {
            return new StepOutcome.NodeOutcome(node, -1, e.getMessage(), cannotReach(e), since(start));
        }
    }

    /**
     * Whether a failure is about reaching a node (exit code 3), rather than the step: a missing copy source, a
     * failed upload or a script past its timeout are the step's problem on a node that answers.
     */
    private static boolean cannotReach(TargetException e) {
        return switch (e.kind()) {
            case UNREACHABLE, REFUSED, AUTH_FAILED, HOST_KEY_MISMATCH -> true;
            default -> false;
        };
    }

    /** Copies read each source file once per step, however many nodes receive it. */
    private byte[] fetch(Map<String, byte[]> cache, String fromNode, String path) throws TargetException {
        String key = fromNode + ":" + path;
        synchronized (cache) {
            byte[] b = cache.get(key);
            if (b == null) {
                b = pool.target(fromNode).get(path);
                cache.put(key, b);
            }
            return b;
        }
    }

    // The only places that know the seam's exec-option and exit-code shapes.
    private static dev.hardway.target.ExecOptions options(Duration timeout) {
        return dev.hardway.target.ExecOptions.timeout(timeout);
    }

    private static int exit(ExecResult r) {
        return r.exitCode();
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /**
     * Runs a task on each node through {@link FanOut} (bounded, results in node order); a node whose task threw
     * (cancelled, unreachable) gets {@code onError}'s value. The running fan-out is kept so {@link #cancel()} can
     * stop it.
     */
    private <R> List<R> onNodes(List<String> nodes, FanOut.NodeTask<R> task,
                                BiFunction<String, TargetException, R> onError) {
        FanOut f = new FanOut(pool);
        running = f;
        try {
            return f.run(nodes, task).stream().map(r -> r.ok() ? r.result() : onError.apply(r.node(), r.error()))
                    .toList();
        } finally {
            running = null;
        }
    }

    /** Ctrl-C: cancels the commands of the step or probe running now on every node (any thread). */
    @Override
    public void cancel() {
        FanOut f = running;
        if (f != null) {
            f.cancel();
        }
    }

    // --------------------------------------------------------------------------------------------- probes --

    /** Runs one probe command; a node that cannot be reached throws, a non-zero exit is a result. */
    private ExecResult run(String node, String command) throws TargetException {
        return pool.target(node).exec(command, options(PROBE_TIMEOUT), OutputListener.NONE);
    }

    @Override
    public ProbeResult probe(Probe probe) {
        if (probe instanceof Probe.ServiceActive p) {
            String cmd = ProbeCommands.serviceActive(p.service());
            List<NodeCheck> checks = onNodes(p.nodes(), t -> {
                String n = t.node();
                ExecResult r = t.exec(cmd, options(PROBE_TIMEOUT), OutputListener.NONE);
                String state = ToolOutput.unitStates(List.of(p.service()), r.stdout()).get(p.service());
                return "active".equals(state) ? NodeCheck.ok(n) : NodeCheck.fail(n, p.service() + " is " + state
                        + " on " + n + ". Try: systemctl status " + p.service() + "; journalctl -u "
                        + p.service() + " -n 50 (on " + n + ")");
            }, RealLab::unreachable);
            return Verdicts.perNode(p.type(), p.service() + " active", checks,
                    p.nodes().stream().map(n -> ProbeCommands.on(n, cmd)).toList());
        }
        if (probe instanceof Probe.FileExists p) {
            List<NodeCheck> checks = onNodes(p.nodes(), t -> {
                String n = t.node();
                ExecResult r = t.exec(ProbeCommands.fileExists(p.pathOn(n)), options(PROBE_TIMEOUT),
                        OutputListener.NONE);
                return r.ok() ? NodeCheck.ok(n) : NodeCheck.fail(n, p.pathOn(n) + " is missing or empty on " + n
                        + ". Try: run the step that puts it there (lesson run)");
            }, RealLab::unreachable);
            return Verdicts.perNode(p.type(), p.path() + " present", checks, p.nodes().stream()
                    .map(n -> ProbeCommands.on(n, ProbeCommands.fileExists(p.pathOn(n)))).toList());
        }
        if (probe instanceof Probe.EtcdHealthy p) {
            // the same report inspect etcd and check etcd decide on: one etcdctl command line, one quorum rule
            EtcdReport r = inspector.etcd();
            if (r.answeredBy() == null) {
                return ProbeResult.fail(p.type(), "etcd: could not be asked", r.problems(), r.commands());
            }
            return r.status().verdict(p.members(), r.commands());
        }
        if (probe instanceof Probe.VipHeld p) {
            LbReport r = inspector.lb();
            return r.vipStatus().verdict(r.commands());
        }
        if (probe instanceof Probe.ApiHealthy p) {
            return apiHealthy(p);
        }
        if (probe instanceof Probe.NodeReady p) {
            return nodeReady(p);
        }
        if (probe instanceof Probe.PortOpen p) {
            return portOpen(p);
        }
        throw new IllegalArgumentException("probe type " + probe.type() + " has no real implementation");
    }

    private String clientNode() {
        return cluster.clientNode();
    }

    private ProbeResult apiHealthy(Probe.ApiHealthy p) {
        String from = clientNode();
        String endpoint = cluster.apiEndpoint();
        String cmd = ProbeCommands.healthz(endpoint);
        List<String> cmds = List.of(ProbeCommands.on(from, cmd));
        String summary = "API " + endpoint + "/healthz";
        try {
            ExecResult r = run(from, cmd);
            if (r.ok() && ToolOutput.healthzOk(r.stdout())) {
                return ProbeResult.pass(p.type(), summary + ": ok", cmds);
            }
            String why = r.ok() ? "it answered: " + ToolOutput.lastLine(r.stdout()) : ToolOutput.curlError(exit(r));
            return ProbeResult.fail(p.type(), summary + ": not ok", List.of(from + ": " + endpoint + "/healthz " + why
                    + ". Try: check vip, inspect lb, and systemctl status kube-apiserver on the masters"), cmds);
        } catch (TargetException e) {
            return ProbeResult.fail(p.type(), summary + ": could not be asked", List.of(e.getMessage()), cmds);
        }
    }

    private ProbeResult nodeReady(Probe.NodeReady p) {
        String from = clientNode();
        String cmd = ProbeCommands.kubectlNodes();
        List<String> cmds = List.of(ProbeCommands.on(from, cmd));
        List<NodeCheck> checks = new ArrayList<>();
        try {
            ExecResult r = run(from, cmd);
            if (!r.ok()) {
                String why = from + ": kubectl get nodes failed: " + ToolOutput.lastLine(r.stderr())
                        + ". Try: check apiserver";
                p.nodes().forEach(n -> checks.add(NodeCheck.fail(n, why)));
            } else {
                Map<String, ToolOutput.NodeState> nodes = ToolOutput.kubeNodes(r.stdout());
                for (String n : p.nodes()) {
                    ToolOutput.NodeState s = nodes.get(n);
                    if (s == null) {
                        checks.add(NodeCheck.fail(n, n + " is not registered (kubectl get nodes does not list it)."
                                + " Try: systemctl status kubelet; journalctl -u kubelet -n 50 (on " + n + ")"));
                    } else if (!s.isReady()) {
                        checks.add(NodeCheck.fail(n, n + " is not Ready (Ready=" + s.ready() + ", " + s.reason()
                                + (s.message().isEmpty() ? "" : ": " + s.message()) + "). Try: journalctl -u kubelet"
                                + " -n 50 (on " + n + ")"));
                    } else {
                        checks.add(NodeCheck.ok(n));
                    }
                }
            }
        } catch (TargetException e) {
            p.nodes().forEach(n -> checks.add(NodeCheck.fail(n, e.getMessage())));
        }
        return Verdicts.perNode(p.type(), "Ready", checks, cmds);
    }

    private ProbeResult portOpen(Probe.PortOpen p) {
        String cmd = ProbeCommands.portOpen(p.host(), p.port());
        List<String> cmds = List.of(ProbeCommands.on(p.from(), cmd));
        String summary = p.host() + ":" + p.port() + " from " + p.from();
        try {
            ExecResult r = run(p.from(), cmd);
            if (r.ok()) {
                return ProbeResult.pass(p.type(), summary + ": open", cmds);
            }
            String why = exit(r) == 124 ? "timed out after 3 s (host down, or traffic dropped)"
                    : ToolOutput.lastLine(r.stderr()).isEmpty() ? "exit " + exit(r)
                    : ToolOutput.lastLine(r.stderr());
            return ProbeResult.fail(p.type(), summary + ": not reachable", List.of(p.from() + ": connection to "
                    + p.host() + ":" + p.port() + ": " + why + ". Try: is the service running and listening there?"),
                    cmds);
        } catch (TargetException e) {
            return ProbeResult.fail(p.type(), summary + ": could not be asked", List.of(e.getMessage()), cmds);
        }
    }

    @Override
    public ProbeResult script(String node, String script, String expectRegex) {
        List<String> cmds = List.of(ProbeCommands.on(node, script.strip()));
        Pattern expect;
        try {
            expect = expectRegex == null ? null : Pattern.compile(expectRegex, Pattern.MULTILINE);
        } catch (PatternSyntaxException e) {
            return ProbeResult.fail("script", "script check on " + node + ": bad expect pattern",
                    List.of("expect /" + expectRegex + "/ is not a valid regular expression: " + e.getDescription()
                            + ". Try: fix the lesson's expect:"), cmds);
        }
        try {
            ExecResult r = run(node, script);
            if (!r.ok()) {
                String last = ToolOutput.lastLine(r.stderr().isBlank() ? r.stdout() : r.stderr());
                return ProbeResult.fail("script", "script check on " + node + ": exit " + exit(r),
                        List.of(node + ": the check exited with " + exit(r) + (last.isEmpty() ? "" : ": " + last)),
                        cmds);
            }
            if (expect != null && !expect.matcher(r.stdout()).find()) {
                return ProbeResult.fail("script", "script check on " + node + ": unexpected output",
                        List.of(node + ": the output does not match /" + expectRegex + "/: "
                                + ToolOutput.lastLine(r.stdout())), cmds);
            }
            return ProbeResult.pass("script", "script check on " + node + ": ok", cmds);
        } catch (TargetException e) {
            return ProbeResult.fail("script", "script check on " + node + ": could not run", List.of(e.getMessage()),
                    cmds);
        }
    }

    private static NodeCheck unreachable(String node, TargetException e) {
        return NodeCheck.fail(node, e.getMessage());
    }
}
