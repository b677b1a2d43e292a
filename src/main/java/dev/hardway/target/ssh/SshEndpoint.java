package dev.hardway.target.ssh;

import dev.hardway.cluster.ClusterConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Where and as whom to reach one node.
 *
 * @param node    node name from the cluster config
 * @param host    IP address or host name
 * @param port    sshd port
 * @param user    login user; scripts run via {@code sudo -n} unless it is root
 * @param keyPath private key file (OpenSSH format; ed25519 preferred)
 */
public record SshEndpoint(String node, String host, int port, String user, Path keyPath) {

    public SshEndpoint {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(keyPath, "keyPath");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /** {@code host:port}, as messages show it. */
    public String address() {
        return host + ":" + port;
    }

    public boolean root() {
        return "root".equals(user);
    }

    /**
     * One endpoint per node of {@code config}, using its node IPs and {@code ssh{user,key,port}}. A key path
     * starting with {@code ~/} is resolved against {@code home}; a relative one against the config file's
     * directory (or the working directory for configs built in code).
     */
    public static List<SshEndpoint> fromCluster(ClusterConfig config, Path home) {
        ClusterConfig.SshSettings ssh = Objects.requireNonNull(config.ssh(), "cluster config has no ssh settings");
        Path key = resolveKey(ssh.key(), home, config.source());
        int port = ssh.port() == 0 ? 22 : ssh.port();
        return config.nodes().stream()
                .map(n -> new SshEndpoint(n.name(), n.ip(), port, ssh.user(), key))
                .toList();
    }

    static Path resolveKey(String key, Path home, Path source) {
        if (key.equals("~")) {
            return home;
        }
        if (key.startsWith("~/")) {
            return home.resolve(key.substring(2));
        }
        Path p = Path.of(key);
        if (p.isAbsolute() || source == null || source.getParent() == null) {
            return p.toAbsolutePath();
        }
        return source.getParent().resolve(p).toAbsolutePath();
    }
}
