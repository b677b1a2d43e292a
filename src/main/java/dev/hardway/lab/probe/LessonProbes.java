package dev.hardway.lab.probe;

import dev.hardway.lab.Probe;
import dev.hardway.lab.ProbeResult;
import java.util.List;

/**
 * The lesson probe types ({@code probe:} in lesson files, parsed by {@link dev.hardway.lab.Probes}) mapped to their
 * probe kinds: what {@code RealLab.probe} and {@code SimLab.probe} call. etcd-healthy and vip-held are decided on
 * the reports {@code inspect} and {@code check} show, so a lesson check and {@code check etcd} cannot disagree.
 */
public final class LessonProbes {

    private LessonProbes() {
    }

    public static ProbeResult real(RealProbing lab, Probe probe) {
        if (probe instanceof Probe.ServiceActive p) {
            return ServiceProbe.INSTANCE.real(lab, p);
        }
        if (probe instanceof Probe.FileExists p) {
            return FileProbe.INSTANCE.real(lab, p);
        }
        if (probe instanceof Probe.EtcdHealthy p) {
            return EtcdProbe.healthy(EtcdProbe.INSTANCE.real(lab, null), p);
        }
        if (probe instanceof Probe.VipHeld p) {
            var r = VipProbe.INSTANCE.real(lab, null);
            return VipProbe.held(r, p, r.commands());
        }
        if (probe instanceof Probe.ApiHealthy p) {
            return ApiserverProbe.HEALTHY.real(lab, p);
        }
        if (probe instanceof Probe.NodeReady p) {
            return NodeReadyProbe.INSTANCE.real(lab, p);
        }
        if (probe instanceof Probe.PortOpen p) {
            return PortProbe.INSTANCE.real(lab, p);
        }
        throw new IllegalArgumentException("probe type " + probe.type() + " has no real implementation");
    }

    public static ProbeResult sim(SimProbing lab, Probe probe) {
        if (probe instanceof Probe.ServiceActive p) {
            return ServiceProbe.INSTANCE.sim(lab, p);
        }
        if (probe instanceof Probe.FileExists p) {
            return FileProbe.INSTANCE.sim(lab, p);
        }
        if (probe instanceof Probe.EtcdHealthy p) {
            return EtcdProbe.healthy(EtcdProbe.INSTANCE.sim(lab, null), p);
        }
        if (probe instanceof Probe.VipHeld p) {
            var r = VipProbe.INSTANCE.sim(lab, null);
            List<String> ip = r.lbs().stream().map(l -> dev.hardway.lab.ProbeCommands.on(l.node(),
                    dev.hardway.lab.ProbeCommands.ipAddr())).toList();
            return VipProbe.held(r, p, ip);
        }
        if (probe instanceof Probe.ApiHealthy p) {
            return ApiserverProbe.HEALTHY.sim(lab, p);
        }
        if (probe instanceof Probe.NodeReady p) {
            return NodeReadyProbe.INSTANCE.sim(lab, p);
        }
        if (probe instanceof Probe.PortOpen p) {
            return PortProbe.INSTANCE.sim(lab, p);
        }
        throw new IllegalArgumentException("probe type " + probe.type() + " has no simulated implementation");
    }
}
