package dev.hardway.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Proves the test bed is what the lessons expect of VMs: reachable over OpenSSH, systemd, the mirror. */
@RequiresTestBed
class TestBedIT {

    @Test
    void everyNodeAnswersOverSshWithItsOwnHostnameAndSystemdAsPid1(TestBed bed) {
        for (String node : bed.nodeNames()) {
            ExecResult r = bed.ssh(node, "hostname; ps -p 1 -o comm=; systemctl is-system-running --wait");
            assertEquals(0, r.exit(), () -> node + ": " + r);
            assertEquals(node + "\nsystemd\nrunning", r.out(), node + ": " + r);
        }
    }

    @Test
    void aUnitWrittenToEtcSystemdCanBeEnabledAndStarted(TestBed bed) {
        String node = "worker1";
        String script = String.join("\n",
                "set -e",
                "cat >/etc/systemd/system/testbed-it.service <<'EOF'",
                "[Unit]",
                "Description=test bed IT unit",
                "[Service]",
                "ExecStart=/bin/sh -c 'echo started on $(hostname); exec sleep infinity'",
                "[Install]",
                "WantedBy=multi-user.target",
                "EOF",
                "systemctl daemon-reload",
                "systemctl enable --now testbed-it",
                "systemctl is-active testbed-it");
        ExecResult r = bed.ssh(node, script);
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().endsWith("active"), r::toString);
        TestBed.waitFor(Duration.ofSeconds(5), "journal line of testbed-it",
                () -> bed.ssh(node, "journalctl -u testbed-it --no-pager").stdout().contains("started on " + node));
        ExecResult off = bed.ssh(node, "systemctl disable --now testbed-it && rm /etc/systemd/system/testbed-it.service"
                + " && systemctl daemon-reload");
        assertEquals(0, off.exit(), off::toString);
    }

    @Test
    void theMirrorServesTheEtcdTarballWithAMatchingSha256Sums(TestBed bed) throws Exception {
        String base = bed.mirrorUrl() + "/etcd-io/etcd/releases/download/v" + bed.etcdVersion() + "/";
        String tarball = "etcd-v" + bed.etcdVersion() + "-linux-amd64.tar.gz";
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
        HttpResponse<String> sums = http.send(HttpRequest.newBuilder(URI.create(base + "SHA256SUMS"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertEquals(200, sums.statusCode());
        String expected = sums.body().lines().filter(l -> l.endsWith("  " + tarball)).map(l -> l.split("\\s+")[0])
                .findFirst().orElseThrow(() -> new AssertionError("no line for " + tarball + " in\n" + sums.body()));
        HttpResponse<InputStream> tar = http.send(HttpRequest.newBuilder(URI.create(base + tarball))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, tar.statusCode());
        assertEquals(expected, sha256(tar.body()));
        // And from a node, as a lesson would fetch and verify it.
        ExecResult onNode = bed.ssh("master1", "cd /tmp && curl -fsSLO " + base + tarball + " && curl -fsSLO " + base
                + "SHA256SUMS && sha256sum -c --ignore-missing SHA256SUMS && tar -tzf " + tarball + " | sort");
        assertEquals(0, onNode.exit(), onNode::toString);
        assertTrue(onNode.stdout().contains("etcd-v" + bed.etcdVersion() + "-linux-amd64/etcdctl"), onNode::toString);
    }

    @Test
    void clusterYamlNamesTheLabsKeyAndMirror(TestBed bed) throws IOException {
        String yaml = Files.readString(bed.clusterYaml());
        assertTrue(yaml.contains("provider: ssh"), yaml);
        assertTrue(yaml.contains("key: " + bed.sshKey()), yaml);
        assertTrue(yaml.contains("mirror: \"" + bed.mirrorUrl() + "\""), yaml);
        assertTrue(yaml.contains("etcd: \"" + bed.etcdVersion() + "\""), yaml);
        assertEquals(3, bed.nodesWithRole("master").size());
    }

    @Test
    void aPoweredOffNodeIsUnreachableAndBootsWithItsDisk(TestBed bed) {
        String node = "jumpbox";
        assertEquals(0, bed.exec(node, "sh", "-c", "echo kept >/etc/testbed-disk").exit());
        bed.poweroff(node);
        assertFalse(bed.ssh(Duration.ofSeconds(10), node, "true").ok(), "ssh to a powered-off node must fail");
        bed.boot(node);
        ExecResult r = bed.ssh(node, "cat /etc/testbed-disk; rm /etc/testbed-disk");
        assertEquals("kept", r.out(), r::toString);
    }

    @Test
    void anIsolatedNodeKeepsRunningButIsUnreachable(TestBed bed) {
        String node = "worker1";
        bed.isolate(node);
        try {
            assertFalse(bed.ssh(Duration.ofSeconds(10), node, "true").ok(), "ssh to an isolated node must fail");
            assertEquals("running", bed.exec(node, "systemctl", "is-system-running").out());
        } finally {
            bed.unisolate(node);
        }
        TestBed.waitFor(Duration.ofSeconds(10), "ssh to " + node + " after unisolate", () -> bed.ssh(node, "true").ok());
    }

    private static String sha256(InputStream in) throws IOException, NoSuchAlgorithmException {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (in) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
