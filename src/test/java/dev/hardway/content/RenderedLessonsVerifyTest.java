package dev.hardway.content;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hardway.cluster.ClusterConfig;
import dev.hardway.cluster.ClusterLoader;
import dev.hardway.content.verify.Checks;
import dev.hardway.content.verify.Finding;
import dev.hardway.content.verify.JumpboxSandbox;
import dev.hardway.content.verify.Rendered;
import dev.hardway.content.verify.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * CI verification of the rendered lessons (issue 9, "Verification in CI"): for every preset, what
 * {@code lesson render --all} writes is checked by the real tools — every script by shellcheck, every systemd unit
 * by systemd-analyze, every kubeconfig (the ones the jumpbox steps make, run for real in a sandbox, and any rendered
 * one) by kubectl 1.36, every containerd config by containerd 2.x, every manifest against the apiVersion/kind list of
 * the pinned release, every kube-* unit flag and component-config field against that release's fixtures
 * (src/test/resources/k8s-1.37/). A missing tool skips its check with the reason, or fails it under CI=true.
 * New lessons are picked up by file kind. {@code RenderVerifiersTest} shows each check failing with a file:line.
 */
class RenderedLessonsVerifyTest {

    static final Path LESSONS = Path.of("lessons");
    static Path work;
    static final Map<String, Rendered> RENDERED = new ConcurrentHashMap<>();
    static final Map<String, JumpboxSandbox.Outcome> SANDBOX = new ConcurrentHashMap<>();
    static final Map<String, Integer> CHECKED = new ConcurrentHashMap<>();
    static final Map<String, Long> MILLIS = new ConcurrentHashMap<>();
    /** Scripts identical across nodes and presets are checked once (shellcheck costs ~50 ms a script). */
    static final Map<String, List<Finding>> SHELLCHECKED = new ConcurrentHashMap<>();

    static Stream<String> presets() throws Exception {
        try (Stream<Path> s = Files.list(Path.of("cluster-config"))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml"))
                    .map(n -> n.substring(0, n.length() - 5)).sorted().toList().stream();
        }
    }

    @BeforeAll
    static void workDir() throws Exception {
        work = Files.createTempDirectory("hw-render-verify-");
    }

    @AfterAll
    static void report() throws Exception {
        System.out.println("render verifiers: checked " + new java.util.TreeMap<>(CHECKED) + "; ms "
                + new java.util.TreeMap<>(MILLIS) + "; sandbox ms per step " + new java.util.TreeMap<>(JumpboxSandbox.timings));
        if (work != null) {
            try (Stream<Path> s = Files.walk(work)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    static Rendered rendered(String preset) {
        return RENDERED.computeIfAbsent(preset, p -> {
            try {
                long t0 = System.nanoTime();
                ClusterConfig c = new ClusterLoader(() -> 64 * 1024).load(Path.of("cluster-config", p + ".yaml"));
                Rendered r = Rendered.of(c, LESSONS, work.resolve(p).resolve("render"));
                time("render", t0);
                return r;
            } catch (Exception e) {
                throw new IllegalStateException("lesson render --all for " + p + ": " + e.getMessage(), e);
            }
        });
    }

    static void time(String what, long t0) {
        MILLIS.merge(what, (System.nanoTime() - t0) / 1_000_000, Long::sum);
    }

    static void counted(String what, int n) {
        CHECKED.merge(what, n, Integer::sum);
    }

    static void none(String preset, String what, List<Finding> findings) {
        assertThat(findings).as("%s on preset %s:\n%s", what, preset,
                findings.stream().map(Finding::toString).collect(Collectors.joining("\n"))).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("presets")
    void everyScriptPassesShellcheck(String preset) throws Exception {
        Path sc = Tools.require(Tools.onPath("shellcheck"), "shellcheck", "apt-get install shellcheck; .ci/run does");
        Rendered r = rendered(preset);
        long t0 = System.nanoTime();
        List<Finding> f = Checks.shellcheck(r, sc, Files.createDirectories(work.resolve(preset).resolve("sc")),
                SHELLCHECKED);
        time("shellcheck", t0);
        counted("scripts", r.scripts().size());
        CHECKED.put("distinct scripts", SHELLCHECKED.size());
        assertThat(r.scripts()).isNotEmpty();
        none(preset, "shellcheck", f);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("presets")
    void everyUnitPassesSystemdAnalyzeVerify(String preset) throws Exception {
        Path sa = Tools.require(Tools.onPath("systemd-analyze"), "systemd-analyze", "package systemd");
        Rendered r = rendered(preset);
        List<Rendered.Doc> units = r.docs(Rendered::isUnit);
        long t0 = System.nanoTime();
        List<Finding> f = Checks.systemdVerify(units, sa, Files.createDirectories(work.resolve(preset).resolve("sa")));
        time("systemd-analyze", t0);
        counted("units", units.size());
        none(preset, "systemd-analyze verify", f);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("presets")
    void everyUnitFlagExistsInThePinnedRelease(String preset) throws Exception {
        List<Rendered.Doc> units = rendered(preset).docs(Rendered::isUnit);
        counted("unit flags", units.stream().mapToInt(u -> (int) u.text().lines()
                .filter(l -> l.strip().startsWith("--")).count()).sum());
        none(preset, "unit flags", Checks.flags(units));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("presets")
    void everyManifestNamesAnApiVersionAndKindOfThePinnedReleaseWithKnownFields(String preset) throws Exception {
        List<Rendered.Doc> docs = rendered(preset).docs(Rendered::isManifest);
        counted("manifests (rendered)", docs.size());
        none(preset, "manifests", Checks.manifests(docs));
    }

    /** Every router config (16-metallb-bgp) passes FRR's own check; presets without a router render none. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("presets")
    void everyFrrConfigPassesVtyshDryrun(String preset) throws Exception {
        List<Rendered.Doc> docs = rendered(preset).docs(Rendered::isFrrConfig);
        counted("frr configs", docs.size());
        if (docs.isEmpty()) {
            return;
        }
        Path vtysh = Tools.require(Tools.onPath("vtysh"), "vtysh (FRR)", "apt-get install frr; src/test/lab/install-deps.sh does");
        long t0 = System.nanoTime();
        List<Finding> f = Checks.frr(docs, vtysh, Files.createDirectories(work.resolve(preset).resolve("frr")));
        time("vtysh --dryrun", t0);
        none(preset, "vtysh --dryrun", f);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("presets")
    void everyContainerdConfigLoadsInARealContainerd(String preset) throws Exception {
        Rendered r = rendered(preset);
        List<Rendered.Doc> docs = r.docs(Rendered::isContainerdConfig);
        counted("containerd configs", docs.size());
        if (docs.isEmpty()) {
            return;   // no lesson renders one (yet): nothing to start containerd for
        }
        Path ctd = Tools.require(Tools.fromSid("containerd"), "containerd 2.x", "src/test/lab/sid-binaries.sh");
        Path ctr = Tools.require(Tools.fromSid("ctr"), "ctr", "src/test/lab/sid-binaries.sh");
        if (!Tools.isRoot()) {
            Tools.unavailable("starting containerd on a rendered config needs root");
        }
        long t0 = System.nanoTime();
        List<Finding> f = Checks.containerd(docs, ctd, ctr, Files.createDirectories(work.resolve(preset).resolve("ctd")));
        time("containerd", t0);
        none(preset, "containerd", f);
    }

    /** Every rendered haproxy.cfg (API pair 07, ingress pair 13) passes {@code haproxy -c}. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("presets")
    void everyHaproxyConfigPassesHaproxyCheck(String preset) throws Exception {
        Rendered r = rendered(preset);
        List<Rendered.Doc> docs = r.docs(Rendered::isHaproxyConfig);
        counted("haproxy configs", docs.size());
        if (docs.isEmpty()) {
            return;   // a preset without LB pairs renders none
        }
        Path haproxy = Tools.require(Tools.onPath("haproxy"), "haproxy", "apt-get install haproxy; .ci/run does");
        long t0 = System.nanoTime();
        List<Finding> f = Checks.haproxy(docs, haproxy, Files.createDirectories(work.resolve(preset).resolve("hap")));
        time("haproxy", t0);
        none(preset, "haproxy -c", f);
    }

    /** Every rendered keepalived config (07, 13) passes {@code keepalived --config-test}. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("presets")
    void everyKeepalivedConfigPassesKeepalivedConfigTest(String preset) throws Exception {
        Rendered r = rendered(preset);
        List<Rendered.Doc> docs = r.docs(Rendered::isKeepalivedConfig);
        counted("keepalived configs", docs.size());
        if (docs.isEmpty()) {
            return;
        }
        Path ka = Tools.require(Tools.onPath("keepalived"), "keepalived", "apt-get install keepalived; .ci/run does");
        String iface = Tools.anInterface();
        if (iface == null) {
            Tools.unavailable("keepalived --config-test needs a non-loopback interface on the build host");
        }
        long t0 = System.nanoTime();
        List<Finding> f = Checks.keepalived(docs, ka, iface, Files.createDirectories(work.resolve(preset).resolve("ka")));
        time("keepalived", t0);
        none(preset, "keepalived --config-test", f);
    }

    /**
     * The jumpbox's PKI, kubeconfig and encryption steps run for real (in a mount namespace with a scratch /root);
     * every kubeconfig they make, and every rendered one, loads with kubectl 1.36; every manifest they make (the
     * EncryptionConfiguration) passes the manifest and field checks.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("presets")
    void everyKubeconfigLoadsWithKubectl(String preset) throws Exception {
        Path kubectl = Tools.require(Tools.fromSid("kubectl"), "kubectl 1.36", "src/test/lab/sid-binaries.sh");
        Path unshare = Tools.require(Tools.onPath("unshare"), "unshare", "package util-linux");
        if (!Tools.isRoot()) {
            Tools.unavailable("the jumpbox sandbox (a private mount namespace over /root) needs root");
        }
        Rendered r = rendered(preset);
        long t0 = System.nanoTime();
        JumpboxSandbox.Outcome o = SANDBOX.computeIfAbsent(preset, p -> {
            try {
                return JumpboxSandbox.run(r, unshare, kubectl, Files.createDirectories(work.resolve(p).resolve("jb")),
                        work.resolve("keys"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        time("jumpbox sandbox", t0);
        List<Finding> f = new ArrayList<>(o.failures());
        List<Rendered.Doc> kcs = new ArrayList<>(r.docs(Rendered::isKubeconfig));
        kcs.addAll(JumpboxSandbox.made(o, Rendered::isKubeconfig));
        List<Rendered.Doc> made = JumpboxSandbox.made(o, Rendered::isManifest);
        long t1 = System.nanoTime();
        f.addAll(Checks.kubeconfigs(kcs, kubectl, Files.createDirectories(work.resolve(preset).resolve("kc"))));
        f.addAll(Checks.manifests(made));
        time("kubectl", t1);
        counted("kubeconfigs", kcs.size());
        counted("manifests (made on the jumpbox)", made.size());
        assertThat(o.ran()).as("jumpbox steps run in the sandbox").contains("03-kubeconfigs/make");
        assertThat(kcs).as("kubeconfigs made").isNotEmpty();
        none(preset, "kubeconfigs and jumpbox-made files", f);
    }

    @Test
    void thereArePresetsToVerify() throws Exception {
        assertThat(presets()).contains("minimal", "default", "ha", "full");
    }
}
