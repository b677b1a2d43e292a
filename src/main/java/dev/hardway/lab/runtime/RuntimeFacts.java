package dev.hardway.lab.runtime;

import dev.hardway.Problem;
import java.util.ArrayList;
import java.util.List;

/**
 * containerd on one worker as the {@code runtime-ready} probe sees it: whether it answers ({@code ctr version}),
 * whether its CRI plugin loaded ({@code ctr plugins ls}), the config file's text, the deprecations containerd
 * reports ({@code ctr deprecations list}), and whether runc and the CNI plugins it needs are there. Filled from the
 * node's tools by the real probe and from the model by the simulated lab; {@link #problems()} is the one verdict.
 *
 * @param whyNot why containerd does not answer (node off, unit stopped, socket missing), or null
 */
public record RuntimeFacts(String node, boolean answers, Problem whyNot, boolean criOk, String configText,
                           List<String> deprecations, boolean runc, boolean loopback, boolean ipamPlugins) {

    public static final String CONFIG = "/etc/containerd/config.toml";

    public RuntimeFacts {
        deprecations = List.copyOf(deprecations);
    }

    /** Every reason this runtime is not ready for the kubelet, naming the node and the fix; empty when ready. */
    public List<Problem> problems() {
        List<Problem> out = new ArrayList<>();
        if (!answers) {
            out.add(whyNot != null ? whyNot : Problem.error("containerd does not answer on " + node + " (ctr version"
                    + " fails)", "systemctl status containerd; journalctl -u containerd -n 50 (on " + node + ")"));
            return out;
        }
        if (!criOk) {
            out.add(Problem.error("containerd's CRI plugin is not loaded on " + node + " (ctr plugins ls: io.containerd.grpc.v1 cri is not ok), so the kubelet cannot use it", "journalctl -u containerd | grep -i cri (on " + node + ")"));
        }
        if (configText == null) {
            out.add(Problem.error(CONFIG + " is missing on " + node + ": containerd runs on its defaults (cgroupfs, no SystemdCgroup)", "lesson run"));
        } else {
            for (Problem p : ContainerdConfig.parse(configText).problems(CONFIG)) {
                out.add(p.prefixed(node + ": "));
            }
        }
        for (String d : deprecations) {
            out.add(Problem.error(node + ": containerd reports the deprecation " + d + " (ContainerdHasNoDeprecationWarnings=false).", "ctr deprecations list; containerd config dump"));
        }
        if (!runc) {
            out.add(Problem.error("runc is not on PATH on " + node + ": containers fail with exec: \"runc\": executable file not found in $PATH", "install -m 0755 runc /usr/local/bin/runc"));
        }
        if (!loopback) {
            out.add(Problem.error("/opt/cni/bin/loopback is missing on " + node + ": every pod sandbox fails with failed to find plugin \"loopback\" in path [/opt/cni/bin]", "copy the CNI plugins to /opt/cni/bin"));
        } else if (!ipamPlugins) {
            out.add(Problem.error("/opt/cni/bin on " + node + " lacks bridge or host-local", "copy the CNI plugins to /opt/cni/bin"));
        }
        return out;
    }

    /** "containerd ready (SystemdCgroup, config version 3)" or what is wrong, for the summary. */
    public String summary() {
        ContainerdConfig c = ContainerdConfig.parse(configText);
        return "containerd ready (config version " + c.version() + ", SystemdCgroup = " + c.systemdCgroup() + ")";
    }
}
