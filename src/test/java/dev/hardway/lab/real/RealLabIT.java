package dev.hardway.lab.real;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hardway.HardwayHome;
import dev.hardway.cluster.ClusterModel;
import dev.hardway.lab.Lab;
import dev.hardway.lab.Labs;
import dev.hardway.lab.Probe;
import dev.hardway.lab.ProbeResult;
import dev.hardway.lab.StepAction;
import dev.hardway.lab.StepAction.FileCopy;
import dev.hardway.lab.StepAction.FileWrite;
import dev.hardway.lab.StepAction.NodeAction;
import dev.hardway.lab.StepOutcome;
import dev.hardway.target.OutputListener;
import dev.hardway.target.ssh.SshTargetPool;
import dev.hardway.testbed.ExecResult;
import dev.hardway.testbed.RequiresTestBed;
import dev.hardway.testbed.TestBed;
import dev.hardway.testbed.TestBedSsh;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link RealLab} on the test bed: steps and typed probes through hardway's SSH pool against real systemd units,
 * files and ports. Every test removes what it made.
 */
@RequiresTestBed
class RealLabIT {

    private static final String UNIT = "/etc/systemd/system/hwtest.service";

    @TempDir
    Path tmp;

    private TestBed bed;
    private SshTargetPool pool;
    private Lab lab;

    @BeforeEach
    void open(TestBed bed) {
        this.bed = bed;
        this.pool = TestBedSsh.trustedPool(bed, tmp);
        this.lab = Labs.open(new ClusterModel(TestBedSsh.config(bed)), new HardwayHome(tmp.resolve("home")), pool);
        assertThat(lab).isInstanceOf(RealLab.class);
        assertFalse(lab.simulated());
    }

    @AfterEach
    void close() {
        lab.close();
        pool.close();
    }

    private static NodeAction action(String node, List<FileWrite> files, List<FileCopy> copies, String script,
                                     List<String> services) {
        return new NodeAction(node, files, copies, script, List.of(), services);
    }

    @Test
    void aUnitStartedByAStepMakesServiceActivePassAndStoppingItFailsNamingTheNode() {
        String unit = "[Unit]\nDescription=hardway RealLabIT\n[Service]\n"
                + "ExecStart=/bin/sh -c 'echo hwtest up on $(hostname); exec sleep infinity'\n"
                + "[Install]\nWantedBy=multi-user.target\n";
        List<String> out = Collections.synchronizedList(new ArrayList<>());
        OutputListener listener = (node, stream, line) -> out.add(node + " " + stream + " " + line);
        try {
            StepOutcome o = lab.apply(new StepAction("it/hwtest", List.of(action("worker1",
                    List.of(new FileWrite(UNIT, unit.getBytes(StandardCharsets.UTF_8), "0644", null)), List.of(),
                    "systemctl daemon-reload && systemctl enable --now hwtest\necho enabled on $(hostname)\n",
                    List.of("hwtest"))), Duration.ofSeconds(60)), listener);
            assertTrue(o.ok(), () -> o.failed().toString());
            assertThat(out).as("the script's output streamed with the node name").contains("worker1 STDOUT enabled on worker1");
            assertEquals("644 root:root", bed.exec("worker1", "stat", "-c", "%a %U:%G", UNIT).out());

            ProbeResult active = lab.probe(new Probe.ServiceActive("hwtest", List.of("worker1")));
            assertTrue(active.ok(), active::toString);
            assertEquals("hwtest active on 1/1 node", active.summary());
            assertEquals(List.of("worker1: systemctl is-active hwtest"), active.commands());

            // On two nodes, where master1 never had it: fails naming master1 only.
            ProbeResult two = lab.probe(new Probe.ServiceActive("hwtest", List.of("master1", "worker1")));
            assertFalse(two.ok());
            assertEquals("hwtest active on 1/2 nodes (not on master1)", two.summary());

            StepOutcome stop = lab.apply(new StepAction("it/stop", List.of(action("worker1", List.of(), List.of(),
                    "systemctl stop hwtest", List.of()))), OutputListener.NONE);
            assertTrue(stop.ok(), () -> stop.failed().toString());
            ProbeResult stopped = lab.probe(new Probe.ServiceActive("hwtest", List.of("worker1")));
            assertFalse(stopped.ok());
            assertEquals("hwtest active on 0/1 node (not on worker1)", stopped.summary());
            assertThat(stopped.problems()).singleElement().asString()
                    .contains("hwtest is inactive on worker1", "journalctl -u hwtest");
        } finally {
            bed.sh("worker1", "systemctl disable --now hwtest 2>/dev/null; rm -f " + UNIT + "; systemctl daemon-reload");
        }
        assertFalse(bed.exec("worker1", "test", "-e", UNIT).ok());
    }

    @Test
    void aFailingStepScriptIsReportedWithItsExitCodeAndLastLine() {
        StepOutcome o = lab.apply(new StepAction("it/fail", List.of(
                action("master1", List.of(), List.of(), "echo fine", List.of()),
                action("master2", List.of(), List.of(), "echo about to fail; echo 'no such thing' >&2; exit 3",
                        List.of()))), OutputListener.NONE);
        assertFalse(o.ok());
        assertEquals(List.of("master1", "master2"), o.nodes().stream().map(StepOutcome.NodeOutcome::node).toList());
        StepOutcome.NodeOutcome bad = o.failed().get(0);
        assertEquals("master2", bad.node());
        assertEquals(3, bad.exit());
        assertFalse(bad.unreachable());
        assertThat(bad.error()).contains("master2", "exited with 3", "no such thing");
    }

    @Test
    void fileExistsPassesForPresentFilesAndFailsNamingTheNodeAndPath() {
        ProbeResult present = lab.probe(new Probe.FileExists("/etc/hostname", bed.nodeNames()));
        assertTrue(present.ok(), present::toString);
        int n = bed.nodeNames().size();
        assertEquals("/etc/hostname present on " + n + "/" + n + " nodes", present.summary());

        // A per-node path (as rendered from /etc/${node.name}.conf): present on master1 only.
        String path = "/etc/hardway-it-" + ProcessHandle.current().pid();
        try {
            assertTrue(bed.sh("master1", "echo x > " + path + "-master1.conf").ok());
            assertTrue(bed.sh("master2", "touch " + path + "-master2.conf").ok()); // empty counts as missing
            ProbeResult p = lab.probe(new Probe.FileExists(path + "-master1.conf", List.of("master1", "master2"),
                    Map.of("master1", path + "-master1.conf", "master2", path + "-master2.conf")));
            assertFalse(p.ok());
            assertThat(p.summary()).endsWith("on 1/2 nodes (not on master2)");
            assertThat(p.problems()).singleElement().asString()
                    .contains(path + "-master2.conf is missing or empty on master2");
        } finally {
            bed.sh("master1", "rm -f " + path + "-master1.conf");
            bed.sh("master2", "rm -f " + path + "-master2.conf");
        }
    }

    @Test
    void portOpenPassesForSshdAndFailsForAClosedPort() {
        ProbeResult open = lab.probe(new Probe.PortOpen(bed.ip("master1"), 22, "jumpbox"));
        assertTrue(open.ok(), open::toString);
        assertEquals(bed.ip("master1") + ":22 from jumpbox: open", open.summary());

        ProbeResult closed = lab.probe(new Probe.PortOpen(bed.ip("master1"), 9, "jumpbox"));
        assertFalse(closed.ok());
        assertThat(closed.problems()).singleElement().asString()
                .contains("jumpbox", bed.ip("master1") + ":9", "refused");

        // By name, from another node (the nodes resolve each other through /etc/hosts).
        assertTrue(lab.probe(new Probe.PortOpen("worker1", 22, "master3")).ok());
    }

    @Test
    void aCopyFromTheJumpboxArrivesOnTheNodeWithItsMode() {
        String src = "/root/hardway-it-pki/ca-key.pem";
        String dst = "/etc/hardway-it-pki/ca-key.pem";
        String secret = "-----BEGIN PRIVATE KEY-----\nnot really\n-----END PRIVATE KEY-----\n";
        try {
            StepOutcome made = lab.apply(new StepAction("it/pki", List.of(action("jumpbox", List.of(new FileWrite(
                    src, secret.getBytes(StandardCharsets.UTF_8), "0600", null)), List.of(), "", List.of()))),
                    OutputListener.NONE);
            assertTrue(made.ok(), () -> made.failed().toString());

            StepOutcome copied = lab.apply(new StepAction("it/copy", List.of(
                    action("master1", List.of(), List.of(new FileCopy("jumpbox", src, dst, "0600", null),
                            new FileCopy("jumpbox", src, dst + ".pub-readable", "0644", "daemon:daemon")),
                            "stat -c '%n %a %U:%G' " + dst + " " + dst + ".pub-readable", List.of()))),
                    OutputListener.NONE);
            assertTrue(copied.ok(), () -> copied.failed().toString());
            assertEquals(secret, bed.exec("master1", "cat", dst).stdout());
            ExecResult st = bed.exec("master1", "stat", "-c", "%a %U:%G", dst, dst + ".pub-readable");
            assertEquals("600 root:root\n644 daemon:daemon", st.out());

            // A source that does not exist: the step fails on the receiving node, naming the source.
            StepOutcome missing = lab.apply(new StepAction("it/copy-missing", List.of(action("master1", List.of(),
                    List.of(new FileCopy("jumpbox", src + ".nope", dst + ".nope", "0600", null)), "", List.of()))),
                    OutputListener.NONE);
            assertFalse(missing.ok());
            assertFalse(missing.failed().get(0).unreachable(), "both nodes answered: a step problem, not exit 3");
            assertThat(missing.failed().get(0).error()).contains("master1", "jumpbox:" + src + ".nope",
                    "no such file");
            assertFalse(bed.exec("master1", "test", "-e", dst + ".nope").ok());
        } finally {
            bed.exec("jumpbox", "rm", "-rf", "/root/hardway-it-pki");
            bed.exec("master1", "rm", "-rf", "/etc/hardway-it-pki");
        }
    }

    @Test
    void aScriptCheckMatchesItsExpectation() {
        assertTrue(lab.script("lb1", "hostname", "^lb1$").ok());
        ProbeResult wrong = lab.script("lb1", "hostname", "^lb2$");
        assertFalse(wrong.ok());
        assertThat(wrong.problems()).singleElement().asString().contains("lb1", "does not match");
    }
}
