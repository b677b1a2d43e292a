package dev.hardway.lab.probe;

import dev.hardway.Problem;
import dev.hardway.cluster.Cidr;
import dev.hardway.cluster.ClusterConfig;
import dev.hardway.cluster.ClusterModel;
import dev.hardway.lab.Probe;
import dev.hardway.lab.ProbeResult;
import dev.hardway.lab.Verdicts;
import dev.hardway.lab.Verdicts.NodeCheck;
import dev.hardway.lab.bgp.BgpFacts;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The verdicts of lesson 16's probes on {@link BgpFacts}, one place for both labs, naming the known traps of
 * k8s-1.37-notes §16: eBGP routes discarded for lack of a policy (FRR 8+, RFC 8212), an ASN that differs between
 * the router and the BGPPeer, a pool that no BGPAdvertisement announces, no speaker answering.
 */
public final class BgpRules {

    private BgpRules() {
    }

    /** bgp-sessions: every expected speaker is an Established neighbor of the router. */
    public static ProbeResult sessions(ClusterModel c, Probe.BgpSessions p, BgpFacts.RouterView view,
                                       List<String> cmds) {
        ClusterConfig.Bgp bgp = c.config().bgp();
        String routerIp = c.node(p.router()).map(ClusterConfig.Node::ip).orElse(p.router());
        List<NodeCheck> checks = new ArrayList<>();
        for (String peer : p.peers()) {
            String ip = c.node(peer).map(ClusterConfig.Node::ip).orElse(peer);
            BgpFacts.Session s = view.sessions().get(ip);
            if (s == null) {
                checks.add(NodeCheck.fail(peer, Problem.error(p.router() + " has no BGP neighbor " + ip + " (" + peer + ")", "`neighbor " + ip + " remote-as " + (bgp == null ? "<cluster ASN>" : bgp.clusterAsn())
                        + "` under `router bgp` in /etc/frr/frr.conf on " + p.router() + ", then systemctl restart frr")));
            } else if (s.established()) {
                checks.add(NodeCheck.ok(peer));
            } else {
                checks.add(NodeCheck.fail(peer, notEstablished(p.router(), routerIp, peer, s, bgp)));
            }
        }
        return Verdicts.perNode(p.type(), "BGP session to " + p.router() + " Established", checks, cmds);
    }

    private static Problem notEstablished(String router, String routerIp, String peer, BgpFacts.Session s,
                                         ClusterConfig.Bgp bgp) {
        String head = "the BGP session " + router + " <-> " + peer + " (" + s.peer() + ") is " + s.state() + ", not"
                + " Established";
        if (bgp != null && s.remoteAs() != 0 && s.remoteAs() != bgp.clusterAsn()) {
            return Problem.error(head + ": wrong ASN: " + router + " expects AS " + s.remoteAs() + " of it, but the speakers are AS "
                    + bgp.clusterAsn() + " (bgp.cluster_asn, the BGPPeer's myASN)", "`neighbor " + s.peer()
                    + " remote-as " + bgp.clusterAsn() + "` in /etc/frr/frr.conf");
        }
        if (bgp != null && s.localAs() != 0 && s.localAs() != bgp.routerAsn()) {
            return Problem.error(head + ": wrong ASN: " + router + " runs as AS " + s.localAs() + ", but the BGPPeer's peerASN is "
                    + bgp.routerAsn() + " (bgp.router_asn)", "`router bgp " + bgp.routerAsn() + "` in /etc/frr/frr.conf");
        }
        if (s.lastNotification().contains("Bad Peer AS")) {
            return Problem.error(head + ": wrong ASN (" + s.lastNotification() + "): the BGPPeer's myASN must be the router's `remote-as` and its peerASN the router's `router bgp`", "kubectl -n metallb-system get bgppeers -o yaml; vtysh -c 'show running-config' on " + router);
        }
        return Problem.error(head + ": no speaker talks BGP from " + s.peer() + (s.lastNotification().isEmpty() ? ""
                : " (last NOTIFICATION: " + s.lastNotification() + ")"), "kubectl -n metallb-system get pods -o wide (a speaker on " + peer + "); kubectl -n metallb-system get bgppeers (peerAddress " + routerIp
                + "); kubectl -n metallb-system logs ds/speaker");
    }

    /**
     * bgp-route: {@code prefix} is installed on the router as a BGP route via at least one speaker. A missing route
     * is explained by the sessions: discarded for lack of a policy, or nothing announced.
     */
    public static ProbeResult route(ClusterModel c, Probe.BgpRoute p, String prefix, BgpFacts.RouterView view,
                                    List<String> cmds) {
        List<BgpFacts.Route> rs = view.routes().getOrDefault(prefix, List.of());
        Optional<BgpFacts.Route> bgp = rs.stream().filter(r -> r.protocol().equals("bgp")).findFirst();
        String what = p.router() + " routes " + prefix + (p.service() == null ? "" : " (Service " + p.namespace()
                + "/" + p.service() + ")");
        if (bgp.isPresent() && bgp.get().installed() && !bgp.get().nextHops().isEmpty()) {
            return ProbeResult.pass(p.type(), what + " via " + String.join(", ", bgp.get().nextHops())
                    + " (BGP)", cmds);
        }
        List<Problem> problems = new ArrayList<>();
        List<BgpFacts.Session> blocked = view.sessions().values().stream().filter(BgpFacts.Session::policyBlocked)
                .toList();
        List<BgpFacts.Session> up = view.sessions().values().stream().filter(BgpFacts.Session::established).toList();
        if (bgp.isPresent()) {
            problems.add(Problem.error(p.router() + " knows " + prefix + " from BGP but has not installed it (next hops: "
                    + bgp.get().nextHops() + ")", "vtysh -c 'show ip route " + prefix + "' on " + p.router()));
        } else if (!blocked.isEmpty()) {
            problems.add(Problem.error("ebgp-requires-policy: " + p.router() + " discards every route from "
                    + blocked.stream().map(BgpFacts.Session::peer).toList() + " (FRR 8+, RFC 8212: an eBGP neighbor without a policy; show bgp summary says (Policy))", "`neighbor <IP> route-map METALLB-IN in` and `... route-map METALLB-OUT out` under address-family ipv4 unicast, or `no bgp"
                    + " ebgp-requires-policy` under router bgp, in /etc/frr/frr.conf"));
        } else if (up.isEmpty()) {
            problems.add(Problem.error(p.router() + " has no Established BGP session, so nobody announces " + prefix, "the probe bgp-sessions; vtysh -c 'show bgp summary' on " + p.router()));
        } else {
            problems.add(Problem.error("no speaker announces " + prefix + " to " + p.router() + " (sessions with " + up.stream()
                    .map(BgpFacts.Session::peer).toList() + " are up): is the pool advertised? A BGPAdvertisement must name its IPAddressPool", "kubectl -n metallb-system get bgpadvertisements -o yaml; kubectl get service -A | grep LoadBalancer"));
        }
        return ProbeResult.fail(p.type(), what + ": no BGP route", problems, cmds);
    }

    /** lb-service-ip: the Service is of type LoadBalancer and has an address of the pool. */
    public static ProbeResult lbAddress(Probe.LbServiceIp p, Optional<String> type, Optional<String> ip,
                                        List<String> cmds) {
        String subject = "Service " + p.namespace() + "/" + p.name();
        if (type.isEmpty()) {
            return ProbeResult.fail(p.type(), subject + ": not found", List.of(Problem.error("there is no Service " + p.name()
                    + " in " + p.namespace(), "kubectl apply -f its manifest (lesson run)")), cmds);
        }
        if (!type.get().equals("LoadBalancer")) {
            return ProbeResult.fail(p.type(), subject + " is of type " + type.get(), List.of(Problem.error(subject + " is of type "
                    + type.get() + ", so MetalLB gives it no address", "spec.type: LoadBalancer")), cmds);
        }
        if (ip.isEmpty()) {
            return ProbeResult.fail(p.type(), subject + ": EXTERNAL-IP <pending>", List.of(Problem.error(subject + " has no"
                    + " LoadBalancer address: MetalLB's controller is not running or no IPAddressPool has a free address", "kubectl -n metallb-system get pods,ipaddresspools; kubectl describe service " + p.name())), cmds);
        }
        Cidr pool = Cidr.parse(p.pool()).normalized();
        boolean in = Cidr.tryParseAddress(ip.get()).map(pool::contains).orElse(false);
        if (!in) {
            return ProbeResult.fail(p.type(), subject + " has " + ip.get() + ", outside " + p.pool(), List.of(Problem.error(subject
                    + " has the address " + ip.get() + ", not one of " + p.pool() + " (bgp.address_pool)", "kubectl -n metallb-system get ipaddresspools -o yaml")), cmds);
        }
        return ProbeResult.pass(p.type(), subject + " has LoadBalancer address " + ip.get() + " (of " + p.pool() + ")",
                cmds);
    }
}
