package dev.hardway.lab.fault;

import dev.hardway.cluster.ClusterConfig.Node;
import dev.hardway.cluster.ClusterModel;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/** What to look at after breaking or healing a node, by its roles and the fault ("inspect etcd, check vip"). */
public final class Suggestions {

    private Suggestions() {
    }

    public static List<String> afterBreak(ClusterModel c, Fault f) {
        LinkedHashSet<String> s = new LinkedHashSet<>(forNode(c, f.node()));
        if (f.mode() == FaultMode.NETWORK || f.mode() == FaultMode.POWER) {
            s.add("inspect node " + f.node());
        }
        if (f.mode() == FaultMode.CERT) {
            s.add("inspect certs " + f.node());
        }
        s.add("topology");
        s.add("faults");
        s.add("heal " + f.node());
        return new ArrayList<>(s);
    }

    public static List<String> afterHeal(ClusterModel c, List<Fault> healed) {
        LinkedHashSet<String> s = new LinkedHashSet<>();
        healed.forEach(f -> s.addAll(forNode(c, f.node())));
        s.add("check cluster");
        return new ArrayList<>(s);
    }

    private static List<String> forNode(ClusterModel c, String node) {
        List<String> s = new ArrayList<>();
        Node n = c.node(node).orElse(null);
        if (n == null) {
            return s;
        }
        if (c.masters().contains(n)) {
            s.add("inspect etcd");
            s.add("check etcd");
            s.add("check apiserver");
        }
        if (c.apiLbs().contains(n)) {
            s.add("check vip");
            s.add("inspect lb");
        }
        if (c.workers().contains(n) || s.isEmpty()) {
            s.add("inspect node " + node);
        }
        return s;
    }
}
