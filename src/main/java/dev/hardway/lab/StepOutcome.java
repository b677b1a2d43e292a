package dev.hardway.lab;

import java.time.Duration;
import java.util.List;

/** What applying a step did on each node, in node order. */
public record StepOutcome(List<NodeOutcome> nodes) {

    public boolean ok() {
        return nodes.stream().allMatch(NodeOutcome::ok);
    }

    public List<NodeOutcome> failed() {
        return nodes.stream().filter(n -> !n.ok()).toList();
    }

    /**
     * @param exit        the script's exit code, or -1 when the node could not be reached / the command timed out
     * @param error       why it failed, in one line naming the node (unreachable, exit code + last stderr line), or
     *                    null on success
     * @param unreachable true when the failure was reaching the node (exit code 3), not the script
     */
    public record NodeOutcome(String node, int exit, String error, boolean unreachable, Duration duration) {
        public boolean ok() {
            return error == null;
        }
    }
}
