package dev.hardway.lab;

import java.time.Duration;
import java.util.List;

/**
 * One lesson step, rendered for each of its nodes: what {@link Lab#apply} does.
 *
 * @param label    e.g. "05-etcd/start", for messages and the simulated lab's log
 * @param nodes    per-node work, in node order
 * @param timeout  how long the script may run on each node (the step's {@code timeout:}, default 120 s)
 */
public record StepAction(String label, List<NodeAction> nodes, Duration timeout) {

    /** The lesson format's default step timeout. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

    public StepAction {
        nodes = List.copyOf(nodes);
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
    }

    /** A step with the default timeout. */
    public StepAction(String label, List<NodeAction> nodes) {
        this(label, nodes, DEFAULT_TIMEOUT);
    }

    /**
     * @param files    rendered templates to upload before the script runs
     * @param copies   files the tool copies from another node (e.g. certificates from the jumpbox) before the script
     * @param script   the rendered bash script (may be empty)
     * @param creates  paths the script creates on this node (the simulated lab records them)
     * @param services units the step leaves active on this node (the simulated lab starts them)
     * @param objects  the API objects of the step's {@code applies:} manifests, which {@code script} applies with
     *                 kubectl (the manifests themselves are among {@code files}); the simulated lab records them
     */
    public record NodeAction(String node, List<FileWrite> files, List<FileCopy> copies, String script,
                             List<String> creates, List<String> services, List<ApiObject> objects) {

        public NodeAction {
            objects = objects == null ? List.of() : List.copyOf(objects);
        }

        /** A node's part that applies no manifests. */
        public NodeAction(String node, List<FileWrite> files, List<FileCopy> copies, String script,
                          List<String> creates, List<String> services) {
            this(node, files, copies, script, creates, services, List.of());
        }
    }

    /** A rendered file to write: mode in octal ("0644"), owner "user:group" or null for root. */
    public record FileWrite(String path, byte[] content, String mode, String owner) {
    }

    /** Copy {@code fromPath} on {@code fromNode} to {@code toPath} on the action's node. */
    public record FileCopy(String fromNode, String fromPath, String toPath, String mode, String owner) {
    }
}
