package dev.hardway.lab.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hardway.HardwayException;
import dev.hardway.HardwayHome;
import dev.hardway.cluster.ClusterModel;
import dev.hardway.cluster.TestClusters;
import dev.hardway.target.ExecOptions;
import dev.hardway.target.ExecResult;
import dev.hardway.target.NodeTarget;
import dev.hardway.target.OutputListener;
import dev.hardway.target.TargetException;
import dev.hardway.target.TargetPool;
import dev.hardway.target.local.LocalTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cert fault's scripts with the real openssl against a throw-away CA made like lesson 02-pki's: the master's
 * directory and the jumpbox's /root/pki are temp directories (the scripts' paths rewritten on the way to bash), so
 * the whole break/heal runs through {@link RealFaults} as on nodes.
 */
class CertFaultTest {

    @TempDir
    Path dir;
    ClusterModel ha = new ClusterModel(TestClusters.ha());
    Path master;
    Path pki;
    List<String> ran = new ArrayList<>();

    static String sh(Path cwd, String script) throws Exception {
        Process p = new ProcessBuilder("bash", "-c", script).directory(cwd.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    boolean openssl() {
        try {
            return new ProcessBuilder("openssl", "version").start().waitFor() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    @BeforeEach
    void pkiLikeLesson02() throws Exception {
        assumeTrue(openssl(), "openssl is not installed here");
        master = Files.createDirectories(dir.resolve("master1/var/lib/kubernetes"));
        pki = Files.createDirectories(dir.resolve("jumpbox/root/pki"));
        String sans = String.join(", ", ha.apiserverSanIps().stream().map(ip -> "IP:" + ip).toList()) + ", "
                + String.join(", ", ha.apiserverSanDns().stream().map(d -> "DNS:" + d).toList());
        sh(pki, "set -e\nopenssl genrsa -out ca-key.pem 2048 2>/dev/null\n"
                + "openssl req -x509 -new -key ca-key.pem -sha256 -days 30 -subj '/CN=ha Kubernetes CA' -out ca.pem\n"
                + "openssl genrsa -out kube-apiserver-key.pem 2048 2>/dev/null\n"
                + "openssl req -new -key kube-apiserver-key.pem -subj /CN=kubernetes/O=Kubernetes -out a.csr\n"
                + "printf '[ apiserver ]\\nbasicConstraints = critical, CA:FALSE\\nextendedKeyUsage = serverAuth,"
                + " clientAuth\\nsubjectAltName = " + sans + "\\n' > a.cnf\n"
                + "openssl x509 -req -in a.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days 30 -sha256"
                + " -extfile a.cnf -extensions apiserver -out kube-apiserver.pem 2>/dev/null\n"
                + "cp kube-apiserver.pem kube-apiserver-key.pem ca.pem " + master + "/\n");
    }

    String sans(Path cert) throws Exception {
        return sh(dir, "openssl x509 -in " + cert + " -noout -ext subjectAltName");
    }

    TargetPool pool() {
        return new TargetPool() {
            public List<String> nodes() {
                return List.of();
            }

            public NodeTarget target(String node) {
                LocalTarget local = new LocalTarget(node, dir, Map.of("PATH", System.getenv("PATH")));
                return new NodeTarget() {
                    public String node() {
                        return node;
                    }

                    public String address() {
                        return node;
                    }

                    public ExecResult exec(String s, ExecOptions o, OutputListener l) throws TargetException {
                        ran.add(node);
                        return local.exec(s.replace(CertFault.DIR, dir.resolve(node + CertFault.DIR).toString())
                                .replace(CertFault.PKI, dir.resolve(node + CertFault.PKI).toString()), o, l);
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

            public void close() {
            }
        };
    }

    @Test
    void theScriptsReissueWithoutTheVipWithTheSameKeyAndCaAndHealPutsTheOriginalBack() throws Exception {
        byte[] original = Files.readAllBytes(master.resolve(CertFault.CERT));
        assertThat(sans(master.resolve(CertFault.CERT))).contains("IP Address:10.240.0.10");
        String csr = CertFault.pem(sh(dir, CertFault.csrScript(master.toString())), CertFault.BEGIN_CSR);
        assertThat(csr).startsWith(CertFault.BEGIN_CSR);
        String pem = CertFault.pem(sh(dir, CertFault.signScript(pki.toString(), csr, CertFault.sansWithout(ha,
                "10.240.0.10"))), CertFault.BEGIN_CERT);
        assertThat(pem).startsWith(CertFault.BEGIN_CERT);
        assertThat(sh(dir, CertFault.installScript(master.toString(), pem))).contains("installed");
        Path cert = master.resolve(CertFault.CERT);
        assertThat(sans(cert)).doesNotContain("10.240.0.10").contains("IP Address:10.240.0.11", "IP Address:10.32.0.1",
                "DNS:kubernetes.default.svc.cluster.local");
        // the CA still vouches for it and it belongs to the master's key: the apiserver starts, clients refuse it
        assertThat(sh(dir, "openssl verify -CAfile " + master.resolve("ca.pem") + " " + cert)).contains(": OK");
        assertThat(sh(dir, "openssl x509 -in " + cert + " -noout -pubkey")).isEqualTo(sh(dir, "openssl pkey -in "
                + master.resolve(CertFault.KEY) + " -pubout"));
        assertThat(sh(dir, "openssl verify -CAfile " + master.resolve("ca.pem") + " -verify_ip 10.240.0.10 " + cert
                + " 2>&1 || true")).contains("IP address mismatch");
        assertThat(master.resolve(CertFault.CERT + CertFault.ASIDE)).hasBinaryContent(original);
        // a second install keeps the first original
        sh(dir, CertFault.installScript(master.toString(), pem));
        assertThat(master.resolve(CertFault.CERT + CertFault.ASIDE)).hasBinaryContent(original);
        assertThat(sh(dir, CertFault.healScript(master.toString()))).contains("restored");
        assertThat(cert).hasBinaryContent(original);
        assertThat(master.resolve(CertFault.CERT + CertFault.ASIDE)).doesNotExist();
    }

    @Test
    void realFaultsRunTheThreeScriptsOnMasterJumpboxMasterAndHealRestores() throws Exception {
        byte[] original = Files.readAllBytes(master.resolve(CertFault.CERT));
        FaultStore store = FaultStore.of(new HardwayHome(dir.resolve("home")), "ha");
        RealFaults f = new RealFaults(ha, pool(), store, PowerControl.NONE, Clock.systemUTC());
        BreakResult b = f.breakNode(new BreakRequest("master1", FaultMode.CERT, null));
        assertThat(ran).containsExactly("master1", "jumpbox", "master1");
        assertThat(b.fault().peers()).containsExactly("10.240.0.10");
        assertThat(b.fault().describe()).isEqualTo("master1: kube-apiserver.pem re-issued without the VIP 10.240.0.10"
                + " in its SANs (the original kept as kube-apiserver.pem.hardway-orig)");
        assertThat(b.done()).anyMatch(d -> d.contains("without IP:10.240.0.10"));
        assertThat(sans(master.resolve(CertFault.CERT))).doesNotContain("10.240.0.10");
        assertThat(store.all()).singleElement().satisfies(x -> assertThat(x.mode()).isEqualTo(FaultMode.CERT));
        assertThatThrownBy(() -> f.breakNode(new BreakRequest("master1", FaultMode.CERT, null)))
                .hasMessageContaining("already broken that way");
        assertThat(f.heal("master1").ok()).isTrue();
        assertThat(master.resolve(CertFault.CERT)).hasBinaryContent(original);
        assertThat(store.all()).isEmpty();
    }

    @Test
    void aMasterWithoutTheCertificateOrANodeThatIsNoMasterIsRefusedAndNothingIsRecorded() throws IOException {
        FaultStore store = FaultStore.of(new HardwayHome(dir.resolve("home")), "ha");
        RealFaults f = new RealFaults(ha, pool(), store, PowerControl.NONE, Clock.systemUTC());
        assertThatThrownBy(() -> f.breakNode(new BreakRequest("lb1", FaultMode.CERT, null)))
                .isInstanceOf(HardwayException.class).hasMessageContaining("lb1 is not a master");
        assertThatThrownBy(() -> f.breakNode(new BreakRequest("master2", FaultMode.CERT, null)))
                .hasMessageContaining("is missing: lesson 06-control-plane installs them");
        assertThat(store.all()).isEmpty();
        ClusterModel single = new ClusterModel(TestClusters.single());
        assertThatThrownBy(() -> new RealFaults(single, pool(), store, PowerControl.NONE, Clock.systemUTC())
                .breakNode(new BreakRequest("master1", FaultMode.CERT, null))).hasMessageContaining("has no API VIP");
    }
}
