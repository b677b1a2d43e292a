package dev.hardway.target.ssh;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.digest.BuiltinDigests;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * An in-JVM sshd on 127.0.0.1 for unit tests. Commands really run on this machine with {@code bash -c}, the way
 * OpenSSH runs them through the login shell, and behave like OpenSSH for a session without a pty: a channel signal
 * reaches only the top process, and closing the channel does not kill the command. A {@code sudo} shim that just
 * runs its arguments is first on PATH, so the non-root code paths run too.
 */
final class TestSshServer implements AutoCloseable {

    private final java.util.Set<Path> sftpDenied = new java.util.concurrent.CopyOnWriteArraySet<>();

    final Path dir;
    final KeyPair userKey;
    final Path userKeyFile;
    final AtomicInteger sessions = new AtomicInteger();
    final List<Process> processes = new CopyOnWriteArrayList<>();
    private final Path shim;
    private KeyPair hostKey;
    private SshServer sshd;
    private int port;

    TestSshServer(Path dir) throws Exception {
        this.dir = dir;
        this.userKey = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
        this.userKeyFile = writeKey(dir.resolve("id_ed25519"), userKey);
        this.hostKey = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
        this.shim = Files.createDirectories(dir.resolve("shim"));
        Path sudo = shim.resolve("sudo");
        Files.writeString(sudo, "#!/bin/sh\n[ \"$1\" = -n ] && shift\nexec \"$@\"\n");
        Files.setPosixFilePermissions(sudo, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    static Path writeKey(Path file, KeyPair kp) throws Exception {
        try (OutputStream out = Files.newOutputStream(file)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(kp, "hardway-test", null, out);
        }
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    TestSshServer start() throws IOException {
        return start(0);
    }

    private TestSshServer start(int onPort) throws IOException {
        sshd = SshServer.setUpDefaultServer();
        sshd.setHost("127.0.0.1");
        sshd.setPort(onPort);
        // MINA leaves Nagle on; with delayed ACKs that adds ~40 ms to every small exchange (OpenSSH sets NODELAY).
        org.apache.sshd.core.CoreModuleProperties.TCP_NODELAY.set(sshd, true);
        sshd.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        PublicKey allowed = userKey.getPublic();
        sshd.setPublickeyAuthenticator((user, key, session) -> KeyUtils.compareKeys(allowed, key));
        sshd.setCommandFactory((channel, command) -> new BashCommand(command));
        SftpSubsystemFactory sftp = new SftpSubsystemFactory();
        // Files "only root may read" for a non-root login: SFTP says permission denied, as OpenSSH's would.
        sftp.addSftpEventListener(new org.apache.sshd.sftp.server.SftpEventListener() {
            @Override
            public void opening(org.apache.sshd.server.session.ServerSession session, String remoteHandle,
                                org.apache.sshd.sftp.server.Handle localHandle) throws IOException {
                Path file = localHandle.getFile();
                if (sftpDenied.stream().anyMatch(file::startsWith)) {
                    throw new java.nio.file.AccessDeniedException(file.toString());
                }
            }
        });
        sshd.setSubsystemFactories(List.of(sftp));
        sshd.addSessionListener(new SessionListener() {
            @Override
            public void sessionCreated(Session session) {
                sessions.incrementAndGet();
            }
        });
        sshd.start();
        port = sshd.getPort();
        return this;
    }

    /** Stops and starts again on the same port with a new host key (a "rebuilt VM"). */
    void restartWithNewHostKey() throws Exception {
        int p = port;
        stopServer();
        hostKey = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
        start(p);
    }

    /** Drops every client connection (a rebooted node, a NAT timeout). */
    void dropAllSessions() {
        sshd.getActiveSessions().forEach(s -> s.close(true));
    }

    /** SFTP refuses to open anything under this directory (a root-only file seen by a non-root login user). */
    void denySftp(Path dir) {
        sftpDenied.add(dir.toAbsolutePath());
    }

    int port() {
        return port;
    }

    String hostKeyFingerprint() {
        return KeyUtils.getFingerPrint(BuiltinDigests.sha256, hostKey.getPublic());
    }

    SshEndpoint endpoint(String node, String user) {
        return new SshEndpoint(node, "127.0.0.1", port, user, userKeyFile);
    }

    private void stopServer() throws IOException {
        if (sshd != null) {
            sshd.stop(true);
            sshd = null;
        }
    }

    /** Kills whatever commands are still running (a failed test must not leave processes behind). */
    void killAll() {
        for (Process p : processes) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    @Override
    public void close() throws Exception {
        try {
            stopServer();
        } finally {
            killAll();
        }
    }

    /** One exec request: {@code bash -c <command>} with pumps between the channel and the process. */
    private final class BashCommand implements Command {
        private final String command;
        private InputStream in;
        private OutputStream out;
        private OutputStream err;
        private ExitCallback exit;

        BashCommand(String command) {
            this.command = command;
        }

        @Override
        public void setInputStream(InputStream in) {
            this.in = in;
        }

        @Override
        public void setOutputStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void setErrorStream(OutputStream err) {
            this.err = err;
        }

        @Override
        public void setExitCallback(ExitCallback callback) {
            this.exit = callback;
        }

        @Override
        public void start(ChannelSession channel, Environment env) throws IOException {
            ProcessBuilder pb = new ProcessBuilder("bash", "-c", command);
            Map<String, String> e = pb.environment();
            e.put("PATH", shim + ":" + e.getOrDefault("PATH", "/usr/bin:/bin"));
            e.put("USER", env.getEnv().getOrDefault(Environment.ENV_USER, "root"));
            Process p = pb.start();
            processes.add(p);
            // Like OpenSSH: the signal goes to the session's top process only (here: bash -c, exec'd into setsid).
            env.addSignalListener((ch, signal) -> {
                if (signal.getNumeric() == 9) {
                    p.destroyForcibly();
                } else {
                    try {
                        new ProcessBuilder("kill", "-" + signal.getNumeric(), Long.toString(p.pid())).start();
                    } catch (IOException ignored) {
                        // process already gone
                    }
                }
            });
            Thread toProcess = daemon(() -> copy(in, p.getOutputStream(), true));
            Thread fromOut = daemon(() -> copy(p.getInputStream(), out, false));
            Thread fromErr = daemon(() -> copy(p.getErrorStream(), err, false));
            daemon(() -> {
                try {
                    int code = p.waitFor();
                    fromOut.join();
                    fromErr.join();
                    exit.onExit(code);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                }
            });
            toProcess.setName("test-sshd-stdin");
        }

        @Override
        public void destroy(ChannelSession channel) {
            // OpenSSH does not kill a non-pty command when its channel closes; neither do we.
        }

        private void copy(InputStream from, OutputStream to, boolean closeTo) {
            byte[] buf = new byte[8192];
            try {
                int n;
                while ((n = from.read(buf)) >= 0) {
                    to.write(buf, 0, n);
                    to.flush();
                }
            } catch (IOException ignored) {
                // channel or process gone
            } finally {
                if (closeTo) {
                    try {
                        to.close();
                    } catch (IOException ignored) {
                        // nothing to do
                    }
                }
            }
        }
    }

    private static Thread daemon(Runnable r) {
        Thread t = new Thread(r, "test-sshd-pump");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
