package dev.hardway.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One-shot mode in a separate JVM: the exit codes of DESIGN.md §3 and state carried across processes. */
class OneShotTest {

    @TempDir
    Path home;

    record Run(int exit, String out) {
    }

    Run hardway(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.hardway.Main"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("HARDWAY_HOME", home.toString());
        pb.environment().put("HARDWAY_PROJECT_DIR", java.nio.file.Path.of("").toAbsolutePath().toString());
        pb.environment().remove("HARDWAY_CLUSTER");
        pb.environment().remove("HARDWAY_PROVIDER");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.waitFor(), out);
    }

    @Test
    void versionAndValidPresetsExitZero() throws Exception {
        assertThat(hardway("--version").out()).startsWith("hardway ");
        List<String> args = new ArrayList<>(List.of("cluster", "validate"));
        try (var s = Files.list(Path.of("cluster-config"))) {
            s.map(Path::toString).sorted().forEach(args::add);
        }
        Run r = hardway(args.toArray(String[]::new));
        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(r.out()).contains("ha.yaml", "metallb-bgp.yaml");
    }

    @Test
    void theMetallbSeedsOverlappingCidrsExitTwoNamingFileLineAndBothCidrs() throws Exception {
        Run r = hardway("cluster", "validate", "src/test/resources/cluster/bad/metallb-overlap.yaml");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).contains("metallb-overlap.yaml:7 network.service_cidr: 10.244.0.0/16 overlaps"
                + " network.pod_cidr 10.244.0.0/16").doesNotContain("Exception");
    }

    @Test
    void clusterUseIsRememberedAcrossProcessesAndABadPresetChangesNothing() throws Exception {
        assertThat(hardway("cluster", "use", "ha").exit()).isZero();
        Run bad = hardway("cluster", "use", "nosuch");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.out()).contains("unknown preset 'nosuch'", "Try:");
        Run show = hardway("cluster", "show");
        assertThat(show.exit()).isZero();
        assertThat(show.out()).startsWith("ha — ").contains("master3");
    }

    @Test
    void unknownCommandsAndOptionsExitTwo() throws Exception {
        Run r = hardway("clustr", "list");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).contains("Did you mean 'cluster list'?");
        assertThat(hardway("cluster", "list", "--bogus").exit()).isEqualTo(2);
    }

    @Test
    void selfStudyAcrossProcessesOnTheSimulatedLab() throws Exception {
        assertThat(hardway("cluster", "use", "ha").exit()).isZero();
        Run refused = hardway("lesson", "start", "05-etcd");
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.out()).contains("05-etcd needs", "Try: lesson goto 05-etcd");
        Run jump = hardway("lesson", "goto", "05-etcd");
        assertThat(jump.exit()).as(jump.out()).isZero();
        assertThat(jump.out()).contains("Now at 05-etcd/binaries");
        for (String step : List.of("binaries", "unit", "start")) {
            Run next = hardway("lesson", "next");
            assertThat(next.exit()).as(next.out()).isZero();
            assertThat(next.out()).contains("Done: 05-etcd/" + step);
        }
        Run progress = hardway("progress");
        assertThat(progress.out()).containsPattern("05-etcd\\s+\\[#+\\] 3/3\\s+done");
        Run checkAll = hardway("lesson", "check", "--all");
        assertThat(checkAll.exit()).as(checkAll.out()).isZero();
        Run etcd = hardway("inspect", "etcd");
        assertThat(etcd.out()).contains("3 of 3 healthy — quorum holds");
    }

    @Test
    void etcdAndVipDrillsFromSeparateOneShotCommands() throws Exception {
        hardway("cluster", "use", "ha");
        assertThat(hardway("lesson", "goto", "07-api-lb/keepalived").exit()).isZero();
        assertThat(hardway("lesson", "next").exit()).isZero();
        assertThat(hardway("lesson", "goto", "05-etcd/start").exit()).isZero();
        assertThat(hardway("lesson", "next").exit()).isZero();
        // etcd drill
        assertThat(hardway("check", "etcd").exit()).isZero();
        Run broke = hardway("break", "master2");
        assertThat(broke.out()).contains("broke master2", "Try: inspect etcd");
        Run etcd = hardway("inspect", "etcd");
        assertThat(etcd.out()).contains("2 of 3 healthy — quorum holds, tolerates 0 more failures");
        hardway("break", "master3");
        Run lost = hardway("check", "etcd");
        assertThat(lost.exit()).isEqualTo(1);
        assertThat(lost.out()).contains("quorum lost");
        assertThat(hardway("faults").out()).contains("master2", "master3");
        assertThat(hardway("heal", "--all").exit()).isZero();
        assertThat(hardway("check", "etcd").out()).contains("3 of 3 healthy");
        // VIP drill
        assertThat(hardway("check", "vip").out()).contains("on mlb1");
        hardway("break", "mlb1");
        Run moved = hardway("check", "vip");
        assertThat(moved.exit()).isZero();
        assertThat(moved.out()).contains("on mlb2");
        hardway("heal", "mlb1");
        assertThat(hardway("check", "vip").out()).contains("on mlb1");      // preempt
        hardway("break", "mlb1", "--mode", "crash", "--service", "keepalived");
        Run split = hardway("check", "vip");
        assertThat(split.exit()).isEqualTo(1);
        assertThat(split.out()).contains("split brain");
        hardway("heal", "--all");
        Run topo = hardway("topology", "--plain");
        assertThat(topo.out()).contains("[masters]", "mlb1").doesNotContain("\u001b[");
    }

    @Test
    void lessonRenderWritesEachNodesScriptAndFiles() throws Exception {
        hardway("cluster", "use", "ha");
        Path out = home.resolve("rendered");
        Run r = hardway("lesson", "render", "05-etcd", "--out", out.toString());
        assertThat(r.exit()).as(r.out()).isZero();
        String unit = Files.readString(out.resolve("05-etcd/unit/master2/files/etc/systemd/system/etcd.service"));
        assertThat(unit).contains("--name master2", "--initial-cluster master1=https://172.16.10.11:2380");
        assertThat(Files.readString(out.resolve("05-etcd/start/master3/run.sh"))).startsWith("#!/usr/bin/env bash")
                .contains("systemctl start --no-block etcd");
        assertThat(hardway("lesson", "render", "05-etcd").exit()).isEqualTo(2);
    }

    @Test
    void lessonTestAllPassesOnTheSimulatedLabForEveryPreset() throws Exception {
        List<String> presets;
        try (var s = Files.list(Path.of("cluster-config"))) {
            presets = s.map(p -> p.getFileName().toString().replace(".yaml", "")).sorted().toList();
        }
        for (String preset : presets) {
            // --provider sim: raspi-ha is an ssh preset, and tests never reach hosts they did not make
            assertThat(hardway("cluster", "use", preset, "--provider", "sim").exit()).isZero();
            Run r = hardway("lesson", "test", "--all");
            assertThat(r.exit()).as(preset + ":\n" + r.out()).isZero();
            assertThat(r.out()).contains("05-etcd/start").contains("pass");
        }
    }

    @Test
    void eachClusterKeepsItsOwnProgress() throws Exception {
        hardway("cluster", "use", "ha");
        hardway("lesson", "start", "00-machines");
        assertThat(hardway("lesson", "next").exit()).isZero();
        hardway("cluster", "use", "minimal");
        assertThat(hardway("progress").out()).contains("overall [--------------------] 0/");
        hardway("cluster", "use", "ha");
        assertThat(hardway("progress").out()).contains("You are at 00-machines step hosts");
        assertThat(home.resolve("progress/ha.yaml")).exists();
    }
}
