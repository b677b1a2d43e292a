package dev.hardway.lab.fault;

import dev.hardway.Problem;
import dev.hardway.HardwayHome;
import dev.hardway.lab.Lab;
import dev.hardway.lab.sim.SimLab;
import dev.hardway.target.TargetPool;
import java.time.Clock;
import java.util.List;

/**
 * {@code break}, {@code heal} and {@code faults} for one lab. Two implementations: {@link SimFaults} (the simulated
 * model) and {@link RealFaults} (commands over the node targets, power through a {@link PowerControl}). Both record
 * every fault in {@link FaultStore} so {@code heal} restores exactly, also from another process.
 */
public interface Faults {

    /**
     * Breaks a node.
     *
     * @throws FaultException BAD_INPUT for an unknown node, a unit that is not running, a mode this lab cannot do
     *                        (power on existing hosts) or the same fault twice; UNREACHABLE when the node cannot be
     *                        reached to break it
     */
    BreakResult breakNode(BreakRequest request);

    /** Undoes every recorded fault of one node, newest first. */
    HealResult heal(String node);

    /** Undoes every recorded fault of this lab, newest first. */
    HealResult healAll();

    /** The recorded faults of this lab, oldest first. */
    List<Fault> active();

    /**
     * The faults of a lab: the simulated model, or real nodes through {@code pool} with {@code power}
     * ({@link PowerControl#of} the provider; {@link PowerControl#NONE} for existing hosts).
     *
     * @throws IllegalArgumentException when a real lab is given no pool
     */
    static Faults open(Lab lab, TargetPool pool, PowerControl power, HardwayHome home, Clock clock) {
        FaultStore store = FaultStore.of(home, lab.cluster().name());
        if (lab instanceof SimLab sim) {
            return new SimFaults(sim, store, clock);
        }
        if (pool == null) {
            throw new IllegalArgumentException(Problem.error("breaking the real lab of cluster " + lab.cluster().name() + " needs connections to its nodes", "cluster up").sentence());
        }
        return new RealFaults(lab.cluster(), pool, store, power, clock);
    }
}
