package dev.hardway.lab.real;

import dev.hardway.target.ExecResult;
import dev.hardway.target.NodeTarget;
import dev.hardway.target.OutputListener;
import dev.hardway.target.TargetException;
import dev.hardway.target.TargetPool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/** A pool of in-memory targets: scripted command answers, a file system per node, nodes that can be "down". */
final class FakePool implements TargetPool {

    /** Answers a command on a node; null means "exit 0, no output". */
    BiFunction<String, String, ExecResult> answers = (node, script) -> null;
    final Set<String> down = Collections.synchronizedSet(new HashSet<>());
    final Map<String, Map<String, byte[]>> files = Collections.synchronizedMap(new HashMap<>());
    final List<String> log = Collections.synchronizedList(new ArrayList<>());
    final Map<String, Duration> timeouts = Collections.synchronizedMap(new LinkedHashMap<>());
    private final List<String> nodes;

    FakePool(List<String> nodes) {
        this.nodes = nodes;
    }

    static ExecResult result(String node, int exit, String stdout, String stderr) {
        return new ExecResult(node, exit, stdout, stderr, Duration.ofMillis(5));
    }

    @Override
    public List<String> nodes() {
        return nodes;
    }

    @Override
    public NodeTarget target(String node) {
        return new NodeTarget() {
            @Override
            public String node() {
                return node;
            }

            @Override
            public String address() {
                return node + ":22";
            }

            private void reach() throws TargetException {
                if (down.contains(node)) {
                    throw new TargetException(TargetException.Kind.UNREACHABLE, node, node + " (" + address()
                            + ") is unreachable: connect timed out. Try: cluster status");
                }
            }

            @Override
            public ExecResult exec(String script, dev.hardway.target.ExecOptions options, OutputListener listener)
                    throws TargetException {
                reach();
                log.add(node + " exec " + script);
                timeouts.put(node, options.timeout());
                ExecResult r = answers.apply(node, script);
                if (r == null) {
                    r = result(node, 0, "", "");
                }
                r.stdout().lines().forEach(l -> listener.line(node, OutputListener.Stream.STDOUT, l));
                return r;
            }

            @Override
            public void put(String path, byte[] content, String mode, String owner) throws TargetException {
                reach();
                log.add(node + " put " + path + " " + mode);
                files.computeIfAbsent(node, k -> new HashMap<>()).put(path, content);
            }

            @Override
            public byte[] get(String path) throws TargetException {
                reach();
                log.add(node + " get " + path);
                byte[] b = files.getOrDefault(node, Map.of()).get(path);
                if (b == null) {
                    throw new TargetException(TargetException.Kind.IO, node, node + ": cannot read " + path
                            + ": No such file. Try: run the step that creates it");
                }
                return b;
            }

            @Override
            public void cancel() {
            }

            @Override
            public void close() {
            }
        };
    }

    public void cancelAll() {
    }

    @Override
    public void close() {
    }
}
