package dev.hardway.lab;

import dev.hardway.Problem;

import java.util.ArrayList;
import java.util.List;

/** Shared wording of per-node probe results, so the real and the simulated lab say the same thing. */
public final class Verdicts {

    /**
     * One node's part of a per-node probe: ok, or what is wrong there ({@code what} names the node, the fix where
     * known, {@code where} = the node), at least one problem when not ok.
     */
    public record NodeCheck(String node, boolean ok, List<Problem> problems) {
        public NodeCheck {
            problems = List.copyOf(problems);
        }

        public static NodeCheck ok(String node) {
            return new NodeCheck(node, true, List.of());
        }

        public static NodeCheck fail(String node, Problem problem) {
            return fail(node, List.of(problem));
        }

        public static NodeCheck fail(String node, List<Problem> problems) {
            if (problems.isEmpty()) {
                throw new IllegalArgumentException("a failed node check names at least one problem");
            }
            return new NodeCheck(node, false, problems.stream()
                    .map(p -> p.where().isNone() ? p.withWhere(Problem.Where.node(node)) : p).toList());
        }

        public static NodeCheck fail(String node, String what, String fix) {
            return fail(node, Problem.error(what, fix));
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
        List<Problem> problems = new ArrayList<>();
        checks.stream().filter(c -> !c.ok()).forEach(c -> problems.addAll(c.problems()));
        return ProbeResult.fail(type, summary, problems, commands).about(what);
    }
}
