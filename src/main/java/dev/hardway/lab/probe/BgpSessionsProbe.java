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
import java.util.List;
import java.util.Map;

/**
 * The lesson probe {@code bgp-sessions} (16): FRR on the router has every MetalLB speaker as an Established
 * neighbor. Real: {@code show bgp neighbors json} and {@code show bgp summary json} on the router; simulated:
 * {@link SimBgp}. Decided by {@link BgpRules#sessions}.
 */
public final class BgpSessionsProbe implements ProbeKind<Probe.BgpSessions, ProbeResult> {

    public static final BgpSessionsProbe INSTANCE = new BgpSessionsProbe();

    private BgpSessionsProbe() {
    }

    static String script() {
        return ProbeCommands.bgpNeighbors() + "; printf '" + BgpOutput.MARK.replace("\n", "\\n") + "'; "
                + ProbeCommands.bgpSummary();
    }

    static List<String> commands(String router) {
        return List.of(ProbeCommands.on(router, ProbeCommands.bgpNeighbors()),
                ProbeCommands.on(router, ProbeCommands.bgpSummary()));
    }

    @Override
    public ProbeResult real(RealProbing lab, Probe.BgpSessions p) {
        List<String> cmds = commands(p.router());
        try {
            ExecResult r = lab.exec(p.router(), script());
            String[] parts = BgpOutput.split(r.stdout());
            Map<String, BgpFacts.Session> s = BgpOutput.sessions(parts[0], parts[1]);
            if (!r.ok() && s.isEmpty()) {
                return ProbeResult.fail(p.type(), "BGP on " + p.router() + ": could not be asked", List.of(Problem.error(p.router()
                        + ": vtysh failed: " + ToolOutput.lastLine(r.stderr()), "systemctl status frr; bgpd=yes in /etc/frr/daemons")), cmds);
            }
            return BgpRules.sessions(lab.cluster(), p, new BgpFacts.RouterView(s, Map.of()), cmds);
        } catch (TargetException e) {
            return ProbeResult.fail(p.type(), "BGP on " + p.router() + ": could not be asked",
                    List.of(RealProbing.problemOf(e)), cmds);
        }
    }

    @Override
    public ProbeResult sim(SimProbing lab, Probe.BgpSessions p) {
        List<String> cmds = commands(p.router());
        SimBgp b = SimBgp.of(lab.model());
        Problem down = b.whyNoBgpd(p.router());
        if (down != null) {
            return ProbeResult.fail(p.type(), "BGP on " + p.router() + ": could not be asked", List.of(down), cmds);
        }
        return BgpRules.sessions(lab.cluster(), p, b.view(p.router()), cmds);
    }
}
