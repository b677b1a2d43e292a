package dev.hardway.lab.real;

import static dev.hardway.lab.real.Fixtures.read;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hardway.cluster.ClusterModel;
import dev.hardway.cluster.TestClusters;
import dev.hardway.lab.inspect.ApiserverReport;
import dev.hardway.lab.probe.ApiserverProbe;
import dev.hardway.lab.probe.ControlPlaneTraps;
import dev.hardway.render.Renderer;
import dev.hardway.render.TemplateModel;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The control plane's tool output (lesson 06). The readyz bodies follow k8s.io/apiserver's healthz handler (one
 * "[+]name ok" or "[-]name failed: reason withheld" line per check, then "readyz check passed|failed"), the Lease
 * list is kubectl's {@code -o json} of coordination.k8s.io/v1 Leases, the journals carry the messages kube-apiserver
 * prints for a missing encryption config and for etcd TLS failures. No 1.37 kube-apiserver can be run here (no
 * reachable registry has the server binaries), so these are written in upstream's formats, not captured live.
 */
class ControlPlaneOutputTest {

    final ClusterModel ha = new ClusterModel(TestClusters.ha());

    @Test
    void readyzVerbosePassed() {
        ControlPlaneOutput.Readyz r = ControlPlaneOutput.readyz(read("apiserver-readyz-verbose-passed.txt"));
        assertThat(r.passed()).isTrue();
        assertThat(r.failed()).isEmpty();
        assertThat(r.ok()).contains("etcd", "etcd-readiness", "informer-sync", "poststarthook/rbac/bootstrap-roles")
                .hasSize(34);
        assertThat(r.summary()).isEqualTo("ok");
    }

    @Test
    void readyzVerboseWithEtcdFailedNamesTheChecks() {
        ControlPlaneOutput.Readyz r = ControlPlaneOutput.readyz(read("apiserver-readyz-verbose-etcd-failed.txt"));
        assertThat(r.passed()).isFalse();
        assertThat(r.failed()).containsExactly("etcd", "etcd-readiness");
        assertThat(r.summary()).isEqualTo("[-]etcd failed, [-]etcd-readiness failed");
        assertThat(r.last()).isEqualTo("readyz check failed");
    }

    @Test
    void readyzOtherAnswers() {
        assertThat(ControlPlaneOutput.readyz("ok").passed()).isTrue();
        assertThat(ControlPlaneOutput.readyz("[+]ping excluded: ok\nreadyz check passed\n").ok())
                .containsExactly("ping");
        ControlPlaneOutput.Readyz forbidden = ControlPlaneOutput.readyz("{\"kind\":\"Status\",\"code\":403}");
        assertThat(forbidden.passed()).isFalse();
        assertThat(forbidden.summary()).contains("403");
        assertThat(ControlPlaneOutput.readyz("").summary()).isEqualTo("empty answer");
        // a check list without its verdict line (cut off) is no pass
        assertThat(ControlPlaneOutput.readyz("[+]ping ok\n[+]etcd ok\n").passed()).isFalse();
    }

    @Test
    void gitVersion() {
        assertThat(ControlPlaneOutput.gitVersion(read("apiserver-version.json"))).isEqualTo("v1.37.0");
        assertThat(ControlPlaneOutput.gitVersion("curl: (7) Failed to connect")).isNull();
    }

    @Test
    void leasesFromAKubectlList() {
        List<ControlPlaneOutput.Lease> ls = ControlPlaneOutput.leases(read("kubectl-leases.json"));
        assertThat(ls).extracting(ControlPlaneOutput.Lease::name).containsExactly("kube-controller-manager",
                "kube-scheduler");
        ControlPlaneOutput.Lease kcm = ls.get(0);
        assertThat(kcm.holderNode()).isEqualTo("master2");
        assertThat(kcm.durationSeconds()).isEqualTo(15);
        assertThat(kcm.transitions()).isEqualTo(1);
        assertThat(kcm.renewTime()).isEqualTo(Instant.parse("2026-12-02T09:40:11.527803Z"));
        Instant now = Instant.parse("2026-12-02T09:40:20Z");
        assertThat(kcm.freshAt(now)).isTrue();
        assertThat(ls.get(1).freshAt(now)).as("renewed 40 s ago, lease 15 s").isFalse();
    }

    @Test
    void leasesFromOneObjectOrNothing() {
        String one = "{\"apiVersion\":\"coordination.k8s.io/v1\",\"kind\":\"Lease\",\"metadata\":{\"name\":"
                + "\"kube-scheduler\"},\"spec\":{\"leaseDurationSeconds\":15}}";
        List<ControlPlaneOutput.Lease> ls = ControlPlaneOutput.leases(one);
        assertThat(ls).singleElement().satisfies(l -> {
            assertThat(l.holder()).isNull();
            assertThat(l.holderNode()).isNull();
            assertThat(l.freshAt(Instant.EPOCH)).isFalse();
        });
        assertThat(ControlPlaneOutput.leases("Error from server (NotFound): leases.coordination.k8s.io"
                + " \"kube-scheduler\" not found")).isEmpty();
        assertThat(ControlPlaneOutput.epochSeconds("1764668420\n")).isEqualTo(Instant.ofEpochSecond(1764668420));
        assertThat(ControlPlaneOutput.epochSeconds("date: invalid")).isNull();
    }

    @Test
    void leasesAreJudgedByTheReadersClockAndTheMasterNames() {
        List<ControlPlaneOutput.Lease> ls = ControlPlaneOutput.leases(read("kubectl-leases.json"));
        List<ApiserverReport.Lease> r = ApiserverProbe.leases(ha, ls, Instant.parse("2026-12-02T09:40:20Z"));
        assertThat(r.get(0).held()).isTrue();
        assertThat(r.get(0).holderNode()).isEqualTo("master2");
        assertThat(r.get(1).held()).isFalse();
        assertThat(r.get(1).problem().sentence()).startsWith("kube-scheduler: master1 holds the lease but last renewed it at"
                + " 2026-12-02T09:39:40.902117Z (lease 15 s)").contains("Try: systemctl status kube-scheduler");
        List<ControlPlaneOutput.Lease> foreign = List.of(new ControlPlaneOutput.Lease("kube-scheduler",
                "ubuntu-noble_1234", Instant.parse("2026-12-02T09:40:19Z"), 15, 0));
        assertThat(ApiserverProbe.leases(ha, foreign, Instant.parse("2026-12-02T09:40:20Z")).get(0).problem().sentence())
                .contains("ubuntu-noble_1234 is not a master of this cluster").contains("hostnamectl");
    }

    /** The lesson's own units, rendered for master1, parse back to flags that match the config: no trap. */
    @Test
    void theLessonsRenderedUnitsShowNoTrap() throws Exception {
        Renderer r = new Renderer(List.of(Path.of("lessons/06-control-plane")));
        var m = TemplateModel.of(ha, ha.masters().get(0));
        String cat = "# /etc/systemd/system/kube-apiserver.service\n" + r.renderFile("kube-apiserver.service.ftl", m)
                + "\n# /etc/systemd/system/kube-controller-manager.service\n"
                + r.renderFile("kube-controller-manager.service.ftl", m);
        Map<String, Map<String, String>> flags = ControlPlaneOutput.unitFlags(cat);
        assertThat(flags.get("kube-apiserver")).containsEntry("service-cluster-ip-range", "10.32.0.0/24")
                .containsEntry("advertise-address", "10.240.0.11")
                .containsEntry("etcd-servers", ha.etcdClientEndpoints())
                .containsEntry("service-account-issuer", "https://10.240.0.10:6443");
        assertThat(flags.get("kube-controller-manager")).containsEntry("allocate-node-cidrs", "true")
                .containsEntry("cluster-cidr", "10.200.0.0/16");
        assertThat(ControlPlaneTraps.fromFlags(ha, ha.masters().get(0), flags)).isEmpty();
    }

    /** A KTHW-shaped unit (notes §0.1: no service range, plain-HTTP etcd on localhost) shows each known trap. */
    @Test
    void aNaiveUnitShowsTheKnownTraps() {
        Map<String, Map<String, String>> flags = ControlPlaneOutput.unitFlags(read("systemctl-cat-kube-apiserver-kthw.txt"));
        assertThat(flags.get("kube-apiserver")).containsEntry("runtime-config", "api/all=true")
                .doesNotContainKey("service-cluster-ip-range");
        List<ApiserverReport.Trap> traps = ControlPlaneTraps.fromFlags(ha, ha.masters().get(0), flags);
        assertThat(traps).extracting(ApiserverReport.Trap::id).containsExactly("service-range-missing",
                "advertise-address", "issuer-mismatch", "etcd-servers", "node-cidrs-not-allocated");
        assertThat(traps.get(0).problem().sentence()).isEqualTo("master1: kube-apiserver has no --service-cluster-ip-range, so it"
                + " uses 10.0.0.0/24 and the kubernetes Service gets 10.0.0.1, an address its certificate does not"
                + " name (pods fail with x509 ... not 10.0.0.1). Try: add --service-cluster-ip-range=10.32.0.0/24 (the"
                + " same on every master and the controller-manager).");
        assertThat(traps.get(1).what()).contains("no --advertise-address").contains("10.0.2.15");
    }

    @Test
    void flagsThatDifferBetweenMastersAreOneTrap() {
        Map<String, Map<String, String>> a = Map.of("kube-apiserver", Map.of("service-cluster-ip-range",
                "10.32.0.0/24", "service-account-issuer", "https://10.240.0.10:6443"));
        Map<String, Map<String, String>> b = Map.of("kube-apiserver", Map.of("service-cluster-ip-range",
                "10.96.0.0/12", "service-account-issuer", "https://10.240.0.10:6443"));
        var byMaster = new java.util.LinkedHashMap<String, Map<String, Map<String, String>>>();
        byMaster.put("master1", a);
        byMaster.put("master2", b);
        assertThat(ControlPlaneTraps.acrossMasters(byMaster)).singleElement().satisfies(t -> {
            assertThat(t.id()).isEqualTo("differs-between-masters");
            assertThat(t.what()).contains("--service-cluster-ip-range differs").contains("master2=10.96.0.0/12");
        });
    }

    @Test
    void theJournalNamesTheCause() {
        assertThat(ControlPlaneTraps.fromJournal("master1", read("kube-apiserver-journal-encryption.txt")))
                .singleElement().satisfies(t -> {
                    assertThat(t.id()).isEqualTo("encryption-config-missing");
                    assertThat(t.what()).contains("/var/lib/kubernetes/encryption-config.yaml (no such file)");
                    assertThat(t.fix()).contains("lesson 04-encryption");
                });
        assertThat(ControlPlaneTraps.fromJournal("master1", read("kube-apiserver-journal-etcd-tls.txt")))
                .extracting(ApiserverReport.Trap::id).containsExactly("etcd-tls", "etcd-unreachable");
        assertThat(ControlPlaneTraps.fromJournal("master1", "Error: unknown flag: --pod-infra-container-image"))
                .extracting(ApiserverReport.Trap::id).containsExactly("unknown-flag");
        assertThat(ControlPlaneTraps.fromJournal("master1", "E1202 run.go:72] \"command failed\""
                + " err=\"--service-account-signing-key-file and --service-account-issuer are required flags\""))
                .extracting(ApiserverReport.Trap::id).containsExactly("service-account-flags-missing");
        assertThat(ControlPlaneTraps.fromJournal("master1", "")).isEmpty();
    }

    @Test
    void theKubernetesServiceAndItsEndpoints() {
        assertThat(ControlPlaneTraps.fromKubernetesService(ha, "master1", "10.32.0.1",
                List.of("10.240.0.11", "10.240.0.12", "10.240.0.13"))).isEmpty();
        List<ApiserverReport.Trap> bad = ControlPlaneTraps.fromKubernetesService(ha, "master1", "10.0.0.1",
                List.of("10.240.0.11", "10.0.2.15"));
        assertThat(bad).extracting(ApiserverReport.Trap::id).containsExactly("kubernetes-service-ip",
                "advertise-address");
        assertThat(bad.get(0).what()).contains("--service-cluster-ip-range was missing");
        assertThat(bad.get(1).what()).contains("10.0.2.15 (Vagrant's NAT address)");
    }
}
