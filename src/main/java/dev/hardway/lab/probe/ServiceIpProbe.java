package dev.hardway.lab.probe;

import dev.hardway.Problem;
import dev.hardway.lab.Probe;
import dev.hardway.lab.ProbeCommands;
import dev.hardway.lab.ProbeResult;
import dev.hardway.lab.real.KubeOutput;
import dev.hardway.lab.sim.SimWorkloads;
import java.util.List;
import java.util.Optional;

/**
 * The lesson probe {@code service-ip}: a Service exists with the ClusterIP the lesson gave it. For the cluster DNS
 * the failure names the trap: pods get the kubelet's clusterDNS as nameserver, so a kube-dns Service elsewhere
 * answers nobody.
 */
public final class ServiceIpProbe implements ProbeKind<Probe.ServiceIp, ProbeResult> {

    public static final ServiceIpProbe INSTANCE = new ServiceIpProbe();

    private ServiceIpProbe() {
    }

    @Override
    public ProbeResult real(RealProbing lab, Probe.ServiceIp p) {
        return ServiceQuery.real(lab, p.type(), subject(p), p.namespace(), p.name(), (out, cmds) -> judge(
                lab.cluster().clusterDns(), p, KubeOutput.service(out).map(KubeOutput.ServiceState::clusterIp), cmds));
    }

    @Override
    public ProbeResult sim(SimProbing lab, Probe.ServiceIp p) {
        List<String> cmds = List.of(ProbeCommands.on(lab.cluster().clientNode(),
                ProbeCommands.service(p.namespace(), p.name())));
        Optional<ProbeResult> down = ServiceQuery.simApiDown(lab, p.type(), subject(p), cmds);
        if (down.isPresent()) {
            return down.get();
        }
        SimWorkloads w = SimWorkloads.of(lab.model());
        return judge(lab.cluster().clusterDns(), p, w.service(p.namespace(), p.name())
                .map(SimWorkloads.Service::clusterIp), cmds);
    }

    private static String subject(Probe.ServiceIp p) {
        return "Service " + p.namespace() + "/" + p.name();
    }

    static ProbeResult judge(String clusterDns, Probe.ServiceIp p, Optional<String> ip, List<String> cmds) {
        if (ip.isEmpty()) {
            return ProbeResult.fail(p.type(), subject(p) + ": not found", List.of(Problem.error("there is no Service " + p.name()
                    + " in " + p.namespace(), "kubectl apply -f its manifest (lesson run)")), cmds);
        }
        if (ip.get().equals(p.ip())) {
            return ProbeResult.pass(p.type(), subject(p) + " has ClusterIP " + p.ip(), cmds);
        }
        String dns = p.ip().equals(clusterDns) ? " (Service IP ≠ cluster_dns: every kubelet's clusterDNS names "
                + clusterDns + ", so pods would ask an address nobody answers)" : "";
        return ProbeResult.fail(p.type(), subject(p) + " has ClusterIP " + ip.get() + ", not " + p.ip(), List.of(
                Problem.error(subject(p) + " has ClusterIP " + ip.get() + ", not " + p.ip() + dns, "spec.clusterIP: " + p.ip() + " in its manifest; the ClusterIP cannot change, so kubectl -n " + p.namespace()
                        + " delete service " + p.name() + " and apply it again")), cmds);
    }
}
