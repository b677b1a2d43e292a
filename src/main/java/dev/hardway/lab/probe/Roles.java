package dev.hardway.lab.probe;

import dev.hardway.cluster.ClusterConfig.Node;
import dev.hardway.cluster.ClusterModel;
import java.util.List;
import java.util.Locale;

/** Small helpers over the cluster model shared by the probes. */
final class Roles {
    private Roles() {
    }

    static List<String> of(Node n) {
        return n.roles().stream().map(r -> r.name().toLowerCase(Locale.ROOT)).toList();
    }

    static Node node(ClusterModel c, String name) {
        return c.requireNode(name);
    }

    static String vip(ClusterModel c) {
        return c.hasApiLb() ? c.config().loadbalancers().api().vip() : null;
    }

    static int prefix(ClusterModel c) {
        String s = c.config().network().nodeSubnet();
        return s != null && s.contains("/") ? Integer.parseInt(s.substring(s.indexOf('/') + 1)) : 24;
    }
}
