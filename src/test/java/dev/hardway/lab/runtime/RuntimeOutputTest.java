package dev.hardway.lab.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hardway.lab.inspect.ScriptSections.Section;
import dev.hardway.lab.probe.CgroupProbe;
import dev.hardway.lab.probe.PodNetworkProbe;
import dev.hardway.lab.probe.RuntimeProbe;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The real probes' parsing of tool output recorded on the test bed's workers (containerd 2.1.9, CNI plugins 1.9.1). */
class RuntimeOutputTest {

    static String read(String name) {
        try (InputStream in = RuntimeOutputTest.class.getResourceAsStream("/dev/hardway/lab/runtime/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Section ok(String name, String out) {
        return new Section(name, out, "", 0);
    }

    @Test
    void theLessonsConfigHasNoTraps() {
        ContainerdConfig c = ContainerdConfig.parse(read("config-lesson.toml"));
        assertThat(c.version()).isEqualTo(3);
        assertThat(c.systemdCgroup()).isTrue();
        assertThat(c.binDirs()).containsExactly("/opt/cni/bin");
        assertThat(c.binDir()).isNull();
        assertThat(c.snapshotterTables()).containsExactly("plugins.io.containerd.cri.v1.images");
        assertThat(c.problems("/etc/containerd/config.toml")).isEmpty();
    }

    @Test
    void knownTrapsAreNamed() {
        assertThat(ContainerdConfig.parse(read("config-bin-dir-cgroupfs.toml")).problems("F").stream().map(dev.hardway.Problem::sentence).toList())
                .anyMatch(p -> p.startsWith("F sets SystemdCgroup = false"))
                .anyMatch(p -> p.startsWith("F sets the deprecated cni bin_dir = '/opt/cni/bin'"));
        String wrongTable = "version = 3\n[plugins.'io.containerd.cri.v1.runtime'.containerd]\n  snapshotter = 'overlayfs'\n"
                + "[plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc.options]\n  SystemdCgroup = true\n"
                + "[plugins.'io.containerd.cri.v1.runtime'.cni]\n  bin_dirs = ['/opt/cni/bin']\n  bin_dir = '/x' # both\n";
        assertThat(ContainerdConfig.parse(wrongTable).problems("F").stream().map(dev.hardway.Problem::sentence).toList())
                .anyMatch(p -> p.startsWith("F sets both cni bin_dir and bin_dirs: containerd refuses to start"))
                .anyMatch(p -> p.startsWith("F sets snapshotter under [plugins.io.containerd.cri.v1.runtime.containerd],"
                        + " where version 3 ignores it silently"));
        String kthw = "version = 2\n[plugins.\"io.containerd.grpc.v1.cri\".containerd.runtimes.runc.options]\n"
                + "  SystemdCgroup = true\n[plugins.\"io.containerd.grpc.v1.cri\".cni]\n  bin_dir = \"/opt/cni/bin\"\n";
        assertThat(ContainerdConfig.parse(kthw).problems("F").stream().map(dev.hardway.Problem::sentence).toList()).anyMatch(p -> p.startsWith("F has version = 2;"));
    }

    @Test
    void runtimeFactsFromRecordedCtrOutput() {
        Map<String, Section> s = Map.of("version", ok("version", read("ctr-version-2.1.9.txt")),
                "plugins", ok("plugins", read("ctr-plugins-2.1.9.txt")),
                "deprecations", ok("deprecations", "ID    LAST OCCURRENCE    MESSAGE\n"),
                "config", ok("config", read("config-lesson.toml")),
                "bins", ok("bins", "/usr/local/bin/runc\nloopback\nbridge\nhost-local\n"));
        RuntimeFacts f = RuntimeProbe.facts("worker1", s);
        assertThat(f.answers()).isTrue();
        assertThat(f.criOk()).isTrue();
        assertThat(f.problems()).isEmpty();

        Map<String, Section> bad = new HashMap<>(s);
        bad.put("deprecations", ok("deprecations", read("ctr-deprecations-bin-dir.txt")));
        bad.put("plugins", ok("plugins", read("ctr-plugins-2.1.9.txt").replaceAll("(io\\.containerd\\.grpc\\.v1\\s+cri\\s+-\\s+)ok",
                "$1error")));
        bad.put("bins", ok("bins", "bridge\nhost-local\n"));
        assertThat(dev.hardway.Problem.sentences(RuntimeProbe.facts("worker1", bad).problems()))
                .anyMatch(p -> p.startsWith("containerd's CRI plugin is not loaded on worker1"))
                .anyMatch(p -> p.startsWith("worker1: containerd reports the deprecation io.containerd.deprecation/cri-cni-bin-dir"))
                .anyMatch(p -> p.startsWith("runc is not on PATH on worker1"))
                .anyMatch(p -> p.startsWith("/opt/cni/bin/loopback is missing on worker1"));

        Map<String, Section> down = Map.of("version", new Section("version", "Client:\n",
                "ctr: failed to dial \"/run/containerd/containerd.sock\": connection error\n", 1));
        assertThat(dev.hardway.Problem.sentences(RuntimeProbe.facts("worker1", down).problems())).singleElement().asString()
                .startsWith("containerd does not answer on worker1 (ctr version: ctr: failed to dial");
    }

    @Test
    void cgroupFactsFromStat() {
        CgroupFacts v2 = CgroupProbe.facts("worker1", Map.of("fs", ok("fs", "cgroup2fs\n"), "controllers",
                ok("controllers", "\n")));
        assertThat(v2.problems(List.of())).isEmpty();
        assertThat(v2.problems(List.of("cpu", "memory"))).singleElement().asString()
                .startsWith("worker1: cgroup v2 without the controllers cpu, memory (cgroup.controllers: none)");
        CgroupFacts v1 = CgroupProbe.facts("worker1", Map.of("fs", ok("fs", "tmpfs\n")));
        assertThat(v1.problems(List.of())).singleElement().asString()
                .startsWith("worker1 runs cgroup v1 (or hybrid): /sys/fs/cgroup is not cgroup2fs");
    }

    @Test
    void podNetworkFactsFromRecordedOutput() {
        String cni = "==> 10-bridge.conflist\n" + read("10-bridge-worker1.conflist") + "\n";
        PodNetworkFacts f = PodNetworkProbe.facts("worker1", Map.of("routes", ok("routes", read("ip-route-worker1.txt")),
                "ip_forward", ok("ip_forward", "1\n"), "bridge_nf", ok("bridge_nf", "1\n"), "cni", ok("cni", cni)));
        assertThat(f.routes()).containsExactly(Map.entry("10.200.2.0/24", "10.240.0.32"));
        assertThat(f.cniConfs()).containsOnlyKeys("10-bridge.conflist");
        assertThat(f.workerProblems("10.200.1.0/24", "bridge")).isEmpty();
        assertThat(f.workerProblems("10.200.9.0/24", "bridge")).singleElement().asString()
                .startsWith("worker1: its CNI config hands out 10.200.1.0/24, but its pod CIDR is 10.200.9.0/24");
        assertThat(f.missingRoute("10.200.2.0/24", "10.240.0.32", "worker2")).isNull();
        assertThat(f.missingRoute("10.200.3.0/24", "10.240.0.33", "worker3").sentence()).startsWith("worker1 has no route to"
                + " worker3's pods 10.200.3.0/24. Try: ip route replace 10.200.3.0/24 via 10.240.0.33");
        PodNetworkFacts noBr = PodNetworkProbe.facts("worker1", Map.of("ip_forward", ok("ip_forward", "0\n"),
                "bridge_nf", new Section("bridge_nf", "", "cat: /proc/sys/net/bridge/bridge-nf-call-iptables: No such"
                        + " file or directory", 1)));
        assertThat(noBr.workerProblems(null, "bridge").stream().map(dev.hardway.Problem::sentence).toList()).anyMatch(p -> p.startsWith("worker1: net.ipv4.ip_forward = 0"))
                .anyMatch(p -> p.startsWith("worker1: br_netfilter is not loaded"))
                .anyMatch(p -> p.startsWith("worker1: /etc/cni/net.d holds no network config"));
    }

    @Test
    void cniResultsAndErrors() {
        assertThat(PodNetworkProbe.address("{\"ips\": [{\"address\": \"10.200.1.2/24\", \"gateway\": \"10.200.1.1\"}]}"))
                .contains("10.200.1.2");
        assertThat(PodNetworkProbe.address(read("cni-add-error.json"))).isEmpty();
        assertThat(PodNetworkProbe.cniError(read("cni-add-error.json"), "", 1))
                .isEqualTo("failed to find plugin \\\"host-local\\\" in path [/nonexistent]");
    }
}
