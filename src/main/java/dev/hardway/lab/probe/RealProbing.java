package dev.hardway.lab.probe;

import dev.hardway.Problem;
import dev.hardway.cluster.ClusterModel;
import dev.hardway.lab.ProbeCommands;
import dev.hardway.lab.fault.Fault;
import dev.hardway.lab.fault.FaultMode;
import dev.hardway.lab.fault.FaultStore;
import dev.hardway.lab.inspect.ScriptSections;
import dev.hardway.lab.inspect.ScriptSections.Section;
import dev.hardway.lab.real.ToolOutput;
import dev.hardway.target.ExecOptions;
import dev.hardway.target.ExecResult;
import dev.hardway.target.FanOut;
import dev.hardway.target.OutputListener;
import dev.hardway.target.TargetException;
import dev.hardway.target.TargetPool;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * What a real probe works on: the node targets (the caller's pool, not closed here), the lab's fault record (nodes
 * hardway powered off are not tried), a clock (certificate expiry), and the one timeout every probe command gets.
 * Runs commands one per node or, for reports, all of a node's commands as one script ({@link ScriptSections}: one
 * round trip per node), the nodes in parallel ({@link FanOut}); {@link #cancel()} stops what runs now.
 */
public final class RealProbing {

    /** Probe commands are quick; a node that does not answer within this is reported, not waited for. */
    public static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final ClusterModel cluster;
    private final TargetPool pool;
    private final FaultStore faults;
    private final Clock clock;
    private volatile FanOut running;

    /** @param faults the lab's fault record; may be null */
    public RealProbing(ClusterModel cluster, TargetPool pool, FaultStore faults, Clock clock) {
        this.cluster = cluster;
        this.pool = pool;
        this.faults = faults;
        this.clock = clock;
    }

    public ClusterModel cluster() {
        return cluster;
    }

    Clock clock() {
        return clock;
    }

    /** Ctrl-C: cancels the probe commands running now on every node (any thread). */
    public void cancel() {
        FanOut f = running;
        if (f != null) {
            f.cancel();
        }
    }

    // ------------------------------------------------------------------------------------------- faults --

    /** The faults hardway recorded on these real nodes. */
    public List<Fault> faults() {
        return faults == null ? List.of() : faults.all().stream().filter(f -> !f.simulated()).toList();
    }

    static boolean poweredOffByUs(List<Fault> fs, String node) {
        return fs.stream().anyMatch(f -> f.node().equals(node) && f.mode() == FaultMode.POWER);
    }

    static boolean cutOffByUs(List<Fault> fs, String node) {
        return fs.stream().anyMatch(f -> f.node().equals(node) && f.mode() == FaultMode.NETWORK);
    }

    static boolean faultRecorded(List<Fault> fs, String node) {
        return fs.stream().anyMatch(f -> f.node().equals(node));
    }

    // ------------------------------------------------------------------------------------------ running --

    /** One command on one node; a node that cannot be reached throws, a non-zero exit is a result. */
    ExecResult exec(String node, String command) throws TargetException {
        return pool.target(node).exec(command, ExecOptions.timeout(TIMEOUT), OutputListener.NONE);
    }

    /** One command per node, in parallel; a node that threw gets {@code onError}'s value. Results in node order. */
    <R> List<R> onNodes(List<String> nodes, java.util.function.Function<String, String> command,
                        ResultOf<R> ok, BiFunction<String, TargetException, R> onError) {
        FanOut f = new FanOut(pool);
        running = f;
        try {
            return f.run(nodes, t -> ok.of(t.node(), t.exec(command.apply(t.node()), ExecOptions.timeout(TIMEOUT),
                    OutputListener.NONE))).stream().map(r -> r.ok() ? r.result() : onError.apply(r.node(), r.error()))
                    .toList();
        } finally {
            running = null;
        }
    }

    @FunctionalInterface
    interface ResultOf<R> {
        R of(String node, ExecResult r);
    }

    /** One node's sections, or why it could not be asked ({@code off}: hardway powered it off). */
    record Outcome(String node, Map<String, Section> sections, Problem problem, boolean off) {
        Section s(String name) {
            return sections.getOrDefault(name, new Section(name, "", "", -1));
        }

        boolean ok() {
            return problem == null;
        }
    }

    /** Runs each node's script at once; nodes powered off by hardway are answered without trying. */
    Map<String, Outcome> run(Map<String, ScriptSections> plan, List<Fault> fs, List<String> commands) {
        Map<String, Outcome> out = new LinkedHashMap<>();
        List<String> ask = new ArrayList<>();
        plan.forEach((node, s) -> {
            s.commands().forEach(cmd -> commands.add(ProbeCommands.on(node, cmd)));
            if (poweredOffByUs(fs, node)) {
                out.put(node, new Outcome(node, Map.of(), poweredOff(node), true));
            } else {
                ask.add(node);
            }
        });
        FanOut f = new FanOut(pool);
        running = f;
        List<FanOut.NodeResult<ExecResult>> rs;
        try {
            rs = f.run(ask, t -> t.exec(plan.get(t.node()).script(), ExecOptions.timeout(TIMEOUT),
                    OutputListener.NONE));
        } finally {
            running = null;
        }
        for (FanOut.NodeResult<ExecResult> r : rs) {
            if (r.ok()) {
                out.put(r.node(), new Outcome(r.node(), plan.get(r.node()).parse(r.result().stdout()), null, false));
            } else {
                out.put(r.node(), new Outcome(r.node(), Map.of(), unreachable(r.node(), r.error()), false));
            }
        }
        Map<String, Outcome> ordered = new LinkedHashMap<>();
        plan.keySet().forEach(n -> ordered.put(n, out.get(n)));
        return ordered;
    }

    /** One script on one node (the etcd probe asks masters one by one). */
    Map<String, Section> script(String node, ScriptSections s) throws TargetException {
        return s.parse(exec(node, s.script()).stdout());
    }

    /** The nodes among {@code nodes} that do not answer a no-op command now, with why (in parallel). */
    Map<String, Problem> silent(List<String> nodes) {
        Map<String, Problem> out = new LinkedHashMap<>();
        if (nodes.isEmpty()) {
            return out;
        }
        onNodes(nodes, n -> "true", (n, r) -> null, (n, e) -> {
            synchronized (out) {
                out.put(n, unreachable(n, e));
            }
            return null;
        });
        return out;
    }

    static Problem poweredOff(String node) {
        return Problem.error(node + " is powered off (break " + node + " --mode power)", "heal " + node);
    }

    /** Why a node could not be asked: the target layer's problem, or "could not be reached" with where to look. */
    static Problem unreachable(String node, TargetException e) {
        Problem p = e.problem();
        return p.fix() != null ? p : Problem.error(node + " could not be reached (" + p.what() + ")",
                "cluster status, or inspect node " + node, Problem.Where.node(node));
    }

    /** An exception's problem: its own when it carries one, else its message with no fix. */
    public static Problem problemOf(Exception e) {
        return e instanceof Problem.Carrier c ? c.problem() : Problem.error(String.valueOf(e.getMessage()), null);
    }

    static ScriptSections union(ScriptSections a, ScriptSections b) {
        ScriptSections s = new ScriptSections();
        for (ScriptSections x : List.of(a, b)) {
            List<String> names = x.names();
            List<String> cmds = x.commands();
            for (int i = 0; i < names.size(); i++) {
                s.add(names.get(i), cmds.get(i));
            }
        }
        return s;
    }

    /** A curl answer: ok when the body is "ok"; else the body's last line or curl's error in words. */
    record Http(boolean ok, String text) {
    }

    static Http http(Section s) {
        if (s.rc() == 0) {
            boolean ok = ToolOutput.healthzOk(s.out());
            String body = ToolOutput.lastLine(s.out());
            return new Http(ok, ok ? "ok" : body.isEmpty() ? "empty answer" : body);
        }
        return new Http(false, s.rc() < 0 ? "not run" : ToolOutput.curlError(s.rc()));
    }

    static String firstLine(String s, String dflt) {
        return s == null ? dflt : s.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse(dflt);
    }

    static int parseInt(String s) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
