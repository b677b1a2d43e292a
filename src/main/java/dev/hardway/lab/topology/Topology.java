package dev.hardway.lab.topology;

import dev.hardway.cluster.ClusterConfig.Node;
import dev.hardway.cluster.ClusterConfig.Role;
import dev.hardway.cluster.ClusterModel;
import dev.hardway.lab.fault.Fault;
import dev.hardway.lab.inspect.ClusterReport;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code topology}: the lab grouped by role, with addresses, the VIP holder(s), the etcd leader, nodes that are
 * down or cut off and units that are stopped. Built from an {@link ClusterReport} (so it is the same for the real
 * and the simulated lab); {@link TopologyRenderer} draws it.
 *
 * @param endpoint   the API endpoint clients use
 * @param vip        null without an LB pair
 * @param vipHolders LBs holding the VIP now (two: split brain)
 * @param etcdLeader null when etcd has no leader (or no masters)
 * @param etcd       the quorum sentence
 * @param faults     one line per active fault ("master2: powered off")
 */
public record Topology(String cluster, boolean simulated, String endpoint, String vip, List<String> vipHolders,
                       String etcdLeader, String etcd, List<Group> groups, List<String> faults) {

    /** Nodes of one role, in config order. */
    public record Group(String title, List<NodeBox> nodes) {
        public Group {
            nodes = List.copyOf(nodes);
        }
    }

    /**
     * @param state          "up", "down" (powered off), "unknown" (could not be reached)
     * @param partitioned    cut off from the other nodes
     * @param holdsVip       has the API VIP on an interface
     * @param etcdLeader     is the etcd leader
     * @param activeUnits    hardway units running
     * @param stoppedUnits   hardway units installed but not running (stopped by a fault, crashed, failed)
     */
    public record NodeBox(String name, String ip, String state, boolean partitioned, boolean holdsVip,
                          boolean etcdLeader, List<String> activeUnits, List<String> stoppedUnits) {
        public NodeBox {
            activeUnits = List.copyOf(activeUnits);
            stoppedUnits = List.copyOf(stoppedUnits);
        }
    }

    public Topology {
        vipHolders = List.copyOf(vipHolders);
        groups = List.copyOf(groups);
        faults = List.copyOf(faults);
    }

    /** Groups in the order traffic flows: jumpbox, load balancers, masters, workers, then the rest. */
    public static Topology of(ClusterModel c, ClusterReport r) {
        List<String> holders = r.lb() == null ? List.of() : r.lb().holders();
        String leader = r.etcd() == null ? null : r.etcd().status().leader();
        List<Group> groups = new ArrayList<>();
        Set<String> placed = new LinkedHashSet<>();
        add(groups, placed, "jumpbox", c.nodes().stream().filter(n -> n.roles().contains(Role.JUMPBOX)).toList(), r,
                holders, leader);
        add(groups, placed, "load balancers", c.apiLbs(), r, holders, leader);
        add(groups, placed, "masters", c.masters(), r, holders, leader);
        add(groups, placed, "workers", c.workers(), r, holders, leader);
        add(groups, placed, "ingress load balancers", c.ingressLbs(), r, holders, leader);
        add(groups, placed, "routers", c.routers(), r, holders, leader);
        add(groups, placed, "other", c.nodes(), r, holders, leader);
        List<String> faults = r.faults().stream().map(Fault::describe).toList();
        String vip = r.lb() == null ? null : r.lb().vip();
        return new Topology(r.cluster(), r.simulated(), c.apiEndpoint(), vip, holders, leader,
                r.etcd() == null || c.masters().isEmpty() ? null : r.etcd().quorumSentence(), groups, faults);
    }

    private static void add(List<Group> groups, Set<String> placed, String title, List<Node> nodes, ClusterReport r,
                            List<String> holders, String leader) {
        List<NodeBox> boxes = new ArrayList<>();
        for (Node n : nodes) {
            if (!placed.add(n.name())) {
                continue;
            }
            ClusterReport.NodeSummary s = r.nodes().stream().filter(x -> x.name().equals(n.name())).findFirst()
                    .orElse(null);
            String state = s == null ? "unknown" : s.reachable() ? "up" : "off".equals(s.power()) ? "down" : "unknown";
            boolean holds = holders.contains(n.name()) || (r.lb() != null && r.lb().lbs().stream()
                    .anyMatch(l -> l.node().equals(n.name()) && l.holdsVip()));
            boxes.add(new NodeBox(n.name(), n.ip(), state, s != null && s.partitioned(), holds,
                    n.name().equals(leader), s == null ? List.of() : s.activeUnits(),
                    s == null ? List.of() : s.stoppedUnits()));
        }
        if (!boxes.isEmpty()) {
            groups.add(new Group(title, boxes));
        }
    }

    /** True when two LBs hold the VIP. */
    public boolean splitBrain() {
        return vipHolders.size() > 1;
    }
}
