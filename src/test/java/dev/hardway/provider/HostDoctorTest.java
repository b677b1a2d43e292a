package dev.hardway.provider;

import dev.hardway.provider.HostDoctor.Check;
import dev.hardway.provider.HostDoctor.Facts;
import dev.hardway.provider.HostDoctor.Problem;
import dev.hardway.provider.HostDoctor.Severity;
import dev.hardway.target.ExecOptions;
import dev.hardway.target.ExecResult;
import dev.hardway.target.NodeTarget;
import dev.hardway.target.OutputListener;
import dev.hardway.target.TargetException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.hardway.provider.TestConfigs.fixture;
import static org.assertj.core.api.Assertions.assertThat;

class HostDoctorTest {

    private static ExecResult ok(String node, String stdout) {
        return new ExecResult(node, 0, stdout, "", Duration.ofMillis(40));
    }

    /** A target that answers every script with a fixed result (or failure). */
    private record Canned(String node, ExecResult result, TargetException failure) implements NodeTarget {
        @Override
        public String address() {
            return "test";
        }

        @Override
        public ExecResult exec(String script, ExecOptions options, OutputListener listener) throws TargetException {
            if (failure != null) {
                throw failure;
            }
            return result;
        }

        @Override
        public void put(String path, byte[] content, String mode, String owner) {
            throw new UnsupportedOperationException();
        }

        @Override
        public byte[] get(String path) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void cancel() {
        }

        @Override
        public void close() {
        }
    }

    /** Runs the script here with bash, the way a NodeTarget would (script on stdin, set -euo pipefail). */
    private record LocalBash(String node) implements NodeTarget {
        @Override
        public String address() {
            return "local";
        }

        @Override
        public ExecResult exec(String script, ExecOptions options, OutputListener listener) {
            try {
                Process p = new ProcessBuilder("bash", "-s").start();
                try (OutputStream in = p.getOutputStream()) {
                    in.write(("set -euo pipefail\n" + script).getBytes(StandardCharsets.UTF_8));
                }
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
                p.waitFor(30, TimeUnit.SECONDS);
                return new ExecResult(node, p.exitValue(), out, err, Duration.ZERO);
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void put(String path, byte[] content, String mode, String owner) {
            throw new UnsupportedOperationException();
        }

        @Override
        public byte[] get(String path) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void cancel() {
        }

        @Override
        public void close() {
        }
    }

    @Test
    void healthyDebianVm() {
        Facts f = HostDoctor.parse("master1", ok("master1", fixture("doctor-debian-vm.txt")));
        assertThat(f).isEqualTo(new Facts("master1", true, "master1", "Debian GNU/Linux 12 (bookworm)", "x86_64",
                "6.1.0-28-amd64", 1967, 0, Check.YES, "timedatectl", Check.YES, null));
        assertThat(f.kubeArch()).isEqualTo("amd64");
        assertThat(HostDoctor.problems(List.of(f))).isEmpty();
    }

    @Test
    void raspberryPiWithSwapNoNtpAndNoMemoryCgroup() {
        Facts f = HostDoctor.parse("pi1", ok("pi1", fixture("doctor-raspi-swap.txt")));
        assertThat(f.swapOn()).isTrue();
        assertThat(f.swapMiB()).isEqualTo(512);
        assertThat(f.kubeArch()).isEqualTo("arm64");
        List<Problem> problems = HostDoctor.problems(List.of(f));
        assertThat(problems).extracting(Problem::message).anySatisfy(m -> assertThat(m)
                .startsWith("pi1: swap is on (512 MiB); kubelet needs swap off. Try: swapoff -a"));
        assertThat(problems).extracting(Problem::message)
                .anyMatch(m -> m.contains("memory cgroup controller is disabled") && m.contains("cmdline.txt"))
                .anyMatch(m -> m.contains("clock is not synchronized") && m.contains("Try:"));
        assertThat(problems).filteredOn(p -> p.severity() == Severity.ERROR).hasSize(2);
        assertThat(problems).allMatch(p -> p.message().contains("Try:"));
    }

    @Test
    void thirtyTwoBitPiZero() {
        Facts f = HostDoctor.parse("pizero", ok("pizero", fixture("doctor-pi-zero-32bit.txt")));
        assertThat(f.kubeArch()).isEqualTo("arm");
        List<Problem> problems = HostDoctor.problems(List.of(f));
        assertThat(problems).extracting(Problem::message)
                .anyMatch(m -> m.contains("architecture armv6l is not one hardway downloads"))
                .anyMatch(m -> m.contains("only 429 MiB"))
                .anyMatch(m -> m.contains("cannot tell whether the clock is synchronized"));
    }

    @Test
    void failedScriptIsAnErrorRowNotACrash() {
        Facts f = HostDoctor.parse("w1", new ExecResult("w1", 1, "", "sudo: a password is required\n", Duration.ZERO));
        assertThat(f.reachable()).isTrue();
        assertThat(f.error()).isEqualTo("the host check script failed (exit 1: sudo: a password is required)");
        assertThat(HostDoctor.problems(List.of(f))).singleElement().satisfies(p ->
                assertThat(p.severity()).isEqualTo(Severity.ERROR));
    }

    @Test
    void examineKeepsNodeOrderAndReportsUnreachableNodes() {
        Map<String, NodeTarget> targets = new LinkedHashMap<>();
        targets.put("master1", new Canned("master1", ok("master1", fixture("doctor-debian-vm.txt")), null));
        targets.put("pi1", new Canned("pi1", null, new TargetException(TargetException.Kind.UNREACHABLE, "pi1",
                "pi1 (192.0.2.7:22): no route to host. Try: check the cable and that sshd runs.")));
        targets.put("pi2", new Canned("pi2", ok("pi2", fixture("doctor-raspi-swap.txt")), null));
        HostDoctor.Report report = new HostDoctor().examine(targets);
        assertThat(report.hosts()).extracting(Facts::node).containsExactly("master1", "pi1", "pi2");
        assertThat(report.hosts().get(1).reachable()).isFalse();
        assertThat(report.ok()).isFalse();
        assertThat(report.problems()).first().satisfies(p -> {
            assertThat(p.node()).isEqualTo("pi1");
            assertThat(p.message()).isEqualTo("pi1: hardway cannot run commands there: pi1 (192.0.2.7:22): no route "
                    + "to host. Try: check the cable and that sshd runs.");
        });
    }

    @Test
    void theScriptRunsCleanlyUnderSetEuoPipefailOnThisMachine() {
        HostDoctor.Report report = new HostDoctor().examine(Map.of("here", new LocalBash("here")));
        Facts f = report.hosts().get(0);
        assertThat(f.error()).isNull();
        assertThat(f.reachable()).isTrue();
        assertThat(f.arch()).isEqualTo(System.getProperty("os.arch").equals("amd64") ? "x86_64" : f.arch());
        assertThat(f.os()).isNotBlank().isNotEqualTo("unknown");
        assertThat(f.memoryMiB()).isPositive();
        assertThat(f.timeSource()).isIn("timedatectl", "chrony", "none");
    }
}
