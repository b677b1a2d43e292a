package dev.hardway.lab.probe;

import dev.hardway.Problem;
import dev.hardway.lab.Probe;
import dev.hardway.lab.ProbeCommands;
import dev.hardway.lab.ProbeResult;
import dev.hardway.lab.bgp.BgpFacts;
import dev.hardway.lab.real.BgpOutput;
import dev.hardway.lab.real.ToolOutput;
import dev.hardway.lab.sim.SimBgp;
import dev.hardway.target.ExecResult;
import dev.hardway.target.TargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The lesson probe {@code bgp-route} (16): the router has installed a BGP route for a prefix, or for a
 * LoadBalancer Service's address as a /32. Real: kubectl on the client node for the address, then {@code show ip
 * route json} and {@code show bgp summary json} on the router; simulated: {@link SimBgp}. Decided by
 * {@link BgpRules#route}.
 */
public final class BgpRouteProbe implements ProbeKind<Probe.BgpRoute, ProbeResult> {

    public static final BgpRouteProbe INSTANCE = new BgpRouteProbe();

    private BgpRouteProbe() {
    }

    private static List<String> commands(String client, Probe.BgpRoute p) {
        List<String> cmds = new ArrayList<>();
        if (p.service() != null) {
            cmds.add(ProbeCommands.on(client, ProbeCommands.service(p.namespace(), p.service())));
        }
        cmds.add(ProbeCommands.on(p.router(), ProbeCommands.ipRoutes()));
        cmds.add(ProbeCommands.on(p.router(), ProbeCommands.bgpSummary()));
        return cmds;
    }

    private static ProbeResult noAddress(Probe.BgpRoute p, String why, List<String> cmds) {
        return ProbeResult.fail(p.type(), "Service " + p.namespace() + "/" + p.service() + ": no LoadBalancer address",
                List.of(Problem.error(why, "the probe lb-service-ip; kubectl describe service " + p.service())), cmds);
    }

    @Override
    public ProbeResult real(RealProbing lab, Probe.BgpRoute p) {
        String client = lab.cluster().clientNode();
        List<String> cmds = commands(client, p);
        try {
            String prefix = p.prefix();
            if (p.service() != null) {
                ExecResult s = lab.exec(client, ProbeCommands.service(p.namespace(), p.service()));
                if (!s.ok()) {
                    return noAddress(p, client + ": kubectl get service failed: " + ToolOutput.lastLine(s.stderr()),
                            cmds);
                }
                Optional<String> ip = BgpOutput.loadBalancerIp(s.stdout());
                if (ip.isEmpty()) {
                    return noAddress(p, "Service " + p.service() + " has no status.loadBalancer.ingress", cmds);
                }
                prefix = ip.get() + "/32";
            }
            ExecResult r = lab.exec(p.router(), ProbeCommands.ipRoutes() + "; printf '"
                    + BgpOutput.MARK.replace("\n", "\\n") + "'; " + ProbeCommands.bgpSummary());
            String[] parts = BgpOutput.split(r.stdout());
            var routes = BgpOutput.routes(parts[0]);
            if (!r.ok() && routes.isEmpty()) {
                return ProbeResult.fail(p.type(), "routes on " + p.router() + ": could not be asked", List.of(
                        Problem.error(p.router() + ": vtysh failed: " + ToolOutput.lastLine(r.stderr()), "systemctl status frr")), cmds);
            }
            return BgpRules.route(lab.cluster(), p, prefix, new BgpFacts.RouterView(BgpOutput.sessions("",
                    parts[1]), routes), cmds);
        } catch (TargetException e) {
            return ProbeResult.fail(p.type(), "routes on " + p.router() + ": could not be asked",
                    List.of(RealProbing.problemOf(e)), cmds);
        }
    }

    @Override
    public ProbeResult sim(SimProbing lab, Probe.BgpRoute p) {
        List<String> cmds = commands(lab.cluster().clientNode(), p);
        SimBgp b = SimBgp.of(lab.model());
        String prefix = p.prefix();
        if (p.service() != null) {
            if (!lab.model().apiHealth().ok()) {
                return noAddress(p, "kubectl get service: the API does not answer: "
                        + lab.model().apiHealth().problem(), cmds);
            }
            Optional<String> ip = b.loadBalancerIp(p.namespace(), p.service());
            if (ip.isEmpty()) {
                return noAddress(p, "Service " + p.service() + " has no LoadBalancer address (simulated)", cmds);
            }
            prefix = ip.get() + "/32";
        }
        Problem down = b.whyNoBgpd(p.router());
        if (down != null) {
            return ProbeResult.fail(p.type(), "routes on " + p.router() + ": could not be asked", List.of(down), cmds);
        }
        return BgpRules.route(lab.cluster(), p, prefix, b.view(p.router()), cmds);
    }
}
