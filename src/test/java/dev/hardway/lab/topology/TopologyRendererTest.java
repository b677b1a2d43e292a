package dev.hardway.lab.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hardway.HardwayHome;
import dev.hardway.cluster.ClusterModel;
import dev.hardway.cluster.TestClusters;
import dev.hardway.lab.StepAction;
import dev.hardway.lab.StepAction.NodeAction;
import dev.hardway.lab.fault.BreakRequest;
import dev.hardway.lab.fault.FaultMode;
import dev.hardway.lab.fault.FaultStore;
import dev.hardway.lab.fault.SimFaults;
import dev.hardway.lab.inspect.SimInspector;
import dev.hardway.lab.sim.SimLab;
import dev.hardway.lab.topology.TopologyRenderer.Style;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Snapshots of the topology picture in src/test/resources/topology/*.txt. After a deliberate change of the picture,
 * regenerate them with {@code -Dhardway.snapshots.update=true} and review the diff.
 */
class TopologyRendererTest {

    static final Path SNAPSHOTS = Path.of("src/test/resources/topology");

    @TempDir
    Path home;
    ClusterModel ha;
    SimLab lab;
    SimFaults faults;
    SimInspector inspector;

    @BeforeEach
    void build() {
        ha = new ClusterModel(TestClusters.ha());
        lab = new SimLab(ha, new HardwayHome(home));
        FaultStore store = FaultStore.of(new HardwayHome(home), "ha");
        faults = new SimFaults(lab, store, Clock.fixed(Instant.parse("2026-11-24T06:00:00Z"), ZoneOffset.UTC));
        inspector = new SimInspector(lab, store);
        apply("etcd", List.of("master1", "master2", "master3"), "etcd", "kube-apiserver");
        apply("lb", List.of("lb1", "lb2"), "haproxy", "keepalived");
        apply("workers", List.of("worker1", "worker2"), "containerd", "kubelet");
    }

    void apply(String label, List<String> nodes, String... units) {
        List<NodeAction> out = new ArrayList<>();
        nodes.forEach(n -> out.add(new NodeAction(n, dev.hardway.lab.sim.SimFixtures.controlPlaneFiles(units),
                List.of(), "", List.of(), List.of(units))));
        lab.apply(new StepAction(label, out), null);
    }

    String render(Style style) {
        return TopologyRenderer.render(Topology.of(ha, inspector.cluster()), style);
    }

    @Test
    void healthy() throws IOException {
        snapshot("healthy-plain.txt", render(Style.PLAIN));
        snapshot("healthy-fancy.txt", render(Style.FANCY));
    }

    @Test
    void broken() throws IOException {
        faults.breakNode(BreakRequest.of("master2"));
        faults.breakNode(new BreakRequest("master3", FaultMode.NETWORK, null));
        faults.breakNode(new BreakRequest("lb1", FaultMode.CRASH, null));
        faults.breakNode(new BreakRequest("worker1", FaultMode.SERVICES, "kubelet"));
        snapshot("broken-plain.txt", render(Style.PLAIN));
        snapshot("broken-fancy.txt", render(Style.FANCY));
    }

    @Test
    void plainIsAsciiAndNothingHasAnsi() {
        faults.breakNode(BreakRequest.of("lb1"));
        String plain = render(Style.PLAIN);
        assertThat(plain.chars().allMatch(ch -> ch == '\n' || (ch >= 0x20 && ch < 0x7f))).as(plain).isTrue();
        assertThat(render(Style.FANCY)).doesNotContain("\u001b");
        assertThat(plain).contains("lb1").contains("DOWN").contains("VIP 10.240.0.10: on lb2");
    }

    static void snapshot(String name, String actual) throws IOException {
        Path file = SNAPSHOTS.resolve(name);
        if (Boolean.getBoolean("hardway.snapshots.update") || !Files.exists(file)) {
            Files.createDirectories(SNAPSHOTS);
            Files.writeString(file, actual, StandardCharsets.UTF_8);
        }
        assertThat(actual).isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
    }
}
