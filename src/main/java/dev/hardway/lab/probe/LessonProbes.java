package dev.hardway.lab.probe;

import dev.hardway.lab.Probe;
import dev.hardway.lab.ProbeCommands;
import dev.hardway.lab.ProbeResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The lesson probe types ({@code probe:} in lesson files, parsed by {@link dev.hardway.lab.Probes}) mapped to their
 * probe kinds, in one table: what {@code RealLab.probe} and {@code SimLab.probe} call. etcd-healthy and vip-held are
 * decided on the reports {@code inspect} and {@code check} show, so a lesson check and {@code check etcd} cannot
 * disagree. A new lesson probe is one record in {@link Probe}, one case in {@code Probes.parse} and one
 * {@link #register} line here.
 */
public final class LessonProbes {

    private static final Map<Class<? extends Probe>, ProbeKind<? extends Probe, ProbeResult>> KINDS =
            new LinkedHashMap<>();

    static {
        register(Probe.ServiceActive.class, ServiceProbe.INSTANCE);
        register(Probe.FileExists.class, FileProbe.INSTANCE);
        register(Probe.EtcdHealthy.class, new ProbeKind<>() {
            public ProbeResult real(RealProbing lab, Probe.EtcdHealthy p) {
                return EtcdProbe.healthy(EtcdProbe.INSTANCE.real(lab, null), p);
            }

            public ProbeResult sim(SimProbing lab, Probe.EtcdHealthy p) {
                return EtcdProbe.healthy(EtcdProbe.INSTANCE.sim(lab, null), p);
            }
        });
        register(Probe.VipHeld.class, new ProbeKind<>() {
            public ProbeResult real(RealProbing lab, Probe.VipHeld p) {
                var r = VipProbe.INSTANCE.real(lab, null);
                return VipProbe.held(r, p, r.commands());
            }

            public ProbeResult sim(SimProbing lab, Probe.VipHeld p) {
                var r = VipProbe.INSTANCE.sim(lab, null);
                List<String> ip = r.lbs().stream().map(l -> ProbeCommands.on(l.node(), ProbeCommands.ipAddr()))
                        .toList();
                return VipProbe.held(r, p, ip);
            }
        });
        register(Probe.ApiHealthy.class, ApiserverProbe.HEALTHY);
        register(Probe.ApiReady.class, ApiserverProbe.READY);
        register(Probe.LeaderLease.class, ApiserverProbe.LEASE);
        register(Probe.NodeReady.class, NodeReadyProbe.INSTANCE);
        register(Probe.PortOpen.class, PortProbe.INSTANCE);
        register(Probe.NodeAddress.class, NodeAddressProbe.INSTANCE);
        register(Probe.KubeletConfig.class, KubeletConfigProbe.INSTANCE);
        register(Probe.ProxyMode.class, ProxyModeProbe.INSTANCE);
        register(Probe.RuntimeReady.class, RuntimeProbe.INSTANCE);
        register(Probe.CgroupV2.class, CgroupProbe.INSTANCE);
        register(Probe.PodNetwork.class, PodNetworkProbe.INSTANCE);
        register(Probe.PodsRunning.class, PodsProbe.INSTANCE);
        register(Probe.ServiceIp.class, ServiceIpProbe.INSTANCE);
        register(Probe.CanI.class, CanIProbe.INSTANCE);
        register(Probe.DnsResolves.class, DnsProbe.INSTANCE);
        register(Probe.SecretEncrypted.class, SecretProbe.INSTANCE);
        register(Probe.NodePortAnswers.class, NodePortProbe.INSTANCE);
        register(Probe.IngressVip.class, IngressProbe.VIP);
        register(Probe.IngressBackends.class, IngressProbe.BACKENDS);
        register(Probe.BgpSessions.class, BgpSessionsProbe.INSTANCE);
        register(Probe.BgpRoute.class, BgpRouteProbe.INSTANCE);
        register(Probe.LbServiceIp.class, LbServiceIpProbe.INSTANCE);
        register(Probe.EtcdSnapshot.class, EtcdSnapshotProbe.INSTANCE);
        register(Probe.EtcdKey.class, EtcdKeyProbe.INSTANCE);
        register(Probe.EtcdWrite.class, EtcdWriteProbe.INSTANCE);
        register(Probe.EtcdRestored.class, EtcdRestoredProbe.INSTANCE);
        register(Probe.ControlPlaneStopped.class, ControlPlaneStoppedProbe.INSTANCE);
    }

    private LessonProbes() {
    }

    private static <P extends Probe> void register(Class<P> type, ProbeKind<P, ProbeResult> kind) {
        KINDS.put(type, kind);
    }

    public static ProbeResult real(RealProbing lab, Probe probe) {
        return kind(probe).real(lab, probe);
    }

    public static ProbeResult sim(SimProbing lab, Probe probe) {
        return kind(probe).sim(lab, probe);
    }

    /** Every probe record with its kind; a test checks that each {@link Probe} record is registered. */
    static Map<Class<? extends Probe>, ProbeKind<? extends Probe, ProbeResult>> kinds() {
        return Map.copyOf(KINDS);
    }

    @SuppressWarnings("unchecked")
    private static ProbeKind<Probe, ProbeResult> kind(Probe probe) {
        var k = (ProbeKind<Probe, ProbeResult>) KINDS.get(probe.getClass());
        if (k == null) {
            throw new IllegalArgumentException("probe type " + probe.type() + " is not registered in LessonProbes");
        }
        return k;
    }
}
