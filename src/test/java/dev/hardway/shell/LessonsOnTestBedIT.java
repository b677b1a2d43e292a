package dev.hardway.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hardway.testbed.ExecResult;
import dev.hardway.testbed.RequiresTestBed;
import dev.hardway.testbed.TestBed;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.hardway.shell.PackagedShell.Run;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * THE proof of the product: the packaged shell, one command per process, runs lessons 00-05 and 07 start to finish
 * on the namespace test bed's real nodes with {@code lesson next} (real sshd, systemd, etcd over TLS, haproxy,
 * keepalived, the mirror), every check passes for real, and the nodes show it independently of hardway.
 *
 * <p>Self-contained: a fresh {@code HARDWAY_HOME}, and the lessons are idempotent, so whatever other ITs did to the
 * shared lab before does not matter. Afterwards etcd, haproxy and keepalived are stopped and disabled and the VIP
 * is gone, and every node's systemd is {@code running} again (what TestBedIT and the others expect).
 */
@RequiresTestBed
class LessonsOnTestBedIT {

    /** The lessons the test bed runs, in the order the shell proposes them. */
    static final List<String> LESSONS = List.of("00-machines", "01-jumpbox", "02-pki", "03-kubeconfigs",
            "04-encryption", "05-etcd", "07-api-lb", "08-runtime", "10-pod-network", "13-ingress-lb",
            "14-ha-drills");
    /** Where the loop stops: the lessons after 14 have their own ITs (EtcdBackupOnTestBedIT, BgpOnTestBedIT). */
    static final String LAST_AFTER = "15-etcd-backup";
    static final Pattern NEXT_LESSON = Pattern.compile("is complete\\. Try: lesson start (\\S+)");
    static final String ALL_DONE = "is complete. Try: " + dev.hardway.lesson.LessonEngine.COURSE_COMPLETE;

    static TestBed bed;
    static Path home;

    @BeforeAll
    static void setUp(TestBed testBed) throws Exception {
        bed = testBed;
        home = Files.createTempDirectory("hardway-lessons-it");
        // whatever ran before (poweroff/boot, isolate) must have left every node reachable
        bed.waitSsh(bed.nodeNames().toArray(String[]::new));
        // lesson 13's haproxy checks every worker's NodePort: no kube-proxy here, so a named stand-in answers there
        dev.hardway.testbed.NodePortStandIn.install(bed);
    }

    static Run hardway(String... args) throws Exception {
        return PackagedShell.logged(home, bed.clusterYaml(), args);
    }

    @Test
    void lessonsZeroToFiveAndSevenRunStartToFinishOnRealNodesAndTheirChecksPassForReal() throws Exception {
        Map<String, Long> millis = new LinkedHashMap<>();
        Map<String, Integer> steps = new LinkedHashMap<>();
        List<String> started = new ArrayList<>();
        String etcdStart = null;

        // what one command costs without touching a node (JVM + Spring start, catalog, progress): the baseline
        Run list = hardway("lesson", "list");
        assertThat(list.exit()).as(list.toString()).isZero();
        long baseline = list.millis();

        String lesson = "00-machines";
        Run start = hardway("lesson", "start", lesson);
        assertThat(start.exit()).as(start.toString()).isZero();
        assertThat(start.out()).contains("Started 00-machines. Try: lesson next");
        started.add(lesson);
        millis.merge(lesson, start.millis(), Long::sum);
        boolean finished = false;
        String podNetwork = null;
        for (int i = 0; i < 50 && !finished; i++) { // 33 steps up to 14 apply on the test bed: bounded
            Run next = hardway("lesson", "next");
            assertThat(next.exit()).as(lesson + ": " + next).isZero();
            assertThat(next.out()).as(lesson + ": " + next).contains("Done: " + lesson + "/")
                    .doesNotContain("[simulated lab]", "${", "<#");
            millis.merge(lesson, next.millis(), Long::sum);
            steps.merge(lesson, 1, Integer::sum);
            if (next.out().contains("Done: 05-etcd/start.")) {
                etcdStart = next.out();
            }
            if (next.out().contains("Done: 10-pod-network/routes.")) {
                podNetwork = next.out();
            }
            Matcher m = NEXT_LESSON.matcher(next.out());
            if (m.find() && m.group(1).equals(LAST_AFTER)) {
                // 15-etcd-backup restores etcd and 16 needs Kubernetes: each has its own IT on its own test bed
                finished = true;
            } else if (m.find(0)) {
                lesson = m.group(1);
                Run s = hardway("lesson", "start", lesson);
                assertThat(s.exit()).as(s.toString()).isZero();
                assertThat(s.out()).contains("Started " + lesson + ". Try: lesson next");
                started.add(lesson);
                millis.merge(lesson, s.millis(), Long::sum);
            } else if (next.out().contains(ALL_DONE)) {
                finished = true;
            }
        }
        report(millis, steps, baseline);
        assertThat(finished).as("lesson 14 said the next lesson is " + LAST_AFTER).isTrue();
        assertThat(started).isEqualTo(LESSONS);
        assertThat(steps).containsEntry("00-machines", 2).containsEntry("01-jumpbox", 3).containsEntry("02-pki", 6)
                .containsEntry("03-kubeconfigs", 3).containsEntry("04-encryption", 2).containsEntry("05-etcd", 3)
                .containsEntry("07-api-lb", 2).containsEntry("08-runtime", 3).containsEntry("10-pod-network", 2)
                .containsEntry("13-ingress-lb", 3).containsEntry("14-ha-drills", 4);

        // 10-pod-network/routes: the pod-network probe set up a test pod namespace on each worker through the real
        // bridge plugin and pinged across the nodes (a probe that passed prints [ok] with its summary)
        assertThat(podNetwork).isNotNull().contains("[ok] pods reach each other across worker1, worker2 on 5/5 nodes")
                .doesNotContain("[FAIL]");

        // 05-etcd/start installed and started a unit, and its probes passed on the real members (not skipped: a
        // skipped check is not printed with a mark)
        assertThat(etcdStart).isNotNull();
        assertThat(etcdStart).containsPattern("\\[ok\\] etcd: 3/3 members healthy, leader master[123]");
        // one line for the probe that passed on every master (the report groups identical passes)
        assertThat(etcdStart).contains("[ok] etcd active  (check: service-active on master1, master2, master3)");
        for (String m : List.of("master1", "master2", "master3")) {
            assertThat(etcdStart).containsPattern("(?m)^\\s+" + m + "\\s+\\| etcd member " + m + " healthy after \\d+ s$");
        }
        assertThat(etcdStart).doesNotContain("[FAIL]");

        // progress: every lesson done; 01-jumpbox without the downloads the test bed's mirror does not offer
        Run progress = hardway("progress");
        assertThat(progress.exit()).as(progress.toString()).isZero();
        for (String l : LESSONS) {
            assertThat(progress.out()).as(progress.toString()).containsPattern("(?m)^" + l + "\\s+\\[#+\\] (\\d+)/\\1\\s+done");
        }
        assertThat(progress.out()).containsPattern("(?m)^01-jumpbox\\s+\\[#+\\] 3/3\\s+done, 2 steps skipped")
                .containsPattern("(?m)^08-runtime\\s+\\[#+\\] 3/3\\s+done, 1 step skipped")
                .containsPattern("(?m)^10-pod-network\\s+\\[#+\\] 2/2\\s+done, 2 steps skipped")
                .containsPattern("(?m)^13-ingress-lb\\s+\\[#+\\] 3/3\\s+done, 1 step skipped");
        Run show = hardway("lesson", "show", "01-jumpbox");
        assertThat(show.out()).containsPattern("3\\. Download the Kubernetes \\S+ server binaries .*skipped")
                .containsPattern("4\\. Download containerd .* done")
                .containsPattern("5\\. Download crictl .*skipped")
                .containsPattern("1\\. Download etcd " + Pattern.quote(bed.etcdVersion()) + " .* done");

        // lesson run at the end of a lesson runs its last step again: idempotent, and never downgrades it
        Run again = hardway("lesson", "run");
        assertThat(again.exit()).as(again.toString()).isZero();
        // (the last lesson is 14-ha-drills: its recover step again, with nothing left to heal)
        assertThat(again.out()).contains("14-ha-drills · step 4/4", "[ok] nothing to heal  ($ heal --all)")
                .doesNotContain("[FAIL]");

        Run checkAll = hardway("lesson", "check", "--all");
        assertThat(checkAll.exit()).as(checkAll.toString()).isZero();
        assertThat(checkAll.out()).contains("All 30 done steps still pass.").doesNotContain("[FAIL]");

        evidenceOnTheNodes();
        long t0 = System.nanoTime();
        runtimeEvidence();
        podNetworkEvidence();
        System.out.printf("LessonsOnTestBedIT: runtime + pod network evidence %.1f s%n", (System.nanoTime() - t0) / 1e9);

        Run etcd = hardway("inspect", "etcd");
        assertThat(etcd.exit()).as(etcd.toString()).isZero();
        assertThat(etcd.out()).contains("3 of 3 healthy").containsPattern("leader master[123]")
                .containsPattern("(?m)^master[123]\\s+(?:[0-9a-f]+\\s+)?https://10\\.240\\.0\\.1[123]:2379\\s+\\*");
        Run vip = hardway("check", "vip");
        assertThat(vip.exit()).as(vip.toString()).isZero();
        assertThat(vip.out()).contains("VIP " + bed.vip() + " on lb1 (MASTER)", "lb2: BACKUP");
    }

    /** What the lessons left on the nodes, seen with the nodes' own tools over OpenSSH, not through hardway. */
    private void evidenceOnTheNodes() {
        List<String> masters = bed.nodesWithRole("master");
        String endpoints = String.join(",", masters.stream().map(m -> "https://" + bed.ip(m) + ":2379").toList());
        String tls = "--cacert=/etc/etcd/ca.pem --cert=/etc/etcd/server.pem --key=/etc/etcd/server-key.pem";
        for (String m : masters) {
            ExecResult health = bed.ssh(m, "/usr/local/bin/etcdctl --endpoints=" + endpoints + " " + tls
                    + " endpoint health 2>&1");
            assertThat(health.exit()).as(m + ": " + health).isZero();
            for (String other : masters) {
                assertThat(health.out()).as(m + ": " + health).contains("https://" + bed.ip(other) + ":2379 is healthy");
            }
            ExecResult active = bed.ssh(m, "systemctl is-active etcd; systemctl is-enabled etcd");
            assertThat(active.out()).as(m).isEqualTo("active\nenabled");
            // each master got its own certificate (the engine's per-node copy of /root/pki/etcd-<master>.pem)
            ExecResult cert = bed.ssh(m, "openssl x509 -in /etc/etcd/server.pem -noout -subject -ext subjectAltName");
            assertThat(cert.out()).as(m + ": " + cert).contains(m, "IP Address:" + bed.ip(m));
            for (String other : masters) {
                if (!other.equals(m)) {
                    assertThat(cert.out()).as(m + ": " + cert).doesNotContain("IP Address:" + bed.ip(other));
                }
            }
        }
        // client-cert-auth: without a certificate signed by the cluster CA, etcd refuses the client
        ExecResult noCert = bed.ssh("master1", "/usr/local/bin/etcdctl --endpoints=https://" + bed.ip("master1")
                + ":2379 --cacert=/etc/etcd/ca.pem --command-timeout=3s endpoint health");
        assertThat(noCert.exit()).as(noCert.toString()).isNotZero();

        // the VIP on exactly one load balancer: lb1 (MASTER, priority 101)
        Map<String, Boolean> holds = new LinkedHashMap<>();
        for (String n : bed.nodeNames()) {
            holds.put(n, bed.exec(n, "ip", "-o", "-4", "addr", "show").stdout().contains(" " + bed.vip() + "/"));
        }
        assertThat(holds.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey).toList())
                .as("nodes holding " + bed.vip()).containsExactly("lb1");
        for (String lb : List.of("lb1", "lb2")) {
            ExecResult hc = bed.ssh(lb, "haproxy -c -f /etc/haproxy/haproxy.cfg && systemctl is-active haproxy keepalived");
            assertThat(hc.exit()).as(lb + ": " + hc).isZero();
            assertThat(hc.stdout()).contains("active\nactive");
        }

        // the CA key exists on the jumpbox, and on no other node (by name or by content)
        ExecResult key = bed.ssh("jumpbox", "sha256sum /root/pki/ca-key.pem && stat -c %a /root/pki/ca-key.pem");
        assertThat(key.exit()).as(key.toString()).isZero();
        String keySha = key.stdout().split("\\s+")[0];
        for (String n : bed.nodeNames()) {
            if (n.equals("jumpbox")) {
                continue;
            }
            ExecResult found = bed.ssh(n, "find /root /etc /var /home /usr/local /opt /srv -type f \\( -name 'ca-key.pem'"
                    + " -o -name '*.pem' -o -name '*.key' \\) -exec sha256sum {} + 2>/dev/null; true");
            assertThat(found.stdout()).as(n + " must not hold the CA key").doesNotContain("ca-key.pem")
                    .doesNotContain(keySha);
        }
    }

    /**
     * 08-runtime, seen with the nodes' own tools: containerd active from the rendered unit and config, `config dump`
     * of the rendered file clean (no warnings), SystemdCgroup and bin_dirs as written, no deprecations, a pure cgroup
     * v2 hierarchy, and a container run by runc from an image imported by hand (no registry here).
     */
    private void runtimeEvidence() throws Exception {
        String image = new String(LessonsOnTestBedIT.class.getResourceAsStream("/testbed/run-local-image.sh")
                .readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        for (String w : bed.nodesWithRole("worker")) {
            ExecResult unit = bed.ssh(w, "systemctl is-active containerd; systemctl show -p Type,Delegate,KillMode"
                    + " containerd; stat -fc %T /sys/fs/cgroup");
            assertThat(unit.out().lines().toList()).as(w).startsWith("active").endsWith("cgroup2fs")
                    .contains("Type=notify", "Delegate=yes", "KillMode=process");
            ExecResult dump = bed.ssh(w, "containerd --config /etc/containerd/config.toml config dump 2>/tmp/dump.err"
                    + " | grep -E '^version|SystemdCgroup|bin_dirs'; echo \"stderr: $(cat /tmp/dump.err)\"");
            assertThat(dump.exit()).as(w + ": " + dump).isZero();
            assertThat(dump.stdout()).as(w).contains("version = 3", "SystemdCgroup = true",
                    "bin_dirs = ['/opt/cni/bin']").contains("stderr: \n").doesNotContainIgnoringCase("deprecat");
            ExecResult dep = bed.ssh(w, "ctr deprecations list");
            assertThat(dep.stdout()).as(w).doesNotContain("io.containerd.deprecation/");
            ExecResult run = bed.ssh(w, image);
            assertThat(run.exit()).as(w + ": " + run).isZero();
            assertThat(run.stdout()).as(w).contains("container says hello from")
                    .containsPattern("(?m)^0::/system\\.slice/hardway-it-\\d+\\.scope$");
        }
    }

    /**
     * 10-pod-network, without hardway's probe: a network namespace per worker set up by the bridge plugin with the
     * rendered 10-bridge.conflist gets an address from that worker's pod CIDR, and they ping each other through the
     * lesson's routes; the routes are on every master too and come back after a reboot (pod-routes unit).
     */
    private void podNetworkEvidence() {
        String add = String.join("\n", "set -e", "ip netns add it-pod",
                "python3 - <<'PY'",
                "import json,os,subprocess",
                "c=json.load(open('/etc/cni/net.d/10-bridge.conflist')); p=c['plugins'][0]",
                "p['name']=c['name']; p['cniVersion']=c['cniVersion']",
                "env=dict(os.environ,CNI_COMMAND=os.environ.get('CMD','ADD'),CNI_CONTAINERID='it-pod',"
                        + "CNI_NETNS='/var/run/netns/it-pod',CNI_IFNAME='eth0',CNI_PATH='/opt/cni/bin')",
                "r=subprocess.run(['/opt/cni/bin/bridge'],input=json.dumps(p).encode(),env=env,capture_output=True)",
                "print(json.loads(r.stdout)['ips'][0]['address'] if r.returncode == 0 else r.stdout.decode())",
                "PY", "");
        Map<String, String> addr = new LinkedHashMap<>();
        Map<String, String> cidr = Map.of("worker1", "10.200.1.", "worker2", "10.200.2.");
        try {
            for (String w : List.of("worker1", "worker2")) {
                ExecResult r = bed.ssh(w, add);
                assertThat(r.exit()).as(w + ": " + r).isZero();
                assertThat(r.out()).as(w).startsWith(cidr.get(w)).endsWith("/24");
                addr.put(w, r.out().substring(0, r.out().indexOf('/')));
            }
            ExecResult p12 = bed.ssh("worker1", "ip netns exec it-pod ping -c1 -W2 " + addr.get("worker2"));
            ExecResult p21 = bed.ssh("worker2", "ip netns exec it-pod ping -c1 -W2 " + addr.get("worker1"));
            assertThat(p12.exit()).as(p12.toString()).isZero();
            assertThat(p21.exit()).as(p21.toString()).isZero();
        } finally {
            for (String w : List.of("worker1", "worker2")) {
                bed.sh(w, add.replace("set -e\nip netns add it-pod", "export CMD=DEL") + "ip netns del it-pod 2>/dev/null; true");
            }
        }
        for (String m : bed.nodesWithRole("master")) {
            assertThat(bed.ssh(m, "ip -4 route show").out()).as(m).contains("10.200.1.0/24 via " + bed.ip("worker1"))
                    .contains("10.200.2.0/24 via " + bed.ip("worker2"));
        }
        bed.poweroff("master3");
        bed.boot("master3");
        TestBed.waitFor(Duration.ofSeconds(20), "pod routes on master3 after its reboot", () -> bed.ssh("master3",
                "ip -4 route show").out().contains("10.200.2.0/24 via " + bed.ip("worker2")));
    }

    private static void report(Map<String, Long> millis, Map<String, Integer> steps, long baseline) {
        StringBuilder sb = new StringBuilder("LessonsOnTestBedIT: wall time per lesson (lesson start + every lesson next,"
                + " one JVM per command; a command that touches no node takes " + baseline + " ms)\n");
        long total = 0;
        for (Map.Entry<String, Long> e : millis.entrySet()) {
            sb.append(String.format("  %-16s %2d steps  %6.1f s%n", e.getKey(), steps.getOrDefault(e.getKey(), 0),
                    e.getValue() / 1000.0));
            total += e.getValue();
        }
        sb.append(String.format("  %-16s %2d steps  %6.1f s%n", "total",
                steps.values().stream().mapToInt(Integer::intValue).sum(), total / 1000.0));
        System.out.print(sb);
    }

    /** Stops and removes lesson 05's etcd on every master, its member data and {@code extraPaths} (shell words). */
    static void stopEtcd(TestBed bed, String extraPaths) throws Exception {
        for (String m : bed.nodesWithRole("master")) {
            bed.sh(m, "systemctl disable --now etcd 2>/dev/null; rm -f /etc/systemd/system/etcd.service;"
                    + " systemctl daemon-reload; systemctl reset-failed etcd 2>/dev/null; rm -rf /var/lib/etcd/member"
                    + (extraPaths.isEmpty() ? "" : " " + extraPaths + "; true"));
        }
    }

    /** Stops lesson 07's haproxy and keepalived, the BACKUP first so the VIP does not move to it, and drops the VIP. */
    static void stopApiLbs(TestBed bed) throws Exception {
        for (String lb : List.of("lb2", "lb1")) {
            bed.sh(lb, "systemctl disable --now keepalived haproxy 2>/dev/null; systemctl reset-failed keepalived"
                    + " haproxy 2>/dev/null; ip addr del " + bed.vip() + "/24 dev eth0 2>/dev/null; true");
        }
    }

    /** Leaves the shared lab as the other ITs expect it: no etcd, haproxy or keepalived running, no VIP. */
    @AfterAll
    static void stopWhatTheLessonsStarted() throws Exception {
        if (home != null) {
            PackagedShell.deleteHome(home);
        }
        if (bed == null) {
            return;
        }
        stopEtcd(bed, "");
        for (String n : bed.nodeNames()) { // 08-runtime and 10-pod-network
            bed.sh(n, "systemctl disable --now containerd pod-routes 2>/dev/null; rm -f /etc/systemd/system/containerd.service"
                    + " /etc/systemd/system/pod-routes.service /etc/cni/net.d/10-bridge.conflist; systemctl daemon-reload;"
                    + " systemctl reset-failed containerd pod-routes 2>/dev/null; ip route flush 10.200.0.0/16 2>/dev/null;"
                    + " ip link del cni0 2>/dev/null; rm -rf /var/lib/cni; true");
        }
        stopApiLbs(bed);
        dev.hardway.testbed.NodePortStandIn.stopIngressPair(bed);   // 13-ingress-lb
        dev.hardway.testbed.NodePortStandIn.remove(bed);
        for (String n : bed.nodeNames()) {
            ExecResult vip = bed.exec(n, "ip", "-o", "-4", "addr", "show");
            assertThat(vip.stdout()).as(n + " after cleanup").doesNotContain(" " + bed.vip() + "/");
            TestBed.waitFor(Duration.ofSeconds(20), n + " systemd running after cleanup",
                    () -> bed.exec(n, "systemctl", "is-system-running").out().equals("running"));
        }
    }
}
