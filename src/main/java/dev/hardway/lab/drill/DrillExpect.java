package dev.hardway.lab.drill;

import dev.hardway.lab.drill.DrillCommand.Subject;
import dev.hardway.lab.inspect.ApiserverReport;
import dev.hardway.lab.inspect.EtcdReport;
import dev.hardway.lab.inspect.LbReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an observation beat promises, field by field, decided on the typed report and verdict of {@code check} /
 * {@code inspect} (never on their printed text). A null field promises nothing.
 *
 * @param ok         the {@code check} verdict passes (etcd: quorum holds; vip: one healthy holder and VIP:port
 *                   answers; apiserver: {@code /healthz} ok at the endpoint)
 * @param healthy    etcd: exactly this many members healthy; apiserver: exactly this many kube-apiservers healthy
 * @param quorum     etcd: the quorum holds
 * @param leader     etcd: a leader exists (without one etcd commits no write: a write times out)
 * @param holder     vip: exactly this load balancer holds the VIP
 * @param splitBrain vip: two load balancers hold the VIP
 * @param through    vip: a TCP connect to VIP:port from the client node succeeds
 * @param api        vip: {@code /healthz} through the VIP is ok; apiserver: the same at the API endpoint
 * @param notReady   apiserver: every running kube-apiserver fails this {@code /readyz?verbose} check (e.g.
 *                   {@code etcd}), and at least one runs
 */
public record DrillExpect(Boolean ok, Integer healthy, Boolean quorum, Boolean leader, String holder,
                          Boolean splitBrain, Boolean through, Boolean api, String notReady) {

    /** The lesson-format keys and the subjects each applies to. */
    public static final Map<String, Set<Subject>> KEYS;

    static {
        Map<String, Set<Subject>> m = new LinkedHashMap<>();
        m.put("ok", Set.of(Subject.values()));
        m.put("healthy", Set.of(Subject.ETCD, Subject.APISERVER));
        m.put("quorum", Set.of(Subject.ETCD));
        m.put("leader", Set.of(Subject.ETCD));
        m.put("holder", Set.of(Subject.VIP));
        m.put("split_brain", Set.of(Subject.VIP));
        m.put("through", Set.of(Subject.VIP));
        m.put("api", Set.of(Subject.VIP, Subject.APISERVER));
        m.put("not_ready", Set.of(Subject.APISERVER));
        KEYS = java.util.Collections.unmodifiableMap(m);
    }

    public boolean promisesNothing() {
        return ok == null && healthy == null && quorum == null && leader == null && holder == null
                && splitBrain == null && through == null && api == null && notReady == null;
    }

    /** Why {@code seen} breaks this promise, one line per broken field; empty when it is kept. */
    public List<String> broken(Observation seen) {
        List<String> out = new ArrayList<>();
        if (ok != null && ok != seen.verdict().ok()) {
            out.add("check " + seen.subject().id() + " " + (seen.verdict().ok() ? "passes" : "fails") + " ("
                    + seen.verdict().headline() + "), the step promises it " + (ok ? "passes" : "fails"));
        }
        if (seen.report() instanceof EtcdReport e) {
            if (healthy != null && e.healthyCount() != healthy) {
                out.add("etcd has " + e.healthyCount() + " healthy member" + (e.healthyCount() == 1 ? "" : "s")
                        + " (" + e.quorumSentence() + "), the step promises " + healthy);
            }
            if (quorum != null && quorum != e.quorumHolds()) {
                out.add("etcd's quorum " + (e.quorumHolds() ? "holds" : "is lost") + ", the step promises it "
                        + (quorum ? "holds" : "is lost"));
            }
            if (leader != null && leader != e.status().hasLeader()) {
                out.add("etcd " + (e.status().hasLeader() ? "has a leader (" + e.status().leader() + ")"
                        : "has no leader") + ", the step promises " + (leader ? "one" : "none"));
            }
        } else if (seen.report() instanceof LbReport l) {
            List<String> holders = l.holders();
            if (holder != null && !(holders.size() == 1 && holders.get(0).equals(holder))) {
                out.add("the VIP " + (l.vip() == null ? "does not exist" : holders.isEmpty() ? "is on no load balancer"
                        : "is on " + String.join(" and ", holders)) + ", the step promises it is on " + holder
                        + " alone");
            }
            if (splitBrain != null && splitBrain != (holders.size() > 1)) {
                out.add((holders.size() > 1 ? "split brain: the VIP is on " + String.join(" and ", holders)
                        : "no split brain") + ", the step promises " + (splitBrain ? "split brain" : "none"));
            }
            boolean port = l.through() != null && l.through().portOpen();
            if (through != null && through != port) {
                out.add("VIP:" + l.port() + (port ? " answers" : " does not answer") + from(l) + ", the step"
                        + " promises it " + (through ? "answers" : "does not"));
            }
            boolean healthz = l.through() != null && l.through().apiHealthy();
            if (api != null && api != healthz) {
                out.add("the API's /healthz through the VIP is " + (healthz ? "ok" : "not ok") + from(l)
                        + ", the step promises " + (api ? "ok" : "not ok"));
            }
        } else if (seen.report() instanceof ApiserverReport a) {
            if (healthy != null && a.healthyCount() != healthy) {
                out.add(a.healthyCount() + " of " + a.masters().size() + " kube-apiservers are healthy, the step"
                        + " promises " + healthy);
            }
            boolean endpoint = a.viaEndpoint() != null && a.viaEndpoint().healthy();
            if (api != null && api != endpoint) {
                out.add("the API at " + a.endpoint() + " is " + (endpoint ? "healthy" : "not healthy")
                        + ", the step promises " + (api ? "healthy" : "not healthy"));
            }
            if (notReady != null) {
                List<ApiserverReport.Master> running = a.masters().stream().filter(m -> "active".equals(m.unit()))
                        .toList();
                List<String> without = running.stream().filter(m -> !m.notReady().contains(notReady))
                        .map(ApiserverReport.Master::node).toList();
                if (running.isEmpty()) {
                    out.add("no kube-apiserver runs, so none can show /readyz failing '" + notReady + "'");
                } else if (!without.isEmpty()) {
                    out.add("/readyz?verbose on " + String.join(", ", without) + " does not fail '" + notReady
                            + "', the step promises it does on every running kube-apiserver");
                }
            }
        }
        return out;
    }

    private static String from(LbReport l) {
        return l.through() == null ? "" : " from " + l.through().from() + " (" + l.through().detail() + ")";
    }

    /** The promise in words, for the learner ("2 healthy, quorum holds"). */
    public String describe() {
        List<String> p = new ArrayList<>();
        if (ok != null) {
            p.add(ok ? "the check passes" : "the check fails");
        }
        if (healthy != null) {
            p.add(healthy + " healthy");
        }
        if (quorum != null) {
            p.add(quorum ? "quorum holds" : "quorum lost");
        }
        if (leader != null) {
            p.add(leader ? "a leader" : "no leader");
        }
        if (holder != null) {
            p.add("VIP on " + holder);
        }
        if (splitBrain != null) {
            p.add(splitBrain ? "split brain" : "no split brain");
        }
        if (through != null) {
            p.add(through ? "VIP:port answers" : "VIP:port does not answer");
        }
        if (api != null) {
            p.add(api ? "the API answers" : "the API does not answer");
        }
        if (notReady != null) {
            p.add("/readyz fails " + notReady);
        }
        return String.join(", ", p);
    }
}
