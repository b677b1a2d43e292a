package dev.hardway.target.local;

import dev.hardway.Problem;
import dev.hardway.target.ExecOptions;
import dev.hardway.target.ExecResult;
import dev.hardway.target.NodeTarget;
import dev.hardway.target.OutputListener;
import dev.hardway.target.OutputPump;
import dev.hardway.target.Shell;
import dev.hardway.target.TargetException;
import dev.hardway.target.TargetException.Kind;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The machine hardway runs on (for {@code vagrant} and friends), with the same contract as an SSH node: the
 * script goes on stdin of {@code bash -euo pipefail -s} (wrapped in {@code { ... }}, like the SSH target, so a
 * command reading stdin cannot swallow the rest of the script), output streams line by line, and timeout or
 * cancel stop the whole process tree. Runs as the current user, without sudo.
 */
public final class LocalTarget implements NodeTarget {

    private static final AtomicInteger THREADS = new AtomicInteger();

    private final String node;
    private final Map<String, String> environment;
    private final Path workDir;
    private final Duration killGrace;
    private final ExecutorService io = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "hardway-local-io-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });
    private final ReentrantLock lock = new ReentrantLock();
    /** Commands running or waiting for {@link #lock}: cancel() reaches them even before they start. */
    private final Set<CompletableFuture<Void>> cancels = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * @param node        name used in messages and for listeners (e.g. {@code "local"})
     * @param workDir     working directory of commands, or null for the JVM's
     * @param environment extra variables (e.g. {@code VAGRANT_CWD}); may be empty
     */
    public LocalTarget(String node, Path workDir, Map<String, String> environment) {
        this(node, workDir, environment, Duration.ofSeconds(1));
    }

    LocalTarget(String node, Path workDir, Map<String, String> environment, Duration killGrace) {
        this.node = node;
        this.workDir = workDir;
        this.environment = Map.copyOf(environment);
        this.killGrace = killGrace;
    }

    @Override
    public String node() {
        return node;
    }

    @Override
    public String address() {
        return "local";
    }

    @Override
    public ExecResult exec(String script, ExecOptions opts, OutputListener listener) throws TargetException {
        CompletableFuture<Void> cancel = new CompletableFuture<>();
        cancels.add(cancel);
        lock.lock();
        try {
            if (cancel.isDone()) {
                throw new TargetException(Kind.CANCELLED, node, "local", Problem.error("cancelled before it started. ", "run it again"));
            }
            return run(script, opts, listener == null ? OutputListener.NONE : listener, cancel);
        } finally {
            lock.unlock();
            cancels.remove(cancel);
        }
    }

    private ExecResult run(String script, ExecOptions opts, OutputListener listener, CompletableFuture<Void> cancel)
            throws TargetException {
        long start = System.nanoTime();
        ProcessBuilder pb = new ProcessBuilder("bash", "-euo", "pipefail", "-s");
        pb.environment().putAll(environment);
        if (workDir != null) {
            pb.directory(workDir.toFile());
        }
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new TargetException(Kind.IO, node, "local", Problem.error("cannot start bash: " + e.getMessage(), "check that bash is installed and on PATH"), e);
        }
        OutputPump out = new OutputPump(p.getInputStream(), node, OutputListener.Stream.STDOUT, listener, null);
        OutputPump err = new OutputPump(p.getErrorStream(), node, OutputListener.Stream.STDERR, listener, null);
        CompletableFuture<Void> pumps = CompletableFuture.allOf(
                CompletableFuture.runAsync(out, io), CompletableFuture.runAsync(err, io));
        byte[] payload = Shell.bashStdin("", script, opts.stdin());
        CompletableFuture.runAsync(() -> {
            try (OutputStream in = p.getOutputStream()) {
                in.write(payload);
            } catch (IOException ignored) {
                // bash exited before reading it all; its exit status says why
            }
        }, io);
        CompletableFuture<Void> finished = pumps.thenCombine(p.onExit(), (a, b) -> null);

        Kind stopped = null;
        try {
            CompletableFuture.anyOf(finished, cancel)
                    .get(Math.max(0, start + opts.timeout().toNanos() - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (!finished.isDone()) {
                stopped = Kind.CANCELLED;
            }
        } catch (TimeoutException e) {
            stopped = cancel.isDone() ? Kind.CANCELLED : Kind.TIMED_OUT;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped = Kind.CANCELLED;
        } catch (ExecutionException e) {
            throw new IllegalStateException("output pump failed", e.getCause());
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        if (stopped != null) {
            killTree(p);
            throw stopped == Kind.CANCELLED
                    ? new TargetException(Kind.CANCELLED, node, "local", Problem.error("cancelled after "
                    + String.format(java.util.Locale.ROOT, "%.1f s", took.toMillis() / 1000.0) + "; the command and its children were stopped", "run it again"))
                    : new TargetException(Kind.TIMED_OUT, node, "local", Problem.error("no result within "
                    + String.format(java.util.Locale.ROOT, "%.1f s", opts.timeout().toMillis() / 1000.0) + ", the command was killed", "look at what it waits for, or raise the timeout"));
        }
        return new ExecResult(node, p.exitValue(), out.text(), err.text(), took);
    }

    /**
     * TERM to the process and everything below it, KILL after the grace period. Descendants are listed before
     * the parent dies, because orphans are re-parented and can no longer be found from it.
     */
    private void killTree(Process p) {
        List<ProcessHandle> all = new ArrayList<>();
        p.descendants().forEach(all::add);
        all.add(p.toHandle());
        all.forEach(ProcessHandle::destroy);
        long until = System.nanoTime() + killGrace.toNanos();
        while (System.nanoTime() < until && all.stream().anyMatch(LocalTarget::running)) {
            // children forked meanwhile are caught here too
            p.descendants().filter(h -> !all.contains(h)).forEach(h -> {
                all.add(h);
                h.destroy();
            });
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        all.forEach(ProcessHandle::destroyForcibly);
        try {
            p.waitFor(killGrace.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Alive and not a zombie. Orphans of a killed script wait for init to reap them, which can take seconds on
     * some machines; they have nothing left to kill, so they do not hold up the kill.
     */
    public static boolean running(ProcessHandle h) {
        if (!h.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc/" + h.pid() + "/stat"));
            int close = stat.lastIndexOf(')'); // the command name may contain spaces and parentheses
            return close < 0 || close + 2 >= stat.length() || stat.charAt(close + 2) != 'Z';
        } catch (IOException | RuntimeException e) {
            return h.isAlive(); // no /proc (not Linux) or the process just went away
        }
    }

    @Override
    public void cancel() {
        cancels.forEach(c -> c.complete(null));
    }

    @Override
    public void put(String path, byte[] content, String mode, String owner) throws TargetException {
        Shell.mode(mode);
        String[] own = owner == null ? null : Shell.owner(owner);
        Path target = Path.of(path).toAbsolutePath();
        Path tmp = target.resolveSibling(".hardway-put-" + UUID.randomUUID());
        try {
            Files.createDirectories(target.getParent());
            Files.createFile(tmp, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE)));
            Files.write(tmp, content);
            Files.setPosixFilePermissions(tmp, permissions(mode));
            if (own != null) {
                UserPrincipalLookupService users = FileSystems.getDefault().getUserPrincipalLookupService();
                Files.setOwner(tmp, users.lookupPrincipalByName(own[0]));
                if (own[1] != null) {
                    GroupPrincipal g = users.lookupPrincipalByGroupName(own[1]);
                    Files.getFileAttributeView(tmp, PosixFileAttributeView.class).setGroup(g);
                }
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // best effort
            }
            throw new TargetException(Kind.IO, node, "local", Problem.error("cannot write " + path + ": " + e, "check the directory exists and is writable"), e);
        }
    }

    static Set<PosixFilePermission> permissions(String mode) {
        int bits = Integer.parseInt(mode, 8);
        if (bits > 0777) {
            throw new IllegalArgumentException("setuid/setgid/sticky bits are not supported locally: " + mode);
        }
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
        for (int i = 0; i < order.length; i++) {
            if ((bits & (1 << i)) != 0) {
                set.add(order[i]);
            }
        }
        return set;
    }

    @Override
    public byte[] get(String path) throws TargetException {
        try {
            return Files.readAllBytes(Path.of(path));
        } catch (NoSuchFileException e) {
            throw new TargetException(Kind.IO, node, "local", Problem.error("no such file: " + path, "check the path"), e);
        } catch (IOException e) {
            throw new TargetException(Kind.IO, node, "local", Problem.error("cannot read " + path + ": " + e, "check its permissions"), e);
        }
    }

    @Override
    public void close() {
        // The I/O threads are cached daemons that end on their own when idle; the target stays usable.
        cancel();
    }
}
