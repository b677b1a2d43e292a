package dev.hardway.lab.real;

import static dev.hardway.lab.real.FakePool.result;
import static dev.hardway.lab.real.Fixtures.read;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hardway.cluster.ClusterLoader;
import dev.hardway.cluster.ClusterModel;
import dev.hardway.lab.Probe;
import dev.hardway.lab.ProbeResult;
import dev.hardway.lab.bgp.BgpFacts;
import dev.hardway.lab.fault.FaultStore;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The real halves of lesson 16's probes (bgp-sessions, bgp-route, lb-service-ip) on FRR 8.4's recorded JSON
 * (frr-8.4/README.md says how it was recorded): the parsing, the commands and the traps they name.
 */
class BgpProbesRealTest {

    static final String CLUSTER = """
            name: bgp
            provider: sim
            network: {node_subnet: 10.99.0.0/24, pod_cidr: 10.244.0.0/16, service_cidr: 10.96.0.0/16, cluster_dns: 10.96.0.10, cni: flannel}
            bgp: {cluster_asn: 64522, router_asn: 64512, address_pool: 10.99.254.0/24}
            nodes:
              - {name: jumpbox, roles: [jumpbox], ip: 10.99.0.5, cpus: 1, memory: 512}
              - {name: router, roles: [router], ip: 10.99.0.2, cpus: 1, memory: 512}
              - {name: master1, roles: [master], ip: 10.99.0.10, cpus: 2, memory: 2048}
              - {name: worker1, roles: [worker], ip: 10.99.0.21, cpus: 2, memory: 2048}
              - {name: worker2, roles: [worker], ip: 10.99.0.22, cpus: 2, memory: 2048}
            """;

    final ClusterModel cluster;
    final FakePool pool;
    final RealLab lab;

    BgpProbesRealTest() throws Exception {
        cluster = new ClusterModel(new ClusterLoader(() -> 16 * 1024).load("bgp.yaml", CLUSTER));
        pool = new FakePool(cluster.nodes().stream().map(n -> n.name()).toList());
        lab = new RealLab(cluster, pool, FaultStore.of(new dev.hardway.HardwayHome(java.nio.file.Path.of(
                System.getProperty("java.io.tmpdir"), "hardway-bgptest-" + ProcessHandle.current().pid())), "bgp"));
    }

    /** The router answers the two commands of one probe script from the named recordings. */
    void router(String first, String second) {
        pool.answers = (n, s) -> n.equals("router") ? result(n, 0, read("frr-8.4/" + first) + BgpOutput.MARK
                + read("frr-8.4/" + second), "") : null;
    }

    @Test
    void parsesNeighborsSummaryAndRoutesAsFrrPrintsThem() {
        var s = BgpOutput.sessions(read("frr-8.4/neighbors-ok.json"), read("frr-8.4/summary-ok.json"));
        assertThat(s.get("10.99.0.21")).isEqualTo(new BgpFacts.Session("10.99.0.21", "Established", 64522, 64512,
                false, 1, ""));
        assertThat(s.get("10.99.0.22").state()).isEqualTo("Active");
        assertThat(BgpOutput.sessions("", read("frr-8.4/summary-policy.json")).get("10.99.0.21").policyBlocked())
                .isTrue();
        assertThat(BgpOutput.sessions(read("frr-8.4/neighbors-wrongasn.json"), "").get("10.99.0.21"))
                .extracting(BgpFacts.Session::state, BgpFacts.Session::remoteAs, BgpFacts.Session::lastNotification)
                .containsExactly("Idle", 64999L, "OPEN Message Error/Bad Peer AS");
        var routes = BgpOutput.routes(read("frr-8.4/route-ok.json"));
        assertThat(routes.get("10.99.254.1/32")).containsExactly(new BgpFacts.Route("10.99.254.1/32", "bgp", true,
                List.of("10.99.0.21")));
        assertThat(BgpOutput.routes(read("frr-8.4/route-policy.json"))).doesNotContainKey("10.99.254.1/32");
        assertThat(BgpOutput.sessions("not json", null)).isEmpty();
    }

    @Test
    void sessionsPassForEstablishedSpeakersAndNameTheMissingOne() {
        router("neighbors-ok.json", "summary-ok.json");
        assertThat(lab.probe(new Probe.BgpSessions("router", List.of("worker1"))).ok()).isTrue();
        ProbeResult r = lab.probe(new Probe.BgpSessions("router", List.of("worker1", "worker2")));
        assertThat(r.ok()).isFalse();
        assertThat(r.problemLines()).singleElement().asString().contains("router <-> worker2 (10.99.0.22) is Active",
                "no speaker talks BGP from 10.99.0.22", "logs ds/speaker");
        assertThat(r.commands()).containsExactly("router: vtysh -c 'show bgp neighbors json'",
                "router: vtysh -c 'show bgp summary json'");
    }

    @Test
    void sessionsNameAWrongAsn() {
        router("neighbors-wrongasn.json", "summary-wrongasn.json");
        ProbeResult r = lab.probe(new Probe.BgpSessions("router", List.of("worker1")));
        assertThat(r.ok()).isFalse();
        assertThat(r.problemLines()).singleElement().asString().contains("wrong ASN", "expects AS 64999",
                "neighbor 10.99.0.21 remote-as 64522");
    }

    @Test
    void routeIsFoundInstalledOrThePolicyTrapIsNamed() {
        router("route-ok.json", "summary-ok.json");
        ProbeResult ok = lab.probe(new Probe.BgpRoute("router", "default", null, "10.99.254.1/32"));
        assertThat(ok.ok()).isTrue();
        assertThat(ok.summary()).isEqualTo("router routes 10.99.254.1/32 via 10.99.0.21 (BGP)");
        router("route-policy.json", "summary-policy.json");
        ProbeResult policy = lab.probe(new Probe.BgpRoute("router", "default", null, "10.99.254.1/32"));
        assertThat(policy.ok()).isFalse();
        assertThat(policy.problemLines()).singleElement().asString().startsWith("ebgp-requires-policy:")
                .contains("[10.99.0.21]", "route-map METALLB-IN in", "no bgp ebgp-requires-policy");
        // sessions up, no policy trap, but the address is not announced: the advertisement is named
        router("route-ok.json", "summary-ok.json");
        ProbeResult none = lab.probe(new Probe.BgpRoute("router", "default", null, "10.99.254.7/32"));
        assertThat(none.problemLines()).singleElement().asString().contains("no speaker announces 10.99.254.7/32",
                "BGPAdvertisement");
    }

    @Test
    void routeOfAServiceAsksKubectlForItsAddressFirst() {
        String svc = "{\"kind\":\"Service\",\"spec\":{\"type\":\"LoadBalancer\",\"clusterIP\":\"10.96.0.50\"},"
                + "\"status\":{\"loadBalancer\":{\"ingress\":[{\"ip\":\"10.99.254.1\",\"ipMode\":\"VIP\"}]}}}";
        pool.answers = (n, s) -> n.equals("jumpbox") ? result(n, 0, svc, "") : n.equals("router")
                ? result(n, 0, read("frr-8.4/route-ok.json") + BgpOutput.MARK + read("frr-8.4/summary-ok.json"), "")
                : null;
        ProbeResult r = lab.probe(new Probe.BgpRoute("router", "default", "nginx-lb", null));
        assertThat(r.ok()).as(String.join("\n", r.problemLines())).isTrue();
        assertThat(r.commands()).first().asString().startsWith("jumpbox: /root/bin/kubectl").contains(
                "get service nginx-lb -o json");
        ProbeResult lb = lab.probe(new Probe.LbServiceIp("default", "nginx-lb", "10.99.254.0/24"));
        assertThat(lb.ok()).isTrue();
        assertThat(lb.summary()).isEqualTo("Service default/nginx-lb has LoadBalancer address 10.99.254.1 (of"
                + " 10.99.254.0/24)");
        assertThat(lab.probe(new Probe.LbServiceIp("default", "nginx-lb", "10.99.253.0/24")).problemLines())
                .singleElement().asString().contains("not one of 10.99.253.0/24");
        pool.answers = (n, s) -> result(n, 0, svc.replace("\"ingress\":[{\"ip\":\"10.99.254.1\",\"ipMode\":\"VIP\"}]",
                ""), "");
        assertThat(lab.probe(new Probe.LbServiceIp("default", "nginx-lb", "10.99.254.0/24")).summary())
                .endsWith("EXTERNAL-IP <pending>");
    }
}
