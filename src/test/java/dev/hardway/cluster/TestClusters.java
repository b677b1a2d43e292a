package dev.hardway.cluster;

import dev.hardway.cluster.ClusterConfig.Node;
import dev.hardway.cluster.ClusterConfig.Role;
import java.util.ArrayList;
import java.util.List;

/** Cluster configs built in code, for tests that must not depend on the YAML loader. */
public final class TestClusters {
    private TestClusters() {
    }

    /** jumpbox, master1-3, lb1-2 (VIP .10), worker1-2 on 10.240.0.0/24 — the shape of the test bed. */
    public static ClusterConfig ha() {
        List<Node> nodes = new ArrayList<>();
        nodes.add(new Node("jumpbox", List.of(Role.JUMPBOX), "10.240.0.9", 1, 512, null));
        for (int i = 1; i <= 3; i++) {
            nodes.add(new Node("master" + i, List.of(Role.MASTER), "10.240.0.1" + i, 2, 2048, null));
        }
        nodes.add(new Node("lb1", List.of(Role.LB), "10.240.0.21", 1, 512, null));
        nodes.add(new Node("lb2", List.of(Role.LB), "10.240.0.22", 1, 512, null));
        nodes.add(new Node("worker1", List.of(Role.WORKER), "10.240.0.31", 2, 2048, null));
        nodes.add(new Node("worker2", List.of(Role.WORKER), "10.240.0.32", 2, 2048, null));
        return config("ha", nodes, new ClusterConfig.LoadBalancers(
                new ClusterConfig.ApiLb("10.240.0.10", 6443, List.of("lb1", "lb2"), "active-standby"), null));
    }

    /** jumpbox, master1, worker1-2, no load balancers. */
    public static ClusterConfig single() {
        List<Node> nodes = List.of(
                new Node("jumpbox", List.of(Role.JUMPBOX), "10.240.0.9", 1, 512, null),
                new Node("master1", List.of(Role.MASTER), "10.240.0.11", 2, 2048, null),
                new Node("worker1", List.of(Role.WORKER), "10.240.0.31", 2, 2048, null),
                new Node("worker2", List.of(Role.WORKER), "10.240.0.32", 2, 2048, null));
        return config("default", nodes, ClusterConfig.LoadBalancers.NONE);
    }

    static ClusterConfig config(String name, List<Node> nodes, ClusterConfig.LoadBalancers lbs) {
        return new ClusterConfig(name, ClusterConfig.Provider.SIM, "cluster.local",
                new ClusterConfig.Versions("1.37.0", "3.6.5", "2.2.0", "1.3.3", "1.8.0", "1.37.0", "1.13.1"),
                ClusterConfig.Downloads.UPSTREAM,
                new ClusterConfig.Network("10.240.0.0/24", "10.200.0.0/16", "10.32.0.0/24", "10.32.0.10", "bridge"),
                lbs, new ClusterConfig.SshSettings("root", null, 22), new ClusterConfig.VagrantSettings(null, null),
                null, nodes, null);
    }
}
