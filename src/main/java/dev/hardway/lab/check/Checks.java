package dev.hardway.lab.check;

import dev.hardway.Problem;
import dev.hardway.lab.inspect.ApiserverReport;
import dev.hardway.lab.inspect.ClusterReport;
import dev.hardway.lab.inspect.EtcdReport;
import dev.hardway.lab.inspect.Inspector;
import dev.hardway.lab.inspect.LbReport;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code check vip | etcd | apiserver | cluster}: verdicts decided on the inspect reports, so the real and the
 * simulated lab judge alike. Use {@link #Checks(Inspector)} for the commands, the static methods on reports one has.
 */
public final class Checks {

    private final Inspector inspector;

    public Checks(Inspector inspector) {
        this.inspector = inspector;
    }

    public Verdict vip() {
        return vip(inspector.lb());
    }

    public Verdict etcd() {
        return etcd(inspector.etcd());
    }

    public Verdict apiserver() {
        return apiserver(inspector.apiserver());
    }

    public Verdict cluster() {
        return cluster(inspector.cluster());
    }

    /**
     * Exactly one LB holds the VIP, and a client (the jumpbox) can connect to VIP:port. {@code /healthz} through
     * the VIP is reported but not required: before the control plane exists only the LB port answers.
     */
    public static Verdict vip(LbReport r) {
        List<String> lines = new ArrayList<>();
        if (r.vip() == null) {
            return new Verdict("vip", true, "no API VIP in this cluster (no load-balancer pair): clients use the"
                    + " first master directly", List.of(), r.simulated(), r.commands());
        }
        List<String> holders = r.holders();
        String vip = r.vip();
        boolean ok;
        String headline;
        if (holders.size() == 1) {
            LbReport.Lb h = r.lbs().stream().filter(LbReport.Lb::holdsVip).findFirst().orElseThrow();
            headline = "VIP " + vip + " on " + h.node() + " (" + h.state() + ")";
            // issue 8, finding 11: the same holder rule as the vip-held probe
            ok = dev.hardway.lab.VipStatus.holderOk(h.state());
            if (!ok) {
                headline += ", but keepalived is " + h.keepalived() + " there";
            }
        } else if (holders.isEmpty()) {
            headline = "no holder: VIP " + vip + " is on no load balancer";
            ok = false;
        } else {
            headline = "split brain: VIP " + vip + " is on " + String.join(" and ", holders);
            ok = false;
            lines.add(Problem.error("split brain: " + String.join(" and ", holders) + " both hold " + vip + "; clients reach whichever answered ARP last", "systemctl restart keepalived on the LB that lost its peer (faults shows whether hardway broke one: then heal it)").sentence());
        }
        if (r.through() != null) {
            LbReport.Through t = r.through();
            if (!t.portOpen()) {
                ok = false;
                lines.add(0, Problem.error("from " + t.from() + ": " + vip + ":" + r.port() + " does not answer (" + t.detail() + ")", "inspect lb").sentence());
            } else {
                lines.add("from " + t.from() + ": " + vip + ":" + r.port() + " answers; " + (t.apiHealthy()
                        ? "the API's /healthz is ok through the VIP"
                        : "the API does not answer ok through it yet (" + t.detail() + ")"));
            }
        }
        for (LbReport.Lb l : r.lbs()) {
            String line = l.node() + ": " + l.state() + (l.holdsVip() ? " (holds the VIP)" : "") + ", keepalived "
                    + l.keepalived() + ", haproxy " + l.haproxy() + (l.backends().isEmpty() ? ""
                    : ", backends " + l.backendsUp() + "/" + l.backends().size() + " UP");
            lines.add(line);
            if (l.problem() != null && (!ok || !l.reachable())) {
                lines.add(l.problem().sentence());
            }
        }
        return new Verdict("vip", ok, headline, lines, r.simulated(), r.commands());
    }

    /** A leader exists (quorum holds); unhealthy members are listed but do not fail the check. */
    public static Verdict etcd(EtcdReport r) {
        List<String> lines = new ArrayList<>();
        boolean ok = r.quorumHolds();
        String headline = ok ? "etcd: " + r.quorumSentence() + (r.status().hasLeader() ? ", leader "
                + r.status().leader() : "")
                : "etcd quorum lost: " + r.status().quorumLost() + (r.status().hasLeader() ? ""
                : " — no leader, so no write commits");
        r.problems().forEach(p -> lines.add(p.sentence()));
        if (r.answeredBy() != null) {
            lines.add("asked on " + r.answeredBy());
        }
        return new Verdict("etcd", ok, headline, lines, r.simulated(), r.commands());
    }

    /** The API answers {@code /healthz} ok at the endpoint clients use (through the VIP with an LB pair). */
    public static Verdict apiserver(ApiserverReport r) {
        ApiserverReport.Access a = r.viaEndpoint();
        boolean ok = a != null && a.healthy();
        String headline = "API " + r.endpoint() + ": " + (ok ? "healthy" : r.notInstalledYet()
                ? "not installed yet" : "not healthy")
                + " (" + r.healthyCount() + "/" + r.masters().size() + " kube-apiservers healthy)";
        List<String> lines = new ArrayList<>(ok ? List.of() : r.problems().stream().map(Problem::sentence).toList());
        if (ok) {
            r.masters().stream().filter(m -> m.problem() != null).forEach(m -> lines.add(m.problem().sentence()));
        }
        for (ApiserverReport.Master m : r.masters()) {
            lines.add(m.node() + ": kube-apiserver " + m.unit() + (m.installed() ? ", /healthz " + (m.healthz() == null
                    ? "-" : m.healthz()) + (m.version() == null ? "" : ", " + m.version()) : ""));
        }
        r.leases().forEach(l -> lines.add("leader lease " + l.component() + ": " + l.holderNode()
                + (l.held() ? "" : " (not renewed)")));
        return new Verdict("apiserver", ok, headline, lines, r.simulated(), r.commands());
    }

    /** etcd, the API and (with an LB pair) the VIP are all ok, and every node is reachable. */
    public static Verdict cluster(ClusterReport r) {
        List<Verdict> parts = new ArrayList<>(List.of(etcd(r.etcd()), apiserver(r.apiserver())));
        if (r.lb() != null) {
            parts.add(vip(r.lb()));
        }
        List<String> lines = new ArrayList<>();
        boolean ok = true;
        for (Verdict v : parts) {
            ok &= v.ok();
            // every headline names its component ("etcd: ...", "VIP ... on lb1", "API ...")
            lines.add((v.ok() ? "ok   " : "FAIL ") + v.headline());
        }
        for (ClusterReport.NodeSummary n : r.nodes()) {
            if (!n.reachable() || n.partitioned()) {
                ok = false;
            }
            if (n.problem() != null) {
                lines.add(n.problem().sentence());
            }
        }
        r.faults().forEach(f -> lines.add("fault: " + f.describe() + " (heal " + f.node() + ")"));
        long failed = parts.stream().filter(v -> !v.ok()).count();
        String headline = "cluster " + r.cluster() + ": " + (ok ? "healthy" : failed + " of " + parts.size()
                + " checks failed" + (r.faults().isEmpty() ? "" : ", " + r.faults().size() + " fault"
                + (r.faults().size() == 1 ? "" : "s") + " active"));
        return new Verdict("cluster", ok, headline, lines, r.simulated(), r.commands());
    }
}
