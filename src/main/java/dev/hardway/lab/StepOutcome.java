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
     * @param reason      the same cause without the node's name and address (null on success), so one cause on
     *                      several nodes can be shown once, naming the nodes
     * @param unreachable true when the failure was reaching the node (exit code 3), not the script
     */
    public record NodeOutcome(String node, int exit, String error, String reason, boolean unreachable,
                              Duration duration) {
        public boolean ok() {
            return error == null;
        }

        public static NodeOutcome ok(String node, int exit, Duration duration) {
            return new NodeOutcome(node, exit, null, null, false, duration);
        }

        /** A failure whose one-line form is {@code node: reason}. */
        public static NodeOutcome failed(String node, int exit, String reason, boolean unreachable,
                                         Duration duration) {
            return new NodeOutcome(node, exit, node + ": " + reason, reason, unreachable, duration);
        }

        /** A failure to reach or use the node: the exception's message names node and address, its reason not. */
        public static NodeOutcome failed(String node, dev.hardway.target.TargetException e, boolean unreachable,
                                         Duration duration) {
            return new NodeOutcome(node, -1, e.getMessage(), e.reason().sentence(), unreachable, duration);
        }
    }
}
