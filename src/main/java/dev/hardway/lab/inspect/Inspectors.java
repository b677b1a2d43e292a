package dev.hardway.lab.inspect;

import dev.hardway.Problem;
import dev.hardway.HardwayHome;
import dev.hardway.lab.Lab;
import dev.hardway.lab.fault.FaultStore;
import dev.hardway.lab.sim.SimLab;
import dev.hardway.target.TargetPool;
import java.time.Clock;

/** Picks the inspector for a lab: the model for the simulated one, SSH probes for real nodes. */
public final class Inspectors {

    private Inspectors() {
    }

    /**
     * @param pool the shell's pool of node targets (ignored for the simulated lab, required otherwise; not closed)
     * @throws IllegalArgumentException when a real lab is given no pool
     */
    public static Inspector open(Lab lab, TargetPool pool, HardwayHome home, Clock clock) {
        FaultStore store = FaultStore.of(home, lab.cluster().name());
        if (lab instanceof SimLab sim) {
            return new SimInspector(sim, store);
        }
        if (pool == null) {
            throw new IllegalArgumentException(Problem.error("inspecting the real lab of cluster " + lab.cluster().name() + " needs connections to its nodes", "cluster up").sentence());
        }
        return new RealInspector(lab.cluster(), pool, store, clock);
    }
}
