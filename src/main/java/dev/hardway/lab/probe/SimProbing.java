package dev.hardway.lab.probe;

import dev.hardway.cluster.ClusterModel;
import dev.hardway.lab.fault.Fault;
import dev.hardway.lab.fault.FaultStore;
import dev.hardway.lab.sim.SimModel;
import java.util.List;

/**
 * What a simulated probe works on: one snapshot of the model (probes only read it), the cluster, and the lab's
 * fault record (may be null).
 */
public record SimProbing(ClusterModel cluster, SimModel model, FaultStore faultStore) {

    public static SimProbing of(SimModel model) {
        return new SimProbing(model.cluster(), model, null);
    }

    /** The faults hardway recorded in the simulated lab. */
    public List<Fault> faults() {
        return faultStore == null ? List.of() : faultStore.all().stream().filter(Fault::simulated).toList();
    }
}
