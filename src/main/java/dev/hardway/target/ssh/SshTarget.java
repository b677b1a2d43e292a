package dev.hardway.target.ssh;

import dev.hardway.Problem;
import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.SftpException;
import dev.hardway.target.ExecOptions;
import dev.hardway.target.ExecResult;
import dev.hardway.target.NodeTarget;
import dev.hardway.target.OutputListener;
import dev.hardway.target.OutputPump;
import dev.hardway.target.Shell;
import dev.hardway.target.TargetException;
import dev.hardway.target.TargetException.Kind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A node reached over SSH (JSch). One session per node, opened on first use and reused; one exec channel per
 * command; reconnects when the cached session has died.
 *
 * <p>How a command runs: the channel's command line is fixed ({@code [sudo -n] setsid -w bash -euo pipefail -s}),
 * and the script goes on stdin, wrapped in {@code { ... }} so bash has parsed all of it before the first command
 * runs (a command that reads stdin then cannot swallow the rest of the script; {@link ExecOptions#stdin()} follows
 * the block). {@code setsid} gives the script its own process group, whose id the script reports on its first
 * stderr line (swallowed here). Cancel and timeout kill that whole group from a second channel: sshd forwards a
 * channel signal only to the top process, and closing the channel does not stop a command that is not writing.
 */
public final class SshTarget implements NodeTarget {

    /** First stderr line of every command: a control character no real output starts with, then the pgid. */
    static final String PGID_MARKER = "\u001ehardway-pgid ";

    private static final Map<String, Integer> SIGNALS =
            Map.of("HUP", 1, "INT", 2, "QUIT", 3, "KILL", 9, "PIPE", 13, "TERM", 15);

    private final SshEndpoint endpoint;
    private final SshOptions options;
    private final KnownHostsStore knownHosts;
    private final HostKeyListener hostKeyListener;
    private final ExecutorService io;

    /** Serializes commands on this node and guards {@link #session}. */
    private final ReentrantLock lock = new ReentrantLock();
    private Session session;
    private final AtomicLong connects = new AtomicLong();
    /** Commands running or waiting for {@link #lock}: cancel() reaches them even before they start. */
    private final java.util.Set<Running> running = java.util.concurrent.ConcurrentHashMap.newKeySet();

    SshTarget(SshEndpoint endpoint, SshOptions options, KnownHostsStore knownHosts, HostKeyListener hostKeyListener,
              ExecutorService io) {
        this.endpoint = endpoint;
        this.options = options;
        this.knownHosts = knownHosts;
        this.hostKeyListener = hostKeyListener == null ? HostKeyListener.NONE : hostKeyListener;
        this.io = io;
    }

    @Override
    public String node() {
        return endpoint.node();
    }

    @Override
    public String address() {
        return endpoint.address();
    }

    public SshEndpoint endpoint() {
        return endpoint;
    }

    /** How many SSH sessions this target has opened so far (1 while the first one lives). */
    public long connectCount() {
        return connects.get();
    }

    /** Whether a session is open right now (it may still turn out dead on the next command). */
    public boolean isConnected() {
        Session s = session;
        return s != null && s.isConnected();
    }

    /** Opens the session now instead of on the first command (to show connection problems early). */
    public void connect() throws TargetException {
        lock.lock();
        try {
            session();
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- exec

    /** The command line of every exec channel; never contains anything from the script. */
    static String remoteCommand(boolean root) {
        return (root ? "" : "sudo -n ") + "setsid -w bash -euo pipefail -s";
    }

    /** What is written to the remote bash's stdin. */
    static byte[] stdinPayload(String script, byte[] stdin) {
        return Shell.bashStdin("printf '" + PGID_MARKER.replace("\u001e", "\\036") + "%s\\n' \"$$\" >&2\n", script,
                stdin);
    }

    @Override
    public ExecResult exec(String script, ExecOptions opts, OutputListener listener) throws TargetException {
        Running run = new Running();
        running.add(run);
        try {
            lock.lock();
            try {
                if (run.cancelled.isDone()) {
                    throw new TargetException(Kind.CANCELLED, node(), address(), Problem.error("cancelled before it started", "run the step again"));
                }
                return runOn(start(run, listener == null ? OutputListener.NONE : listener), run, script, opts);
            } finally {
                lock.unlock();
            }
        } finally {
            running.remove(run);
        }
    }

    /** Opens an exec channel, reconnecting once if the cached session turns out to be dead. */
    private ChannelExec openExec(String command) throws TargetException {
        for (int attempt = 0; ; attempt++) {
            Session s = session();
            try {
                ChannelExec ch = (ChannelExec) s.openChannel("exec");
                ch.setCommand(command);
                return ch;
            } catch (JSchException | RuntimeException e) {
                dropSession(s);
                if (attempt > 0) {
                    throw SshErrors.connectFailed(endpoint, e, null, knownHosts.file(), connectTimeoutMillis());
                }
            }
        }
    }

    /** An exec channel whose command runs, with its output already being read. */
    private record Started(ChannelExec ch, OutputPump out, OutputPump err, OutputStream stdin) {
    }

    /**
     * Opens the channel and starts the command. If that fails, the cached session was dead (or half dead, with
     * no keepalive answer yet): nothing ran, so one retry on a fresh session is safe.
     */
    private Started start(Running run, OutputListener listener) throws TargetException {
        for (int attempt = 0; ; attempt++) {
            ChannelExec ch = openExec(remoteCommand(endpoint.root()));
            try {
                InputStream outStream = ch.getInputStream();
                InputStream errStream = ch.getErrStream();
                OutputStream stdin = ch.getOutputStream();
                OutputPump out = new OutputPump(outStream, node(), OutputListener.Stream.STDOUT, listener, null);
                OutputPump err = new OutputPump(errStream, node(), OutputListener.Stream.STDERR, listener,
                        run::interceptMarker);
                connectBounded(ch);
                return new Started(ch, out, err, stdin);
            } catch (IOException | JSchException | RuntimeException e) {
                // RuntimeException too: JSch can fail with a NullPointerException when the session dies while the
                // channel opens (seen in SshTargetTest.reconnectsWhenTheSessionDied); nothing ran, so retry once
                ch.disconnect();
                dropSession(session);
                if (attempt > 0) {
                    throw new TargetException(Kind.IO, node(), address(), Problem.error("could not start the "
                            + "command: " + SshErrors.oneLine(e), "cluster status, then run it again"), e);
                }
            }
        }
    }

    /**
     * Opens the channel and sends the exec request, bounded by the connect timeout. Not {@code ch.connect(timeout)}:
     * with a timeout JSch also asks for a reply to the exec request and waits for it in 10 ms sleeps, which cost
     * about 7 ms per command (measured with bench/fanout: 11 ms vs 4 ms per {@code hostname} on a warm session).
     * Without one, the channel-open wait is woken as soon as the server confirms, and a watchdog drops the session
     * if that takes longer than the connect timeout (a session that cannot open a channel in that time is dead).
     */
    private void connectBounded(ChannelExec ch) throws JSchException {
        Session s = session;
        AtomicInteger state = new AtomicInteger(); // 0 pending, 1 connected, 2 expired
        CompletableFuture.delayedExecutor(connectTimeoutMillis(), TimeUnit.MILLISECONDS, io).execute(() -> {
            if (state.compareAndSet(0, 2) && s != null) {
                s.disconnect();
            }
        });
        try {
            ch.connect();
        } finally {
            state.compareAndSet(0, 1);
        }
        if (state.get() == 2) {
            throw new JSchException("channel is not opened within " + connectTimeoutMillis() + " ms");
        }
    }

    private ExecResult runOn(Started started, Running run, String script, ExecOptions opts) throws TargetException {
        long start = System.nanoTime();
        long deadline = start + opts.timeout().toNanos();
        ChannelExec ch = started.ch();
        OutputPump out = started.out();
        OutputPump err = started.err();
        OutputStream stdin = started.stdin();
        CompletableFuture<Void> pumps = CompletableFuture.allOf(
                CompletableFuture.runAsync(out, io), CompletableFuture.runAsync(err, io));
        byte[] payload = stdinPayload(script, opts.stdin());
        CompletableFuture.runAsync(() -> {
            // On its own thread: a large stdin can block on the SSH window, which must not delay the timeout.
            try (stdin) {
                stdin.write(payload);
                stdin.flush();
            } catch (IOException ignored) {
                // the command exited (or was killed) before reading everything: its exit status tells the story
            }
        }, io);

        Kind stopped = null;
        try {
            long remaining = deadline - System.nanoTime();
            CompletableFuture.anyOf(pumps, run.cancelled).get(Math.max(0, remaining), TimeUnit.NANOSECONDS);
            if (run.cancelled.isDone() && !pumps.isDone()) {
                stopped = Kind.CANCELLED;
            }
        } catch (TimeoutException e) {
            stopped = run.cancelled.isDone() ? Kind.CANCELLED : Kind.TIMED_OUT;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped = Kind.CANCELLED;
        } catch (ExecutionException e) {
            throw new IllegalStateException("output pump failed", e.getCause());
        }

        if (stopped != null) {
            boolean killed = kill(ch, run, stopped == Kind.CANCELLED ? "INT" : "TERM");
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            if (!killed) {
                // The node did not answer the kill: the session is as good as dead (a partition, a node that
                // went away). Drop it so the next command reconnects instead of waiting on it. A timeout here is
                // the node's unreachability, not the command's slowness: UNREACHABLE (exit 3), not TIMED_OUT.
                dropSession(session);
                throw stopped == Kind.CANCELLED
                        ? new TargetException(Kind.CANCELLED, node(), address(), Problem.error("cancelled after " + seconds(took)
                        + ", but the node stopped answering, so the command could not be stopped and may still run there", "cluster status, and check the network to the node"))
                        : new TargetException(Kind.UNREACHABLE, node(), address(), Problem.error("no result within "
                        + seconds(opts.timeout()) + ", and the node stopped answering, so the command could not be killed and may still run there", "cluster status, and check the node is up and its network (a partition?), then run the step again"));
            }
            throw stopped == Kind.CANCELLED
                    ? new TargetException(Kind.CANCELLED, node(), address(), Problem.error("cancelled after "
                    + seconds(took) + "; the command and its children were stopped", "run the step again"))
                    : new TargetException(Kind.TIMED_OUT, node(), address(), Problem.error("no result within "
                    + seconds(opts.timeout()) + ", the command was killed", "look at what it waits for (network, a lock, a prompt), or raise the timeout"));
        }

        // Both streams are at EOF; exit-status and close follow within the same few packets.
        long closeBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        // Polled finely: it is usually a fraction of a millisecond, on every command.
        while (!ch.isClosed() && System.nanoTime() < closeBy && !Thread.currentThread().isInterrupted()) {
            java.util.concurrent.locks.LockSupport.parkNanos(100_000);
        }
        int exit = ch.getExitStatus();
        String signal = ch.getExitSignal();
        Session s = session;
        boolean lost = s == null || !s.isConnected();
        ch.disconnect();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        if (exit < 0 && signal != null) {
            exit = 128 + SIGNALS.getOrDefault(signal, 0);
        }
        if (exit < 0) {
            if (lost) {
                dropSession(s);
            }
            throw new TargetException(Kind.IO, node(), address(), Problem.error("connection lost while the "
                    + "command ran" + (lost ? "" : " (no exit status)") + "; it may or may not have finished. ", "cluster status, then run the step again (steps are idempotent)"));
        }
        return new ExecResult(node(), exit, out.text(), err.text(), took);
    }

    /**
     * How long the node gets to answer hardway's kill command (opening its channel, and beyond the kill grace,
     * running it). A node that is reachable answers in milliseconds; one behind a partition never does, and the
     * learner should hear so at the command's timeout, not seconds later.
     */
    static final Duration KILL_ANSWER = Duration.ofSeconds(2);

    /**
     * Stops a running command: a channel signal (for servers that forward it), then the whole process group from
     * a second channel, politely first and with KILL after {@link SshOptions#killGrace()}. Waits for that, so the
     * next command does not race with leftovers, but at most {@code killGrace + 2 * KILL_ANSWER}.
     *
     * @return false when the node did not confirm the kill (it stopped answering): the command may still run
     */
    private boolean kill(ChannelExec ch, Running run, String politeSignal) {
        // Not waited for: on a channel opened with a timeout JSch asks for a reply to the signal request and blocks
        // up to the connect timeout for it, which a node behind a partition never sends.
        CompletableFuture.runAsync(() -> {
            try {
                ch.sendSignal(politeSignal);
            } catch (Exception ignored) {
                // not every server takes signals; the group kill below does the work
            }
        }, io);
        Long pgid = null;
        try {
            // The marker is the script's first action; if the command was cancelled right after it started,
            // give it a moment so the group can be found (otherwise bash would still run the script it received).
            pgid = run.pgid.get(2, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // no marker: bash never started (sudo refused, setsid missing); closing the channel is all there is
        }
        boolean confirmed = true;
        if (pgid != null && pgid > 1) {
            long graceTicks = Math.max(1, options.killGrace().toMillis() / 50);
            String g = "-" + pgid;
            // "Still there" ignores zombies: orphans wait for the node's init to reap them, which can take
            // seconds (lab notes, pitfall 7), and a zombie has nothing left to kill.
            String alive = "ps -e -o pgid=,stat= | awk '$1 == " + pgid + " && $2 !~ /^Z/ { f = 1 } END { exit !f }'";
            String killer = "kill -" + politeSignal + " -- " + g + " 2>/dev/null || exit 0; "
                    + "for i in $(seq 1 " + graceTicks + "); do " + alive + " || exit 0; "
                    + "sleep 0.05; done; kill -KILL -- " + g + " 2>/dev/null; exit 0";
            confirmed = runQuietly((endpoint.root() ? "" : "sudo -n ") + "bash -c " + Shell.quote(killer),
                    options.killGrace().plus(KILL_ANSWER)) == 0;
        }
        ch.disconnect();
        return confirmed;
    }

    /**
     * Runs one of hardway's own short command lines (no listener, no marker) on the current session, never a new
     * one; best effort, bounded by {@link #KILL_ANSWER} to open the channel plus {@code timeout} to finish.
     *
     * @return its exit status, or -1 when it could not be run or did not finish in time
     */
    private int runQuietly(String command, Duration timeout) {
        ChannelExec k = null;
        try {
            Session s = session;
            if (s == null || !s.isConnected()) {
                return -1;
            }
            k = (ChannelExec) s.openChannel("exec");
            k.setCommand(command);
            k.setInputStream(null);
            k.connect((int) Math.min(connectTimeoutMillis(), KILL_ANSWER.toMillis()));
            long until = System.nanoTime() + timeout.toNanos();
            while (!k.isClosed() && System.nanoTime() < until) {
                Thread.sleep(5);
            }
            return k.isClosed() ? k.getExitStatus() : -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        } catch (Exception e) {
            // if even this fails the session is gone, and with it (for sshd) the command's stdin and stdout
            return -1;
        } finally {
            if (k != null) {
                k.disconnect();
            }
        }
    }

    @Override
    public void cancel() {
        running.forEach(r -> r.cancelled.complete(null));
    }

    // ---------------------------------------------------------------- files

    @Override
    public void put(String path, byte[] content, String mode, String owner) throws TargetException {
        Shell.mode(mode);
        String[] own = owner == null ? null : Shell.owner(owner);
        if (!path.startsWith("/") || path.endsWith("/")) {
            throw new IllegalArgumentException("put needs an absolute file path, not: " + path);
        }
        String dir = path.substring(0, path.lastIndexOf('/'));
        if (dir.isEmpty()) {
            dir = "/";
        }
        String tmpName = ".hardway-put-" + UUID.randomUUID();
        lock.lock();
        try {
            String script;
            if (endpoint.root()) {
                // Same directory, then rename: readers never see a half-written config file.
                String tmp = (dir.equals("/") ? "" : dir) + "/" + tmpName;
                checked(exec("mkdir -p -- " + Shell.quote(dir)), "mkdir -p " + dir);
                upload(tmp, content);
                script = "chmod " + mode + " -- " + Shell.quote(tmp) + "\n"
                        + (own == null ? "" : "chown " + own[0] + (own[1] == null ? "" : ":" + own[1]) + " -- "
                        + Shell.quote(tmp) + "\n")
                        + "mv -f -- " + Shell.quote(tmp) + " " + Shell.quote(path) + "\n";
            } else {
                // The login user cannot write there; stage in /tmp (created 0600 before the content goes in).
                String tmp = "/tmp/" + tmpName;
                upload(tmp, content);
                script = "trap 'rm -f -- " + Shell.quote(tmp).replace("'", "'\\''") + "' EXIT\n"
                        + "install -D -m " + mode
                        + (own == null ? "" : " -o " + own[0] + (own[1] == null ? "" : " -g " + own[1]))
                        + " -- " + Shell.quote(tmp) + " " + Shell.quote(path) + "\n";
            }
            checked(exec(script), "install " + path);
        } finally {
            lock.unlock();
        }
    }

    private void checked(ExecResult r, String what) throws TargetException {
        if (!r.ok()) {
            throw new TargetException(Kind.IO, node(), address(), Problem.error("" + what + " failed (exit "
                    + r.exitCode() + "): " + firstLine(r.stderr()), "check the path and the disk on the node"));
        }
    }

    private void upload(String remote, byte[] content) throws TargetException {
        ChannelSftp sftp = openSftp();
        try {
            // Create empty and restrict first: the content may be a private key.
            sftp.put(new ByteArrayInputStream(new byte[0]), remote, ChannelSftp.OVERWRITE);
            sftp.chmod(0600, remote);
            sftp.put(new ByteArrayInputStream(content), remote, ChannelSftp.OVERWRITE);
        } catch (SftpException e) {
            throw new TargetException(Kind.IO, node(), address(), Problem.error("upload to " + remote
                    + " failed: " + sftpMessage(e), "check free space and permissions on the node"), e);
        } finally {
            sftp.disconnect();
        }
    }

    @Override
    public byte[] get(String path) throws TargetException {
        lock.lock();
        try {
            ChannelSftp sftp = openSftp();
            try {
                ByteArrayOutputStream buf = new ByteArrayOutputStream();
                sftp.get(path, buf);
                return buf.toByteArray();
            } catch (SftpException e) {
                if (e.id == ChannelSftp.SSH_FX_PERMISSION_DENIED && !endpoint.root()) {
                    return getWithSudo(path);
                }
                if (e.id == ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                    throw new TargetException(Kind.IO, node(), address(), Problem.error("no such file: "
                            + path, "check the lesson step that creates it ran (lesson check)"), e);
                }
                throw new TargetException(Kind.IO, node(), address(), Problem.error("cannot read " + path
                        + ": " + sftpMessage(e), "check the path and its permissions on the node"), e);
            } finally {
                sftp.disconnect();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * A file the login user may not read, through sudo as base64. Taken from the output listener line by line, not
     * from the collected stdout: that stops at {@code OutputPump.MAX_COLLECTED} (16 MiB of text, a 12 MiB file),
     * and the binaries the lessons copy from the jumpbox are bigger (etcd: 23 MiB; seen on real Vagrant VMs, whose
     * login user is vagrant, not root).
     */
    private byte[] getWithSudo(String path) throws TargetException {
        java.io.ByteArrayOutputStream b64 = new java.io.ByteArrayOutputStream();
        ExecResult r = exec("base64 -- " + Shell.quote(path), ExecOptions.DEFAULT, (n, stream, line) -> {
            if (stream == OutputListener.Stream.STDOUT) {
                b64.writeBytes(line.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            }
        });
        checked(r, "read " + path);
        return Base64.getMimeDecoder().decode(b64.toByteArray());
    }

    private ChannelSftp openSftp() throws TargetException {
        for (int attempt = 0; ; attempt++) {
            Session s = session();
            try {
                ChannelSftp sftp = (ChannelSftp) s.openChannel("sftp");
                sftp.connect(connectTimeoutMillis());
                return sftp;
            } catch (JSchException e) {
                if (s.isConnected() && attempt == 0) {
                    throw new TargetException(Kind.IO, node(), address(), Problem.error("the SFTP subsystem "
                            + "is not available (" + SshErrors.oneLine(e) + ")", "enable 'Subsystem sftp' in the node's sshd_config"), e);
                }
                dropSession(s);
                if (attempt > 0) {
                    throw SshErrors.connectFailed(endpoint, e, null, knownHosts.file(), connectTimeoutMillis());
                }
            }
        }
    }

    // ---------------------------------------------------------------- session

    /** The live session, connecting (again) if needed. Call with {@link #lock} held. */
    private Session session() throws TargetException {
        Session s = session;
        if (s != null && s.isConnected()) {
            return s;
        }
        if (s != null) {
            dropSession(s);
        }
        JSch jsch = new JSch();
        try {
            jsch.addIdentity(endpoint.keyPath().toString());
        } catch (JSchException e) {
            throw SshErrors.keyUnreadable(endpoint, e);
        }
        KnownHostsStore.NodeView hostKeys = knownHosts.forNode(node(), address(), hostKeyListener);
        try {
            s = jsch.getSession(endpoint.user(), endpoint.host(), endpoint.port());
            s.setHostKeyRepository(hostKeys);
            s.setConfig("StrictHostKeyChecking", "yes"); // unknown keys are accepted by the repository (TOFU)
            s.setConfig("HashKnownHosts", "no");          // keep entries readable for ssh-keygen -R / -F
            s.setConfig("PreferredAuthentications", "publickey");
            // curve25519 first: the post-quantum default costs ~100 ms CPU per handshake (lab notes, pitfall 12).
            s.setConfig("kex", preferFirst(JSch.getConfig("kex"), "curve25519-sha256", "curve25519-sha256@libssh.org"));
            s.setConfig("server_host_key", preferFirst(JSch.getConfig("server_host_key"), "ssh-ed25519"));
            s.setConfig("PubkeyAcceptedAlgorithms",
                    preferFirst(JSch.getConfig("PubkeyAcceptedAlgorithms"), "ssh-ed25519"));
            s.setServerAliveInterval((int) options.keepAlive().toMillis());
            s.setServerAliveCountMax(3);
            s.setDaemonThread(true);
            s.connect(connectTimeoutMillis());
        } catch (JSchException e) {
            if (s != null) {
                s.disconnect();
            }
            throw SshErrors.connectFailed(endpoint, e, hostKeys.mismatch(), knownHosts.file(), connectTimeoutMillis());
        }
        connects.incrementAndGet();
        session = s;
        return s;
    }

    private void dropSession(Session s) {
        if (s != null) {
            s.disconnect();
        }
        if (session == s) {
            session = null;
        }
    }

    /** Moves {@code first} (in the order given, when present) to the front of a comma-separated algorithm list. */
    static String preferFirst(String list, String... first) {
        StringBuilder sb = new StringBuilder();
        java.util.List<String> rest = new java.util.ArrayList<>(java.util.Arrays.asList(list.split(",")));
        for (String f : first) {
            if (rest.remove(f)) {
                sb.append(f).append(',');
            }
        }
        rest.forEach(r -> sb.append(r).append(','));
        return sb.length() == 0 ? list : sb.substring(0, sb.length() - 1);
    }

    @Override
    public void close() {
        cancel();
        lock.lock();
        try {
            dropSession(session);
        } finally {
            lock.unlock();
        }
    }

    private int connectTimeoutMillis() {
        return (int) Math.min(Integer.MAX_VALUE, options.connectTimeout().toMillis());
    }

    private static String seconds(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    private static String firstLine(String s) {
        String t = s.strip();
        int nl = t.indexOf('\n');
        return t.isEmpty() ? "(no message)" : nl < 0 ? t : t.substring(0, nl);
    }

    private static String sftpMessage(SftpException e) {
        return e.getMessage() == null ? "SFTP error " + e.id : e.getMessage();
    }

    /** State of the one command running now. */
    private static final class Running {
        final CompletableFuture<Void> cancelled = new CompletableFuture<>();
        final CompletableFuture<Long> pgid = new CompletableFuture<>();

        boolean interceptMarker(String firstStderrLine) {
            if (firstStderrLine.startsWith(PGID_MARKER)) {
                try {
                    pgid.complete(Long.parseLong(firstStderrLine.substring(PGID_MARKER.length()).trim()));
                } catch (NumberFormatException e) {
                    pgid.complete(null);
                }
                return true;
            }
            return false;
        }
    }
}
