package dev.hardway.lab.probe;

import dev.hardway.Problem;
import dev.hardway.lab.Probe;
import dev.hardway.lab.ProbeCommands;
import dev.hardway.lab.ProbeResult;
import dev.hardway.lab.Verdicts;
import dev.hardway.lab.Verdicts.NodeCheck;
import dev.hardway.lab.sim.SimModel;
import java.util.List;

/** The lesson probe {@code file-exists}: a (per-node rendered) path exists and is not empty on every listed node. */
public final class FileProbe implements ProbeKind<Probe.FileExists, ProbeResult> {

    public static final FileProbe INSTANCE = new FileProbe();

    private FileProbe() {
    }

    private static List<String> commands(Probe.FileExists p) {
        return p.nodes().stream().map(n -> ProbeCommands.on(n, ProbeCommands.fileExists(p.pathOn(n)))).toList();
    }

    private static Problem missing(String node, String path, String what) {
        return Problem.error(path + " " + what + " on " + node, "run the step that puts it there (lesson run)");
    }

    @Override
    public ProbeResult real(RealProbing lab, Probe.FileExists p) {
        List<NodeCheck> checks = lab.onNodes(p.nodes(), n -> ProbeCommands.fileExists(p.pathOn(n)),
                (n, r) -> r.ok() ? NodeCheck.ok(n) : NodeCheck.fail(n, missing(n, p.pathOn(n), "is missing or empty")),
                (n, e) -> NodeCheck.fail(n, RealProbing.problemOf(e)));
        return Verdicts.perNode(p.type(), p.path() + " present", checks, commands(p));
    }

    @Override
    public ProbeResult sim(SimProbing lab, Probe.FileExists p) {
        SimModel m = lab.model();
        List<NodeCheck> checks = p.nodes().stream().map(n -> {
            String path = p.pathOn(n);
            if (!m.isUp(n)) {
                return NodeCheck.fail(n, Problem.error(n + " is powered off (simulated), cannot look for " + path, "heal " + n));
            }
            var f = m.file(n, path);
            if (f.isPresent() && f.get().size() > 0) {
                return NodeCheck.ok(n);
            }
            return NodeCheck.fail(n, missing(n, path, f.isPresent() ? "is empty" : "is missing"));
        }).toList();
        return Verdicts.perNode(p.type(), p.path() + " present", checks, commands(p));
    }
}
