package dev.hardway.lab.probe;

import dev.hardway.lab.Probe;
import dev.hardway.lab.ProbeCommands;
import dev.hardway.lab.ProbeResult;
import dev.hardway.lab.real.BgpOutput;
import dev.hardway.lab.real.KubeOutput;
import dev.hardway.lab.sim.SimBgp;
import dev.hardway.lab.sim.SimWorkloads;
import java.util.List;
import java.util.Optional;

/**
 * The lesson probe {@code lb-service-ip} (16): a LoadBalancer Service got an address of the pool from MetalLB.
 * Real: {@code kubectl get service -o json} on the client node (the command and parser of {@code service-ip});
 * simulated: the Service of {@link SimWorkloads}, its address from {@link SimBgp}.
 */
public final class LbServiceIpProbe implements ProbeKind<Probe.LbServiceIp, ProbeResult> {

    public static final LbServiceIpProbe INSTANCE = new LbServiceIpProbe();

    private LbServiceIpProbe() {
    }

    @Override
    public ProbeResult real(RealProbing lab, Probe.LbServiceIp p) {
        return ServiceQuery.real(lab, p.type(), subject(p), p.namespace(), p.name(), (out, cmds) -> BgpRules.lbAddress(
                p, KubeOutput.service(out).map(KubeOutput.ServiceState::type), BgpOutput.loadBalancerIp(out), cmds));
    }

    private static String subject(Probe.LbServiceIp p) {
        return "Service " + p.namespace() + "/" + p.name();
    }

    @Override
    public ProbeResult sim(SimProbing lab, Probe.LbServiceIp p) {
        List<String> cmds = List.of(ProbeCommands.on(lab.cluster().clientNode(),
                ProbeCommands.service(p.namespace(), p.name())));
        Optional<ProbeResult> down = ServiceQuery.simApiDown(lab, p.type(), subject(p), cmds);
        if (down.isPresent()) {
            return down.get();
        }
        Optional<SimWorkloads.Service> s = SimWorkloads.of(lab.model()).service(p.namespace(), p.name());
        return BgpRules.lbAddress(p, s.map(SimWorkloads.Service::type),
                SimBgp.of(lab.model()).loadBalancerIp(p.namespace(), p.name()), cmds);
    }
}
