package dev.hardway.lab.sim;

import dev.hardway.lab.StepAction;
import dev.hardway.lab.StepAction.FileCopy;
import dev.hardway.lab.StepAction.FileWrite;
import dev.hardway.lab.StepAction.NodeAction;
import dev.hardway.lab.StepOutcome;
import dev.hardway.target.OutputListener;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Builds step actions the way the lesson engine will, for tests. */
public final class SimFixtures {
    private SimFixtures() {
    }

    static StepAction services(String label, List<String> nodes, String... units) {
        List<NodeAction> out = new ArrayList<>();
        for (String n : nodes) {
            out.add(new NodeAction(n, controlPlaneFiles(units), List.of(), "systemctl daemon-reload\nsystemctl enable"
                    + " --now " + String.join(" ", units) + "\n", List.of(), List.of(units)));
        }
        return new StepAction(label, out);
    }

    /**
     * The files lessons 02-06 leave on a master for the control-plane units among {@code units} (binary, unit,
     * certificates, kubeconfigs, encryption config): the simulated lab runs them only with these.
     */
    public static List<FileWrite> controlPlaneFiles(String... units) {
        java.util.LinkedHashSet<String> paths = new java.util.LinkedHashSet<>();
        for (String u : units) {
            switch (u) {
                case SimModel.APISERVER -> paths.addAll(SimControlPlane.APISERVER_FILES);
                case SimControlPlane.CONTROLLER_MANAGER -> paths.addAll(SimControlPlane.CONTROLLER_MANAGER_FILES);
                case SimControlPlane.SCHEDULER -> paths.addAll(SimControlPlane.SCHEDULER_FILES);
                default -> {
                }
            }
        }
        // the apiserver unit names the encryption config, as lesson 06 writes it (the lab then requires the file)
        return paths.stream().map(p -> new FileWrite(p, (p.equals("/etc/systemd/system/kube-apiserver.service")
                ? "[Service]\nExecStart=/usr/local/bin/kube-apiserver --encryption-provider-config="
                + SimControlPlane.ENCRYPTION_CONFIG + "\n" : "fixture " + p).getBytes(StandardCharsets.UTF_8), "0600",
                null)).toList();
    }

    static StepAction write(String label, String node, String path, String content) {
        return new StepAction(label, List.of(new NodeAction(node,
                List.of(new FileWrite(path, content.getBytes(StandardCharsets.UTF_8), "0644", null)), List.of(),
                "", List.of(), List.of())));
    }

    static StepAction creates(String label, String node, String script, String... paths) {
        return new StepAction(label, List.of(new NodeAction(node, List.of(), List.of(), script, List.of(paths),
                List.of())));
    }

    static StepAction copy(String label, List<String> nodes, String fromNode, String from, String to) {
        return new StepAction(label, nodes.stream().map(n -> new NodeAction(n, List.of(),
                List.of(new FileCopy(fromNode, from, to, "0600", null)), "", List.of(), List.of())).toList());
    }

    /** Collects output lines as "node|line". */
    static final class Lines implements OutputListener {
        final List<String> lines = new ArrayList<>();

        @Override
        public synchronized void line(String node, Stream stream, String line) {
            lines.add(node + "|" + line);
        }
    }

    static StepOutcome ok(StepOutcome o) {
        if (!o.ok()) {
            throw new AssertionError("step failed: " + o.failed());
        }
        return o;
    }
}
