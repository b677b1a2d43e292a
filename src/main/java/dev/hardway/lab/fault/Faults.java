package dev.hardway.lab.fault;

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
}
