package dev.hardway.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hardway.shell.PackagedShell.Run;
import dev.hardway.testbed.ExecResult;
import dev.hardway.testbed.NodePortStandIn;
import dev.hardway.testbed.RequiresTestBed;
import dev.hardway.testbed.TestBed;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Lesson 13-ingress-lb for real on the namespace test bed: the packaged shell solves the lessons before it
 * ({@code lesson goto 13-ingress-lb}), then runs 13's steps with {@code lesson next} on elb1/elb2 (Debian's
 * haproxy and keepalived with the rendered configs) in front of a STAND-IN for kube-proxy on each worker's NodePort
 * ({@link NodePortStandIn}: the test bed has no Kubernetes). Then a client loop in the client namespace (this JVM)
 * asks http://INGRESS_VIP/ every 100 ms while the VIP holder is broken twice: {@code break elb1 --mode services}
 * (graceful: not one request may fail) and a hard power cut with lab.sh (the peer waits for three missed adverts:
 * the requests of that window fail, every one after the takeover answers 200), each healed again.
 */
@RequiresTestBed
class IngressOnTestBedIT {

    static TestBed bed;
    static Path home;

    @BeforeAll
    static void setUp(TestBed testBed) throws Exception {
        bed = testBed;
        home = Files.createTempDirectory("hardway-ingress-it");
        bed.waitSsh(bed.nodeNames().toArray(String[]::new));
        NodePortStandIn.install(bed);
    }

    static Run hardway(String... args) throws Exception {
        return PackagedShell.logged(home, bed.clusterYaml(), args);
    }

    record Answer(long atMillis, int status) {
    }

    /** GETs http://VIP/ every 100 ms (1 s timeout each) until stopped; 0 = no HTTP answer. */
    static final class ClientLoop extends Thread {
        final List<Answer> answers = Collections.synchronizedList(new ArrayList<>());
        final AtomicBoolean stop = new AtomicBoolean();
        final long t0 = System.nanoTime();
        // HTTP/1.1 as curl asks (the default would try an h2c upgrade); a new connection per request, so each one
        // goes where the VIP is now
        final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(1)).build();
        volatile String lastError;
        final URI uri;

        ClientLoop(String vip) {
            uri = URI.create("http://" + vip + ":80/");
            setDaemon(true);
        }

        long now() {
            return (System.nanoTime() - t0) / 1_000_000;
        }

        @Override
        public void run() {
            while (!stop.get()) {
                long at = now();
                int status;
                try {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(1)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    status = r.statusCode();
                } catch (Exception e) {
                    status = 0;
                    lastError = e.toString();
                }
                answers.add(new Answer(at, status));
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        List<Answer> between(long from, long to) {
            synchronized (answers) {
                return answers.stream().filter(a -> a.atMillis() >= from && a.atMillis() < to).toList();
            }
        }
    }

    String holder() {
        List<String> h = new ArrayList<>();
        for (String e : bed.nodesWithRole("elb")) {
            if (bed.exec(e, "ip", "-o", "-4", "addr", "show").stdout().contains(" " + bed.ingressVip() + "/")) {
                h.add(e);
            }
        }
        return String.join(",", h);
    }

    @Test
    void lesson13RunsForRealAndTheIngressVipKeepsAnsweringWhileItsHolderIsBroken() throws Exception {
        Run go = hardway("lesson", "goto", "13-ingress-lb");
        assertThat(go.exit()).as(go.toString()).isZero();

        long t13 = System.nanoTime();
        List<String> done = new ArrayList<>();
        String failover = null;
        for (int i = 0; i < 6 && !done.contains("failover"); i++) {
            Run next = hardway("lesson", "next");
            assertThat(next.exit()).as(next.toString()).isZero();
            assertThat(next.out()).doesNotContain("[FAIL]", "[simulated lab]", "${");
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("Done: 13-ingress-lb/([a-z-]+)\\.")
                    .matcher(next.out());
            if (m.find()) {
                done.add(m.group(1));
                if (m.group(1).equals("failover")) {
                    failover = next.out();
                }
            }
        }
        double lessonSeconds = (System.nanoTime() - t13) / 1e9;
        System.out.printf("IngressOnTestBedIT: lesson 13-ingress-lb took %.1f s on the test bed (%s)%n",
                lessonSeconds, done);
        assertThat(done).containsExactly("haproxy", "keepalived", "failover");   // nodeport: no Kubernetes here
        assertThat(failover).contains("[ok] VIP " + bed.ingressVip() + " on elb1 (MASTER)")
                .containsPattern("\\[ok\\] haproxy on 2 elbs: 4/4 NodePort backends UP");
        Run show = hardway("lesson", "show", "13-ingress-lb");
        assertThat(show.out()).containsPattern("1\\. Put nginx on the fixed NodePort 30080 .*skipped");

        // evidence without hardway: the nodes' own tools
        assertThat(holder()).isEqualTo("elb1");
        for (String e : bed.nodesWithRole("elb")) {
            ExecResult hc = bed.ssh(e, "haproxy -c -f /etc/haproxy/haproxy.cfg && systemctl is-active haproxy keepalived"
                    + " && cat /root/ingress-failover.txt");
            assertThat(hc.exit()).as(e + ": " + hc).isZero();
            assertThat(hc.stdout()).contains("active\nactive", "HTTP 200");
            System.out.println(e + ": " + hc.stdout().lines().filter(l -> l.startsWith(e)).toList());
        }
        ExecResult stat = bed.ssh("elb1", "echo 'show stat' | nc -N -U /run/haproxy/admin.sock | cut -d, -f1,2,18,37");
        assertThat(stat.stdout()).contains("nodeports,worker1,UP,L7OK", "nodeports,worker2,UP,L7OK");
        ExecResult page = bed.ssh("jumpbox", "curl -fsS --max-time 3 http://" + bed.ingressVip() + "/");
        assertThat(page.stdout()).startsWith("nodeport stand-in for kube-proxy on worker");

        ClientLoop loop = new ClientLoop(bed.ingressVip());
        loop.start();
        try {
            Thread.sleep(1500);
            assertThat(loop.between(0, loop.now())).as("the loop gets 200 before anything breaks (" + loop.lastError
                    + ")").isNotEmpty().allSatisfy(x -> assertThat(x.status()).isEqualTo(200));
            // 1. break elb1 --mode services: keepalived stops cleanly (priority 0 advert), elb2 takes over at once
            long a0 = loop.now();
            Run br = hardway("break", "elb1", "--mode", "services");
            assertThat(br.exit()).as(br.toString()).isZero();
            TestBed.waitFor(Duration.ofSeconds(10), "VIP on elb2", () -> holder().equals("elb2"));
            long moved = loop.now();
            Thread.sleep(2000);
            Run vip = hardway("lesson", "check");
            System.out.println(vip.out());
            Run heal = hardway("heal", "elb1");
            assertThat(heal.exit()).as(heal.toString()).isZero();
            TestBed.waitFor(Duration.ofSeconds(20), "VIP back on elb1", () -> holder().equals("elb1"));
            Thread.sleep(1000);
            long a1 = loop.now();
            List<Answer> graceful = loop.between(a0, a1);
            System.out.printf("IngressOnTestBedIT: break --mode services: VIP on elb2 %d ms after the break command"
                    + " started (JVM start included); %d requests, %d not 200%n", moved - a0, graceful.size(), graceful.stream().filter(x -> x.status() != 200).count());
            assertThat(graceful).hasSizeGreaterThan(20).allSatisfy(x -> assertThat(x.status()).isEqualTo(200));

            // 2. a hard power cut of the holder: the peer takes over after missed adverts (~3 s)
            long p0 = loop.now();
            bed.poweroff("elb1");
            TestBed.waitFor(Duration.ofSeconds(15), "VIP on elb2 after the power cut", () -> holder().equals("elb2"));
            long took = loop.now();
            Thread.sleep(3000);
            long p1 = loop.now();
            bed.boot("elb1");
            TestBed.waitFor(Duration.ofSeconds(30), "VIP back on elb1 after boot", () -> holder().equals("elb1"));
            Thread.sleep(1000);
            List<Answer> cut = loop.between(p0, took);
            List<Answer> after = loop.between(took + 1000, p1);
            long lastFail = loop.between(p0, loop.now()).stream().filter(x -> x.status() != 200)
                    .mapToLong(Answer::atMillis).max().orElse(p0);
            System.out.printf("IngressOnTestBedIT: power cut: VIP on elb2 %d ms after the cut; %d of %d requests"
                    + " before the takeover failed; last failure %d ms after the cut; %d requests after, all 200: %s%n",
                    took - p0, cut.stream().filter(x -> x.status() != 200).count(), cut.size(), lastFail - p0,
                    after.size(), after.stream().allMatch(x -> x.status() == 200));
            assertThat(took - p0).as("takeover after a power cut").isLessThan(8000);
            assertThat(after).isNotEmpty().allSatisfy(x -> assertThat(x.status()).isEqualTo(200));
            assertThat(lastFail - p0).as("clients get 200 again soon after the cut").isLessThan(8000);
        } finally {
            loop.stop.set(true);
            loop.join(3000);
        }
        Run check = hardway("lesson", "check", "--all");
        assertThat(check.exit()).as(check.toString()).isZero();
    }

    /** Leaves the shared lab as the other ITs expect it (what LessonsOnTestBedIT's cleanup does, plus the elbs). */
    @AfterAll
    static void cleanUp() throws Exception {
        if (home != null) {
            PackagedShell.deleteHome(home);
        }
        if (bed == null) {
            return;
        }
        bed.waitSsh(bed.nodeNames().toArray(String[]::new));
        NodePortStandIn.stopIngressPair(bed);
        NodePortStandIn.remove(bed);
        LessonsOnTestBedIT.bed = bed;
        LessonsOnTestBedIT.home = null;
        LessonsOnTestBedIT.stopWhatTheLessonsStarted();
    }
}
