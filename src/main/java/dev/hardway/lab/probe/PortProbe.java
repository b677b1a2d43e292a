package dev.hardway.lab.probe;

import dev.hardway.Problem;
import dev.hardway.lab.Probe;
import dev.hardway.lab.ProbeCommands;
import dev.hardway.lab.ProbeResult;
import dev.hardway.lab.real.ToolOutput;
import dev.hardway.target.ExecResult;
import dev.hardway.target.TargetException;
import java.util.List;

/** The lesson probe {@code port-open}: a TCP connect to host:port succeeds from a node (the jumpbox by default). */
public final class PortProbe implements ProbeKind<Probe.PortOpen, ProbeResult> {

    public static final PortProbe INSTANCE = new PortProbe();

    private PortProbe() {
    }

    private static String summary(Probe.PortOpen p) {
        return p.host() + ":" + p.port() + " from " + p.from();
    }

    @Override
    public ProbeResult real(RealProbing lab, Probe.PortOpen p) {
        String cmd = ProbeCommands.portOpen(p.host(), p.port());
        List<String> cmds = List.of(ProbeCommands.on(p.from(), cmd));
        try {
            ExecResult r = lab.exec(p.from(), cmd);
            if (r.ok()) {
                return ProbeResult.pass(p.type(), summary(p) + ": open", cmds);
            }
            String why = r.exitCode() == 124 ? "timed out after " + ProbeCommands.CONNECT_SECONDS
                    + " s (host down, or traffic dropped)" : ToolOutput.lastLine(r.stderr()).isEmpty()
                    ? "exit " + r.exitCode() : ToolOutput.lastLine(r.stderr());
            return ProbeResult.fail(p.type(), summary(p) + ": not reachable", List.of(Problem.error(p.from() + ": connection to "
                    + p.host() + ":" + p.port() + ": " + why, "is the service running and listening there?")),
                    cmds);
        } catch (TargetException e) {
            return ProbeResult.fail(p.type(), summary(p) + ": could not be asked", List.of(RealProbing.problemOf(e)), cmds);
        }
    }

    @Override
    public ProbeResult sim(SimProbing lab, Probe.PortOpen p) {
        Problem why = lab.model().connect(p.from(), p.host(), p.port());
        List<String> cmds = List.of(ProbeCommands.on(p.from(), ProbeCommands.portOpen(p.host(), p.port())));
        return why == null ? ProbeResult.pass(p.type(), summary(p) + ": open", cmds)
                : ProbeResult.fail(p.type(), summary(p) + ": not reachable", List.of(why.prefixed(p.from() + ": ")), cmds);
    }
}
