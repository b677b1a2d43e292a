package dev.hardway.lab.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hardway.cluster.ClusterModel;
import dev.hardway.cluster.TestClusters;
import dev.hardway.lab.inspect.CertReport.Cert;
import dev.hardway.lab.inspect.CertReport.Finding;
import dev.hardway.lab.inspect.CertReport.Severity;
import dev.hardway.target.ExecOptions;
import dev.hardway.target.ExecResult;
import dev.hardway.target.OutputListener;
import dev.hardway.target.local.LocalTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real certificates made with openssl at test time, read with the listing script and judged by the rules. */
class CertParserTest {

    @TempDir
    static Path dir;
    static List<CertParser.Parsed> parsed;
    static final ClusterModel HA = new ClusterModel(TestClusters.ha());

    static void openssl(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("openssl " + String.join(" ", args) + " failed: " + out);
        }
    }

    /** Issues NAME.pem from the CA with the given subject and extension lines (none: no extensions at all). */
    static void issue(String name, String subject, String... ext) throws Exception {
        openssl("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
                name + "-key.pem", "-out", name + ".csr", "-subj", subject);
        List<String> args = new ArrayList<>(List.of("x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey",
                "ca-key.pem", "-CAcreateserial", "-days", "365", "-out", name + ".pem"));
        if (ext.length > 0) {
            Files.writeString(dir.resolve(name + ".ext"), String.join("\n", ext) + "\n");
            args.addAll(List.of("-extfile", name + ".ext"));
        }
        openssl(args.toArray(String[]::new));
    }

    @BeforeAll
    static void makePki() throws Exception {
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
                "ca-key.pem", "-out", "ca.pem", "-days", "3650", "-subj", "/CN=ha Kubernetes CA");
        issue("etcd-good", "/CN=master1/O=etcd",
                "subjectAltName=IP:10.240.0.11,IP:127.0.0.1,IP:10.240.0.10,DNS:master1,DNS:localhost",
                "keyUsage=critical,digitalSignature,keyEncipherment", "extendedKeyUsage=serverAuth,clientAuth");
        issue("etcd-serveronly", "/CN=master1/O=etcd", "subjectAltName=IP:10.240.0.11,IP:127.0.0.1",
                "extendedKeyUsage=serverAuth");
        issue("apiserver-cnonly", "/CN=kubernetes");
        issue("admin", "/CN=admin/O=system:masters", "extendedKeyUsage=clientAuth");
        // the listing reads every file that holds a certificate and skips keys and other files
        Files.writeString(dir.resolve("notes.pem"), "not a certificate\n");
        LocalTarget local = new LocalTarget("local", dir, Map.of());
        ExecResult r = local.exec(CertParser.listingScript(List.of(dir + "/*.pem")),
                ExecOptions.timeout(Duration.ofSeconds(30)), OutputListener.NONE);
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        parsed = CertParser.parseListing(r.stdout());
    }

    static CertParser.Parsed file(String name) {
        return parsed.stream().filter(p -> p.path().endsWith("/" + name)).findFirst().orElseThrow(
                () -> new AssertionError("no " + name + " in " + parsed));
    }

    static Cert asCert(CertParser.Parsed p, String path) {
        return new Cert("master1", path, p.subject(), p.issuer(), p.commonName(), p.sans(), p.keyUsage(),
                p.extKeyUsage(), p.ca(), p.notAfter(), List.of());
    }

    @Test
    void listsCertificatesOnlyAndParsesEveryField() {
        assertThat(parsed).extracting(p -> Path.of(p.path()).getFileName().toString()).containsExactlyInAnyOrder(
                "admin.pem", "apiserver-cnonly.pem", "ca.pem", "etcd-good.pem", "etcd-serveronly.pem");
        CertParser.Parsed good = file("etcd-good.pem");
        assertThat(good.error()).isNull();
        assertThat(good.subject()).isEqualTo("CN = master1, O = etcd");
        assertThat(good.commonName()).isEqualTo("master1");
        assertThat(good.issuer()).contains("ha Kubernetes CA");
        assertThat(good.sans()).containsExactly("IP:10.240.0.11", "IP:127.0.0.1", "IP:10.240.0.10", "DNS:master1",
                "DNS:localhost");
        assertThat(good.keyUsage()).containsExactly("Digital Signature", "Key Encipherment");
        assertThat(good.extKeyUsage()).containsExactly("serverAuth", "clientAuth");
        assertThat(good.ca()).isFalse();
        assertThat(good.notAfter()).isAfter(Instant.now().plus(Duration.ofDays(360)));
        assertThat(file("ca.pem").ca()).isTrue();
        assertThat(file("apiserver-cnonly.pem").sans()).isEmpty();
    }

    @Test
    void aGoodEtcdServerCertificateHasNoFindings() {
        Cert c = asCert(file("etcd-good.pem"), "/etc/etcd/server.pem");
        assertThat(CertRules.check(HA, "master1", c, Instant.now())).isEmpty();
    }

    @Test
    void etcdServerCertificateWithoutClientAuthAndWithoutTheVip() {
        Cert c = asCert(file("etcd-serveronly.pem"), "/etc/etcd/server.pem");
        List<Finding> f = CertRules.check(HA, "master1", c, Instant.now());
        assertThat(f).extracting(Finding::severity).containsOnly(Severity.ERROR);
        assertThat(f).anySatisfy(x -> assertThat(x.problem().sentence()).contains("without clientAuth").contains("Try:"));
        assertThat(f).anySatisfy(x -> assertThat(x.problem().sentence()).contains("lacks IP:10.240.0.10").contains("VIP"));
        // on master2 the same file also misses that node's IP
        assertThat(CertRules.check(HA, "master2", c, Instant.now()))
                .anySatisfy(x -> assertThat(x.problem().sentence()).contains("lacks IP:10.240.0.12"));
    }

    @Test
    void cnOnlyServerCertificateIsFlaggedClientCertificateIsNot() {
        Cert api = asCert(file("apiserver-cnonly.pem"), "/var/lib/kubernetes/kube-apiserver.pem");
        assertThat(CertRules.check(HA, "master1", api, Instant.now()))
                .anySatisfy(x -> assertThat(x.problem().sentence()).contains("no subjectAltName").contains("CN (kubernetes)"));
        Cert admin = asCert(file("admin.pem"), "/root/pki/admin.pem");
        assertThat(CertRules.kind(HA, "jumpbox", "/root/pki/admin.pem", admin)).isEqualTo(CertRules.Kind.CLIENT);
        assertThat(CertRules.check(HA, "jumpbox", admin, Instant.now())).isEmpty();
    }

    @Test
    void expiredAndExpiringSoon() {
        Cert c = asCert(file("etcd-good.pem"), "/etc/etcd/server.pem");
        assertThat(CertRules.check(HA, "master1", c, c.notAfter().plus(Duration.ofDays(1))))
                .anySatisfy(x -> assertThat(x.problem().sentence()).contains("expired on"));
        assertThat(CertRules.check(HA, "master1", c, c.notAfter().minus(Duration.ofDays(10)).minusSeconds(60)))
                .singleElement().satisfies(x -> {
                    assertThat(x.severity()).isEqualTo(Severity.WARNING);
                    assertThat(x.problem().sentence()).contains("expires in 10 days");
                });
    }

    @Test
    void jumpboxCopiesAreJudgedForTheNodeTheyAreNamedAfter() {
        Cert c = asCert(file("etcd-good.pem"), "/root/pki/etcd-master2.pem");
        assertThat(CertRules.kind(HA, "jumpbox", c.path(), c)).isEqualTo(CertRules.Kind.ETCD_SERVER);
        assertThat(CertRules.check(HA, "jumpbox", c, Instant.now()))
                .anySatisfy(x -> assertThat(x.problem().sentence()).contains("lacks IP:10.240.0.12"));
    }

    @Test
    void unreadableOutputGivesAnError() {
        assertThat(CertParser.parse("/x.pem", "Could not read certificate from /x.pem\n").error())
                .startsWith("Could not read");
    }
}
