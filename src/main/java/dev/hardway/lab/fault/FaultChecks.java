package dev.hardway.lab.fault;

import dev.hardway.Problem;
import dev.hardway.cluster.ClusterConfig.Node;
import dev.hardway.cluster.ClusterModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Argument checks and wording shared by the simulated and the real faults. */
final class FaultChecks {

    static final String ARP_NOTE = "iptables drops IP packets only: ARP still passes, so neighbours keep (or learn)"
            + " this node's MAC, and a VIP that moved meanwhile can leave a stale ARP entry for a few seconds after"
            + " heal. A teaching fault, not a pulled cable (lab-notes pitfall 9).";
    static final Problem CRASH_NOTE = Problem.error("a keepalived killed with SIGKILL cannot remove the VIP from the interface: the peer stops hearing adverts and takes the VIP too, so both hold it (split brain)", "check vip");

    private FaultChecks() {
    }

    static Node node(ClusterModel c, String name) {
        Optional<Node> n = c.node(name == null ? "" : name.trim());
        if (n.isEmpty()) {
            List<String> names = c.nodes().stream().map(Node::name).toList();
            throw FaultException.badInput(Problem.error("no node '" + name + "' in cluster " + c.name(), "one of " + String.join(", ", names)));
        }
        return n.get();
    }

    static void notTwice(FaultStore store, String node, FaultMode mode, boolean simulated) {
        store.all().stream().filter(f -> f.simulated() == simulated && f.node().equals(node) && f.mode() == mode)
                .findFirst().ifPresent(f -> {
                    throw FaultException.badInput(Problem.error(node + " is already broken that way (" + f.describe() + ", since "
                            + f.since() + ")", "heal " + node + " first"));
                });
    }

    /** The units to stop: the one asked for (must be active), else every active hardway unit. */
    static List<String> servicesToStop(String node, String service, List<String> active, boolean simulated) {
        String sim = simulated ? " (simulated)" : "";
        if (service != null) {
            if (!active.contains(service)) {
                throw FaultException.badInput(Problem.error(service + " is not running on " + node + sim + " (running: "
                        + (active.isEmpty() ? "no hardway unit" : String.join(", ", active)) + ")", "inspect node " + node));
            }
            return List.of(service);
        }
        if (active.isEmpty()) {
            throw FaultException.badInput(Problem.error("no hardway unit is running on " + node + sim + ", so --mode services has nothing to stop", "break " + node + " --mode power or --mode network"));
        }
        return active;
    }

    /** The unit a crash kills: the one asked for, else keepalived on an LB, else the first active unit. */
    static String crashUnit(ClusterModel c, Node node, String service, List<String> active, boolean simulated) {
        String n = node.name();
        if (service != null) {
            if (!active.contains(service)) {
                throw FaultException.badInput(Problem.error(service + " is not running on " + n + (simulated ? " (simulated)" : "") + ", so there is nothing to kill", "inspect node " + n));
            }
            return service;
        }
        if (c.apiLbs().contains(node) && active.contains("keepalived")) {
            return "keepalived";
        }
        if (active.isEmpty()) {
            throw FaultException.badInput(Problem.error("no hardway unit is running on " + n + " to crash", "break " + n
                    + " --mode power"));
        }
        return active.get(0);
    }

    /**
     * The addresses a network fault drops on {@code node}: every other node's IP, plus the API VIP for a node that
     * is not one of the load balancers (the holders' own traffic to the VIP is local).
     */
    static List<String> peers(ClusterModel c, Node node) {
        List<String> out = new ArrayList<>();
        for (Node other : c.nodes()) {
            if (!other.name().equals(node.name()) && !out.contains(other.ip())) {
                out.add(other.ip());
            }
        }
        if (c.hasApiLb() && !c.apiLbs().contains(node)) {
            out.add(c.config().loadbalancers().api().vip());
        }
        return out;
    }

    static void nothingToHeal(String node) {
        throw FaultException.badInput(Problem.error(node + " has no fault recorded by hardway", "faults (to list them), or inspect node " + node));
    }
}
