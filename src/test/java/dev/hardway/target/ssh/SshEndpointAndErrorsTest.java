package dev.hardway.target.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hardway.cluster.ClusterConfig;
import dev.hardway.cluster.ClusterConfig.Node;
import dev.hardway.cluster.ClusterConfig.Role;
import dev.hardway.target.TargetException;
import dev.hardway.target.TargetException.Kind;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SshEndpointAndErrorsTest {

    @TempDir
    Path tmp;

    @Test
    void endpointsFromAClusterConfig() {
        ClusterConfig cfg = new ClusterConfig("lab", ClusterConfig.Provider.SSH, "lab.local", null, null, null, null,
                new ClusterConfig.SshSettings("kube", "~/.ssh/id_ed25519", 2222), null, null,
                List.of(new Node("master1", List.of(Role.MASTER), "10.240.0.11", 1, 512, null),
                        new Node("worker1", List.of(Role.WORKER), "10.240.0.21", 1, 512, null)),
                Path.of("/etc/hardway/lab.yaml"));
        List<SshEndpoint> eps = SshEndpoint.fromCluster(cfg, Path.of("/home/me"));
        assertThat(eps).containsExactly(
                new SshEndpoint("master1", "10.240.0.11", 2222, "kube", Path.of("/home/me/.ssh/id_ed25519")),
                new SshEndpoint("worker1", "10.240.0.21", 2222, "kube", Path.of("/home/me/.ssh/id_ed25519")));
        assertThat(eps.get(0).address()).isEqualTo("10.240.0.11:2222");
        assertThat(SshEndpoint.resolveKey("keys/id", Path.of("/h"), Path.of("/lab/cfg.yaml")))
                .isEqualTo(Path.of("/lab/keys/id"));
    }

    @Test
    void unreadableKeyIsAuthFailedNamingTheKeyFile() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
             SshTargetPool pool = new SshTargetPool(List.of(new SshEndpoint("mute", "127.0.0.1",
                     silent.getLocalPort(), "root", tmp.resolve("no-key-needed"))), tmp.resolve("kh"),
                     SshOptions.DEFAULTS.withConnectTimeout(Duration.ofMillis(300)), null)) {
            Files.writeString(tmp.resolve("no-key-needed"), "not a key");
            assertThatThrownBy(() -> pool.target("mute").exec("true"))
                    .isInstanceOfSatisfying(TargetException.class, e -> {
                        assertThat(e.kind()).isEqualTo(Kind.AUTH_FAILED);
                        assertThat(e.getMessage()).contains("mute", tmp.resolve("no-key-needed").toString(),
                                "root", "Try:");
                    });
        }
    }

    @Test
    void hungHandshakeIsUnreachable() throws Exception {
        // Accepts TCP (the kernel does, via the backlog) but never says a word: like a hung or half-dead host.
        Path key = TestSshServer.writeKey(tmp.resolve("id"),
                org.apache.sshd.common.config.keys.KeyUtils.generateKeyPair("ssh-ed25519", 256));
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
             SshTargetPool pool = new SshTargetPool(List.of(new SshEndpoint("mute", "127.0.0.1",
                     silent.getLocalPort(), "root", key)), tmp.resolve("kh"),
                     SshOptions.DEFAULTS.withConnectTimeout(Duration.ofMillis(300)), null)) {
            assertThatThrownBy(() -> pool.target("mute").exec("true"))
                    .isInstanceOfSatisfying(TargetException.class, e -> {
                        assertThat(e.kind()).isEqualTo(Kind.UNREACHABLE);
                        assertThat(e.getMessage()).contains("mute", "127.0.0.1:" + silent.getLocalPort(), "Try:")
                                .doesNotContain("\n", "Exception");
                    });
        }
    }

    @Test
    void unknownNodeIsAProgrammingError() {
        try (SshTargetPool pool = new SshTargetPool(List.of(), tmp.resolve("kh"), null, null)) {
            assertThatThrownBy(() -> pool.target("ghost")).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
