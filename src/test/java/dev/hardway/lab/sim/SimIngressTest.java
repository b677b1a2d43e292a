package dev.hardway.lab.sim;

import static dev.hardway.lab.sim.SimFixtures.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hardway.cluster.ClusterLoader;
import dev.hardway.cluster.ClusterModel;
import dev.hardway.lab.Probe;
import dev.hardway.lab.ProbeResult;
import dev.hardway.lesson.LessonCatalog;
import dev.hardway.lesson.LessonEngine;
import dev.hardway.progress.ProgressStore;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ingress pair of the simulated lab (SimIngress) behind the probes ingress-vip and ingress-backends: the
 * {@code full} preset with the real lessons solved up to 13's failover step (every earlier step run by the engine, so
 * the elbs carry the rendered haproxy.cfg and keepalived.conf.in), then broken the ways real pairs break.
 */
class SimIngressTest {

    static final LessonCatalog CATALOG = LessonCatalog.load(Path.of("lessons"));
    static final Probe.IngressVip VIP = new Probe.IngressVip();
    static final Probe.IngressBackends BACKENDS = new Probe.IngressBackends(true);

    @TempDir
    Path tmp;
    SimLab lab;

    @BeforeEach
    void solvedUpToTheFailover() throws Exception {
        ClusterModel full = new ClusterModel(new ClusterLoader(() -> 64 * 1024).load(Path.of("cluster-config/full.yaml")));
        lab = new SimLab(full, tmp.resolve("sim-lab.json"));
        LessonEngine engine = new LessonEngine(lab, CATALOG, CATALOG.renderer(),
                new ProgressStore(tmp.resolve("progress.yaml"), "full"), null);
        engine.goTo("13-ingress-lb/failover");
    }

    @AfterEach
    void close() {
        lab.close();
    }

    @Test
    void aSolvedPairHasOneHolderEveryBackendUpAndAnswers200() {
        ProbeResult v = lab.probe(VIP);
        assertThat(v.ok()).as(v.toString()).isTrue();
        assertThat(v.summary()).contains("VIP 172.16.10.30 on elb1 (MASTER)", "elb2 BACKUP");
        ProbeResult b = lab.probe(BACKENDS);
        assertThat(b.ok()).as(b.toString()).isTrue();
        assertThat(b.summary()).contains("6/6 NodePort backends UP", "HTTP 200");
        assertThat(b.commands()).anyMatch(c -> c.contains("show stat")).anyMatch(c -> c.contains("http_code"));
    }

    @Test
    void haproxyStoppedOnTheHolderMovesTheVipAndClientsStillGet200() {
        lab.stopUnits("elb1", List.of(SimModel.HAPROXY));
        ProbeResult v = lab.probe(VIP);
        assertThat(v.ok()).as(v.toString()).isTrue();
        assertThat(v.summary()).contains("on elb2 (MASTER)", "elb1 FAULT");
        // ingress-backends wants every elb's haproxy: it names elb1, but the GET through the VIP (elb2) answers
        ProbeResult b = lab.probe(BACKENDS);
        assertThat(b.ok()).isFalse();
        assertThat(b.summary()).contains("HTTP 200 (simulated, through elb2)");
        assertThat(b.problemLines()).singleElement().asString().startsWith("elb1: haproxy is inactive");
    }

    @Test
    void aPowerCutOfTheHolderMovesTheVip() {
        lab.powerOff("elb1");
        assertThat(lab.probe(VIP).summary()).contains("on elb2 (MASTER)");
        lab.powerOn("elb1");
        assertThat(lab.probe(VIP).summary()).contains("on elb1 (MASTER)");   // preempt: priority 101 takes it back
    }

    @Test
    void kubeProxyDownOnAWorkerTakesItsBackendOutNamingWhy() {
        lab.stopUnits("worker2", List.of(SimModel.KUBE_PROXY));
        ProbeResult b = lab.probe(BACKENDS);
        assertThat(b.ok()).isFalse();
        assertThat(b.summary()).contains("4/6 NodePort backends UP", "HTTP 200");
        assertThat(b.problemLines()).hasSize(2).allSatisfy(p -> assertThat(p).contains("backend worker2 is DOWN:",
                "connection refused: nothing listens on its NodePort 30080", "externalTrafficPolicy: Local"));
    }

    @Test
    void everyWorkerDownAnswers503() {
        for (String w : List.of("worker1", "worker2", "worker3")) {
            lab.stopUnits(w, List.of(SimModel.KUBE_PROXY));
        }
        ProbeResult b = lab.probe(BACKENDS);
        assertThat(b.ok()).isFalse();
        assertThat(b.problemLines()).anyMatch(p -> p.contains("HTTP 503") && p.contains("not 200"));
    }

    @Test
    void theApiPairsRouterIdIsNamedAsTheTrap() {
        String conf = lab.model().file("elb1", "/etc/keepalived/keepalived.conf.in").orElseThrow().text();
        ok(lab.apply(SimFixtures.write("bad", "elb1", "/etc/keepalived/keepalived.conf.in",
                conf.replace("virtual_router_id 52", "virtual_router_id 51")), null));
        ProbeResult v = lab.probe(VIP);
        assertThat(v.ok()).isFalse();
        assertThat(v.problemLines()).singleElement().asString().contains("elb1: keepalived uses virtual_router_id 51,"
                + " the API pair's too", "Try: virtual_router_id 52");
    }

    @Test
    void aConfigWithoutScriptSecurityAndOneBindingTheVipAreNamed() {
        String conf = lab.model().file("elb2", "/etc/keepalived/keepalived.conf.in").orElseThrow().text();
        ok(lab.apply(SimFixtures.write("bad", "elb2", "/etc/keepalived/keepalived.conf.in",
                conf.replace("    enable_script_security\n", "")), null));
        String cfg = lab.model().file("elb2", SimIngress.HAPROXY_CFG).orElseThrow().text();
        ok(lab.apply(SimFixtures.write("bad", "elb2", SimIngress.HAPROXY_CFG,
                cfg.replace("bind *:80", "bind 172.16.10.30:80")), null));
        ProbeResult v = lab.probe(VIP);
        assertThat(v.ok()).isFalse();
        assertThat(v.problemLines()).anyMatch(p -> p.startsWith("elb2: keepalived says `SECURITY VIOLATION"))
                .anyMatch(p -> p.startsWith("elb2: haproxy.cfg binds the VIP 172.16.10.30 itself"));
    }

    @Test
    void aServerLineLeftOutIsNamed() {
        String cfg = lab.model().file("elb1", SimIngress.HAPROXY_CFG).orElseThrow().text();
        ok(lab.apply(SimFixtures.write("bad", "elb1", SimIngress.HAPROXY_CFG,
                cfg.replaceAll("(?m)^\\s*server worker3 .*\\n", "")), null));
        ProbeResult b = lab.probe(BACKENDS);
        assertThat(b.ok()).isFalse();
        assertThat(b.problemLines()).singleElement().asString().startsWith("elb1: haproxy has no server worker3");
    }
}
