package dev.hardway.lab.inspect;

import dev.hardway.Problem;
import java.util.List;

/**
 * What one {@code inspect} subcommand found: a data record the shell formats (table, {@code --json}). Every report
 * says whether it comes from the simulated lab and lists the exact commands that ran on real nodes (or would run,
 * simulated), each as {@code "node: command"}, for {@code set feedback verbose}.
 */
public sealed interface Report permits EtcdReport, ApiserverReport, LbReport, NodeReport, CertReport, ClusterReport {

    /** True when the data comes from the simulated lab's model. */
    boolean simulated();

    /** {@code "node: command"} per command run (or, simulated, that a real node would run). */
    List<String> commands();

    /**
     * Each problem found (a node that could not be asked, an unhealthy member, a bad certificate...), as data: what
     * names the node, the fix, where. Empty when all is well.
     */
    List<Problem> problems();

    /** The problems as the sentences a terminal shows. */
    default List<String> problemLines() {
        return Problem.sentences(problems());
    }
}
