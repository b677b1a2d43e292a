package dev.hardway.lab.bgp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hardway.HardwayHome;
import dev.hardway.cluster.ClusterLoader;
import dev.hardway.cluster.ClusterModel;
import dev.hardway.lab.Lab;
import dev.hardway.lab.Labs;
import dev.hardway.lab.Probe;
import dev.hardway.lab.ProbeResult;
import dev.hardway.lab.StepAction;
import dev.hardway.lab.StepOutcome;
import dev.hardway.lesson.LessonCatalog;
import dev.hardway.lesson.LessonEngine;
import dev.hardway.progress.ProgressStore;
import dev.hardway.target.OutputListener;
import dev.hardway.target.ssh.SshTargetPool;
import dev.hardway.testbed.ExecResult;
import dev.hardway.testbed.RequiresTestBed;
import dev.hardway.testbed.TestBed;
import dev.hardway.testbed.TestBedSsh;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lesson 16's router side for real on the namespace test bed: the lesson's own step {@code frr} (rendered
 * /etc/frr/daemons and frr.conf, its run script: vtysh --dryrun, systemctl restart frr) runs on the test bed's
 * router node through hardway's SSH pool, with FRR 8.4 from Debian (install-deps.sh). MetalLB cannot run here (no
 * Kubernetes server binaries), so a <b>stand-in</b> takes the place of MetalLB's speaker on worker1: a second FRR
 * bgpd as AS {@code bgp.cluster_asn}, announcing the first address of {@code bgp.address_pool} as a /32, the way a
 * speaker announces a LoadBalancer address. The lesson's probes then see the session Established and the route
 * installed, and {@code ip route} on the router shows it via worker1. worker2 runs no stand-in: the probe names it.
 *
 * <p>The test bed's cluster.yaml offers no Kubernetes binaries, so lesson 16 does not apply there; this test renders
 * it for the same nodes with {@code kubernetes} added to downloads.offers, and runs only the router step.
 */
@RequiresTestBed
class BgpOnTestBedIT {

    static final LessonCatalog CATALOG = LessonCatalog.load(Path.of("lessons"));

    @TempDir
    Path tmp;
    TestBed bed;
    SshTargetPool pool;
    Lab lab;

    @AfterEach
    void cleanUp() {
        for (String n : List.of("router", "worker1")) {
            bed.ssh(n, "systemctl disable --now frr >/dev/null 2>&1; rm -f /etc/frr/frr.conf;"
                    + " sed -i 's/^bgpd=yes$/bgpd=no/' /etc/frr/daemons; true");
        }
        if (lab != null) {
            lab.close();
        }
        if (pool != null) {
            pool.close();
        }
    }

    /** The stand-in for MetalLB's speaker: FRR's bgpd on the worker, announcing {@code prefix}. */
    static String standInSpeaker(String node, String nodeIp, long asn, String routerIp, long routerAsn, String prefix) {
        return """
                sed -i 's/^bgpd=no$/bgpd=yes/' /etc/frr/daemons
                cat >/etc/frr/frr.conf <<'EOF'
                ! STAND-IN for MetalLB's speaker on %1$s (BgpOnTestBedIT): announces a LoadBalancer /32
                frr defaults traditional
                hostname %1$s
                router bgp %3$d
                 bgp router-id %2$s
                 no bgp ebgp-requires-policy
                 no bgp network import-check
                 no bgp default ipv4-unicast
                 neighbor %4$s remote-as %5$d
                 address-family ipv4 unicast
                  network %6$s
                  neighbor %4$s activate
                 exit-address-family
                exit
                EOF
                chown frr:frr /etc/frr/daemons /etc/frr/frr.conf
                vtysh --dryrun -f /etc/frr/frr.conf
                systemctl restart frr
                """.formatted(node, nodeIp, asn, routerIp, routerAsn, prefix);
    }

    @Test
    void theLessonsRouterPeersWithAStandInSpeakerAndInstallsItsRoute(TestBed testBed) throws Exception {
        bed = testBed;
        long t0 = System.nanoTime();
        String yaml = Files.readString(bed.clusterYaml()).replace("offers: [", "offers: [kubernetes, ");
        Path cfg = Files.writeString(tmp.resolve("cluster-bgp.yaml"), yaml);
        ClusterModel cluster = new ClusterModel(new ClusterLoader().load(cfg));
        var bgp = cluster.config().bgp();
        assertThat(bgp).as("lab.sh writes a bgp block for the router node").isNotNull();
        pool = TestBedSsh.trustedPool(bed, tmp.resolve("ssh"));
        lab = Labs.open(cluster, new HardwayHome(tmp.resolve("home")), pool);
        LessonEngine engine = new LessonEngine(lab, CATALOG, CATALOG.renderer(),
                new ProgressStore(tmp.resolve("progress.yaml"), cluster.name()), null);

        // the lesson's router step, as `lesson run` would run it
        var frr = engine.plan("16-metallb-bgp").stream().filter(s -> s.step().equals("frr")).findFirst().orElseThrow();
        assertThat(frr.applies()).isTrue();
        List<String> out = Collections.synchronizedList(new ArrayList<>());
        OutputListener listen = (node, stream, line) -> out.add(node + " " + stream + " " + line);
        StepOutcome o = lab.apply(new StepAction("16-metallb-bgp/frr", frr.actions()), listen);
        assertThat(o.ok()).as(String.join("\n", out)).isTrue();
        assertThat(out).anyMatch(l -> l.contains("bgpd answers after"));
        long routerMs = (System.nanoTime() - t0) / 1_000_000;

        // no speaker yet: the probe says so for every worker
        ProbeResult none = lab.probe(new Probe.BgpSessions("router", List.of("worker1", "worker2")));
        assertThat(none.ok()).isFalse();
        assertThat(String.join("\n", none.problemLines())).contains("no speaker talks BGP from " + bed.ip("worker1"));

        // the stand-in speaker on worker1 announces the pool's first address
        String lbIp = dev.hardway.cluster.Cidr.formatAddress(dev.hardway.cluster.Cidr.parse(bgp.addressPool())
                .normalized().network() + 1);
        ExecResult speaker = bed.ssh("worker1", standInSpeaker("worker1", bed.ip("worker1"), bgp.clusterAsn(),
                bed.ip("router"), bgp.routerAsn(), lbIp + "/32"));
        assertThat(speaker.exit()).as(speaker.toString()).isZero();

        ProbeResult up = null;
        ProbeResult route = null;
        for (int i = 0; i < 60; i++) {
            up = lab.probe(new Probe.BgpSessions("router", List.of("worker1")));
            route = lab.probe(new Probe.BgpRoute("router", "default", null, lbIp + "/32"));
            if (up.ok() && route.ok()) {
                break;
            }
            Thread.sleep(1000);
        }
        assertThat(up.ok()).as(String.join("\n", up.problemLines())).isTrue();
        assertThat(route.ok()).as(String.join("\n", route.problemLines())).isTrue();
        assertThat(route.summary()).contains("via " + bed.ip("worker1"));
        // worker2 has no stand-in: named, not passed
        ProbeResult both = lab.probe(new Probe.BgpSessions("router", List.of("worker1", "worker2")));
        assertThat(both.ok()).isFalse();
        assertThat(String.join("\n", both.problemLines())).contains("worker2").doesNotContain("worker1 (");
        // and independently of hardway: the kernel's table on the router
        ExecResult ipRoute = bed.ssh("router", "ip -4 route show " + lbIp);
        assertThat(ipRoute.stdout()).contains(lbIp + " ").contains("via " + bed.ip("worker1")).contains("proto bgp");
        System.out.println("BgpOnTestBedIT: router step " + routerMs + " ms; session + route after "
                + (System.nanoTime() - t0) / 1_000_000 + " ms in all; " + ipRoute.stdout().strip());
    }
}
