package dev.hardway.lab.inspect;

import dev.hardway.Problem;
import dev.hardway.lab.fault.Fault;
import java.util.List;

/**
 * {@code inspect cluster}: everything at a glance — etcd, the API, the load balancers, one line per node, and the
 * faults hardway made.
 *
 * @param lb null without an API LB pair
 */
public record ClusterReport(boolean simulated, String cluster, EtcdReport etcd, ApiserverReport apiserver,
                            LbReport lb, List<NodeSummary> nodes, List<Fault> faults, List<Problem> problems,
                            List<String> commands) implements Report {

    /**
     * @param power          "on", "off", "unknown" (could not be reached)
     * @param activeUnits    hardway units running
     * @param stoppedUnits   hardway units installed (enabled) but not running
     */
    public record NodeSummary(String name, List<String> roles, String ip, boolean reachable, String power,
                              boolean partitioned, List<String> activeUnits, List<String> stoppedUnits,
                              Problem problem) {
        public NodeSummary {
            roles = List.copyOf(roles);
            activeUnits = List.copyOf(activeUnits);
            stoppedUnits = List.copyOf(stoppedUnits);
        }
    }

    public ClusterReport {
        nodes = List.copyOf(nodes);
        faults = List.copyOf(faults);
        problems = List.copyOf(problems);
        commands = List.copyOf(commands);
    }
}
