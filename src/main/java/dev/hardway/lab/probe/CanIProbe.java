package dev.hardway.lab.probe;

import dev.hardway.Problem;
import dev.hardway.lab.Probe;
import dev.hardway.lab.ProbeCommands;
import dev.hardway.lab.ProbeResult;
import dev.hardway.lab.real.KubeOutput;
import dev.hardway.lab.real.ToolOutput;
import dev.hardway.lab.sim.SimWorkloads;
import dev.hardway.target.ExecResult;
import dev.hardway.target.TargetException;
import java.util.List;

/** The lesson probe {@code can-i}: {@code kubectl auth can-i VERB RESOURCE --as USER} says yes. */
public final class CanIProbe implements ProbeKind<Probe.CanI, ProbeResult> {

    public static final CanIProbe INSTANCE = new CanIProbe();

    private CanIProbe() {
    }

    private static String subject(Probe.CanI p) {
        return p.as() + " may " + p.verb() + " " + p.resource() + (p.namespace() == null ? "" : " in " + p.namespace());
    }

    @Override
    public ProbeResult real(RealProbing lab, Probe.CanI p) {
        String from = lab.cluster().clientNode();
        String cmd = ProbeCommands.canI(p.verb(), p.resource(), p.as(), p.namespace());
        List<String> cmds = List.of(ProbeCommands.on(from, cmd));
        try {
            ExecResult r = lab.exec(from, cmd);
            if (KubeOutput.canI(r.stdout())) {
                return ProbeResult.pass(p.type(), subject(p), cmds);
            }
            if (!r.stdout().strip().startsWith("no")) {
                return ProbeResult.fail(p.type(), subject(p) + ": could not be asked", List.of(Problem.error(from + ": kubectl auth"
                        + " can-i failed: " + ToolOutput.lastLine(r.stderr()), "check apiserver")), cmds);
            }
            return fail(p, "RBAC answers no" + (r.stdout().strip().length() > 2 ? " (" + r.stdout().strip()
                    .substring(2).strip() + ")" : ""), cmds);
        } catch (TargetException e) {
            return ProbeResult.fail(p.type(), subject(p) + ": could not be asked", List.of(RealProbing.problemOf(e)), cmds);
        }
    }

    @Override
    public ProbeResult sim(SimProbing lab, Probe.CanI p) {
        List<String> cmds = List.of(ProbeCommands.on(lab.cluster().clientNode(),
                ProbeCommands.canI(p.verb(), p.resource(), p.as(), p.namespace())));
        if (!lab.model().apiHealth().ok()) {
            return ProbeResult.fail(p.type(), subject(p) + ": could not be asked", List.of(lab.model().apiHealth()
                    .problem().prefixed("kubectl auth can-i: the API does not answer: ")), cmds);
        }
        int dot = p.resource().indexOf('.');
        String resource = dot < 0 ? p.resource() : p.resource().substring(0, dot);
        String group = dot < 0 ? "" : p.resource().substring(dot + 1);
        SimWorkloads.Decision d = SimWorkloads.of(lab.model()).canI(p.as(), p.verb(), group, resource, p.namespace());
        return d.allowed() ? ProbeResult.pass(p.type(), subject(p), cmds) : fail(p, d.why(), cmds);
    }

    private static ProbeResult fail(Probe.CanI p, String why, List<String> cmds) {
        String trap = p.resource().startsWith("endpointslices") ? " CoreDNS 1.14 watches EndpointSlices, so without"
                + " this its pods never become Ready (manifests older than CoreDNS 1.8 grant only endpoints)." : "";
        return ProbeResult.fail(p.type(), subject(p) + ": no", List.of(Problem.error(p.as() + " may not " + p.verb() + " "
                + p.resource() + ": " + why + "." + trap, "a ClusterRole with {apiGroups, resources, verbs} for it and a ClusterRoleBinding to " + p.as() + " (lesson run applies them)")), cmds);
    }
}
