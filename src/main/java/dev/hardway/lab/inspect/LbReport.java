package dev.hardway.lab.inspect;

import dev.hardway.Problem;
import dev.hardway.lab.HaproxyStatus;
import dev.hardway.lab.VipStatus;
import java.util.List;

/**
 * {@code inspect vip} / {@code inspect lb}: per API load balancer keepalived's state, whether it holds the VIP,
 * haproxy and its backend table (stats socket); plus whether the VIP answers from the jumpbox.
 *
 * @param vip     the API VIP (null without an LB pair: then {@code lbs} is empty)
 * @param port    the API port on the VIP
 * @param through what a client sees at VIP:port (null without an LB pair)
 */
public record LbReport(boolean simulated, String vip, int port, List<Lb> lbs, Through through,
                       List<Problem> problems, List<String> commands) implements Report {

    /**
     * @param reachable  hardway could ask the node (false: the other fields are unknown, {@code problem} says why)
     * @param keepalived {@code systemctl is-active keepalived}
     * @param state      VRRP state: MASTER, BACKUP, FAULT, STOPPED, CRASHED (killed, address left behind), DOWN,
     *                   UNKNOWN
     * @param priority   configured VRRP priority (0 when unknown)
     * @param holdsVip   the VIP is on one of the node's interfaces
     * @param haproxy    {@code systemctl is-active haproxy}
     * @param backends   haproxy's server rows from the stats socket (empty when haproxy does not answer)
     */
    public record Lb(String node, String ip, boolean reachable, String keepalived, String state, int priority,
                     boolean holdsVip, String haproxy, List<HaproxyStatus.Backend> backends, Problem problem) {
        public Lb {
            backends = List.copyOf(backends);
        }

        public long backendsUp() {
            return backends.stream().filter(HaproxyStatus.Backend::up).count();
        }
    }

    /**
     * A client's view of the VIP: a TCP connect to VIP:port and, when it connects, {@code /healthz} through it.
     *
     * @param from        the node that tried (the jumpbox, else the first master)
     * @param portOpen    the TCP connect succeeded
     * @param apiHealthy  {@code /healthz} through the VIP answered ok
     * @param detail      what happened, in words ("connection refused", "ok", "closed without reply"...)
     */
    public record Through(String from, boolean portOpen, boolean apiHealthy, String detail) {
    }

    public LbReport {
        lbs = List.copyOf(lbs);
        problems = List.copyOf(problems);
        commands = List.copyOf(commands);
    }

    public List<String> holders() {
        return lbs.stream().filter(Lb::holdsVip).map(Lb::node).toList();
    }

    /** The same data in the lab's probe shape (what {@code vip-held} decides on). */
    public VipStatus vipStatus() {
        return new VipStatus(vip, lbs.stream().map(l -> new VipStatus.Lb(l.node(), l.holdsVip(), l.state(),
                l.priority(), l.problem())).toList());
    }

    /** haproxy per LB in the lab's probe shape. */
    public List<HaproxyStatus> haproxyStatus() {
        return lbs.stream().map(l -> new HaproxyStatus(l.node(), "active".equals(l.haproxy()), l.backends(),
                "active".equals(l.haproxy()) ? null : l.problem())).toList();
    }
}
