package dev.hardway.lab;

import dev.hardway.Problem;
import dev.hardway.HardwayHome;
import dev.hardway.cluster.ClusterConfig;
import dev.hardway.cluster.ClusterModel;
import dev.hardway.lab.real.RealLab;
import dev.hardway.lab.sim.SimLab;
import dev.hardway.target.TargetPool;

/** Picks the lab for a cluster: the simulated one for {@code provider: sim}, else real nodes through a pool. */
public final class Labs {

    private Labs() {
    }

    /**
     * @param pool the caller's pool of node targets (the shell builds it from the cluster's SSH settings); ignored
     *             for the simulated lab, required otherwise. The lab does not close it.
     * @throws IllegalArgumentException when a real provider is given no pool
     */
    public static Lab open(ClusterModel cluster, HardwayHome home, TargetPool pool) {
        ClusterConfig.Provider provider = cluster.config().provider();
        if (provider == ClusterConfig.Provider.SIM) {
            return new SimLab(cluster, home);
        }
        if (pool == null) {
            throw new IllegalArgumentException(Problem.error("the " + provider.id() + " lab of cluster " + cluster.name() + " needs connections to its nodes, and none were given", "cluster up, or cluster use " + cluster.name() + " --provider sim").sentence());
        }
        return new RealLab(cluster, pool, dev.hardway.lab.fault.FaultStore.of(home, cluster.name()));
    }
}
