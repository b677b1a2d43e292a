package dev.hardway.lab.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hardway.cluster.ClusterLoader;
import dev.hardway.cluster.ClusterModel;
import dev.hardway.lab.ApiObject;
import dev.hardway.lab.Probe;
import dev.hardway.lab.ProbeResult;
import dev.hardway.lab.StepAction;
import dev.hardway.lesson.LessonCatalog;
import dev.hardway.lesson.LessonEngine;
import dev.hardway.progress.ProgressStore;
import dev.hardway.target.OutputListener;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulated half of lesson 16 ({@link SimBgp}): the metallb-bgp preset solved by the lessons themselves, then
 * broken the ways k8s-1.37-notes §16 lists; each probe passes solved and fails naming the trap broken.
 */
class SimBgpTest {

    static final LessonCatalog CATALOG = LessonCatalog.load(Path.of("lessons"));

    @TempDir
    Path tmp;
    SimLab lab;
    ClusterModel cluster;

    @BeforeEach
    void solved() throws Exception {
        cluster = new ClusterModel(new ClusterLoader(() -> 64 * 1024).load(Path.of("cluster-config/metallb-bgp.yaml")));
        lab = new SimLab(cluster, tmp.resolve("sim-lab.json"));
        new LessonEngine(lab, CATALOG, CATALOG.renderer(), new ProgressStore(tmp.resolve("p.yaml"), "metallb-bgp"),
                null).testOnThisLab(null);
    }

    ProbeResult sessions() {
        return lab.probe(new Probe.BgpSessions("router", List.of("worker1", "worker2", "worker3")));
    }

    ProbeResult route() {
        return lab.probe(new Probe.BgpRoute("router", "default", "nginx-lb", null));
    }

    String frrConf() {
        return lab.model().file("router", SimBgp.FRR_CONF).orElseThrow().text();
    }

    void write(String node, String path, String content) {
        SimFixtures.ok(lab.apply(SimFixtures.write("break", node, path, content), OutputListener.NONE));
    }

    static String problems(ProbeResult r) {
        return String.join("\n", r.problemLines());
    }

    @Test
    void solvedTheSessionsAreUpAndTheServiceIsRoutedViaEveryWorker() {
        assertThat(sessions().ok()).as(problems(sessions())).isTrue();
        ProbeResult lb = lab.probe(new Probe.LbServiceIp("default", "nginx-lb", "172.17.254.0/24"));
        assertThat(lb.summary()).isEqualTo("Service default/nginx-lb has LoadBalancer address 172.17.254.1 (of"
                + " 172.17.254.0/24)");
        assertThat(route().summary()).isEqualTo("router routes 172.17.254.1/32 (Service default/nginx-lb) via"
                + " 172.17.0.21, 172.17.0.22, 172.17.0.23 (BGP)");
    }

    @Test
    void withoutARouteMapRfc8212DiscardsTheRoutesAndNoEbgpRequiresPolicyAlsoWorks() {
        String noMaps = frrConf().lines().filter(l -> !l.contains("route-map METALLB"))
                .reduce("", (a, b) -> a + b + "\n");
        write("router", SimBgp.FRR_CONF, noMaps);
        assertThat(sessions().ok()).isTrue();   // the sessions come up; only the routes are discarded
        assertThat(route().ok()).isFalse();
        assertThat(problems(route())).startsWith("ebgp-requires-policy: router discards every route from");
        write("router", SimBgp.FRR_CONF, noMaps.replace(" bgp log-neighbor-changes\n",
                " bgp log-neighbor-changes\n no bgp ebgp-requires-policy\n"));
        assertThat(route().ok()).isTrue();
    }

    @Test
    void aWrongAsnKeepsTheSessionsDown() {
        write("router", SimBgp.FRR_CONF, frrConf().replace("remote-as 64522", "remote-as 64599"));
        assertThat(sessions().ok()).isFalse();
        assertThat(problems(sessions())).contains("wrong ASN: router expects AS 64599 of it, but the speakers are AS"
                + " 64522");
        write("router", SimBgp.FRR_CONF, frrConf().replace("remote-as 64599", "remote-as 64522")
                .replace("router bgp 64512", "router bgp 64513"));
        assertThat(problems(sessions())).contains("router runs as AS 64513, but the BGPPeer's peerASN is 64512");
    }

    @Test
    void bgpdOffInTheDaemonsFileIsNamed() {
        write("router", SimBgp.DAEMONS, "bgpd=no\n");
        assertThat(problems(sessions())).contains("/etc/frr/daemons does not say bgpd=yes");
    }

    @Test
    void aPoolNoAdvertisementNamesIsAssignedButNotAnnounced() throws Exception {
        apply("apiVersion: metallb.io/v1beta1\nkind: BGPAdvertisement\nmetadata: {name: bgp-pool, namespace:"
                + " metallb-system}\nspec: {ipAddressPools: [another-pool]}\n");
        assertThat(lab.probe(new Probe.LbServiceIp("default", "nginx-lb", "172.17.254.0/24")).ok()).isTrue();
        assertThat(problems(route())).contains("no speaker announces 172.17.254.1/32", "BGPAdvertisement");
    }

    @Test
    void theWebhookIsUnreachableFromAMasterWithoutKubeProxy() throws Exception {
        lab.stopUnits("master1", List.of(SimModel.KUBE_PROXY));
        StepAction a = action("apiVersion: metallb.io/v1beta1\nkind: IPAddressPool\nmetadata: {name: p2,"
                + " namespace: metallb-system}\nspec: {addresses: [172.17.253.0/24]}\n");
        var o = lab.apply(a, OutputListener.NONE);
        assertThat(o.ok()).isFalse();
        assertThat(String.valueOf(o.failed())).contains("failed calling webhook \"ipaddresspoolvalidationwebhook"
                + ".metallb.io\"", "context deadline exceeded", "kube-proxy on the masters");
    }

    @Test
    void bgpPeerV1beta1IsRefusedWithTheServedVersion() {
        assertThatThrownBy(() -> ApiObject.parse("apiVersion: metallb.io/v1beta1\nkind: BGPPeer\nmetadata: {name: r,"
                + " namespace: metallb-system}\n")).isInstanceOfSatisfying(ApiObject.ManifestException.class, e -> {
                    assertThat(e.what()).contains("no kind BGPPeer in apiVersion metallb.io/v1beta1");
                    assertThat(e.fix()).isEqualTo("apiVersion: metallb.io/v1beta2");
                });
    }

    @Test
    void poolEntriesExpandAsMetallbHandsThemOut() {
        assertThat(SimBgp.expand("172.17.254.0/30", false)).containsExactly("172.17.254.0", "172.17.254.1",
                "172.17.254.2", "172.17.254.3");
        assertThat(SimBgp.expand("172.17.254.254-172.17.255.1", true)).containsExactly("172.17.254.254",
                "172.17.255.1");
    }

    StepAction action(String yaml) throws Exception {
        return new StepAction("t", List.of(new StepAction.NodeAction("jumpbox", List.of(new StepAction.FileWrite(
                "/root/t.yaml", yaml.getBytes(StandardCharsets.UTF_8), "0644", null)), List.of(), "", List.of(),
                List.of(), ApiObject.parse(yaml))));
    }

    void apply(String yaml) throws Exception {
        SimFixtures.ok(lab.apply(action(yaml), OutputListener.NONE));
    }
}
