package dev.hardway.shell.commands;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.hardway.HardwayException;
import dev.hardway.lab.HaproxyStatus;
import dev.hardway.lab.check.Checks;
import dev.hardway.lab.check.Verdict;
import dev.hardway.lab.inspect.ApiserverReport;
import dev.hardway.lab.inspect.CertReport;
import dev.hardway.lab.inspect.ClusterReport;
import dev.hardway.lab.inspect.EtcdReport;
import dev.hardway.lab.inspect.Inspector;
import dev.hardway.lab.inspect.LbReport;
import dev.hardway.lab.inspect.NodeReport;
import dev.hardway.lab.inspect.Report;
import dev.hardway.shell.CommandSet;
import dev.hardway.shell.HwCommand;
import dev.hardway.shell.Invocation;
import dev.hardway.shell.Settings;
import dev.hardway.shell.ShellSession;
import dev.hardway.shell.Style;
import dev.hardway.shell.Table;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * inspect etcd|apiserver|vip|lb|node|certs|cluster and check vip|etcd|apiserver|cluster: the engine's reports as
 * tables (or JSON), verdicts with exit code 1 when unhealthy. Works the same on the simulated and real labs.
 */
@Component
public class InspectCommands implements CommandSet {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .enable(SerializationFeature.INDENT_OUTPUT).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final ShellSession session;

    public InspectCommands(ShellSession session) {
        this.session = session;
    }

    HwCommand.Candidates nodes() {
        return HwCommand.dynamic(() -> {
            Map<String, String> m = new LinkedHashMap<>();
            session.cluster().config().nodes().forEach(n -> m.put(n.name(), String.join(",",
                    n.roles().stream().map(r -> r.id()).toList()) + " " + n.ip()));
            return m;
        });
    }

    @Override
    public List<HwCommand> commands() {
        return List.of(
                inspect("etcd", "etcd members, leader, raft term/index, DB size, health, and the quorum",
                        inv -> etcd(inv, session.inspector().etcd())),
                inspect("apiserver", "Per master: unit, /healthz, /readyz, version; and through the API endpoint",
                        inv -> apiserver(inv, session.inspector().apiserver())),
                inspect("vip", "Who holds the API VIP; keepalived state per load balancer",
                        inv -> vip(inv, session.inspector().lb())),
                inspect("lb", "Per load balancer: keepalived, VIP, haproxy and its backends",
                        inv -> lb(inv, session.inspector().lb())),
                HwCommand.builder("inspect node").group("Explore")
                        .description("One node: up, units and their states, recent journal errors, addresses, routes")
                        .arg("name", "a node", nodes()).flag("json", "print the data as JSON (for scripts)")
                        .run(inv -> node(inv, session.inspector().node(inv.arg(0)))),
                HwCommand.builder("inspect certs").group("Explore")
                        .description("Every certificate the lessons put on a node (or all): subject, SANs, usages,"
                                + " expiry, and classic mistakes")
                        .optionalArg("node", "a node (default: all)", nodes()).flag("json", "print the data as JSON")
                        .run(inv -> certs(inv, session.inspector().certs(inv.arg(0)))),
                inspect("cluster", "A summary of everything: nodes, etcd, API, load balancers, active faults",
                        inv -> cluster(inv, session.inspector().cluster())),
                check("vip", "Exactly one VIP holder and the API port answering through it (exit 1 otherwise)",
                        c -> c.vip()),
                check("etcd", "etcd has a leader (quorum); exit 1 with 'quorum lost' otherwise", c -> c.etcd()),
                check("apiserver", "The API answers /healthz through its endpoint (exit 1 otherwise)",
                        c -> c.apiserver()),
                check("cluster", "All of the above (exit 1 when anything is unhealthy)", c -> c.cluster()));
    }

    private HwCommand inspect(String what, String description, HwCommand.Body body) {
        return HwCommand.builder("inspect " + what).group("Explore").description(description)
                .flag("json", "print the data as JSON (for scripts)").run(body);
    }

    private HwCommand check(String what, String description, java.util.function.Function<Checks, Verdict> f) {
        return HwCommand.builder("check " + what).group("Explore").description(description).run(inv -> {
            Verdict v = f.apply(new Checks(session.inspector()));
            Style st = inv.style();
            inv.println(st.mark(v.ok()) + " " + (v.ok() ? st.ok(v.headline()) : st.bad(v.headline()))
                    + (v.simulated() ? st.dim("  (simulated)") : ""));
            v.lines().forEach(l -> inv.println("   " + l));
            verbose(inv, v.commands());
            return v.exitCode();
        });
    }

    private boolean json(Invocation inv, Object data) throws Exception {
        if (inv.flag("json")) {
            inv.println(JSON.writeValueAsString(data));
            return true;
        }
        return false;
    }

    private void title(Invocation inv, String t, Report r) {
        inv.println(inv.style().bold(t) + (r.simulated() ? inv.style().dim("  (simulated)") : ""));
    }

    private void tail(Invocation inv, Report r) {
        r.problems().forEach(p -> inv.println("  " + inv.style().warn(p.sentence())));
        verbose(inv, r.commands());
    }

    private void verbose(Invocation inv, List<String> commands) {
        if (session.settings().feedback() == Settings.Feedback.VERBOSE) {
            commands.forEach(c -> inv.println(inv.style().dim("  $ " + c)));
        }
    }

    private int etcd(Invocation inv, EtcdReport r) throws Exception {
        if (json(inv, r)) {
            return 0;
        }
        title(inv, "etcd" + (r.answeredBy() == null ? "" : "  (asked " + r.answeredBy() + ")"), r);
        Style st = inv.style();
        Table t = new Table("member", "id", "client URL", "leader", "raft term", "raft index", "db size", "version",
                "health");
        for (EtcdReport.Member m : r.members()) {
            t.row(m.name(), m.id() == null ? "" : m.id(), m.clientUrl(), m.leader() ? st.bold("*") : "",
                    m.healthy() ? m.raftTerm() : "", m.healthy() ? m.raftIndex() : "",
                    m.healthy() ? size(m.dbSize()) : "", m.version() == null ? "" : m.version(),
                    m.healthy() ? st.ok("healthy") : st.bad(m.up() ? "unhealthy" : "down"));
        }
        inv.out().print(t.render(st));
        String q = r.quorumSentence() + (r.status() != null && r.status().leader() != null
                ? ", leader " + r.status().leader() : "");
        inv.println(r.quorumHolds() ? (r.healthyCount() == r.members().size() ? st.ok(q) : st.warn(q)) : st.bad(q));
        tail(inv, r);
        return 0;
    }

    private int apiserver(Invocation inv, ApiserverReport r) throws Exception {
        if (json(inv, r)) {
            return 0;
        }
        title(inv, "kube-apiserver  (endpoint " + r.endpoint() + ")", r);
        Style st = inv.style();
        Table t = new Table("master", "unit", "/healthz", "/readyz", "version");
        for (ApiserverReport.Master m : r.masters()) {
            t.row(m.node(), m.reachable() ? m.unit() : st.bad("unreachable"),
                    m.healthy() ? st.ok(m.healthz()) : st.warn(String.valueOf(m.healthz())),
                    m.ready() ? st.ok(m.readyz()) : st.warn(String.valueOf(m.readyz())),
                    m.version() == null ? "" : m.version());
        }
        inv.out().print(t.render(st));
        if (r.viaEndpoint() != null) {
            ApiserverReport.Access a = r.viaEndpoint();
            // the answer only: the problem (which names the node again) is listed below with the others
            inv.println("through " + a.url() + " from " + a.from() + ": " + (a.healthy() ? st.ok(a.answer())
                    : r.notInstalledYet() ? st.warn("nothing to ask yet (kube-apiserver is not installed)")
                    : st.bad(String.valueOf(a.answer()))));
        }
        for (ApiserverReport.Lease l : r.leases()) {
            inv.println("leader lease " + l.component() + ": " + (l.held() ? st.ok(l.holderNode())
                    : st.bad(String.valueOf(l.holderNode()) + " (not renewed)")));
        }
        tail(inv, r);
        return 0;
    }

    private int vip(Invocation inv, LbReport r) throws Exception {
        if (json(inv, r.vipStatus())) {
            return 0;
        }
        if (r.vip() == null) {
            inv.println("This cluster has no API load-balancer pair, so there is no VIP. Try: cluster use ha");
            return 0;
        }
        title(inv, "API VIP " + r.vip() + ":" + r.port(), r);
        Style st = inv.style();
        Table t = new Table("lb", "ip", "keepalived", "vrrp state", "priority", "holds VIP");
        for (LbReport.Lb lb : r.lbs()) {
            t.row(lb.node(), lb.ip(), lb.reachable() ? lb.keepalived() : st.bad("unreachable"), lb.state(),
                    lb.priority() == 0 ? "" : lb.priority(), lb.holdsVip() ? st.ok("yes") : "no");
        }
        inv.out().print(t.render(st));
        inv.println(holders(r, st));
        tail(inv, r);
        return 0;
    }

    static String holders(LbReport r, Style st) {
        List<String> h = r.holders();
        if (h.size() > 1) {
            return st.bad("split brain: " + String.join(" and ", h) + " both hold " + r.vip());
        }
        if (h.isEmpty()) {
            return st.bad("no load balancer holds " + r.vip());
        }
        return st.ok(r.vip() + " is on " + h.get(0));
    }

    private int lb(Invocation inv, LbReport r) throws Exception {
        if (json(inv, r)) {
            return 0;
        }
        if (r.vip() == null) {
            inv.println("This cluster has no API load-balancer pair. Try: cluster use ha");
            return 0;
        }
        title(inv, "API load balancers — " + holders(r, inv.style()), r);
        Style st = inv.style();
        for (LbReport.Lb lb : r.lbs()) {
            inv.println("");
            inv.println(st.bold(lb.node()) + " " + lb.ip() + "  keepalived " + lb.keepalived() + " (" + lb.state()
                    + (lb.holdsVip() ? ", holds the VIP" : "") + ")  haproxy " + lb.haproxy()
                    + "  backends up " + lb.backendsUp() + "/" + lb.backends().size());
            if (!lb.backends().isEmpty()) {
                Table t = new Table("  backend", "server", "status", "check");
                for (HaproxyStatus.Backend b : lb.backends()) {
                    t.row("  " + b.proxy(), b.server(), b.up() ? st.ok(b.status()) : st.warn(b.status()),
                            b.checkStatus() == null ? "" : b.checkStatus());
                }
                inv.out().print(t.render(st));
            }
            if (lb.problem() != null) {
                inv.println("  " + st.warn(lb.problem().sentence()));
            }
        }
        if (r.through() != null) {
            LbReport.Through th = r.through();
            inv.println("");
            inv.println("from " + th.from() + ": " + r.vip() + ":" + r.port() + " "
                    + (th.portOpen() ? st.ok("answers") : st.bad("does not answer"))
                    + (th.detail() == null ? "" : "  " + st.dim(th.detail())));
        }
        tail(inv, r);
        return 0;
    }

    private int node(Invocation inv, NodeReport r) throws Exception {
        if (json(inv, r)) {
            return 0;
        }
        Style st = inv.style();
        title(inv, r.node() + " (" + String.join(",", r.roles()) + ") " + r.ip() + "  power " + r.power()
                + (r.partitioned() ? st.bad("  PARTITIONED") : "") + (r.reachable() ? "" : st.bad("  unreachable")), r);
        if (!r.units().isEmpty()) {
            Table t = new Table("unit", "state", "enabled");
            r.units().forEach(u -> t.row(u.name(), u.active() ? st.ok(u.state()) : st.warn(u.state()), u.enabled()));
            inv.out().print(t.render(st));
        }
        if (!r.addresses().isEmpty()) {
            inv.println("addresses  " + String.join("  ", r.addresses()));
        }
        if (!r.routes().isEmpty()) {
            inv.println("routes");
            r.routes().forEach(x -> inv.println("  " + x));
        }
        if (!r.journalErrors().isEmpty()) {
            inv.println("recent errors in the journal");
            r.journalErrors().forEach(x -> inv.println("  " + st.warn(x)));
        }
        tail(inv, r);
        return 0;
    }

    /** The width {@code inspect certs} keeps to (issue 8, finding 14: it was ~330 columns). */
    static final int CERTS_WIDTH = 120;
    /** SANs listed per certificate before "+N more" ({@code --json} has them all). */
    static final int SANS_SHOWN = 8;
    private static final int CN_WIDTH = 30;

    private int certs(Invocation inv, CertReport r) throws Exception {
        if (json(inv, r)) {
            return 0;
        }
        Style st = inv.style();
        title(inv, "certificates", r);
        // one table per node (the node is the heading, not a column), SANs counted in the table and listed
        // below it, wrapped: the table fits CERTS_WIDTH however long the SAN lists are
        Map<String, List<CertReport.Cert>> byNode = new LinkedHashMap<>();
        r.certs().forEach(c -> byNode.computeIfAbsent(c.node(), k -> new java.util.ArrayList<>()).add(c));
        byNode.forEach((node, certs) -> {
            inv.println(st.bold(node));
            Table t = new Table("  file", "subject CN", "SANs", "ext. usage", "expires", "");
            for (CertReport.Cert c : certs) {
                t.row("  " + c.path(), cut(c.commonName(), CN_WIDTH), c.sans().isEmpty() ? "" : c.sans().size(),
                        String.join(",", c.extKeyUsage().stream().map(u -> u.replace("Auth", "")).toList()),
                        c.notAfter() == null ? "" : c.notAfter().toString().substring(0, 10),
                        c.ok() ? st.ok("ok") : st.bad("check"));
            }
            inv.out().print(t.render(st));
            for (CertReport.Cert c : certs) {
                if (!c.sans().isEmpty()) {
                    wrap("    SANs of " + c.path().substring(c.path().lastIndexOf('/') + 1) + ": ", sans(c.sans()),
                            CERTS_WIDTH).forEach(l -> inv.println(st.dim(l)));
                }
            }
        });
        for (CertReport.Cert c : r.certs()) {
            for (CertReport.Finding f : c.findings()) {
                String line = c.node() + ":" + c.path() + ": " + f.problem().sentence();
                inv.println("  " + (f.severity() == CertReport.Severity.ERROR ? st.bad(line) : st.warn(line)));
            }
        }
        tail(inv, r);
        return r.errorCount() == 0 ? 0 : HardwayException.CHECK_FAILED;
    }

    /** The first {@link #SANS_SHOWN} SANs, then "+N more (--json lists all)". */
    static List<String> sans(List<String> all) {
        if (all.size() <= SANS_SHOWN) {
            return all;
        }
        List<String> out = new java.util.ArrayList<>(all.subList(0, SANS_SHOWN));
        out.add("+" + (all.size() - SANS_SHOWN) + " more (inspect certs --json lists all)");
        return out;
    }

    /** Words joined with ", " into lines of at most {@code width}, continuation lines indented under the first. */
    static List<String> wrap(String head, List<String> words, int width) {
        List<String> lines = new java.util.ArrayList<>();
        String indent = " ".repeat(Math.min(head.length(), 12));
        StringBuilder line = new StringBuilder(head);
        boolean first = true;
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i) + (i < words.size() - 1 ? "," : "");
            if (!first && line.length() + 1 + w.length() > width) {
                lines.add(line.toString());
                line = new StringBuilder(indent);
                first = true;
            }
            line.append(first ? "" : " ").append(cut(w, width - indent.length()));
            first = false;
        }
        lines.add(line.toString());
        return lines;
    }

    static String cut(String s, int max) {
        return s == null ? "" : s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    private int cluster(Invocation inv, ClusterReport r) throws Exception {
        if (json(inv, r)) {
            return 0;
        }
        Style st = inv.style();
        title(inv, "cluster " + r.cluster(), r);
        Table t = new Table("node", "roles", "ip", "power", "reachable", "active units", "stopped");
        for (ClusterReport.NodeSummary n : r.nodes()) {
            t.row(n.name(), String.join(",", n.roles()), n.ip(), n.power(),
                    n.reachable() ? "yes" : st.bad("no"), String.join(" ", n.activeUnits()),
                    n.stoppedUnits().isEmpty() ? "" : st.warn(String.join(" ", n.stoppedUnits())));
        }
        inv.out().print(t.render(st));
        inv.println("etcd       " + r.etcd().quorumSentence());
        inv.println("apiserver  " + r.apiserver().healthyCount() + "/" + r.apiserver().masters().size()
                + " healthy" + (r.apiserver().viaEndpoint() != null && r.apiserver().viaEndpoint().healthy()
                ? ", answers through " + r.apiserver().endpoint() : ""));
        if (r.lb() != null) {
            inv.println("API VIP    " + holders(r.lb(), st));
        }
        if (!r.faults().isEmpty()) {
            inv.println(st.warn("faults     " + String.join("; ", r.faults().stream().map(f -> f.describe()).toList())));
        }
        tail(inv, r);
        return 0;
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
