package dev.hardway.lab;

import dev.hardway.Problem;
import dev.hardway.cluster.ClusterModel;
import dev.hardway.target.OutputListener;

/**
 * A running lab: what lessons, probes and faults act on. Two kinds: {@code RealLab} (nodes reached through
 * {@link dev.hardway.target.NodeTarget}: Vagrant VMs, existing SSH hosts, the namespace test bed) and
 * {@code SimLab} (a deterministic model persisted under {@code $HARDWAY_HOME/labs/<cluster>/}). Returns data; never
 * prints.
 */
public interface Lab extends AutoCloseable {

    ClusterModel cluster();

    /** True for the simulated lab: the shell marks its output as simulated. */
    boolean simulated();

    /**
     * Applies one lesson step on its nodes, in parallel: uploads its files, performs its copies, runs its script;
     * the simulated lab applies files, copies, {@code creates} and {@code services} to its model instead and
     * reports the commands that would run. Output streams to {@code out} with the node name.
     */
    StepOutcome apply(StepAction action, OutputListener out);

    /** Evaluates a typed probe (real: upstream tools over SSH; simulated: the model). */
    ProbeResult probe(Probe probe);

    /**
     * Runs a script check on one node (exit code, and stdout matched against {@code expectRegex} when not null).
     * The simulated lab cannot run scripts: it returns a result with {@code skipped = true}.
     */
    ProbeResult script(String node, String script, String expectRegex);

    /**
     * Puts the lab back to fresh machines (every node on, nothing installed), for {@code lesson reset --all}. Only
     * the simulated lab can ({@code SimLab.reset()}); real labs throw {@link UnsupportedOperationException}: their
     * machines are rebuilt with {@code cluster down} / {@code cluster up}.
     */
    default void reset() {
        throw new UnsupportedOperationException(Problem.error("a real lab cannot be reset by hardway", "cluster down, then cluster up, for fresh machines").sentence());
    }

    /**
     * Ctrl-C: stops the step or probe running now (any thread). The real lab cancels its commands on every node;
     * the simulated lab has nothing long-running to stop.
     */
    default void cancel() {
    }

    @Override
    void close();
}
