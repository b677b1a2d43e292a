package dev.hardway.lab.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hardway.HardwayHome;
import dev.hardway.cluster.ClusterModel;
import dev.hardway.cluster.TestClusters;
import dev.hardway.lab.Probe;
import dev.hardway.lab.ProbeResult;
import dev.hardway.lab.check.Checks;
import dev.hardway.lab.real.RealLab;
import dev.hardway.lab.check.Verdict;
import dev.hardway.lab.fault.Fault;
import dev.hardway.lab.fault.FaultMode;
import dev.hardway.lab.fault.FaultStore;
import dev.hardway.target.ExecOptions;
import dev.hardway.target.ExecResult;
import dev.hardway.target.NodeTarget;
import dev.hardway.target.OutputListener;
import dev.hardway.target.TargetException;
import dev.hardway.target.TargetPool;
import dev.hardway.target.local.LocalTarget;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real inspector's combined scripts run by bash, with the upstream tools replaced by stubs on PATH that print
 * captured output (src/test/resources/dev/hardway/lab/real/): nothing touches the network or systemd here.
 */
class RealInspectorTest {

    @TempDir
    Path dir;
    ClusterModel ha = new ClusterModel(TestClusters.ha());
    StubPool pool;
    FaultStore store;

    static String fixture(String name) throws IOException {
        try (InputStream in = RealInspectorTest.class.getResourceAsStream("/dev/hardway/lab/real/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** A pool of local bash targets, each with its own stub directory first on PATH. */
    final class StubPool implements TargetPool {
        final Set<String> down = ConcurrentHashMap.newKeySet();
        final Map<String, LocalTarget> targets = new ConcurrentHashMap<>();
        final Set<String> asked = ConcurrentHashMap.newKeySet();

        @Override
        public List<String> nodes() {
            return ha.nodes().stream().map(n -> n.name()).toList();
        }

        @Override
        public NodeTarget target(String node) {
            LocalTarget local = targets.computeIfAbsent(node, n -> new LocalTarget(n, dir, Map.of("PATH",
                    dir.resolve("stubs").resolve(n) + ":" + dir.resolve("stubs/all") + ":" + System.getenv("PATH"))));
            return new NodeTarget() {
                public String node() {
                    return node;
                }

                public String address() {
                    return node + ":22";
                }

                public ExecResult exec(String script, ExecOptions o, OutputListener l) throws TargetException {
                    asked.add(node);
                    if (down.contains(node)) {
                        throw new TargetException(TargetException.Kind.UNREACHABLE, node, node
                                + " (" + node + ":22) is unreachable: connect timed out. Try: cluster status.");
                    }
                    return local.exec(script, o, l);
                }

                public void put(String p, byte[] c, String m, String ow) {
                }

                public byte[] get(String p) {
                    return new byte[0];
                }

                public void cancel() {
                }

                public void close() {
                }
            };
        }

        @Override
        public void close() {
        }
    }

    void stub(String node, String tool, String body) throws IOException {
        Path d = Files.createDirectories(dir.resolve("stubs").resolve(node));
        Path f = d.resolve(tool);
        Files.writeString(f, "#!/bin/bash\n" + body + "\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    void data(String name, String content) throws IOException {
        Files.writeString(dir.resolve(name), content);
    }

    @BeforeEach
    void stubs() throws IOException {
        pool = new StubPool();
        store = FaultStore.of(new HardwayHome(dir.resolve("home")), "ha");
        data("status.json", fixture("etcd-3.4-status-2of3.json"));
        data("status.err", fixture("etcd-3.4-status-2of3.stderr"));
        data("health.json", fixture("etcd-3.4-health-2of3.json"));
        data("members.json", fixture("etcd-3.4-members.json"));
        data("stat.csv", fixture("haproxy-show-stat.csv"));
        // anything that could touch the network or the host's systemd is a stub
        stub("all", "etcdctl", "case \"$*\" in *'endpoint status'*) cat " + dir + "/status.json; cat " + dir
                + "/status.err >&2; exit 1;; *'endpoint health'*) cat " + dir + "/health.json; exit 1;;"
                + " *'member list'*) cat " + dir + "/members.json;; esac");
        stub("all", "curl", "echo ok");
        stub("all", "timeout", "exit 0");
        stub("all", "nc", "cat " + dir + "/stat.csv");
        stub("all", "socat", "cat " + dir + "/stat.csv");
        stub("all", "iptables", "exit 0");
        stub("all", "journalctl", "echo '(API_VIP) Entering BACKUP STATE'");
        stub("all", "systemctl", "if [ \"$1\" = is-active ]; then shift; for u in \"$@\"; do echo active; done; exit 0;"
                + " fi; for u in \"${@:3}\"; do echo \"Id=$u\"; case $u in etcd.service|haproxy.service|"
                + "keepalived.service) echo LoadState=loaded; echo ActiveState=active; echo UnitFileState=enabled;;"
                + " *) echo LoadState=not-found; echo ActiveState=inactive; echo UnitFileState=;; esac; echo; done");
        stub("lb1", "ip", "cat <<'X'\n" + fixture("ip-lb1-holder.txt") + "X");
        stub("lb2", "ip", "cat <<'X'\n" + fixture("ip-lb2-backup.txt") + "X");
        stub("all", "ip", "if [ \"$2\" = route ] || [ \"$1\" = -4 -a \"$2\" = route ]; then echo 'default via"
                + " 10.240.0.1 dev eth0'; else echo '2: eth0    inet 10.240.0.11/24 brd 10.240.0.255 scope global"
                + " eth0'; fi");
    }

    RealInspector inspector() {
        return new RealInspector(ha, pool, store, Clock.systemUTC());
    }

    @Test
    void etcdFromOneMasterWithOneMemberDown() {
        EtcdReport e = inspector().etcd();
        assertThat(e.simulated()).isFalse();
        assertThat(e.answeredBy()).isEqualTo("master1");
        assertThat(e.quorumSentence()).isEqualTo("2 of 3 healthy — quorum holds, tolerates 0 more failures");
        assertThat(e.members()).extracting(EtcdReport.Member::up).containsExactly(true, false, true);
        assertThat(e.members().get(1).problem().sentence()).contains("master2").contains("context deadline exceeded");
        assertThat(e.members().get(0).id()).matches("[0-9a-f]+");
        assertThat(e.members().get(0).peerUrl()).isEqualTo("https://10.240.0.11:2380");
        assertThat(e.commands()).first().asString().startsWith("master1: etcdctl --endpoints=https://10.240.0.11:2379,");
        // etcd is asked on master1 only; master2, the unhealthy member, gets one no-op so the advice fits (it
        // answers here, so systemctl status etcd is the right hint)
        assertThat(pool.asked).containsExactlyInAnyOrder("master1", "master2");
        assertThat(e.members().get(1).problem().sentence()).contains("systemctl status etcd");
    }

    @Test
    void anUnreachableMasterIsSkippedAndOnePoweredOffByHardwayIsNotEvenTried() {
        pool.down.add("master1");
        store.add(new Fault("master2", FaultMode.POWER, List.of(), List.of(), List.of(), "t", false));
        EtcdReport e = inspector().etcd();
        assertThat(e.answeredBy()).isEqualTo("master3");
        assertThat(pool.asked).containsExactlyInAnyOrder("master1", "master3");
    }

    @Test
    void vipHeldByLb1WithBackendsAndTheJumpboxConnecting() {
        LbReport lb = inspector().lb();
        assertThat(lb.holders()).containsExactly("lb1");
        assertThat(lb.lbs()).extracting(LbReport.Lb::state).containsExactly("MASTER", "BACKUP");
        assertThat(lb.lbs().get(0).backends()).isNotEmpty();
        assertThat(lb.through().from()).isEqualTo("jumpbox");
        assertThat(lb.through().portOpen()).isTrue();
        Verdict v = Checks.vip(lb);
        assertThat(v.ok()).isTrue();
        assertThat(v.headline()).isEqualTo("VIP 10.240.0.10 on lb1 (MASTER)");
    }

    @Test
    void aKilledKeepalivedThatKeptTheVipIsSplitBrain() throws IOException {
        stub("lb2", "ip", "cat <<'X'\n" + fixture("ip-lb2-holder.txt") + "X");
        stub("lb1", "systemctl", "if [ \"$1\" = is-active ]; then echo failed; echo active; exit 3; fi");
        LbReport lb = inspector().lb();
        assertThat(lb.lbs().get(0).state()).isEqualTo("CRASHED");
        Verdict v = Checks.vip(lb);
        assertThat(v.ok()).isFalse();
        assertThat(v.exitCode()).isEqualTo(1);
        assertThat(v.headline()).isEqualTo("split brain: VIP 10.240.0.10 is on lb1 and lb2");
    }

    RealLab lab() {
        return new RealLab(ha, pool, store);
    }

    @Test
    void theLessonProbesDecideOnTheSameReportsAsInspectAndCheck() {
        // one member down: etcd-healthy with 2 passes, with 3 fails, and says what check etcd says
        ProbeResult two = lab().probe(new Probe.EtcdHealthy(2));
        assertThat(two.ok()).isTrue();
        assertThat(two.summary()).isEqualTo("etcd: 2/3 members healthy, leader master3 (term 3), quorum 2/3,"
                + " tolerates 0 more failures");
        assertThat(two.commands()).first().asString().startsWith("master1: etcdctl --endpoints=");
        ProbeResult three = lab().probe(new Probe.EtcdHealthy(3));
        assertThat(three.ok()).isFalse();
        assertThat(three.problemLines()).anyMatch(p -> p.contains("master2") && p.contains("context deadline exceeded"));
        assertThat(Checks.etcd(inspector().etcd()).ok()).isTrue();
        // the VIP on lb1 only
        ProbeResult vip = lab().probe(new Probe.VipHeld("10.240.0.10"));
        assertThat(vip.ok()).isTrue();
        assertThat(vip.summary()).startsWith("VIP 10.240.0.10 on lb1 (MASTER)");
    }

    @Test
    void etcdctlMissingOnEveryMasterIsSaid() throws IOException {
        stub("all", "etcdctl", "exit 127");
        ProbeResult r = lab().probe(new Probe.EtcdHealthy(3));
        assertThat(r.ok()).isFalse();
        assertThat(r.problemLines()).anyMatch(p -> p.contains("etcdctl is not installed"));
    }

    @Test
    void twoHoldersAreSplitBrainForTheProbeToo() throws IOException {
        stub("lb2", "ip", "cat <<'X'\n" + fixture("ip-lb2-holder.txt") + "X");
        ProbeResult r = lab().probe(new Probe.VipHeld("10.240.0.10"));
        assertThat(r.ok()).isFalse();
        assertThat(r.summary()).isEqualTo("split brain: VIP 10.240.0.10 is held by lb1 and lb2");
    }

    /** Issue 8, finding 11 and 12: a holder whose keepalived died is not ok, and heal is advised only if it works. */
    @Test
    void aHolderWhoseKeepalivedDiedIsNotOkAndHealIsAdvisedOnlyForAFaultHardwayMade() throws IOException {
        stub("lb1", "systemctl", "if [ \"$1\" = is-active ]; then echo failed; echo active; exit 3; fi");
        LbReport lb = inspector().lb();
        assertThat(lb.holders()).containsExactly("lb1");
        Verdict v = Checks.vip(lb);
        assertThat(v.ok()).isFalse();
        assertThat(v.exitCode()).isEqualTo(1);
        assertThat(v.headline()).isEqualTo("VIP 10.240.0.10 on lb1 (CRASHED), but keepalived is failed there");
        assertThat(v.lines()).anyMatch(l -> l.contains("systemctl start keepalived on lb1"))
                .noneMatch(l -> l.contains("heal lb1"));
        assertThat(lab().probe(new Probe.VipHeld("10.240.0.10")).ok()).isFalse();
        // the same failure made by break: now heal lb1 is a command that works
        store.add(new Fault("lb1", FaultMode.CRASH, List.of("keepalived"), List.of(), List.of(), "t", false));
        assertThat(Checks.vip(inspector().lb()).lines()).anyMatch(l -> l.contains("(or heal lb1)"));
    }

    @Test
    void nodeReportAndAnUnreachableNodeSaysSoWithATry() {
        NodeReport n = inspector().node("master1");
        assertThat(n.reachable()).isTrue();
        assertThat(n.units()).extracting(NodeReport.Unit::name).containsExactly("etcd", "haproxy", "keepalived");
        assertThat(n.addresses()).containsExactly("eth0 10.240.0.11/24");
        assertThat(n.routes()).containsExactly("default via 10.240.0.1 dev eth0");
        pool.down.add("worker1");
        NodeReport w = inspector().node("worker1");
        assertThat(w.reachable()).isFalse();
        assertThat(w.power()).isEqualTo("unknown");
        assertThat(w.problemLines()).singleElement().asString().contains("worker1").contains("Try:");
    }

    @Test
    void clusterSummaryUsesOneScriptPerNode() {
        ClusterReport r = inspector().cluster();
        assertThat(r.nodes()).hasSize(ha.nodes().size());
        assertThat(r.nodes()).allSatisfy(n -> assertThat(n.reachable()).isTrue());
        assertThat(r.lb().holders()).containsExactly("lb1");
    }

    // issue 8, finding 14: the advice for an unhealthy etcd member fits the node's state

    @Test
    void anEtcdMemberOnANodeThatDoesNotAnswerIsNotToldToRunSystemctl() {
        pool.down.add("master2");
        EtcdReport e = inspector().etcd();
        String p = e.members().get(1).problem().sentence();
        assertThat(p).contains("master2").contains("does not answer").contains("cluster status")
                .doesNotContain("systemctl status etcd");
        assertThat(Checks.etcd(e).lines()).noneMatch(l -> l.contains("master2") && l.contains("systemctl status"));
    }

    @Test
    void anEtcdMemberHardwayPoweredOffOrCutOffIsHealed() {
        Fault off = new Fault("master2", FaultMode.POWER, List.of(), List.of(), List.of(), "t", false);
        store.add(off);
        assertThat(inspector().etcd().members().get(1).problem().sentence()).contains("powered off").endsWith("Try: heal master2.");
        store.remove(off);
        store.add(new Fault("master2", FaultMode.NETWORK, List.of(), List.of(), List.of(), "t", false));
        assertThat(inspector().etcd().members().get(1).problem().sentence()).contains("cut off").endsWith("Try: heal master2.")
                .doesNotContain("systemctl");
    }

    // issue 8, finding 14: before the lesson that installs it, the API server is "not installed yet"

    @Test
    void anApiserverNotInstalledYetSaysSoInsteadOfFailing() throws IOException {
        for (String m : List.of("master1", "master2", "master3")) {
            stub(m, "systemctl", "if [ \"$1\" = show ] && [ \"$3\" = LoadState ]; then echo not-found; exit 0; fi;"
                    + " if [ \"$1\" = is-active ]; then echo inactive; exit 3; fi");
        }
        stub("all", "curl", "exit 7");
        ApiserverReport r = inspector().apiserver();
        assertThat(r.masters()).allSatisfy(m -> assertThat(m.unit()).isEqualTo(ApiserverReport.Master.NOT_INSTALLED));
        assertThat(r.notInstalledYet()).isTrue();
        assertThat(r.problemLines()).singleElement().asString().contains("not installed on master1, master2, master3 yet")
                .contains("a later lesson installs it");
        assertThat(Checks.apiserver(r).headline()).contains("not installed yet");
    }

    // lesson 06: api-ready and leader-lease from curl, systemctl cat, journalctl, kubectl and date on the masters

    /** Every master's apiserver answers; master2 runs a KTHW-shaped unit; kubectl reads the leases at {@code now}. */
    void controlPlane(String readyzFixture, String now) throws Exception {
        data("readyz.txt", fixture(readyzFixture));
        data("version.json", fixture("apiserver-version.json"));
        data("leases.json", fixture("kubectl-leases.json"));
        data("journal.txt", fixture("kube-apiserver-journal-etcd-tls.txt"));
        dev.hardway.render.Renderer r = new dev.hardway.render.Renderer(List.of(Path.of("lessons/06-control-plane")));
        for (var m : ha.masters()) {
            var model = dev.hardway.render.TemplateModel.of(ha, m);
            data(m.name() + ".units", m.name().equals("master2") ? fixture("systemctl-cat-kube-apiserver-kthw.txt")
                    : "# /etc/systemd/system/kube-apiserver.service\n" + r.renderFile("kube-apiserver.service.ftl",
                    model) + "\n# /etc/systemd/system/kube-controller-manager.service\n"
                    + r.renderFile("kube-controller-manager.service.ftl", model));
            stub(m.name(), "systemctl", "case \"$1\" in is-active) echo active;; show) echo loaded;; cat) cat " + dir
                    + "/" + m.name() + ".units;; esac");
        }
        stub("all", "curl", "case \"$*\" in *readyz?verbose*) cat " + dir + "/readyz.txt;; */version*) cat " + dir
                + "/version.json;; *) echo ok;; esac");
        stub("all", "journalctl", "cat " + dir + "/journal.txt");
        stub("all", "kubectl", "case \"$*\" in *lease*) cat " + dir + "/leases.json;; *'get svc'*) printf 10.32.0.1;;"
                + " *endpointslice*) printf '10.240.0.11 10.240.0.12 10.240.0.13';; esac");
        stub("all", "date", "echo " + java.time.Instant.parse(now).getEpochSecond());
    }

    @Test
    void apiReadyAndLeasesFromTheToolsOnEachMaster() throws Exception {
        controlPlane("apiserver-readyz-verbose-passed.txt", "2026-12-02T09:40:15Z");
        ApiserverReport a = inspector().apiserver();
        assertThat(a.masters()).extracting(ApiserverReport.Master::ready).containsOnly(true);
        assertThat(a.masters()).extracting(ApiserverReport.Master::version).containsOnly("v1.37.0");
        assertThat(a.masters().get(0).traps()).extracting(ApiserverReport.Trap::id)
                .as("master1's unit is the lesson's; the masters disagree on the range and the issuer")
                .containsExactly("differs-between-masters", "differs-between-masters");
        assertThat(a.masters().get(1).traps()).extracting(ApiserverReport.Trap::id).contains("service-range-missing",
                "advertise-address", "etcd-servers", "node-cidrs-not-allocated");
        assertThat(a.viaEndpoint().ready()).isTrue();
        assertThat(a.viaEndpoint().version()).isEqualTo("v1.37.0");
        assertThat(a.commands()).contains("master1: " + dev.hardway.lab.ProbeCommands.leases());

        ProbeResult ready = lab().probe(new Probe.ApiReady(true, false, "v1.37.0"));
        assertThat(ready.ok()).isFalse();
        assertThat(ready.summary()).isEqualTo("kube-apiserver ready, v1.37.0 on 1/3 nodes (not on master1, master2)");
        assertThat(ready.problemLines()).anySatisfy(l -> assertThat(l)
                .contains("master2: kube-apiserver has no --service-cluster-ip-range")
                .contains("Try: add --service-cluster-ip-range=10.32.0.0/24"));
        assertThat(ready.problems()).filteredOn(pr -> pr.what().contains("has no --service-cluster-ip-range"))
                .allSatisfy(pr -> {
                    assertThat(pr.where().node()).isEqualTo("master2");
                    assertThat(pr.fix()).startsWith("add --service-cluster-ip-range=10.32.0.0/24");
                });
        assertThat(lab().probe(new Probe.ApiReady(false, true, "v1.37.0")).ok()).isTrue();
        assertThat(lab().probe(new Probe.ApiReady(false, true, "v1.37.2")).problemLines().get(0))
                .contains("/version says v1.37.0, not v1.37.2");

        ProbeResult kcm = lab().probe(new Probe.LeaderLease("kube-controller-manager"));
        assertThat(kcm.ok()).isTrue();
        assertThat(kcm.summary()).isEqualTo("kube-controller-manager leader lease held by master2");
        ProbeResult sched = lab().probe(new Probe.LeaderLease("kube-scheduler"));
        assertThat(sched.ok()).as("renewed 35 s before the master's clock, lease 15 s").isFalse();
        assertThat(sched.problemLines().get(0)).contains("master1 holds the lease but last renewed it at");
    }

    @Test
    void anApiserverWithoutEtcdIsNotReadyAndItsJournalNamesTheCause() throws Exception {
        controlPlane("apiserver-readyz-verbose-etcd-failed.txt", "2026-12-02T09:40:15Z");
        stub("all", "kubectl", "echo 'The connection to the server 127.0.0.1:6443 was refused' >&2; exit 1");
        ApiserverReport a = inspector().apiserver();
        ApiserverReport.Master m1 = a.masters().get(0);
        assertThat(m1.ready()).isFalse();
        assertThat(m1.readyz()).isEqualTo("[-]etcd failed, [-]etcd-readiness failed");
        assertThat(m1.notReady()).containsExactly("etcd", "etcd-readiness");
        assertThat(m1.traps()).extracting(ApiserverReport.Trap::id).contains("etcd-tls", "etcd-unreachable");
        assertThat(m1.problem().sentence()).startsWith("master1: /readyz [-]etcd failed").endsWith("check etcd.");
        assertThat(a.leases()).isEmpty();
        ProbeResult lease = lab().probe(new Probe.LeaderLease("kube-scheduler"));
        assertThat(lease.summary()).isEqualTo("kube-scheduler leader lease: cannot be read");
        ProbeResult ready = lab().probe(new Probe.ApiReady(true, false, "v1.37.0"));
        assertThat(String.join("\n", ready.problemLines())).contains("[-]etcd failed").contains("kube-apiserver's TLS handshake"
                + " with etcd fails");
    }
}
