package dev.hardway.lab.real;

import dev.hardway.Problem;
import dev.hardway.cluster.ClusterModel;
import dev.hardway.lab.Lab;
import dev.hardway.lab.Probe;
import dev.hardway.lab.ProbeCommands;
import dev.hardway.lab.ProbeResult;
import dev.hardway.lab.StepAction;
import dev.hardway.lab.StepOutcome;
import dev.hardway.lab.fault.FaultStore;
import dev.hardway.lab.probe.LessonProbes;
import dev.hardway.lab.probe.RealProbing;
import dev.hardway.lab.probe.ScriptProbe;
import dev.hardway.target.ExecResult;
import dev.hardway.target.FanOut;
import dev.hardway.target.NodeTarget;
import dev.hardway.target.OutputListener;
import dev.hardway.target.TargetException;
import dev.hardway.target.TargetPool;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The lab on real nodes (Vagrant VMs, existing hosts, the namespace test bed), reached through a {@link TargetPool}
 * the caller builds and owns ({@link #close()} does not close it). Steps run on their nodes in parallel; probes run
 * the upstream tools ({@link ProbeCommands}) and parse their output ({@link ToolOutput}).
 *
 * <p>Probes are the real halves of the probe kinds in {@code dev.hardway.lab.probe}, the same ones {@code inspect}
 * and {@code check} use, so a lesson check and {@code check etcd} cannot disagree. Tested with in-memory
 * targets (RealLabTest), stubbed tools (RealInspectorTest) and on the namespace test bed (RealLabIT,
 * LessonsOnTestBedIT).
 */
public final class RealLab implements Lab {

    private final ClusterModel cluster;
    private final TargetPool pool;
    private final RealProbing probing;
    private volatile FanOut running;

    /** @param faults what hardway broke in this lab: the etcd and VIP probes do not wait on nodes it powered off */
    public RealLab(ClusterModel cluster, TargetPool pool, FaultStore faults) {
        this.cluster = cluster;
        this.pool = pool;
        this.probing = new RealProbing(cluster, pool, faults, java.time.Clock.systemUTC());
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
                (node, e) -> StepOutcome.NodeOutcome.failed(node, e, true, Duration.ZERO));
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
                    return StepOutcome.NodeOutcome.failed(node, -1, "cannot copy " + c.fromNode() + ":"
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
                    return StepOutcome.NodeOutcome.failed(node, exit(r), Problem.error("the step's script exited with "
                            + exit(r) + (last.isEmpty() ? "" : ": " + last), "read the output above, fix the cause on the node, then run the step again").sentence(), false,
                            since(start));
                }
                return StepOutcome.NodeOutcome.ok(node, exit(r), since(start));
            }
            return StepOutcome.NodeOutcome.ok(node, 0, since(start));
        } catch (TargetException e) {
            return StepOutcome.NodeOutcome.failed(node, e, cannotReach(e), since(start));
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
        probing.cancel();
    }

    // --------------------------------------------------------------------------------------------- probes --

    /** Each probe type's real half lives in {@code dev.hardway.lab.probe} (LessonProbes maps types to kinds). */
    @Override
    public ProbeResult probe(Probe probe) {
        return LessonProbes.real(probing, probe);
    }

    @Override
    public ProbeResult script(String node, String script, String expectRegex) {
        return ScriptProbe.INSTANCE.real(probing, new ScriptProbe.Query(node, script, expectRegex));
    }
}
