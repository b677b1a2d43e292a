package dev.hardway.target.ssh;

import dev.hardway.target.NodeTarget;
import dev.hardway.target.TargetPool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The SSH targets of one cluster: one {@link SshTarget} per node, connected on first use and reused until
 * {@link #close()}. All of them share one known_hosts file (hardway passes
 * {@code $HARDWAY_HOME/labs/<cluster>/known_hosts}) and one pool of I/O threads. Thread-safe.
 *
 * <p>From a cluster config: {@code new SshTargetPool(SshEndpoint.fromCluster(config, home), knownHosts,
 * SshOptions.DEFAULTS, listener)}.
 */
public final class SshTargetPool implements TargetPool {

    private final Map<String, SshEndpoint> endpoints = new LinkedHashMap<>();
    private final Map<String, SshTarget> targets = new LinkedHashMap<>();
    private final KnownHostsStore knownHosts;
    private final SshOptions options;
    private final HostKeyListener hostKeyListener;
    private final ExecutorService io;
    private boolean closed;

    /**
     * @param knownHosts created (0600, with its directory) when missing
     * @throws UncheckedIOException when known_hosts exists but cannot be read
     * @throws IllegalArgumentException on duplicate node names
     */
    public SshTargetPool(List<SshEndpoint> endpoints, Path knownHosts, SshOptions options,
                         HostKeyListener hostKeyListener) {
        for (SshEndpoint ep : endpoints) {
            if (this.endpoints.put(ep.node(), ep) != null) {
                throw new IllegalArgumentException("duplicate node " + ep.node());
            }
        }
        try {
            this.knownHosts = new KnownHostsStore(knownHosts);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.options = options == null ? SshOptions.DEFAULTS : options;
        this.hostKeyListener = hostKeyListener == null ? HostKeyListener.NONE : hostKeyListener;
        AtomicInteger n = new AtomicInteger();
        // Cached, not fixed: every running command needs its own stdout/stderr/stdin threads for a moment.
        this.io = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "hardway-ssh-io-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public List<String> nodes() {
        return List.copyOf(endpoints.keySet());
    }

    @Override
    public synchronized SshTarget target(String node) {
        if (closed) {
            throw new IllegalStateException("pool is closed");
        }
        SshEndpoint ep = endpoints.get(node);
        if (ep == null) {
            throw new IllegalArgumentException("no node " + node + " in this pool (have " + endpoints.keySet() + ")");
        }
        return targets.computeIfAbsent(node, k -> new SshTarget(ep, options, knownHosts, hostKeyListener, io));
    }

    /** The known_hosts file the pool verifies against. */
    public Path knownHostsFile() {
        return knownHosts.file();
    }

    @Override
    public void close() {
        List<SshTarget> toClose;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toClose = List.copyOf(targets.values());
            targets.clear();
        }
        toClose.forEach(NodeTarget::close);
        io.shutdownNow();
    }
}
