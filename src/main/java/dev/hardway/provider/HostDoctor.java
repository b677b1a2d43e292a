package dev.hardway.provider;

import dev.hardway.target.ExecOptions;
import dev.hardway.target.ExecResult;
import dev.hardway.target.NodeTarget;
import dev.hardway.target.OutputListener;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Checks existing hosts before the first lesson: can hardway run commands there, and is the OS ready for
 * Kubernetes (swap off, memory cgroup, clock in sync, a supported architecture)? Runs one read-only script
 * ({@code host-doctor.sh} beside this class) on every node in parallel and returns data; never prints.
 */
public final class HostDoctor {

    /** Yes/no/could not tell. */
    public enum Check { YES, NO, UNKNOWN }

    public enum Severity { ERROR, WARNING }

    /**
     * What the script found on one node.
     *
     * @param reachable    false when the script could not be run at all ({@link #error} says why)
     * @param memoryMiB    total memory
     * @param swapMiB      active swap, 0 when off
     * @param timeSync     whether the clock is synchronized (NTP)
     * @param timeSource   {@code timedatectl}, {@code chrony} or {@code none}
     * @param memoryCgroup whether the memory cgroup controller is enabled
     * @param error        why the node could not be examined, or null
     */
    public record Facts(String node, boolean reachable, String hostname, String os, String arch, String kernel,
                        long memoryMiB, long swapMiB, Check timeSync, String timeSource, Check memoryCgroup,
                        String error) {

        public boolean swapOn() {
            return swapMiB > 0;
        }

        /** The Kubernetes release architecture for {@link #arch}: amd64, arm64, arm, ... or null if unknown. */
        public String kubeArch() {
            return arch == null ? null : switch (arch) {
                case "x86_64", "amd64" -> "amd64";
                case "aarch64", "arm64" -> "arm64";
                case "armv7l", "armv6l" -> "arm";
                case "ppc64le" -> "ppc64le";
                case "s390x" -> "s390x";
                default -> null;
            };
        }
    }

    /** Something to fix on a node; {@link #message} ends with a "Try:" hint. */
    public record Problem(String node, Severity severity, String message) {
    }

    /** Rows in the order the nodes were given, plus the problems found. */
    public record Report(List<Facts> hosts, List<Problem> problems) {
        /** True when nothing stops the lessons (warnings allowed). */
        public boolean ok() {
            return problems.stream().noneMatch(p -> p.severity() == Severity.ERROR);
        }
    }

    /** Memory below which a node is flagged: etcd, the control plane and containerd together want about 1 GiB. */
    static final long MIN_MEMORY_MIB = 900;

    /** Architectures hardway's downloads cover. */
    static final List<String> SUPPORTED_ARCH = List.of("amd64", "arm64");

    private static final String SCRIPT = load();

    private final Duration timeout;
    private final int parallelism;

    public HostDoctor() {
        this(Duration.ofSeconds(30), 8);
    }

    public HostDoctor(Duration timeout, int parallelism) {
        this.timeout = timeout;
        this.parallelism = Math.max(1, parallelism);
    }

    /** The script run on each node (read-only; prints key=value lines). */
    public static String script() {
        return SCRIPT;
    }

    /** Runs the script on every node (in parallel) and gathers facts and problems. */
    public Report examine(Map<String, ? extends NodeTarget> targets) {
        Map<String, Future<Facts>> futures = new LinkedHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, Math.max(1, targets.size())),
                r -> {
                    Thread t = new Thread(r, "host-doctor");
                    t.setDaemon(true);
                    return t;
                });
        try {
            targets.forEach((node, target) -> futures.put(node, pool.submit(() -> examine(node, target))));
            List<Facts> facts = new ArrayList<>();
            for (Map.Entry<String, Future<Facts>> e : futures.entrySet()) {
                try {
                    facts.add(e.getValue().get());
                } catch (ExecutionException ex) {
                    facts.add(unreachable(e.getKey(), String.valueOf(ex.getCause())));
                }
            }
            return new Report(List.copyOf(facts), problems(facts));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException("The host check was interrupted.", "cluster doctor");
        } finally {
            pool.shutdownNow();
        }
    }

    private Facts examine(String node, NodeTarget target) {
        try {
            return parse(node, target.exec(SCRIPT, ExecOptions.timeout(timeout), OutputListener.NONE));
        } catch (Exception e) { // TargetException (unreachable, auth, timeout) or a bug in a target
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return unreachable(node, message);
        }
    }

    /** Facts for a node the script could not be run on. */
    public static Facts unreachable(String node, String error) {
        return new Facts(node, false, null, null, null, null, 0, 0, Check.UNKNOWN, "none", Check.UNKNOWN, error);
    }

    /** Reads the script's output. A failed run, or output without the script's marker, becomes an error row. */
    public static Facts parse(String node, ExecResult result) {
        Map<String, String> kv = new HashMap<>();
        result.stdout().lines().forEach(line -> {
            int eq = line.indexOf('=');
            if (eq > 0) {
                kv.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
            }
        });
        if (result.exitCode() != 0 || !"1".equals(kv.get("doctor"))) {
            String why = VagrantOutput.firstLine(result.stderr());
            return new Facts(node, true, kv.get("hostname"), kv.get("os"), kv.get("arch"), kv.get("kernel"), 0, 0,
                    Check.UNKNOWN, "none", Check.UNKNOWN, "the host check script failed (exit " + result.exitCode()
                    + (why.isEmpty() ? "" : ": " + why) + ")");
        }
        return new Facts(node, true, kv.get("hostname"), kv.get("os"), kv.get("arch"), kv.get("kernel"),
                kib(kv.get("mem_kib")) / 1024, (kib(kv.get("swap_kib")) + 1023) / 1024,
                check(kv.get("ntp")), kv.getOrDefault("ntp_source", "none"), check(kv.get("cgroup_memory")), null);
    }

    private static long kib(String value) {
        try {
            return value == null ? 0 : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Check check(String value) {
        return switch (value == null ? "" : value) {
            case "yes" -> Check.YES;
            case "no" -> Check.NO;
            default -> Check.UNKNOWN;
        };
    }

    /** What to fix, node by node, in node order. */
    public static List<Problem> problems(List<Facts> facts) {
        List<Problem> problems = new ArrayList<>();
        for (Facts f : facts) {
            String n = f.node();
            if (!f.reachable()) {
                String msg = n + ": hardway cannot run commands there: " + f.error();
                problems.add(new Problem(n, Severity.ERROR, msg.contains("Try:") ? msg : msg
                        + " Try: check the host is up and `ssh` to it works with the config's ssh.user, ssh.key and "
                        + "ssh.port."));
                continue;
            }
            if (f.error() != null) {
                problems.add(new Problem(n, Severity.ERROR, n + ": " + f.error()
                        + ". Try: log in and run `bash -s < host-doctor.sh` by hand (the user needs sudo without a "
                        + "password)."));
                continue;
            }
            if (f.swapOn()) {
                problems.add(new Problem(n, Severity.ERROR, n + ": swap is on (" + f.swapMiB() + " MiB); kubelet "
                        + "needs swap off. Try: swapoff -a, and comment out the swap line in /etc/fstab (Raspberry Pi "
                        + "OS: sudo dphys-swapfile swapoff && sudo systemctl disable dphys-swapfile)."));
            }
            if (f.kubeArch() == null || !SUPPORTED_ARCH.contains(f.kubeArch())) {
                problems.add(new Problem(n, Severity.ERROR, n + ": architecture " + f.arch() + " is not one hardway "
                        + "downloads Kubernetes for (" + String.join(", ", SUPPORTED_ARCH) + "). Try: a 64-bit OS ("
                        + "Raspberry Pi: Raspberry Pi OS Lite 64-bit or Ubuntu Server arm64)."));
            }
            if (f.memoryCgroup() == Check.NO) {
                problems.add(new Problem(n, Severity.ERROR, n + ": the memory cgroup controller is disabled; kubelet "
                        + "will not start. Try: add cgroup_enable=memory cgroup_memory=1 to the kernel command line "
                        + "(Raspberry Pi: /boot/firmware/cmdline.txt) and reboot."));
            }
            if (f.memoryMiB() > 0 && f.memoryMiB() < MIN_MEMORY_MIB) {
                problems.add(new Problem(n, Severity.WARNING, n + ": only " + f.memoryMiB() + " MiB of memory; a "
                        + "node wants at least 1 GiB. Try: a bigger machine for masters, or fewer roles on this one."));
            }
            if (f.timeSync() == Check.NO) {
                problems.add(new Problem(n, Severity.WARNING, n + ": the clock is not synchronized (" + f.timeSource()
                        + "); certificates and etcd need clocks that agree. Try: sudo apt install chrony, or "
                        + "sudo timedatectl set-ntp true."));
            } else if (f.timeSync() == Check.UNKNOWN) {
                problems.add(new Problem(n, Severity.WARNING, n + ": cannot tell whether the clock is synchronized "
                        + "(no timedatectl or chronyc answered). Try: sudo apt install chrony."));
            }
        }
        return List.copyOf(problems);
    }

    private static String load() {
        try (InputStream in = HostDoctor.class.getResourceAsStream("host-doctor.sh")) {
            if (in == null) {
                throw new IllegalStateException("host-doctor.sh is missing from the jar beside HostDoctor.class");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
