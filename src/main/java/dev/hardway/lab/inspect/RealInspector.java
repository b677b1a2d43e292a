package dev.hardway.lab.inspect;

import dev.hardway.cluster.ClusterModel;
import dev.hardway.lab.fault.FaultStore;
import dev.hardway.lab.probe.ApiserverProbe;
import dev.hardway.lab.probe.CertProbe;
import dev.hardway.lab.probe.ClusterProbe;
import dev.hardway.lab.probe.EtcdProbe;
import dev.hardway.lab.probe.NodeProbe;
import dev.hardway.lab.probe.RealProbing;
import dev.hardway.lab.probe.VipProbe;
import dev.hardway.target.TargetPool;
import java.time.Clock;

/**
 * {@link Inspector} over real nodes: each report is the real half of its probe in {@code dev.hardway.lab.probe}
 * (the upstream tools over the node targets, a node's commands as one script, the nodes in parallel). A node that
 * cannot be reached gets a row saying so; a node hardway itself powered off is not even tried.
 */
public final class RealInspector implements Inspector {

    private final RealProbing lab;

    /**
     * @param faults the lab's fault record (nodes powered off by hardway are not tried); may be null
     * @param clock  for certificate expiry
     */
    public RealInspector(ClusterModel cluster, TargetPool pool, FaultStore faults, Clock clock) {
        this(new RealProbing(cluster, pool, faults, clock));
    }

    public RealInspector(RealProbing lab) {
        this.lab = lab;
    }

    @Override
    public boolean simulated() {
        return false;
    }

    @Override
    public EtcdReport etcd() {
        return EtcdProbe.INSTANCE.real(lab, null);
    }

    @Override
    public ApiserverReport apiserver() {
        return ApiserverProbe.INSTANCE.real(lab, null);
    }

    @Override
    public LbReport lb() {
        return VipProbe.INSTANCE.real(lab, null);
    }

    @Override
    public NodeReport node(String name) {
        return NodeProbe.INSTANCE.real(lab, name);
    }

    @Override
    public CertReport certs(String node) {
        return CertProbe.INSTANCE.real(lab, node);
    }

    @Override
    public ClusterReport cluster() {
        return ClusterProbe.INSTANCE.real(lab, null);
    }
}
