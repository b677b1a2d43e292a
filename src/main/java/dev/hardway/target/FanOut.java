package dev.hardway.target;

import dev.hardway.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs one task on many nodes at once with a bounded number of threads, and returns the outcome of every node in
 * the order the nodes were given, whatever order they finished in. One node failing does not stop the others.
 *
 * <p>One instance runs one fan-out at a time; {@link #cancel()} (the Ctrl-C handler, any thread) cancels the
 * commands running on every node and marks nodes that had not started yet as cancelled.
 *
 * <pre>{@code
 * List<NodeResult<ExecResult>> rs = new FanOut(pool).run(masters,
 *         t -> t.exec(script, ExecOptions.DEFAULT, printer));   // printer gets the node name with every line
 * }</pre>
 */
public final class FanOut {

    /** Default upper bound of parallel nodes: enough for every preset, gentle on a laptop running the VMs. */
    public static final int DEFAULT_PARALLELISM = 8;

    /** The work done on one node. */
    @FunctionalInterface
    public interface NodeTask<T> {
        T run(NodeTarget target) throws TargetException;
    }

    /**
     * The outcome on one node: exactly one of {@code result} and {@code error} is non-null (unless the task itself
     * returned null).
     */
    public record NodeResult<T>(String node, T result, TargetException error) {

        public boolean ok() {
            return error == null;
        }
    }

    private static final AtomicInteger THREADS = new AtomicInteger();

    private final TargetPool pool;
    private final int parallelism;
    private final List<NodeTarget> active = new ArrayList<>();
    private volatile boolean cancelled;

    public FanOut(TargetPool pool) {
        this(pool, DEFAULT_PARALLELISM);
    }

    public FanOut(TargetPool pool, int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1: " + parallelism);
        }
        this.pool = Objects.requireNonNull(pool, "pool");
        this.parallelism = parallelism;
    }

    /**
     * Runs {@code task} on each of {@code nodes} (at most {@code min(parallelism, nodes)} at a time) and waits for
     * all of them.
     *
     * @return one result per node, in the order of {@code nodes}
     */
    public <T> List<NodeResult<T>> run(List<String> nodes, NodeTask<T> task) {
        cancelled = false;
        if (nodes.isEmpty()) {
            return List.of();
        }
        ExecutorService workers = Executors.newFixedThreadPool(Math.min(parallelism, nodes.size()), r -> {
            Thread t = new Thread(r, "hardway-fanout-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<NodeResult<T>>> futures = new ArrayList<>();
            for (String node : nodes) {
                futures.add(workers.submit(() -> runOne(node, task)));
            }
            List<NodeResult<T>> results = new ArrayList<>(nodes.size());
            for (int i = 0; i < nodes.size(); i++) {
                results.add(await(futures.get(i)));
            }
            return results;
        } finally {
            workers.shutdownNow();
        }
    }

    private <T> NodeResult<T> runOne(String node, NodeTask<T> task) {
        NodeTarget target = pool.target(node);
        synchronized (active) {
            if (cancelled) { // cancel() sets the flag before it reads the active list
                return new NodeResult<>(node, null, notStarted(target));
            }
            active.add(target);
        }
        try {
            return new NodeResult<>(node, task.run(target), null);
        } catch (TargetException e) {
            return new NodeResult<>(node, null, e);
        } finally {
            synchronized (active) {
                active.remove(target);
            }
        }
    }

    private <T> NodeResult<T> await(Future<NodeResult<T>> f) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return f.get(50, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    if (cancelled) {
                        // A node may have been between "active" and its exec registering when cancel() ran.
                        cancelActive();
                    }
                } catch (InterruptedException e) {
                    // Finish collecting: every node gets a result; restore the flag afterwards.
                    interrupted = true;
                } catch (ExecutionException e) {
                    Throwable c = e.getCause();
                    if (c instanceof RuntimeException re) {
                        throw re;
                    }
                    if (c instanceof Error er) {
                        throw er;
                    }
                    throw new IllegalStateException(c);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static TargetException notStarted(NodeTarget t) {
        return new TargetException(TargetException.Kind.CANCELLED, t.node(), t.address(),Problem.error("cancelled before it started", "run the step again"));
    }

    /** Cancels the running fan-out: running commands are stopped, waiting nodes never start. */
    public void cancel() {
        cancelled = true;
        cancelActive();
    }

    private void cancelActive() {
        List<NodeTarget> running;
        synchronized (active) {
            running = List.copyOf(active);
        }
        running.forEach(NodeTarget::cancel);
    }
}
