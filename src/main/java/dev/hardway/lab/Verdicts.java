package dev.hardway.lab;

import java.util.ArrayList;
import java.util.List;

/** Shared wording of per-node probe results, so the real and the simulated lab say the same thing. */
public final class Verdicts {

    /** One node's part of a per-node probe; {@code problem} names the node and ends with a hint, or is null. */
    public record NodeCheck(String node, boolean ok, String problem) {
        public static NodeCheck ok(String node) {
            return new NodeCheck(node, true, null);
        }

        public static NodeCheck fail(String node, String problem) {
            return new NodeCheck(node, false, problem);
        }
    }

    private Verdicts() {
    }

    /**
     * "etcd active on 3/3 nodes" or "etcd active on 1/3 nodes (not on master2, master3)", with one problem line
     * per failing node.
     */
    public static ProbeResult perNode(String type, String what, List<NodeCheck> checks, List<String> commands) {
        List<String> bad = checks.stream().filter(c -> !c.ok()).map(NodeCheck::node).toList();
        long good = checks.size() - bad.size();
        String summary = what + " on " + good + "/" + checks.size() + (checks.size() == 1 ? " node" : " nodes")
                + (bad.isEmpty() ? "" : " (not on " + String.join(", ", bad) + ")");
        if (bad.isEmpty()) {
            return ProbeResult.pass(type, summary, commands).about(what);
        }
        List<String> problems = new ArrayList<>();
        checks.stream().filter(c -> !c.ok()).forEach(c -> problems.add(c.problem()));
        return ProbeResult.fail(type, summary, problems, commands).about(what);
    }
}
