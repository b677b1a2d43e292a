package dev.hardway.lab;

import dev.hardway.Problem;
import java.util.List;

/**
 * One API load balancer's haproxy as {@code inspect lb} shows it: whether it runs and the state of each backend
 * server (from the stats socket's {@code show stat} CSV, or the simulated model).
 *
 * @param problem why the stats are missing (haproxy not running, node unreachable), naming the node; else null
 */
public record HaproxyStatus(String node, boolean running, List<Backend> backends, Problem problem) {

    /**
     * @param server      the server name in the backend (= master name)
     * @param status      haproxy's status column: UP, DOWN, MAINT, "UP 1/2", "no check"...
     * @param checkStatus haproxy's check_status: L4OK, L4CON (refused), L4TOUT (timeout), L7OK...
     */
    public record Backend(String proxy, String server, String status, String checkStatus) {
        public boolean up() {
            return status != null && status.startsWith("UP");
        }
    }

    public HaproxyStatus {
        backends = List.copyOf(backends);
    }

    public long upCount() {
        return backends.stream().filter(Backend::up).count();
    }
}
