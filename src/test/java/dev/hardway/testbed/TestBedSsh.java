package dev.hardway.testbed;

import dev.hardway.cluster.ClusterConfig;
import dev.hardway.cluster.ClusterLoader;
import dev.hardway.cluster.ConfigException;
import dev.hardway.target.ssh.HostKeyListener;
import dev.hardway.target.ssh.SshEndpoint;
import dev.hardway.target.ssh.SshOptions;
import dev.hardway.target.ssh.SshTargetPool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;

/**
 * hardway's own SSH targets for the test bed, built the way the shell builds them: the lab's generated
 * {@code cluster.yaml} through {@link ClusterLoader}, then {@link SshEndpoint#fromCluster}.
 */
public final class TestBedSsh {

    private TestBedSsh() {
    }

    /** The lab's cluster config, loaded and validated like a user's. */
    public static ClusterConfig config(TestBed bed) {
        try {
            return new ClusterLoader().load(bed.clusterYaml());
        } catch (ConfigException e) {
            throw new IllegalStateException("the test bed's " + bed.clusterYaml() + " does not load: "
                    + e.getMessage(), e);
        }
    }

    public static List<SshEndpoint> endpoints(TestBed bed) {
        return SshEndpoint.fromCluster(config(bed), Path.of(System.getProperty("user.home")));
    }

    /**
     * A pool that verifies host keys against a copy of the lab's known_hosts in {@code dir} (so nothing is trusted
     * on first use and nothing is written next to the lab).
     */
    public static SshTargetPool trustedPool(TestBed bed, Path dir, SshOptions options) {
        return new SshTargetPool(endpoints(bed), copyKnownHosts(bed, dir), options, HostKeyListener.NONE);
    }

    public static SshTargetPool trustedPool(TestBed bed, Path dir) {
        return trustedPool(bed, dir, SshOptions.DEFAULTS);
    }

    /** Copies the lab's known_hosts to {@code dir/known_hosts} and returns that path. */
    public static Path copyKnownHosts(TestBed bed, Path dir) {
        try {
            Files.createDirectories(dir);
            return Files.copy(bed.knownHosts(), dir.resolve("known_hosts"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The base64 ed25519 host key of {@code node}, from the lab's known_hosts. */
    public static String hostKey(TestBed bed, String node) {
        try {
            for (String line : Files.readAllLines(bed.knownHosts(), StandardCharsets.UTF_8)) {
                String[] f = line.trim().split("\\s+");
                if (f.length >= 3 && List.of(f[0].split(",")).contains(node)) {
                    return f[2];
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("no host key for " + node + " in " + bed.knownHosts());
    }

    /** {@code SHA256:...} of a base64 key blob, as {@code ssh-keygen -lf} prints it. */
    public static String fingerprint(String base64Key) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(Base64.getDecoder().decode(base64Key));
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
