package dev.hardway.lab.probe;

import dev.hardway.Problem;
import dev.hardway.lab.Probe;
import dev.hardway.lab.ProbeCommands;
import dev.hardway.lab.ProbeResult;
import dev.hardway.lab.real.BgpOutput;
import dev.hardway.lab.real.KubeOutput;
import dev.hardway.lab.real.ToolOutput;
import dev.hardway.lab.sim.SimBgp;
import dev.hardway.lab.sim.SimWorkloads;
import dev.hardway.target.ExecResult;
import dev.hardway.target.TargetException;
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
        String from = lab.cluster().clientNode();
        String cmd = ProbeCommands.service(p.namespace(), p.name());
        List<String> cmds = List.of(ProbeCommands.on(from, cmd));
        try {
            ExecResult r = lab.exec(from, cmd);
            if (!r.ok() && !KubeOutput.notFound(r.stderr())) {
                return ProbeResult.fail(p.type(), "Service " + p.namespace() + "/" + p.name() + ": could not be asked",
                        List.of(Problem.error(from + ": kubectl get service failed: " + ToolOutput.lastLine(r.stderr()), "check apiserver")), cmds);
            }
            Optional<KubeOutput.ServiceState> s = KubeOutput.service(r.stdout());
            return BgpRules.lbAddress(p, s.map(KubeOutput.ServiceState::type), BgpOutput.loadBalancerIp(r.stdout()),
                    cmds);
        } catch (TargetException e) {
            return ProbeResult.fail(p.type(), "Service " + p.namespace() + "/" + p.name() + ": could not be asked",
                    List.of(RealProbing.problemOf(e)), cmds);
        }
    }

    @Override
    public ProbeResult sim(SimProbing lab, Probe.LbServiceIp p) {
        List<String> cmds = List.of(ProbeCommands.on(lab.cluster().clientNode(),
                ProbeCommands.service(p.namespace(), p.name())));
        if (!lab.model().apiHealth().ok()) {
            return ProbeResult.fail(p.type(), "Service " + p.namespace() + "/" + p.name() + ": could not be asked",
                    List.of(lab.model().apiHealth().problem()
                    .prefixed("kubectl get service: the API does not answer: ")), cmds);
        }
        Optional<SimWorkloads.Service> s = SimWorkloads.of(lab.model()).service(p.namespace(), p.name());
        return BgpRules.lbAddress(p, s.map(SimWorkloads.Service::type),
                SimBgp.of(lab.model()).loadBalancerIp(p.namespace(), p.name()), cmds);
    }
}
