package dev.hardway.bench;

import dev.hardway.target.ExecResult;
import dev.hardway.target.FanOut;
import dev.hardway.target.TargetException;
import dev.hardway.target.ssh.SshEndpoint;
import dev.hardway.target.ssh.SshOptions;
import dev.hardway.target.ssh.SshTarget;
import dev.hardway.target.ssh.SshTargetPool;
import dev.hardway.testbed.TestBed;
import dev.hardway.testbed.TestBedSsh;
import dev.hardway.testbed.TestBedUnavailableException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The measuring half of {@code bench/fanout} (which builds the lab, the classpath and the work dir, runs this main
 * inside the lab's client network namespace, and always takes the lab down). One command, {@code hostname}, on
 * every node of the test bed, several rounds, five ways:
 *
 * <ol>
 *   <li>hardway cold: a new {@link SshTargetPool} per round (7 handshakes + 7 commands, in parallel);</li>
 *   <li>hardway warm: one pool for all rounds (7 commands on open sessions, in parallel);</li>
 *   <li>OpenSSH ControlMaster: masters opened first, then {@code ssh -S sock node hostname} for all nodes in
 *       parallel (timed inside bash, so the JVM's process spawn is not counted);</li>
 *   <li>OpenSSH, a new connection per command, all nodes in parallel (for reference);</li>
 *   <li>{@code ansible all -m command -a hostname -f 10} (with ansible's default ControlPersist, so from round 2
 *       on it reuses its connections too).</li>
 * </ol>
 * Rounds interleave the methods so load drifts hit all of them alike; round 0 is a warm-up and not counted.
 * Then one node sequentially: the per-command cost of hardway warm vs {@code ssh -S}.
 *
 * <p>System properties: {@code work} (a scratch dir), {@code rounds} (default 7), {@code single} (default 15).
 * The lab comes from {@code $HARDWAY_TESTBED_DIR} via {@link TestBed#get()}, which also refuses to run outside the
 * lab's client namespace.
 */
public final class FanoutBench {

    private static final String SINGLE_NODE = "master1";

    private final TestBed bed;
    private final Path work;
    private final List<String> nodes;
    private final List<SshEndpoint> endpoints;
    private final Path knownHosts;

    private FanoutBench(TestBed bed, Path work) {
        this.bed = bed;
        this.work = work;
        this.nodes = bed.nodeNames();
        this.endpoints = TestBedSsh.endpoints(bed);
        this.knownHosts = TestBedSsh.copyKnownHosts(bed, work.resolve("hardway"));
    }

    /** Something the bench could not do; the message is printed as is. */
    static final class BenchError extends RuntimeException {
        BenchError(String message) {
            super(message);
        }
    }

    public static void main(String[] args) {
        try {
            TestBed bed = TestBed.get();
            Path work = Path.of(required("work"));
            int rounds = Integer.parseInt(System.getProperty("rounds", "7"));
            int single = Integer.parseInt(System.getProperty("single", "15"));
            new FanoutBench(bed, work).run(rounds, single);
        } catch (TestBedUnavailableException | BenchError e) {
            System.err.println("bench/fanout: " + e.getMessage());
            System.exit(2);
        } catch (Exception e) {
            System.err.println("bench/fanout: failed: " + e);
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static String required(String property) {
        String v = System.getProperty(property);
        if (v == null || v.isBlank()) {
            throw new BenchError("-D" + property + " is required");
        }
        return v;
    }

    // ------------------------------------------------------------------------------------------- run --

    private void run(int rounds, int singleCount) throws Exception {
        String load0 = loadAverage();
        Map<String, List<Double>> ms = new LinkedHashMap<>();
        String cold = "hardway SSH, cold (new pool: 7 handshakes + exec)";
        String warm = "hardway SSH, warm (pool reused, sessions open)";
        String cm = "OpenSSH ControlMaster (ssh -S sock node hostname, 7 in parallel)";
        String plain = "OpenSSH, new connection per node (7 in parallel)";
        String ansible = "ansible all -m command -a hostname -f 10";
        for (String k : List.of(cold, warm, cm, plain, ansible)) {
            ms.put(k, new ArrayList<>());
        }
        Path inventory = writeAnsibleFiles();
        Files.writeString(work.resolve("round.sh"), ROUND_SH);

        try (SshTargetPool warmPool = new SshTargetPool(endpoints, knownHosts, SshOptions.DEFAULTS, null)) {
            openControlMasters();
            try {
                for (int r = 0; r <= rounds; r++) {
                    boolean count = r > 0; // round 0 warms up the JIT, the sessions and ansible's ControlPersist
                    record("cold", count, ms.get(cold), this::hardwayCold);
                    record("warm", count, ms.get(warm), () -> hardwayFanOut(warmPool));
                    record("controlmaster", count, ms.get(cm), () -> shellRound("cm"));
                    record("new-connection", count, ms.get(plain), () -> shellRound("plain"));
                    record("ansible", count, ms.get(ansible), () -> ansible(inventory));
                    System.err.printf(Locale.ROOT, "bench/fanout: round %d/%d done%s%n", r, rounds,
                            count ? "" : " (warm-up, not counted)");
                }
                // Per command on one node, one after another: the overhead of a command on an open connection.
                SshTarget t = warmPool.target(SINGLE_NODE);
                List<Double> hwSingle = new ArrayList<>();
                for (int i = 0; i < singleCount + 3; i++) {
                    long t0 = System.nanoTime();
                    expect(SINGLE_NODE, t.exec("hostname"));
                    if (i >= 3) {
                        hwSingle.add((System.nanoTime() - t0) / 1e6);
                    }
                }
                List<Double> cmSingle = shellSingle(singleCount + 3).subList(3, singleCount + 3);
                report(ms, cold, warm, cm, plain, ansible, hwSingle, cmSingle, rounds, load0);
            } finally {
                closeMasters();
            }
        }
    }

    private interface Timed {
        double ms() throws Exception;
    }

    private static void record(String what, boolean count, List<Double> into, Timed m) throws Exception {
        double v;
        try {
            v = m.ms();
        } catch (TargetException e) {
            throw new BenchError(what + ": " + e.getMessage());
        }
        if (count) {
            into.add(v);
        }
    }

    private double hardwayCold() throws Exception {
        long t0 = System.nanoTime();
        try (SshTargetPool pool = new SshTargetPool(endpoints, knownHosts, SshOptions.DEFAULTS, null)) {
            check(new FanOut(pool).run(nodes, t -> t.exec("hostname")));
            return (System.nanoTime() - t0) / 1e6;
        }
    }

    private double hardwayFanOut(SshTargetPool pool) {
        long t0 = System.nanoTime();
        check(new FanOut(pool).run(nodes, t -> t.exec("hostname")));
        return (System.nanoTime() - t0) / 1e6;
    }

    private void check(List<FanOut.NodeResult<ExecResult>> results) {
        for (FanOut.NodeResult<ExecResult> r : results) {
            if (!r.ok()) {
                throw new BenchError("hardway on " + r.node() + ": " + r.error().getMessage());
            }
            expect(r.node(), r.result());
        }
    }

    private static void expect(String node, ExecResult r) {
        if (!r.ok() || !r.stdout().equals(node + "\n")) {
            throw new BenchError(node + ": hostname answered exit " + r.exitCode() + ", '" + r.stdout().strip()
                    + "' " + r.stderr().strip());
        }
    }

    // --------------------------------------------------------------------------------------- openssh --

    /** Times one round inside bash: {@code round.sh MODE CONFIG CMDIR NODE...} prints microseconds. */
    private static final String ROUND_SH = String.join("\n",
            "#!/usr/bin/env bash",
            "# round.sh MODE(cm|plain|single) CONFIG CMDIR COUNT NODE...: prints elapsed microseconds per timed unit",
            "set -uo pipefail",
            "mode=$1 cfg=$2 cm=$3 count=$4; shift 4",
            "out=$(mktemp -d)",
            "trap 'rm -rf \"$out\"' EXIT",
            "us() { local s=${1/./}; echo $((10#$s)); }",
            "one() { # NODE",
            "  if [[ $mode == plain ]]; then ssh -F \"$cfg\" -o ControlMaster=no -o ControlPath=none \"$1\" hostname",
            "  else ssh -F \"$cfg\" -S \"$cm/$1\" \"$1\" hostname; fi",
            "}",
            "if [[ $mode == single ]]; then",
            "  for ((i = 0; i < count; i++)); do",
            "    t0=$EPOCHREALTIME; got=$(one \"$1\") || { echo \"ssh -S $1 failed\" >&2; exit 1; }; t1=$EPOCHREALTIME",
            "    [[ $got == \"$1\" ]] || { echo \"$1 answered '$got'\" >&2; exit 1; }",
            "    echo $(( $(us $t1) - $(us $t0) ))",
            "  done",
            "  exit 0",
            "fi",
            "t0=$EPOCHREALTIME",
            "for n in \"$@\"; do one \"$n\" >\"$out/$n\" 2>&1 & done",
            "wait",
            "t1=$EPOCHREALTIME",
            "for n in \"$@\"; do",
            "  got=$(<\"$out/$n\"); [[ $got == \"$n\" ]] || { echo \"$mode: $n answered '$got'\" >&2; exit 1; }",
            "done",
            "echo $(( $(us $t1) - $(us $t0) ))",
            "");

    private double shellRound(String mode) {
        List<String> cmd = new ArrayList<>(List.of("bash", work.resolve("round.sh").toString(), mode,
                bed.sshConfig().toString(), work.resolve("cm").toString(), "1"));
        cmd.addAll(nodes);
        return Long.parseLong(run(cmd, null, 60).strip()) / 1000.0;
    }

    private List<Double> shellSingle(int count) {
        String out = run(List.of("bash", work.resolve("round.sh").toString(), "single", bed.sshConfig().toString(),
                work.resolve("cm").toString(), String.valueOf(count), SINGLE_NODE), null, 120);
        return out.lines().map(l -> Long.parseLong(l.strip()) / 1000.0).toList();
    }

    private void openControlMasters() throws IOException {
        Files.createDirectories(work.resolve("cm"));
        for (String n : nodes) {
            // -f: to the background once authenticated; -N: no command. The master serves every ssh -S after it.
            run(List.of("ssh", "-F", bed.sshConfig().toString(), "-o", "ControlMaster=yes", "-o",
                    "ControlPath=" + work.resolve("cm").resolve(n), "-o", "ControlPersist=600", "-f", "-N", n),
                    null, 30);
        }
    }

    /** Ends our ControlMasters and ansible's persisted ones (their sockets are in the work dir). */
    private void closeMasters() {
        List<Path> sockets = new ArrayList<>();
        for (String dir : List.of("cm", "ansible-cp")) {
            try (var s = Files.list(work.resolve(dir))) {
                s.forEach(sockets::add);
            } catch (IOException ignored) {
                // none opened
            }
        }
        for (Path sock : sockets) {
            try {
                new ProcessBuilder("ssh", "-F", bed.sshConfig().toString(), "-S", sock.toString(), "-O", "exit",
                        "anyhost").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start().waitFor(10, TimeUnit.SECONDS);
            } catch (IOException | InterruptedException ignored) {
                // lab.sh down ends whatever is left in the lab's namespaces
            }
        }
    }

    // --------------------------------------------------------------------------------------- ansible --

    private Path writeAnsibleFiles() throws IOException {
        Path dir = Files.createDirectories(work.resolve("ansible"));
        StringBuilder inv = new StringBuilder("[lab]\n");
        for (String n : nodes) {
            inv.append(n).append(" ansible_host=").append(bed.ip(n)).append('\n');
        }
        inv.append("\n[lab:vars]\nansible_user=root\nansible_ssh_private_key_file=").append(bed.sshKey())
                .append("\nansible_python_interpreter=/usr/bin/python3\n");
        Path inventory = Files.writeString(dir.resolve("inventory.ini"), inv.toString());
        // Host keys are checked against the lab's known_hosts (StrictHostKeyChecking yes, via its ssh_config);
        // ssh_args keeps ansible's default connection reuse (ControlPersist) and adds the lab's config.
        Files.writeString(dir.resolve("ansible.cfg"), String.join("\n",
                "[defaults]",
                "host_key_checking = False",
                "local_tmp = " + dir.resolve("local-tmp"),
                "remote_tmp = /tmp/.ansible-tmp",
                "interpreter_python = /usr/bin/python3",
                "deprecation_warnings = False",
                "nocolor = True",
                "retry_files_enabled = False",
                "[ssh_connection]",
                "ssh_args = -F " + bed.sshConfig() + " -o ControlMaster=auto -o ControlPersist=60s",
                "control_path_dir = " + work.resolve("ansible-cp"),
                ""));
        return inventory;
    }

    private double ansible(Path inventory) {
        long t0 = System.nanoTime();
        String out = run(List.of("ansible", "all", "-i", inventory.toString(), "-m", "command", "-a", "hostname",
                "-f", "10", "-o"), Map.of("ANSIBLE_CONFIG", work.resolve("ansible/ansible.cfg").toString(),
                "HOME", work.resolve("ansible").toString()), 120);
        double took = (System.nanoTime() - t0) / 1e6;
        for (String n : nodes) {
            // one line per host: "master1 | CHANGED | rc=0 | (stdout) master1"
            boolean ok = out.lines().anyMatch(l -> l.startsWith(n + " | CHANGED | rc=0 | (stdout) " + n));
            if (!ok) {
                throw new BenchError("ansible gave no result for " + n + ":\n" + out.strip());
            }
        }
        return took;
    }

    // ---------------------------------------------------------------------------------------- helpers --

    private String run(List<String> command, Map<String, String> env, int timeoutSeconds) {
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            if (env != null) {
                pb.environment().putAll(env);
            }
            Path log = Files.createTempFile(work, "out", ".txt");
            pb.redirectOutput(log.toFile());
            Process p = pb.start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new BenchError(String.join(" ", command) + ": no result within " + timeoutSeconds + " s");
            }
            String out = Files.readString(log, StandardCharsets.UTF_8);
            Files.delete(log);
            if (p.exitValue() != 0) {
                throw new BenchError(String.join(" ", command) + " exited " + p.exitValue() + ":\n" + out.strip());
            }
            return out;
        } catch (IOException e) {
            throw new BenchError("cannot run " + command.get(0) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchError("interrupted");
        }
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }

    static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(null);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    private static String version(Supplier<List<String>> cmd) {
        try {
            Process p = new ProcessBuilder(cmd.get()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(10, TimeUnit.SECONDS);
            return out.lines().findFirst().orElse("?").strip();
        } catch (IOException | InterruptedException e) {
            return "?";
        }
    }

    private void report(Map<String, List<Double>> ms, String cold, String warm, String cm, String plain,
                        String ansible, List<Double> hwSingle, List<Double> cmSingle, int rounds, String load0) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%nbench/fanout: `hostname` on all %d nodes of test bed %s, %d rounds"
                + " per method (+1 warm-up), interleaved%n", nodes.size(), bed.id(), rounds));
        b.append(String.format(Locale.ROOT, "machine: %d cpus, load average %s at start, %s at end; %s; %s; "
                        + "JSch %s; java %s%n", Runtime.getRuntime().availableProcessors(), load0, loadAverage(),
                version(() -> List.of("ssh", "-V")), version(() -> List.of("ansible", "--version")),
                com.jcraft.jsch.JSch.VERSION, System.getProperty("java.version")));
        b.append(String.format(Locale.ROOT, "%n%-66s %9s %9s %9s%n", "one fan-out round (all nodes), wall clock",
                "median", "min", "max"));
        ms.forEach((k, v) -> b.append(String.format(Locale.ROOT, "%-66s %6.1f ms %6.1f ms %6.1f ms%n", k, median(v),
                v.stream().mapToDouble(Double::doubleValue).min().orElse(0),
                v.stream().mapToDouble(Double::doubleValue).max().orElse(0))));
        double hw = median(hwSingle);
        double cmOne = median(cmSingle);
        b.append(String.format(Locale.ROOT, "%nper command on one node (%s), sequential, %d each:%n", SINGLE_NODE,
                hwSingle.size()));
        b.append(String.format(Locale.ROOT, "%-66s %6.1f ms%n", "hardway warm exec(\"hostname\")", hw));
        b.append(String.format(Locale.ROOT, "%-66s %6.1f ms%n", "ssh -S sock " + SINGLE_NODE + " hostname"
                + " (ControlMaster)", cmOne));

        double rAnsible = median(ms.get(ansible)) / median(ms.get(warm));
        double rPerCmd = hw / cmOne;
        double rFan = median(ms.get(warm)) / median(ms.get(cm));
        b.append(String.format(Locale.ROOT, "%nanchors: ansible ad-hoc (the usual tool for \"run this on every node\") "
                + "and OpenSSH ControlMaster (the floor for a command over ssh)%n"));
        b.append(String.format(Locale.ROOT, "ansible / hardway warm (fan-out)            = %6.1fx   goal >= 5x    %s%n",
                rAnsible, rAnsible >= 5 ? "met" : "MISSED"));
        b.append(String.format(Locale.ROOT, "hardway warm / ControlMaster (per command)  = %6.2fx   goal <= 1.5x  %s%n",
                rPerCmd, rPerCmd <= 1.5 ? "met" : "MISSED"));
        b.append(String.format(Locale.ROOT, "hardway warm / ControlMaster (fan-out)      = %6.2fx   (for reference)%n",
                rFan));
        b.append(String.format(Locale.ROOT, "hardway cold / hardway warm (fan-out)       = %6.1fx   (what the pool saves)%n",
                median(ms.get(cold)) / median(ms.get(warm))));
        System.out.print(b);
    }
}
