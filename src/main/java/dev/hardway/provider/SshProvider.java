package dev.hardway.provider;

import dev.hardway.target.ssh.SshEndpoint;
import dev.hardway.cluster.ClusterConfig;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Existing hosts (bare metal, Raspberry Pis, VMs made elsewhere): hardway neither creates nor powers them, it only
 * knows where they are, from the config's {@code ssh{user, key, port}} and each node's IP. Check them with
 * {@link HostDoctor} before the first lesson.
 */
public final class SshProvider implements Provider {

    /** How a TCP port answered: it accepted, it refused (the host is up, nothing listens), or nothing came back. */
    public enum Answer { OPEN, REFUSED, SILENT }

    /** How a TCP port answers; a seam so tests never open connections. */
    @FunctionalInterface
    public interface PortProbe {
        Answer open(String host, int port, Duration timeout);

        /** A real TCP connect: a refusal is told apart from a timeout or a missing route. */
        PortProbe TCP = (host, port, timeout) -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
                return Answer.OPEN;
            } catch (java.net.ConnectException e) {
                String m = e.getMessage() == null ? "" : e.getMessage().toLowerCase(java.util.Locale.ROOT);
                return m.contains("refused") ? Answer.REFUSED : Answer.SILENT;
            } catch (IOException e) {
                return Answer.SILENT;
            }
        };
    }

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

    private final ClusterConfig config;
    private final PortProbe probe;
    private final String home;

    public SshProvider(ClusterConfig config) {
        this(config, PortProbe.TCP, System.getProperty("user.home"));
    }

    /** @param home the directory a leading {@code ~} in {@code ssh.key} stands for */
    public SshProvider(ClusterConfig config, PortProbe probe, String home) {
        this.config = Objects.requireNonNull(config, "config");
        this.probe = Objects.requireNonNull(probe, "probe");
        this.home = home;
    }

    @Override
    public String id() {
        return "ssh";
    }

    @Override
    public boolean createsMachines() {
        return false;
    }

    /** Nothing to create: tells, per node, that it is expected to exist already. */
    @Override
    public void up(ProgressListener listener) {
        for (ClusterConfig.Node n : config.nodes()) {
            listener.onEvent(new ProgressEvent(n.name(), ProgressEvent.Stage.INFO,
                    "existing host " + n.ip() + ": not created by hardway (check it with `cluster doctor`)"));
        }
    }

    @Override
    public void down(ProgressListener listener) {
        throw new ProviderException("The " + config.name() + " cluster runs on existing hosts: they are not "
                + "created or destroyed by hardway.", "reset what the lessons installed with `lesson reset --all`, "
                + "or reinstall the hosts by hand.");
    }

    @Override
    public void halt(ProgressListener listener) {
        throw new ProviderException("The " + config.name() + " cluster runs on existing hosts: hardway does not "
                + "shut them down.", "shut them down by hand (sudo poweroff on each).");
    }

    @Override
    public void powerOff(String node) {
        throw noPower(node);
    }

    @Override
    public void powerOn(String node) {
        throw noPower(node);
    }

    private ProviderException noPower(String node) {
        return new ProviderException("Cannot switch the power of " + node + ": it is an existing host and hardway "
                + "could not switch it back on.", "break " + node + " --mode services (or --mode network).");
    }

    /** Whether each node's SSH port answers (a TCP connect, not a login). */
    @Override
    public List<MachineStatus> status() {
        int port = port();
        return config.nodes().parallelStream().map(n -> switch (probe.open(n.ip(), port, PROBE_TIMEOUT)) {
            case OPEN -> new MachineStatus(n.name(), MachineStatus.State.RUNNING, "ssh-open",
                    "SSH port " + port + " answers on " + n.ip());
            case REFUSED -> new MachineStatus(n.name(), MachineStatus.State.UNREACHABLE, "ssh-refused",
                    "connection refused on " + n.ip() + ":" + port + " (sshd not running?)");
            case SILENT -> new MachineStatus(n.name(), MachineStatus.State.UNREACHABLE, "ssh-closed",
                    "no answer on " + n.ip() + ":" + port + " within " + PROBE_TIMEOUT.toSeconds() + " s");
        })
                .toList();
    }

    @Override
    public List<SshEndpoint> sshEndpoints() {
        ClusterConfig.SshSettings ssh = config.ssh();
        String user = ssh == null || ssh.user() == null ? System.getProperty("user.name") : ssh.user();
        Path key = ssh == null || ssh.key() == null || ssh.key().isBlank() ? null : expand(ssh.key());
        int port = port();
        return config.nodes().stream().map(n -> new SshEndpoint(n.name(), n.ip(), port, user, key)).toList();
    }

    private int port() {
        return config.ssh() == null || config.ssh().port() <= 0 ? 22 : config.ssh().port();
    }

    private Path expand(String key) {
        if (home != null && (key.equals("~") || key.startsWith("~/"))) {
            return Path.of(home).resolve(key.equals("~") ? "" : key.substring(2));
        }
        return Path.of(key);
    }
}
