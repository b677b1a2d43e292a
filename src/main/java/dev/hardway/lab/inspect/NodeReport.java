package dev.hardway.lab.inspect;

import dev.hardway.Problem;
import java.util.List;

/**
 * {@code inspect node <name>}: is it up and reachable, the hardway-relevant units and their states, the last
 * journal errors, addresses and routes.
 *
 * @param power       "on", "off" (known powered off: a fault or the simulated model), "unknown" (unreachable)
 * @param partitioned cut off from the other nodes (a {@code network} fault)
 * @param units       every hardway unit known on the node, in {@link Units#ALL} order, with its state
 * @param journalErrors the last lines of {@code journalctl -p err -n 5 --no-pager} (empty simulated)
 * @param addresses   {@code ip -o -4 addr show}: "eth0 10.240.0.11/24"
 * @param routes      {@code ip -4 route show} lines
 */
public record NodeReport(boolean simulated, String node, List<String> roles, String ip, boolean reachable,
                         String power, boolean partitioned, List<Unit> units, List<String> journalErrors,
                         List<String> addresses, List<String> routes, List<Problem> problems, List<String> commands)
        implements Report {

    /**
     * @param state systemd's ActiveState as {@code systemctl is-active} prints it (active, inactive, failed,
     *              activating...); simulated also "stopped (fault)"
     * @param enabled {@code systemctl is-enabled}: enabled, disabled, not-found...
     */
    public record Unit(String name, String state, String enabled) {
        public boolean active() {
            return "active".equals(state);
        }
    }

    public NodeReport {
        roles = List.copyOf(roles);
        units = List.copyOf(units);
        journalErrors = List.copyOf(journalErrors);
        addresses = List.copyOf(addresses);
        routes = List.copyOf(routes);
        problems = List.copyOf(problems);
        commands = List.copyOf(commands);
    }

    public List<String> activeUnits() {
        return units.stream().filter(Unit::active).map(Unit::name).toList();
    }
}
