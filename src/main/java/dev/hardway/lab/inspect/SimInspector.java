package dev.hardway.lab.inspect;

import dev.hardway.lab.fault.FaultStore;
import dev.hardway.lab.probe.ApiserverProbe;
import dev.hardway.lab.probe.CertProbe;
import dev.hardway.lab.probe.ClusterProbe;
import dev.hardway.lab.probe.EtcdProbe;
import dev.hardway.lab.probe.NodeProbe;
import dev.hardway.lab.probe.SimProbing;
import dev.hardway.lab.probe.VipProbe;
import dev.hardway.lab.sim.SimLab;

/**
 * {@link Inspector} over the simulated lab: each report is the simulated half of its probe in {@code
 * dev.hardway.lab.probe}, derived from one snapshot of the model, listing the commands a real node would run.
 */
public final class SimInspector implements Inspector {

    private final SimLab lab;
    private final FaultStore faults;

    /** @param faults the lab's fault record (for {@code inspect cluster}); may be null */
    public SimInspector(SimLab lab, FaultStore faults) {
        this.lab = lab;
        this.faults = faults;
    }

    private SimProbing now() {
        return new SimProbing(lab.cluster(), lab.model(), faults);
    }

    @Override
    public boolean simulated() {
        return true;
    }

    @Override
    public EtcdReport etcd() {
        return EtcdProbe.INSTANCE.sim(now(), null);
    }

    @Override
    public ApiserverReport apiserver() {
        return ApiserverProbe.INSTANCE.sim(now(), null);
    }

    @Override
    public LbReport lb() {
        return VipProbe.INSTANCE.sim(now(), null);
    }

    @Override
    public NodeReport node(String name) {
        return NodeProbe.INSTANCE.sim(now(), name);
    }

    @Override
    public CertReport certs(String node) {
        return CertProbe.INSTANCE.sim(now(), node);
    }

    @Override
    public ClusterReport cluster() {
        return ClusterProbe.INSTANCE.sim(now(), null);
    }
}
