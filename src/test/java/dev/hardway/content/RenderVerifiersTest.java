package dev.hardway.content;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hardway.content.verify.Checks;
import dev.hardway.content.verify.Finding;
import dev.hardway.content.verify.Fixtures;
import dev.hardway.content.verify.Rendered;
import dev.hardway.content.verify.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each render verifier of {@link RenderedLessonsVerifyTest} refuses what it must, naming the file, the line and the
 * reason, on small trees laid out like {@code lesson render}'s output (LESSON/STEP/NODE/{run.sh,files/...}).
 */
class RenderVerifiersTest {

    @TempDir
    Path tmp;

    private Rendered tree(String... pathsAndTexts) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("render"));
        for (int i = 0; i < pathsAndTexts.length; i += 2) {
            Path p = dir.resolve(pathsAndTexts[i]);
            Files.createDirectories(p.getParent());
            Files.writeString(p, pathsAndTexts[i + 1]);
        }
        return Rendered.ofTree(dir);
    }

    private static final String APISERVER_UNIT = """
            [Unit]
            Description=Kubernetes API Server

            [Service]
            ExecStart=/usr/local/bin/kube-apiserver \\
              --advertise-address=10.0.0.11 \\
              --service-cluster-ip-range=10.32.0.0/24 \\
              --no-such-flag=1 \\
              --apiserver-count=3 \\
              --etcd-server=https://10.0.0.11:2379
            Restart=on-failure
            Typ=notify

            [Install]
            WantedBy=multi-user.target
            """;

    @Test
    void aUnitWithAnUnknownFlagFailsWithTheFileLineAndFlag() throws Exception {
        Rendered r = tree("06-control-plane/apiserver/master1/files/etc/systemd/system/kube-apiserver.service",
                APISERVER_UNIT);
        List<Finding> f = Checks.flags(r.docs(Rendered::isUnit));
        String file = "06-control-plane/apiserver/master1/files/etc/systemd/system/kube-apiserver.service";
        assertThat(f).extracting(Finding::toString).containsExactly(
                file + ":8: --no-such-flag is not a kube-apiserver flag in the pinned release"
                        + " (src/test/resources/k8s-1.37/flags/kube-apiserver.txt)",
                file + ":9: --apiserver-count (kube-apiserver): deprecated: no effect with the default lease endpoint"
                        + " reconciler (kubernetes#119856); drop it",
                file + ":10: --etcd-server is not a kube-apiserver flag in the pinned release"
                        + " (src/test/resources/k8s-1.37/flags/kube-apiserver.txt; did you mean --etcd-servers?)");
    }

    @Test
    void aUnitInAHereDocumentIsCheckedAtItsScriptLine() throws Exception {
        Rendered r = tree("09-kubelet/unit/worker1/run.sh", "#!/usr/bin/env bash\nset -euo pipefail\n"
                + "cat > /etc/systemd/system/kubelet.service <<'EOF'\n[Service]\nExecStart=/usr/local/bin/kubelet \\\n"
                + "  --config=/var/lib/kubelet/kubelet-config.yaml \\\n  --pod-infra-container-image=pause:3.10\nEOF\n");
        assertThat(Checks.flags(r.docs(Rendered::isUnit))).extracting(Finding::toString).containsExactly(
                "09-kubelet/unit/worker1/run.sh:7: --pod-infra-container-image (kubelet): removed in 1.35"
                        + " (kubernetes#133779): the pause image is containerd's pinned_images.sandbox");
    }

    @Test
    void systemdAnalyzeJudgesKeysAndValuesButNotTheAbsentBinaries() throws Exception {
        Path sa = Tools.require(Tools.onPath("systemd-analyze"), "systemd-analyze", "package systemd");
        Rendered r = tree("06-control-plane/apiserver/master1/files/etc/systemd/system/kube-apiserver.service",
                APISERVER_UNIT);
        List<Finding> f = Checks.systemdVerify(r.docs(Rendered::isUnit), sa, tmp.resolve("sa"));
        assertThat(f).extracting(Finding::toString).containsExactly("06-control-plane/apiserver/master1/files/etc/"
                + "systemd/system/kube-apiserver.service:12: systemd-analyze: Unknown key 'Typ' in section [Service],"
                + " ignoring.");
    }

    @Test
    void aManifestWithAWrongKindFailsWithTheFileAndLine() throws Exception {
        Rendered r = tree("12-smoke-test/deploy/jumpbox/files/root/smoke/nginx.yaml", """
                apiVersion: apps/v1
                kind: Deploymnet
                metadata: {name: nginx}
                ---
                apiVersion: extensions/v1beta1
                kind: Ingress
                ---
                apiVersion: v1
                kind: ConfigMap
                ---
                apiVersion: policy/v1
                kind: PodSecurityPolicy
                """, "11-coredns/apply/jumpbox/run.sh", "#!/usr/bin/env bash\nkubectl apply -f - <<EOF\n"
                + "apiVersion: rbac.authorization.k8s.io/v1beta1\nkind: ClusterRole\nEOF\n");
        assertThat(Checks.manifests(r.docs(Rendered::isManifest))).extracting(Finding::toString).containsExactly(
                "12-smoke-test/deploy/jumpbox/files/root/smoke/nginx.yaml:2: apps/v1 Deploymnet does not exist in"
                        + " Kubernetes 1.37 (src/test/resources/k8s-1.37/api-kinds.txt; did you mean kind Deployment?)",
                "12-smoke-test/deploy/jumpbox/files/root/smoke/nginx.yaml:6: extensions/v1beta1 Ingress: v1beta1 is"
                        + " not served without --runtime-config; use the GA version",
                "12-smoke-test/deploy/jumpbox/files/root/smoke/nginx.yaml:12: policy/v1 PodSecurityPolicy does not"
                        + " exist in Kubernetes 1.37 (src/test/resources/k8s-1.37/api-kinds.txt)",
                "11-coredns/apply/jumpbox/run.sh:4: rbac.authorization.k8s.io/v1beta1 ClusterRole: v1beta1 is not"
                        + " served without --runtime-config; use the GA version");
    }

    @Test
    void aComponentConfigFieldOutsideThePinnedReleaseFails() throws Exception {
        Rendered r = tree("09-kubelet/config/worker1/files/var/lib/kubelet/kubelet-config.yaml", """
                apiVersion: kubelet.config.k8s.io/v1beta1
                kind: KubeletConfiguration
                authentication:
                  x509: {clientCAFile: /var/lib/kubelet/ca.pem}
                  webhook: {enabled: true, cacheTTL: 2m}
                podInfraContainerImage: registry.k8s.io/pause:3.10
                clusterDNS: [10.32.0.10]
                featureGates: {KubeletPSI: true}
                evictionHard: {memory.available: 100Mi}
                registerWithTaints: [{key: a, effect: NoSchedule}]
                """, "04-encryption/key/jumpbox/run.sh", "#!/usr/bin/env bash\ncat > /root/pki/e.yaml <<EOF\n"
                + "apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\nresources:\n"
                + "  - resources: [secrets]\n    providers:\n      - secretbox: {keys: [{name: k, secret: $key}]}\n"
                + "      - identiy: {}\nEOF\n");
        assertThat(Checks.manifests(r.docs(Rendered::isManifest))).extracting(Finding::toString).containsExactly(
                "09-kubelet/config/worker1/files/var/lib/kubelet/kubelet-config.yaml:6: podInfraContainerImage is not a"
                        + " field of KubeletConfiguration in the pinned release"
                        + " (src/test/resources/k8s-1.37/fields/KubeletConfiguration.txt)",
                "04-encryption/key/jumpbox/run.sh:9: resources[].providers[].identiy is not a field of"
                        + " EncryptionConfiguration in the pinned release"
                        + " (src/test/resources/k8s-1.37/fields/EncryptionConfiguration.txt)");
    }

    @Test
    void aScriptShellcheckRefusesFailsWithItsLine() throws Exception {
        Path sc = Tools.require(Tools.onPath("shellcheck"), "shellcheck", "apt-get install shellcheck");
        Rendered r = tree("08-runtime/x/worker1/run.sh", "#!/usr/bin/env bash\nset -euo pipefail\n"
                + "dir=$(mktemp -d)\ncd $dir\n", "08-runtime/y/worker1/run.sh", "#!/usr/bin/env bash\necho ok\n",
                "08-runtime/y/worker2/run.sh", "#!/usr/bin/env bash\nset -euo pipefail\ndir=$(mktemp -d)\ncd $dir\n");
        assertThat(Checks.shellcheck(r, sc, tmp.resolve("sc"))).extracting(Finding::toString).containsExactlyInAnyOrder(
                "08-runtime/x/worker1/run.sh:4: shellcheck note: Double quote to prevent globbing and word splitting."
                        + " [SC2086]",
                "08-runtime/y/worker2/run.sh:4: shellcheck note: Double quote to prevent globbing and word splitting."
                        + " [SC2086]");
    }

    @Test
    void aContainerdConfigWithBinDirFailsInARealContainerd() throws Exception {
        Path ctd = Tools.require(Tools.fromSid("containerd"), "containerd 2.x", "src/test/lab/sid-binaries.sh");
        Path ctr = Tools.require(Tools.fromSid("ctr"), "ctr", "src/test/lab/sid-binaries.sh");
        if (!Tools.isRoot()) {
            Tools.unavailable("starting containerd needs root");
        }
        String good = """
                version = 3
                [plugins.'io.containerd.cri.v1.images']
                  snapshotter = 'overlayfs'
                [plugins.'io.containerd.cri.v1.runtime'.containerd]
                  default_runtime_name = 'runc'
                [plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc]
                  runtime_type = 'io.containerd.runc.v2'
                [plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc.options]
                  SystemdCgroup = true
                [plugins.'io.containerd.cri.v1.runtime'.cni]
                  bin_dirs = ['/opt/cni/bin']
                  conf_dir = '/etc/cni/net.d'
                """;
        String file = "08-runtime/config/worker1/files/etc/containerd/config.toml";
        Rendered r = tree(file, good.replace("bin_dirs = ['/opt/cni/bin']", "bin_dir = '/opt/cni/bin'"),
                "08-runtime/config/worker2/files/etc/containerd/config.toml", good,
                "08-runtime/config/worker3/files/etc/containerd/config.toml", good + "[plugins.'io.containerd.cri.v1"
                        + ".runtime'.cni]\n  max_conf_num = 1\n");
        List<Finding> f = Checks.containerd(r.docs(Rendered::isContainerdConfig), ctd, ctr, tmp.resolve("ctd"));
        assertThat(f).filteredOn(x -> x.file().equals(file)).isNotEmpty()
                .allSatisfy(x -> assertThat(x.line()).isEqualTo(11))
                .anySatisfy(x -> assertThat(x.what()).contains("containerd deprecation:", "bin_dir"));
        assertThat(f).filteredOn(x -> x.file().contains("worker2")).isEmpty();
        assertThat(f).filteredOn(x -> x.file().contains("worker3")).extracting(Finding::what)
                .singleElement().asString().startsWith("containerd config dump fails:");
    }

    @Test
    void aKubeconfigKubectlCannotLoadFails() throws Exception {
        Path kubectl = Tools.require(Tools.fromSid("kubectl"), "kubectl 1.36", "src/test/lab/sid-binaries.sh");
        String ok = "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster: {server: 'https://10.0.0.20:6443'}\n"
                + "users:\n- name: u\n  user: {token: t}\ncontexts:\n- name: default\n  context: {cluster: c, user: u}\n"
                + "current-context: default\n";
        Rendered r = tree("03-kubeconfigs/make/jumpbox/files/root/kubeconfigs/good.kubeconfig", ok,
                "03-kubeconfigs/make/jumpbox/files/root/kubeconfigs/bad.kubeconfig", ok.replace("clusters:\n", "clusters:\n  x: [\n"),
                "09-kubelet/x/worker1/files/var/lib/kubelet/kubeconfig", ok.replace("current-context: default\n", ""));
        List<Finding> f = Checks.kubeconfigs(r.docs(Rendered::isKubeconfig), kubectl, Files.createDirectories(tmp.resolve("kc")));
        assertThat(f).extracting(Finding::file).containsExactlyInAnyOrder(
                "03-kubeconfigs/make/jumpbox/files/root/kubeconfigs/bad.kubeconfig",
                "09-kubelet/x/worker1/files/var/lib/kubelet/kubeconfig");
        assertThat(f).anySatisfy(x -> assertThat(x.what()).startsWith("kubectl config view fails:"))
                .anySatisfy(x -> assertThat(x.what()).startsWith("kubeconfig lacks a current-context"));
    }

    @Test
    void aRouterConfigFrrRefusesFailsAtItsLine() throws Exception {
        Path vtysh = Tools.require(Tools.onPath("vtysh"), "vtysh (FRR)", "apt-get install frr");
        Rendered r = tree("16-metallb-bgp/frr/router/files/etc/frr/frr.conf", """
                frr defaults traditional
                router bgp 64512
                 neighbor 172.17.0.21 remote-as 64522
                 neighbor 172.17.0.22 remote-az 64522
                exit
                """);
        assertThat(Checks.frr(r.docs(Rendered::isFrrConfig), vtysh, Files.createDirectories(tmp.resolve("frr"))))
                .extracting(Finding::toString).singleElement().asString().startsWith(
                        "16-metallb-bgp/frr/router/files/etc/frr/frr.conf:4: vtysh --dryrun: % Unknown command")
                .contains("remote-az");
    }

    @Test
    void metallbObjectsMustNameAKindOfThePinnedRelease() throws Exception {
        Rendered r = tree("16-metallb-bgp/bgp-config/jumpbox/files/root/manifests/metallb/bgp.yaml", """
                apiVersion: metallb.io/v1beta1
                kind: BGPPeer
                metadata: {name: router, namespace: metallb-system}
                ---
                apiVersion: metallb.io/v1beta1
                kind: IPAddressPol
                metadata: {name: p, namespace: metallb-system}
                ---
                apiVersion: metallb.io/v1beta1
                kind: IPAddressPool
                metadata: {name: p, namespace: metallb-system}
                """);
        assertThat(Checks.manifests(r.docs(Rendered::isManifest))).extracting(Finding::toString).containsExactly(
                "16-metallb-bgp/bgp-config/jumpbox/files/root/manifests/metallb/bgp.yaml:2: metallb.io/v1beta1 BGPPeer:"
                        + " deprecated in MetalLB 0.16 (served only for old objects; the storage version is v1beta2);"
                        + " use metallb.io/v1beta2",
                "16-metallb-bgp/bgp-config/jumpbox/files/root/manifests/metallb/bgp.yaml:6: metallb.io/v1beta1"
                        + " IPAddressPol does not exist in MetalLB 0.16.1 (src/test/resources/metallb-0.16/api-kinds.txt;"
                        + " did you mean kind IPAddressPool?)");
    }

    /** The fixture is of the pinned release, and the simulated lab accepts no MetalLB kind the release lacks. */
    @Test
    void theMetallbFixtureIsOfThePinAndCoversTheKindsTheLessonsMayApply() {
        assertThat(Fixtures.version(Fixtures.METALLB_KINDS)).isEqualTo(
                dev.hardway.cluster.ClusterLoader.pinnedVersions().metallb());
        var kinds = Fixtures.kinds();
        dev.hardway.lab.ApiObject.KINDS.forEach((av, ks) -> {
            if (av.startsWith("metallb.io/")) {
                ks.forEach(k -> assertThat(kinds).as(av + " " + k).containsEntry(av + " " + k, null));
            }
        });
    }

    @Test
    void anHaproxyConfigWithAnUnknownKeywordFailsWithItsLine() throws Exception {
        Path haproxy = Tools.require(Tools.onPath("haproxy"), "haproxy", "apt-get install haproxy");
        String good = """
                defaults
                    mode http
                    timeout connect 5s
                    timeout client 30s
                    timeout server 30s
                frontend ingress
                    bind *:80
                    default_backend nodeports
                backend nodeports
                    option httpchk
                    server worker1 10.0.0.41:30080 check
                """;
        Rendered r = tree("13-ingress-lb/haproxy/elb1/files/etc/haproxy/haproxy.cfg", good,
                "13-ingress-lb/haproxy/elb2/files/etc/haproxy/haproxy.cfg", good.replace("option httpchk",
                        "option httpchek"));
        List<Finding> f = Checks.haproxy(r.docs(Rendered::isHaproxyConfig), haproxy, tmp);
        assertThat(f).isNotEmpty().allSatisfy(x -> assertThat(x.file()).isEqualTo(
                "13-ingress-lb/haproxy/elb2/files/etc/haproxy/haproxy.cfg"));
        assertThat(f).anySatisfy(x -> {
            assertThat(x.line()).isEqualTo(10);
            assertThat(x.what()).contains("haproxy -c:", "httpchek");
        });
    }

    @Test
    void aKeepalivedConfigWithABadRouterIdFailsWithItsLine() throws Exception {
        Path ka = Tools.require(Tools.onPath("keepalived"), "keepalived", "apt-get install keepalived");
        String good = """
                vrrp_instance INGRESS_VIP {
                    state MASTER
                    interface __IFACE__
                    virtual_router_id 52
                    priority 101
                    virtual_ipaddress {
                        10.0.0.30/24 dev __IFACE__
                    }
                }
                """;
        Rendered r = tree("13-ingress-lb/keepalived/elb1/files/etc/keepalived/keepalived.conf.in", good,
                "13-ingress-lb/keepalived/elb2/files/etc/keepalived/keepalived.conf.in", good.replace("52", "523"));
        String iface = Tools.anInterface();
        if (iface == null) {
            Tools.unavailable("keepalived --config-test needs a non-loopback interface");
        }
        List<Finding> f = Checks.keepalived(r.docs(Rendered::isKeepalivedConfig), ka, iface, tmp);
        assertThat(f).isNotEmpty().allSatisfy(x -> assertThat(x.file()).isEqualTo(
                "13-ingress-lb/keepalived/elb2/files/etc/keepalived/keepalived.conf.in"));
        assertThat(f).anySatisfy(x -> {
            assertThat(x.line()).isEqualTo(4);
            assertThat(x.what()).contains("keepalived --config-test:", "523");
        });
    }
}
