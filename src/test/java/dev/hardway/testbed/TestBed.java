package dev.hardway.testbed;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Assertions;

/**
 * The running namespace test bed (src/test/lab/lab.sh, see docs/testbed.md): seven nodes with real systemd
 * and sshd on 10.240.0.0/24, reached from the lab's client network namespace, in which this JVM runs
 * (started by src/test/lab/jvm-in-lab.sh).
 *
 * <p>{@link #get()} reads {@code $HARDWAY_TESTBED_DIR/env}, written by {@code lab.sh up}. Tests normally use
 * {@link RequiresTestBed}, which skips or fails them with a reason when the test bed is missing.
 */
public final class TestBed {

    /** Default bound for node commands run through lab.sh. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private static volatile Object cached; // TestBed or TestBedUnavailableException, decided once per JVM

    private final Path dir;
    private final Map<String, String> env;
    private final Map<String, String> nodeIps;
    private final Map<String, String> nodeRoles;

    private TestBed(Path dir, Map<String, String> env) {
        this.dir = dir;
        this.env = Collections.unmodifiableMap(env);
        Map<String, String> ips = new LinkedHashMap<>();
        Map<String, String> roles = new LinkedHashMap<>();
        for (String node : required("LAB_NODES").trim().split("\\s+")) {
            ips.put(node, required("LAB_NODE_" + node + "_IP"));
            roles.put(node, env.getOrDefault("LAB_NODE_" + node + "_ROLE", ""));
        }
        this.nodeIps = Collections.unmodifiableMap(ips);
        this.nodeRoles = Collections.unmodifiableMap(roles);
    }

    /**
     * The running test bed.
     *
     * @throws TestBedUnavailableException with the reason when it cannot be used here
     */
    public static TestBed get() {
        Object c = cached;
        if (c == null) {
            synchronized (TestBed.class) {
                c = cached;
                if (c == null) {
                    try {
                        c = open();
                    } catch (TestBedUnavailableException e) {
                        c = e;
                    }
                    cached = c;
                }
            }
        }
        if (c instanceof TestBedUnavailableException e) {
            throw new TestBedUnavailableException(e.getMessage());
        }
        return (TestBed) c;
    }

    /** Why the test bed cannot be used in this JVM, or empty when it can. */
    public static Optional<String> unavailableReason() {
        try {
            get();
            return Optional.empty();
        } catch (TestBedUnavailableException e) {
            return Optional.of(e.getMessage());
        }
    }

    private static TestBed open() {
        String skip = System.getenv("HARDWAY_TESTBED_SKIP");
        if (skip != null && !skip.isBlank()) {
            throw new TestBedUnavailableException(skip);
        }
        String d = System.getenv("HARDWAY_TESTBED_DIR");
        if (d == null || d.isBlank()) {
            throw new TestBedUnavailableException(
                    "HARDWAY_TESTBED_DIR is not set (run the integration tests through src/test/lab/jvm-in-lab.sh, as root)");
        }
        Path dir = Path.of(d).toAbsolutePath();
        Path envFile = dir.resolve("env");
        if (!Files.isRegularFile(envFile)) {
            throw new TestBedUnavailableException("no running lab at " + dir + " (" + envFile + " is missing; lab.sh up --dir " + dir + ")");
        }
        Map<String, String> env;
        try {
            env = parseEnv(Files.readAllLines(envFile, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new TestBedUnavailableException("cannot read " + envFile + ": " + e.getMessage());
        }
        TestBed bed;
        try {
            bed = new TestBed(dir, env);
        } catch (IllegalStateException e) {
            throw new TestBedUnavailableException(e.getMessage());
        }
        if (!bed.inClientNamespace()) {
            // Safety: from any other namespace, traffic to 10.240.0.x could leave the machine.
            throw new TestBedUnavailableException("this JVM is not in the lab's client network namespace "
                    + bed.clientNamespace() + " (start it with src/test/lab/jvm-in-lab.sh or ip netns exec)");
        }
        ExecResult status = bed.lab(Duration.ofSeconds(30), "status");
        if (!status.ok()) {
            throw new TestBedUnavailableException("lab " + bed.id() + " at " + dir + " is not up: "
                    + (status.stderr().isBlank() ? status.stdout() : status.stderr()).strip());
        }
        return bed;
    }

    /** Parses the shell-sourceable env file: KEY=value lines, optional single or double quotes, # comments. */
    static Map<String, String> parseEnv(List<String> lines) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                    || value.startsWith("'") && value.endsWith("'"))) {
                value = value.substring(1, value.length() - 1);
            }
            env.put(key, value);
        }
        return env;
    }

    private String required(String key) {
        String v = env.get(key);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException(dir.resolve("env") + " has no " + key);
        }
        return v;
    }

    // ------------------------------------------------------------------------------------------ data --

    public Path dir() {
        return dir;
    }

    /** Short lab id, the prefix of every namespace and link of this lab. */
    public String id() {
        return required("LAB_ID");
    }

    /** The hardway cluster config (provider ssh) describing this lab. */
    public Path clusterYaml() {
        return Path.of(required("LAB_CLUSTER_YAML"));
    }

    /** Private key (ed25519) authorized for root on every node. */
    public Path sshKey() {
        return Path.of(required("LAB_SSH_KEY"));
    }

    /** OpenSSH client config with a Host entry per node (User root, key, known_hosts, strict checking). */
    public Path sshConfig() {
        return Path.of(required("LAB_SSH_CONFIG"));
    }

    /** The nodes' ed25519 host keys, as "name,ip ssh-ed25519 AAAA..." lines. */
    public Path knownHosts() {
        return Path.of(required("LAB_KNOWN_HOSTS"));
    }

    public String clientNamespace() {
        return required("LAB_CLIENT_NS");
    }

    /** Base URL of the download mirror in the upstream layout, e.g. http://10.240.0.2:8080. */
    public String mirrorUrl() {
        return required("LAB_MIRROR_URL");
    }

    public String vip() {
        return required("LAB_VIP");
    }

    /** The ingress VIP of the elb pair (lesson 13), 10.240.0.20. */
    public String ingressVip() {
        return required("LAB_INGRESS_VIP");
    }

    public String etcdVersion() {
        return required("LAB_ETCD_VERSION");
    }

    public String kubernetesVersion() {
        return required("LAB_KUBERNETES_VERSION");
    }

    /** Node name to IP, in the lab's order (jumpbox, master1..3, lb1, lb2, worker1). */
    public Map<String, String> nodes() {
        return nodeIps;
    }

    public List<String> nodeNames() {
        return List.copyOf(nodeIps.keySet());
    }

    /** Nodes with the given role (jumpbox, master, lb, worker). */
    public List<String> nodesWithRole(String role) {
        return nodeRoles.entrySet().stream().filter(e -> e.getValue().equals(role)).map(Map.Entry::getKey).toList();
    }

    public String ip(String node) {
        String ip = nodeIps.get(node);
        if (ip == null) {
            throw new IllegalArgumentException("unknown node '" + node + "'; nodes: " + nodeIps.keySet());
        }
        return ip;
    }

    /** All values of the env file (LAB_*). */
    public Map<String, String> env() {
        return env;
    }

    /** Whether this JVM runs in the lab's client network namespace (the only safe place to talk to nodes). */
    public boolean inClientNamespace() {
        try {
            Object ino = Files.getAttribute(Path.of("/run/netns", clientNamespace()), "unix:ino");
            String self = Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString();
            return self.equals("net:[" + ino + "]");
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    // -------------------------------------------------------------------------------------- actions --

    /** Runs a command inside a node (all its namespaces, via lab.sh exec / nsenter, no ssh); 60 s bound. */
    public ExecResult exec(String node, String... command) {
        return exec(DEFAULT_TIMEOUT, node, command);
    }

    public ExecResult exec(Duration timeout, String node, String... command) {
        ip(node);
        List<String> args = new ArrayList<>(List.of("exec", node, "--"));
        args.addAll(List.of(command));
        return lab(timeout, args.toArray(String[]::new));
    }

    /** Runs a shell script inside a node ({@code bash -c script}). */
    public ExecResult sh(String node, String script) {
        return exec(node, "bash", "-c", script);
    }

    /** Runs a remote command over OpenSSH ({@code ssh -F <dir>/ssh_config node command}), as a learner would. */
    public ExecResult ssh(String node, String remoteCommand) {
        return ssh(Duration.ofSeconds(30), node, remoteCommand);
    }

    public ExecResult ssh(Duration timeout, String node, String remoteCommand) {
        ip(node);
        return run(timeout, List.of("ssh", "-F", sshConfig().toString(), node, remoteCommand));
    }

    /** Hard power cut: the node's PID 1 tree is killed, its link set down and its addresses flushed. */
    public void poweroff(String node) {
        labOk("poweroff", node);
    }

    /** Boots the node from its disk (units enabled before come back) and waits until its sshd answers. */
    public void boot(String node) {
        labOk("boot", node);
    }

    /** Partitions the node at the bridge port; its processes keep running. */
    public void isolate(String node) {
        labOk("isolate", node);
    }

    public void unisolate(String node) {
        labOk("unisolate", node);
    }

    /** Waits until sshd answers on the nodes (all when none given); lab.sh bounds it (20 s). */
    public void waitSsh(String... nodes) {
        List<String> args = new ArrayList<>(List.of("wait-ssh"));
        args.addAll(List.of(nodes));
        ExecResult r = lab(Duration.ofSeconds(60), args.toArray(String[]::new));
        if (!r.ok()) {
            Assertions.fail("lab.sh wait-ssh " + String.join(" ", nodes) + " failed: " + r.stderr().strip());
        }
    }

    /**
     * Polls {@code condition} (every 100 ms) until it holds; fails the test when {@code timeout} passes first.
     * Use it instead of sleeping: the VIP, a leader election or a restarted unit take a varying time.
     */
    public static void waitFor(Duration timeout, BooleanSupplier condition) {
        waitFor(timeout, "condition", condition);
    }

    public static void waitFor(Duration timeout, String what, BooleanSupplier condition) {
        if (!poll(timeout, condition)) {
            Assertions.fail(what + " not reached within " + timeout.toMillis() + " ms");
        }
    }

    /** Polls {@code condition} every 100 ms; true as soon as it holds, false when {@code timeout} passed. */
    public static boolean poll(Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (condition.getAsBoolean()) {
                return true;
            }
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    private void labOk(String command, String node) {
        ip(node);
        ExecResult r = lab(Duration.ofSeconds(60), command, node);
        if (!r.ok()) {
            Assertions.fail("lab.sh " + command + " " + node + " failed: " + r.stderr().strip());
        }
    }

    /** Runs lab.sh with this lab's --dir. */
    public ExecResult lab(Duration timeout, String... args) {
        List<String> cmd = new ArrayList<>(List.of(required("LAB_SH"), "--dir", dir.toString()));
        cmd.addAll(List.of(args));
        return run(timeout, cmd);
    }

    /** Runs a local process with a bound; stdin is empty; output is captured (UTF-8). */
    static ExecResult run(Duration timeout, List<String> command) {
        long t0 = System.nanoTime();
        Process p;
        try {
            p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> slurp(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> slurp(p.getErrorStream()));
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
                Assertions.fail("timed out after " + timeout.toMillis() + " ms: " + String.join(" ", command));
            }
            return new ExecResult(p.exitValue(), out.join(), err.join(), Duration.ofNanos(System.nanoTime() - t0));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IllegalStateException("interrupted: " + String.join(" ", command), e);
        }
    }

    private static String slurp(InputStream in) {
        try (in) {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            in.transferTo(buf);
            return buf.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public String toString() {
        return "TestBed[" + id() + " at " + dir + ", nodes " + nodeIps + "]";
    }
}
