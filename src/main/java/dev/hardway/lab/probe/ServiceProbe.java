package dev.hardway.lab.probe;

import dev.hardway.Problem;
import dev.hardway.lab.Probe;
import dev.hardway.lab.ProbeCommands;
import dev.hardway.lab.ProbeResult;
import dev.hardway.lab.Verdicts;
import dev.hardway.lab.Verdicts.NodeCheck;
import dev.hardway.lab.real.ToolOutput;
import dev.hardway.lab.sim.SimModel;
import java.util.List;

/** The lesson probe {@code service-active}: a systemd unit is active on every listed node. */
public final class ServiceProbe implements ProbeKind<Probe.ServiceActive, ProbeResult> {

    public static final ServiceProbe INSTANCE = new ServiceProbe();

    private ServiceProbe() {
    }

    private static List<String> commands(Probe.ServiceActive p) {
        return p.nodes().stream().map(n -> ProbeCommands.on(n, ProbeCommands.serviceActive(p.service()))).toList();
    }

    @Override
    public ProbeResult real(RealProbing lab, Probe.ServiceActive p) {
        String cmd = ProbeCommands.serviceActive(p.service());
        List<NodeCheck> checks = lab.onNodes(p.nodes(), n -> cmd, (n, r) -> {
            String state = ToolOutput.unitStates(List.of(p.service()), r.stdout()).get(p.service());
            return "active".equals(state) ? NodeCheck.ok(n) : NodeCheck.fail(n, Problem.error(p.service() + " is " + state
                    + " on " + n, "systemctl status " + p.service() + "; journalctl -u "
                    + p.service() + " -n 50 (on " + n + ")"));
        }, (n, e) -> NodeCheck.fail(n, RealProbing.problemOf(e)));
        return Verdicts.perNode(p.type(), p.service() + " active", checks, commands(p));
    }

    @Override
    public ProbeResult sim(SimProbing lab, Probe.ServiceActive p) {
        SimModel m = lab.model();
        List<NodeCheck> checks = p.nodes().stream().map(n -> m.isActive(n, p.service()) ? NodeCheck.ok(n)
                : NodeCheck.fail(n, m.whyInactive(n, p.service()))).toList();
        return Verdicts.perNode(p.type(), p.service() + " active", checks, commands(p));
    }
}
