package dev.hardway.lab.probe;

import dev.hardway.Problem;
import dev.hardway.lab.ProbeCommands;
import dev.hardway.lab.ProbeResult;
import dev.hardway.lab.real.KubeOutput;
import dev.hardway.lab.real.ToolOutput;
import dev.hardway.target.ExecResult;
import dev.hardway.target.TargetException;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * {@code kubectl get service -o json} from the client node, the one way the Service probes ({@code service-ip},
 * {@code lb-service-ip}, {@code nodeport-answers}) ask for a Service, with their shared failures: kubectl failing
 * for another reason than NotFound, the node not answering, and in the simulated lab an API that does not answer.
 */
final class ServiceQuery {

    private ServiceQuery() {
    }

    /**
     * Asks on the client node and hands kubectl's stdout (empty JSON when the Service is not found) and the commands
     * run to {@code judge}; a failure to ask is {@code "<subject>: could not be asked"}.
     */
    static ProbeResult real(RealProbing lab, String type, String subject, String namespace, String name,
                            BiFunction<String, List<String>, ProbeResult> judge) {
        String from = lab.cluster().clientNode();
        String cmd = ProbeCommands.service(namespace, name);
        List<String> cmds = List.of(ProbeCommands.on(from, cmd));
        try {
            ExecResult r = lab.exec(from, cmd);
            if (!r.ok() && !KubeOutput.notFound(r.stderr())) {
                return ProbeResult.fail(type, subject + ": could not be asked", List.of(Problem.error(from
                        + ": kubectl get service failed: " + ToolOutput.lastLine(r.stderr()), "check apiserver")), cmds);
            }
            return judge.apply(r.stdout(), cmds);
        } catch (TargetException e) {
            return ProbeResult.fail(type, subject + ": could not be asked", List.of(RealProbing.problemOf(e)), cmds);
        }
    }

    /** The simulated lab's answer when the API does not answer (kubectl cannot ask), else empty. */
    static Optional<ProbeResult> simApiDown(SimProbing lab, String type, String subject, List<String> cmds) {
        if (lab.model().apiHealth().ok()) {
            return Optional.empty();
        }
        return Optional.of(ProbeResult.fail(type, subject + ": could not be asked", List.of(lab.model().apiHealth()
                .problem().prefixed("kubectl get service: the API does not answer: ")), cmds));
    }
}
