package dev.hardway.shell.commands;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.hardway.HardwayException;
import dev.hardway.lab.EtcdStatus;
import dev.hardway.lab.HaproxyStatus;
import dev.hardway.lab.Lab;
import dev.hardway.lab.LabInspector;
import dev.hardway.lab.VipStatus;
import dev.hardway.shell.CommandSet;
import dev.hardway.shell.HwCommand;
import dev.hardway.shell.Invocation;
import dev.hardway.shell.ShellSession;
import dev.hardway.shell.Style;
import dev.hardway.shell.Table;
import java.util.List;
import org.springframework.stereotype.Component;

/** inspect etcd | vip | lb and check etcd | vip: the lab's state as tables, verdicts with exit code 1. */
@Component
public class InspectCommands implements CommandSet {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final ShellSession session;

    public InspectCommands(ShellSession session) {
        this.session = session;
    }

    @Override
    public List<HwCommand> commands() {
        return List.of(
                HwCommand.builder("inspect etcd").group("Explore")
                        .description("etcd members, leader, raft term/index, DB size, health, and the quorum")
                        .flag("json", "print the data as JSON (for scripts)")
                        .run(inv -> inspectEtcd(inv)),
                HwCommand.builder("inspect vip").group("Explore")
                        .description("Which load balancer holds the API VIP, keepalived state per LB")
                        .flag("json", "print the data as JSON (for scripts)")
                        .run(inv -> inspectVip(inv)),
                HwCommand.builder("inspect lb").group("Explore")
                        .description("Per LB: keepalived state, VIP, haproxy and its backends")
                        .flag("json", "print the data as JSON (for scripts)")
                        .run(inv -> inspectLb(inv)),
                HwCommand.builder("check etcd").group("Explore")
                        .description("Verdict on etcd: ok, degraded, or quorum lost (exit 1 when unhealthy)")
                        .run(this::checkEtcd),
                HwCommand.builder("check vip").group("Explore")
                        .description("Verdict on the API VIP: one holder (ok), none, or split brain (exit 1)")
                        .run(this::checkVip));
    }

    private LabInspector inspector() {
        Lab lab = session.lab();
        if (lab instanceof LabInspector i) {
            return i;
        }
        throw new HardwayException(HardwayException.INTERNAL, "this lab cannot be inspected");
    }

    private String where(Invocation inv) {
        return session.lab().simulated() ? inv.style().dim(" (simulated)") : "";
    }

    static boolean json(Invocation inv, Object data) throws Exception {
        if (inv.flag("json")) {
            inv.println(JSON.writeValueAsString(data));
            return true;
        }
        return false;
    }

    private int inspectEtcd(Invocation inv) throws Exception {
        EtcdStatus s = inspector().etcdStatus();
        if (json(inv, s)) {
            return 0;
        }
        inv.println(inv.style().bold("etcd") + where(inv));
        inv.out().print(etcdTable(s, inv.style()));
        inv.println(quorumSentence(s, inv.style()));
        for (EtcdStatus.Member m : s.members()) {
            if (m.problem() != null) {
                inv.println("  " + inv.style().warn(m.problem()));
            }
        }
        return 0;
    }

    static String etcdTable(EtcdStatus s, Style st) {
        Table t = new Table("member", "client URL", "leader", "raft term", "raft index", "db size", "version", "health");
        for (EtcdStatus.Member m : s.members()) {
            t.row(m.name(), m.endpoint(), m.leader() ? st.bold("*") : "", m.healthy() ? m.raftTerm() : "",
                    m.healthy() ? m.raftIndex() : "", m.healthy() ? size(m.dbSize()) : "",
                    m.version() == null ? "" : m.version(), m.healthy() ? st.ok("healthy") : st.bad("unhealthy"));
        }
        return t.render(st);
    }

    /** "2 of 3 healthy — quorum holds, tolerates 0 more failures" / "... — quorum lost (needs 2)". */
    static String quorumSentence(EtcdStatus s, Style st) {
        String head = s.healthyCount() + " of " + s.configured() + " healthy — ";
        if (!s.hasLeader()) {
            return st.bad(head + "quorum lost: no leader (a leader needs " + s.quorum() + ")");
        }
        long t = s.toleratesMore();
        String text = head + "quorum holds, leader " + s.leader() + ", tolerates " + t + " more failure"
                + (t == 1 ? "" : "s");
        return s.healthyCount() == s.configured() ? st.ok(text) : st.warn(text);
    }

    private int inspectVip(Invocation inv) throws Exception {
        VipStatus v = inspector().vipStatus();
        if (json(inv, v)) {
            return 0;
        }
        if (v.vip() == null) {
            inv.println("This cluster has no API load-balancer pair, so there is no VIP. Try: cluster use ha");
            return 0;
        }
        inv.println(inv.style().bold("API VIP " + v.vip()) + where(inv));
        Table t = new Table("lb", "keepalived", "priority", "holds VIP");
        for (VipStatus.Lb lb : v.lbs()) {
            t.row(lb.node(), lb.state(), lb.priority() == 0 ? "" : lb.priority(),
                    lb.holds() ? inv.style().ok("yes") : "no");
        }
        inv.out().print(t.render(inv.style()));
        inv.println(vipSentence(v, inv.style()));
        return 0;
    }

    static String vipSentence(VipStatus v, Style st) {
        if (v.splitBrain()) {
            return st.bad(v.describe() + " — two nodes answer ARP for the same address");
        }
        return v.holders().isEmpty() ? st.bad(v.describe()) : st.ok(v.describe());
    }

    private int inspectLb(Invocation inv) throws Exception {
        VipStatus v = inspector().vipStatus();
        List<HaproxyStatus> hs = inspector().haproxyStatus();
        if (inv.flag("json")) {
            json(inv, java.util.Map.of("vip", v, "haproxy", hs));
            return 0;
        }
        if (v.vip() == null) {
            inv.println("This cluster has no API load-balancer pair. Try: cluster use ha");
            return 0;
        }
        inv.println(inv.style().bold("API load balancers") + where(inv) + " — " + vipSentence(v, inv.style()));
        for (HaproxyStatus h : hs) {
            VipStatus.Lb lb = v.lbs().stream().filter(l -> l.node().equals(h.node())).findFirst().orElse(null);
            inv.println("");
            inv.println(inv.style().bold(h.node()) + "  keepalived " + (lb == null ? "?" : lb.state())
                    + (lb != null && lb.holds() ? ", holds the VIP" : "") + "  haproxy "
                    + (h.running() ? inv.style().ok("running") : inv.style().bad("not running"))
                    + "  backends up " + h.upCount() + "/" + h.backends().size());
            if (!h.backends().isEmpty()) {
                Table t = new Table("  backend", "server", "status", "check");
                for (HaproxyStatus.Backend b : h.backends()) {
                    t.row("  " + b.proxy(), b.server(), b.up() ? inv.style().ok(b.status()) : inv.style().warn(b.status()),
                            b.checkStatus() == null ? "" : b.checkStatus());
                }
                inv.out().print(t.render(inv.style()));
            }
            if (h.problem() != null) {
                inv.println("  " + inv.style().warn(h.problem()));
            }
        }
        return 0;
    }

    private int checkEtcd(Invocation inv) {
        EtcdStatus s = inspector().etcdStatus();
        boolean ok = s.hasLeader() && s.healthyCount() == s.configured();
        inv.println(inv.style().mark(s.hasLeader()) + " " + quorumSentence(s, inv.style()) + where(inv));
        if (!ok) {
            inv.println(inv.style().dim("Try: inspect etcd, then heal the members that are down (faults lists them)."));
        }
        return s.hasLeader() ? (ok ? 0 : HardwayException.CHECK_FAILED) : HardwayException.CHECK_FAILED;
    }

    private int checkVip(Invocation inv) {
        VipStatus v = inspector().vipStatus();
        if (v.vip() == null) {
            inv.println("This cluster has no API VIP (no load-balancer pair). Try: cluster use ha");
            return 0;
        }
        boolean ok = v.holders().size() == 1;
        inv.println(inv.style().mark(ok) + " " + vipSentence(v, inv.style()) + where(inv));
        if (!ok) {
            inv.println(inv.style().dim(v.splitBrain()
                    ? "Try: inspect lb — one keepalived lost contact with its peer (partition or crash) but kept the"
                            + " address; heal it."
                    : "Try: inspect lb — is keepalived running on the LBs, and haproxy (the track script)?"));
        }
        return ok ? 0 : HardwayException.CHECK_FAILED;
    }

    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return (bytes / 1024) + " KiB";
        }
        return String.format("%.1f MiB", bytes / 1048576.0);
    }
}
