package dev.hardway.lab;

import dev.hardway.Problem;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Who holds the API VIP (keepalived), from {@code ip -o -4 addr show} on each LB or the simulated model; what
 * {@code check vip} / {@code inspect vip} show and what the {@code vip-held} probe decides on.
 *
 * @param vip the address (null when the cluster has no API LB pair; {@code lbs} is empty then)
 * @param lbs one per node of the LB pair, in config order
 */
public record VipStatus(String vip, List<Lb> lbs) {

    /**
     * @param holds    the VIP is configured on this node's interface
     * @param state    keepalived's VRRP state as far as known, a {@link dev.hardway.lab.probe.VrrpState} name
     * @param priority configured VRRP priority (0 when unknown)
     * @param problem  why this LB cannot hold (or cannot be asked), naming it, with its fix; else null
     */
    public record Lb(String node, boolean holds, String state, int priority, Problem problem) {
    }

    public VipStatus {
        lbs = List.copyOf(lbs);
    }

    /**
     * The one rule for a holder: it is not ok when its keepalived is dead while the address stays on it (state
     * CRASHED): the backup takes the VIP within seconds (split brain) and nothing moves it if this node fails.
     * Used by the vip-held probe and {@code check vip} alike.
     */
    public static boolean holderOk(String state) {
        return state == null || !state.equals(dev.hardway.lab.probe.VrrpState.CRASHED.name());
    }

    public List<String> holders() {
        return lbs.stream().filter(Lb::holds).map(Lb::node).toList();
    }

    /** Two or more LBs hold the VIP at once. */
    public boolean splitBrain() {
        return holders().size() > 1;
    }

    public String describe() {
        List<String> h = holders();
        String others = lbs.stream().filter(l -> !l.holds()).map(l -> l.node() + " " + l.state())
                .collect(Collectors.joining(", "));
        if (h.isEmpty()) {
            return "VIP " + vip + " is held by no load balancer" + (others.isEmpty() ? "" : " (" + others + ")");
        }
        if (h.size() > 1) {
            return "split brain: VIP " + vip + " is held by " + String.join(" and ", h);
        }
        Lb holder = lbs.stream().filter(Lb::holds).findFirst().orElseThrow();
        return "VIP " + vip + " on " + holder.node() + " (" + holder.state() + ")" + (others.isEmpty() ? "" : ", " + others);
    }

    /** The {@code vip-held} verdict: exactly one holder, and its keepalived running (not CRASHED). */
    public ProbeResult verdict(List<String> commands) {
        return verdict("vip-held", commands);
    }

    /** The same verdict under another probe type (ingress-vip decides on the ingress pair's status). */
    public ProbeResult verdict(String type, List<String> commands) {
        List<String> h = holders();
        Lb holder = h.size() == 1 ? lbs.stream().filter(Lb::holds).findFirst().orElseThrow() : null;
        if (holder != null && holderOk(holder.state())) {
            return ProbeResult.pass(type, describe(), commands);
        }
        List<Problem> problems = new java.util.ArrayList<>();
        if (h.size() > 1) {
            problems.add(Problem.error("split brain: " + String.join(" and ", h) + " both hold " + vip + "; clients reach whichever answered ARP last", "find the LB that lost contact with its peer (network, or a keepalived killed without releasing the address) and heal it"));
        } else if (holder != null) {
            problems.add(holder.problem() != null ? holder.problem() : Problem.error(holder.node() + " holds " + vip
                    + " but its keepalived is not running", "systemctl start keepalived (on " + holder.node() + ")"));
        } else {
            lbs.stream().filter(l -> l.problem() != null).forEach(l -> problems.add(l.problem()));
            if (problems.isEmpty()) {
                problems.add(Problem.error("no load balancer holds " + vip, "systemctl status keepalived haproxy on " + lbs.stream().map(Lb::node).collect(Collectors.joining(", "))));
            }
        }
        return ProbeResult.fail(type, describe(), problems, commands);
    }
}
