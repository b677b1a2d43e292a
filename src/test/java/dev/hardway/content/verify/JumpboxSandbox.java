package dev.hardway.content.verify;

import dev.hardway.lab.StepAction;
import dev.hardway.lesson.LessonEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs the jumpbox steps that only make files under /root (the PKI of 02, the kubeconfigs of 03, the encryption
 * config of 04: {@link #OFFLINE_LESSONS}) for real, in private mount and network namespaces whose /root is a
 * scratch directory: the kubeconfigs are then made by the lesson's own kubectl commands (kubectl 1.36 as
 * /root/bin/kubectl) and can be loaded as a learner's would be. Steps that download (/root/bin, /root/downloads),
 * copy from other nodes or write outside /root are not run. Needs root and unshare(1).
 */
public final class JumpboxSandbox {

    /** What the sandbox made: its /root, and one finding per step that failed there. */
    public record Outcome(Path root, List<Finding> failures, List<String> ran) {
    }

    /** Milliseconds per step label, over every cluster run so far (for the CI-time report). */
    public static final Map<String, Long> timings = new java.util.concurrent.ConcurrentHashMap<>();

    private JumpboxSandbox() {
    }

    /**
     * The lessons whose jumpbox steps make files without a cluster: the PKI, the kubeconfigs and the encryption
     * config. Later jumpbox steps talk to the API (06's RBAC, 07's check through the VIP, the manifests of 11 and 12)
     * and cannot run here: the sandbox has no network (its own empty network namespace), so nothing it runs reaches
     * an address outside the machine.
     */
    static final java.util.Set<String> OFFLINE_LESSONS = java.util.Set.of("02-pki", "03-kubeconfigs", "04-encryption");

    static boolean runnable(StepAction.NodeAction a) {
        List<String> paths = new ArrayList<>(a.creates());
        a.files().forEach(f -> paths.add(f.path()));
        return a.copies().isEmpty() && a.script() != null && !a.script().isBlank() && !paths.isEmpty()
                && paths.stream().allMatch(p -> p.startsWith("/root/") && !p.startsWith("/root/bin/")
                && !p.startsWith("/root/downloads/"));
    }

    /**
     * @param keys a directory of private keys kept across clusters ({@code *-key.pem}): the PKI steps keep an
     *             existing key, so only the first cluster pays for RSA key generation
     */
    public static Outcome run(Rendered r, Path unshare, Path kubectl, Path work, Path keys) throws IOException {
        Path root = Files.createDirectories(work.resolve("root"));
        Files.createDirectories(root.resolve("bin"));
        Files.createSymbolicLink(root.resolve("bin/kubectl"), kubectl);
        Path pki = Files.createDirectories(root.resolve("pki"));
        if (Files.isDirectory(keys)) {
            try (Stream<Path> s = Files.list(keys)) {
                for (Path k : s.toList()) {
                    Files.copy(k, pki.resolve(k.getFileName()));
                }
            }
        }
        List<Finding> failures = new ArrayList<>();
        List<String> ran = new ArrayList<>();
        int n = 0;
        for (LessonEngine.PlannedStep p : r.plan) {
            if (!p.applies() || !OFFLINE_LESSONS.contains(p.lesson())) {
                continue;
            }
            for (StepAction.NodeAction a : p.actions()) {
                if (!a.node().equals(r.jumpbox) || !runnable(a)) {
                    continue;
                }
                for (StepAction.FileWrite f : a.files()) {
                    Path to = root.resolve(f.path().substring("/root/".length()));
                    Files.createDirectories(to.getParent());
                    Files.write(to, f.content());
                }
                Path script = Files.writeString(work.resolve(String.format("step-%02d.sh", n++)),
                        "set -euo pipefail\n" + a.script());
                long t0 = System.nanoTime();
                Tools.Result res = Tools.run(List.of(unshare.toString(), "--mount", "--net", "--propagation", "private", "bash",
                        "-c", "mount --bind \"$1\" /root && cd /root && exec bash \"$2\"", "sandbox", root.toString(),
                        script.toString()), Duration.ofMinutes(2), Map.of("HOME", "/root"), null);
                String label = p.lesson() + "/" + p.step();
                ran.add(label);
                timings.merge(label, (System.nanoTime() - t0) / 1_000_000, Long::sum);
                if (!res.ok()) {
                    failures.add(new Finding(p.lesson() + "/" + p.step() + "/" + a.node() + "/run.sh", 0,
                            "failed in the jumpbox sandbox (exit " + res.exit() + "): " + res.tail()));
                }
            }
        }
        Files.createDirectories(keys);
        try (Stream<Path> s = Files.list(pki)) {
            for (Path k : s.filter(f -> f.getFileName().toString().endsWith("-key.pem")).toList()) {
                Path to = keys.resolve(k.getFileName());
                if (!Files.exists(to)) {
                    Files.copy(k, to);
                    Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rw-------"));
                }
            }
        }
        return new Outcome(root, failures, ran);
    }

    /** What the steps made, as documents named "jumpbox:/root/...". */
    public static List<Rendered.Doc> made(Outcome o, java.util.function.Predicate<Rendered.Doc> kind) throws IOException {
        List<Rendered.Doc> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(o.root())) {
            for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                if (p.toString().contains("/bin/") || Files.size(p) > 1 << 20) {
                    continue;
                }
                String rel = o.root().relativize(p).toString();
                Rendered.Doc d = new Rendered.Doc("jumpbox:/root/" + rel, p, 1, "/root/" + rel, Files.readString(p,
                        java.nio.charset.StandardCharsets.ISO_8859_1));
                if (kind.test(d)) {
                    out.add(d);
                }
            }
        }
        return out;
    }
}
