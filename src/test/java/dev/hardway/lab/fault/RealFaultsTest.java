package dev.hardway.lab.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real faults against local bash with stub systemctl/iptables that log what they were asked to do. */
class RealFaultsTest {

    @TempDir
    Path dir;
    ClusterModel ha = new ClusterModel(TestClusters.ha());
    FaultStore store;
    List<String> scripts = Collections.synchronizedList(new ArrayList<>());
    String sshConnection = "10.240.0.9 40000 10.240.0.11 22"; // hardway runs on the jumpbox

    TargetPool pool() {
        return new TargetPool() {
            public List<String> nodes() {
                return List.of();
            }

            public NodeTarget target(String node) {
                LocalTarget local = new LocalTarget(node, dir, Map.of("PATH", dir.resolve("stubs") + ":"
                        + System.getenv("PATH"), "SSH_CONNECTION", sshConnection));
                return new NodeTarget() {
                    public String node() {
                        return node;
                    }

                    public String address() {
                        return node;
                    }

                    public ExecResult exec(String s, ExecOptions o, OutputListener l) throws TargetException {
                        scripts.add(node + ": " + s);
                        return local.exec(s, o, l);
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

    void stub(String tool, String body) throws IOException {
        Path f = Files.createDirectories(dir.resolve("stubs")).resolve(tool);
        Files.writeString(f, "#!/bin/bash\n" + body + "\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @BeforeEach
    void stubs() throws IOException {
        store = FaultStore.of(new HardwayHome(dir.resolve("home")), "ha");
        Files.writeString(dir.resolve("rules"), "");
        // systemctl: etcd and kube-apiserver run; every call is logged
        stub("systemctl", "echo \"systemctl $*\" >>" + dir + "/log; if [ \"$1\" = is-active ]; then case \"$3\" in"
                + " etcd|kube-apiserver) exit 0;; *) exit 3;; esac; fi");
        // iptables keeps its rules in a file: -I adds, -D removes, -S lists
        stub("iptables", "f=" + dir + "/rules; case $1 in -I) shift; echo \"-A $*\" >>$f;; -D) shift;"
                + " grep -vxF -- \"-A $*\" $f >$f.n; mv $f.n $f;; -S) cat $f;; esac");
    }

    RealFaults faults(PowerControl power) {
        return new RealFaults(ha, pool(), store, power, Clock.systemUTC());
    }

    @Test
    void powerOnExistingHostsIsRefusedWithTheOtherModes() {
        assertThatThrownBy(() -> faults(PowerControl.NONE).breakNode(BreakRequest.of("master2")))
                .isInstanceOf(HardwayException.class)
                .hasMessage("existing hosts can't be powered off by hardway (master2 has no power control). Try: break"
                        + " master2 --mode services or --mode network.");
        assertThat(store.all()).isEmpty();
    }

    @Test
    void powerGoesThroughThePowerControlAndHealBootsIt() {
        List<String> calls = new ArrayList<>();
        PowerControl pc = new PowerControl() {
            public boolean available() {
                return true;
            }

            public void powerOff(String node) {
                calls.add("off " + node);
            }

            public void powerOn(String node) {
                calls.add("on " + node);
            }
        };
        faults(pc).breakNode(BreakRequest.of("lb1"));
        assertThat(faults(pc).active()).singleElement().satisfies(f -> assertThat(f.mode()).isEqualTo(FaultMode.POWER));
        assertThat(faults(pc).heal("lb1").ok()).isTrue();
        assertThat(calls).containsExactly("off lb1", "on lb1");
        assertThat(store.all()).isEmpty();
    }

    @Test
    void servicesStopsExactlyTheActiveUnitsAndHealStartsThem() throws IOException {
        BreakResult b = faults(PowerControl.NONE).breakNode(new BreakRequest("master2", FaultMode.SERVICES, null));
        assertThat(b.fault().units()).containsExactly("etcd", "kube-apiserver");
        faults(PowerControl.NONE).heal("master2");
        assertThat(Files.readAllLines(dir.resolve("log"))).contains("systemctl stop etcd kube-apiserver",
                "systemctl start etcd kube-apiserver");
    }

    @Test
    void networkDropsEveryPeerButTheManagementSourceAndHealRemovesExactlyThoseRules() throws IOException {
        Files.writeString(dir.resolve("rules"), "-A INPUT -s 192.0.2.1/32 -j ACCEPT\n"); // someone else's rule
        BreakResult b = faults(PowerControl.NONE).breakNode(new BreakRequest("master1", FaultMode.NETWORK, null));
        assertThat(b.fault().kept()).containsExactly("10.240.0.9");
        assertThat(b.fault().peers()).contains("10.240.0.12", "10.240.0.21", "10.240.0.10")
                .doesNotContain("10.240.0.9", "10.240.0.11");
        assertThat(b.done()).anySatisfy(d -> assertThat(d).contains("kept 10.240.0.9"));
        List<String> rules = Files.readAllLines(dir.resolve("rules"));
        assertThat(rules).contains("-A INPUT -s 10.240.0.12 -m comment --comment hardway-fault -j DROP",
                "-A OUTPUT -d 10.240.0.12 -m comment --comment hardway-fault -j DROP");
        assertThat(rules).hasSize(1 + 2 * b.fault().peers().size());
        assertThat(faults(PowerControl.NONE).heal("master1").ok()).isTrue();
        assertThat(Files.readAllLines(dir.resolve("rules"))).containsExactly("-A INPUT -s 192.0.2.1/32 -j ACCEPT");
    }

    @Test
    void crashKillsKeepalivedOnAnLbByDefault() throws IOException {
        stub("systemctl", "echo \"systemctl $*\" >>" + dir + "/log; [ \"$1\" != is-active ] || [ \"$3\" = keepalived ]"
                + " || [ \"$3\" = haproxy ]");
        BreakResult b = faults(PowerControl.NONE).breakNode(new BreakRequest("lb1", FaultMode.CRASH, null));
        assertThat(b.fault().units()).containsExactly("keepalived");
        assertThat(Files.readAllLines(dir.resolve("log"))).contains("systemctl kill --signal=KILL keepalived");
        assertThat(b.suggestions()).contains("check vip");
    }

    @Test
    void anotherProcessHealsWhatThisOneBroke() {
        faults(PowerControl.NONE).breakNode(new BreakRequest("master2", FaultMode.SERVICES, "etcd"));
        FaultStore other = FaultStore.of(new HardwayHome(dir.resolve("home")), "ha");
        assertThat(other.all()).singleElement().satisfies(f -> assertThat(f.units()).containsExactly("etcd"));
        HealResult h = new RealFaults(ha, pool(), other, PowerControl.NONE, Clock.systemUTC()).healAll();
        assertThat(h.healed()).singleElement().satisfies(x -> assertThat(x.ok()).isTrue());
        assertThat(store.all()).isEmpty();
    }
}
