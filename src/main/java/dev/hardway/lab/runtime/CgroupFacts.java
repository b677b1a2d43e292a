package dev.hardway.lab.runtime;

import dev.hardway.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A node's cgroup hierarchy as {@code stat -fc %T /sys/fs/cgroup} and {@code /sys/fs/cgroup/cgroup.controllers}
 * show it. The kubelet (1.35+, {@code failCgroupV1}) refuses anything but {@code cgroup2fs}; it also needs the
 * {@code required} controllers, which a lab that runs no kubelet may leave out.
 */
public record CgroupFacts(String node, String fsType, Set<String> controllers, Problem unreachable) {

    public CgroupFacts {
        controllers = Set.copyOf(controllers);
    }

    public boolean v2() {
        return "cgroup2fs".equals(fsType);
    }

    public List<Problem> problems(List<String> required) {
        List<Problem> out = new ArrayList<>();
        if (unreachable != null) {
            out.add(unreachable);
            return out;
        }
        if (!v2()) {
            String what = "tmpfs".equals(fsType) ? "cgroup v1 (or hybrid)" : "'" + fsType + "'";
            out.add(Problem.error(node + " runs " + what + ": /sys/fs/cgroup is not cgroup2fs, and the kubelet (1.35+) refuses to start (kubelet is configured to not run on a host using cgroup v1)", "boot with systemd.unified_cgroup_hierarchy=1, or use Ubuntu 24.04 / Debian 12"));
            return out;
        }
        List<String> missing = required.stream().filter(c -> !controllers.contains(c)).toList();
        if (!missing.isEmpty()) {
            out.add(Problem.error(node + ": cgroup v2 without the controller" + (missing.size() == 1 ? " " : "s ")
                    + String.join(", ", missing) + " (cgroup.controllers: " + (controllers.isEmpty() ? "none"
                    : String.join(" ", controllers.stream().sorted().toList())) + "); the kubelet needs them.", "cat /sys/fs/cgroup/cgroup.controllers on " + node));
        }
        return out;
    }
}
