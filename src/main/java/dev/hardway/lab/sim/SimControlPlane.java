package dev.hardway.lab.sim;

import dev.hardway.Problem;
import dev.hardway.cluster.ClusterConfig.Node;
import dev.hardway.lab.inspect.ApiserverReport;
import dev.hardway.lab.inspect.ApiserverReport.Trap;
import dev.hardway.lab.probe.ControlPlaneTraps;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The control plane of the simulated lab (lesson 06), derived from the model's files and units like everything in
 * {@link SimModel}: a kube-apiserver serves only when its unit runs and every file it reads is there (binary,
 * unit, certificates, service-account keys, etcd client certificate, encryption config); it is ready only when
 * etcd has quorum and the master is not cut off. kube-controller-manager and kube-scheduler run only with their
 * files and a ready apiserver on the same master (their kubeconfigs point at 127.0.0.1), and each leader lease is
 * held by one such master: the last holder while it stays eligible (leader election does not move a healthy
 * lease), else the lowest-named eligible one, so breaking the holder moves the lease.
 */
public final class SimControlPlane {

    public static final String CONTROLLER_MANAGER = "kube-controller-manager";
    public static final String SCHEDULER = "kube-scheduler";
    /** The components that hold a leader lease in kube-system, in the order reports list them. */
    public static final List<String> LEADERS = List.of(CONTROLLER_MANAGER, SCHEDULER);

    private static final String K = "/var/lib/kubernetes/";
    /** The encryption config of lesson 04 (--encryption-provider-config). */
    public static final String ENCRYPTION_CONFIG = K + "encryption-config.yaml";
    public static final String SCHEDULER_CONFIG = "/etc/kubernetes/config/kube-scheduler.yaml";

    /** What kube-apiserver reads at start (lessons 02, 04, 06); a missing one makes it exit. */
    public static final List<String> APISERVER_FILES = List.of("/usr/local/bin/kube-apiserver",
            "/etc/systemd/system/kube-apiserver.service", K + "ca.pem", K + "kube-apiserver.pem",
            K + "kube-apiserver-key.pem", K + "service-account.pem", K + "service-account-key.pem",
            K + "etcd-client.pem", K + "etcd-client-key.pem", ENCRYPTION_CONFIG);
    public static final List<String> CONTROLLER_MANAGER_FILES = List.of("/usr/local/bin/kube-controller-manager",
            "/etc/systemd/system/kube-controller-manager.service", K + "kube-controller-manager.kubeconfig",
            K + "ca.pem", K + "service-account-key.pem");
    public static final List<String> SCHEDULER_FILES = List.of("/usr/local/bin/kube-scheduler",
            "/etc/systemd/system/kube-scheduler.service", K + "kube-scheduler.kubeconfig", SCHEDULER_CONFIG);

    /**
     * One component on one master.
     *
     * @param installed a lesson step enabled its unit
     * @param serving   the process is up and listens (for kube-apiserver: port 6443 accepts connections)
     * @param ready     it does its job: apiserver /readyz passes; controller-manager/scheduler can reach their API
     * @param readyz    the apiserver's /readyz?verbose summary ("ok", "[-]etcd failed"), or why there is no answer
     * @param notReady  the failed readyz checks
     * @param problem   why not ready, naming the node, with its fix; null when ready
     * @param trap      the known wrong state behind {@code problem}, or null
     */
    public record Component(String node, String unit, boolean installed, boolean serving, boolean ready,
                            String readyz, List<String> notReady, Problem problem, Trap trap) {
    }

    private SimControlPlane() {
    }

    private static List<String> files(String unit) {
        return switch (unit) {
            case CONTROLLER_MANAGER -> CONTROLLER_MANAGER_FILES;
            case SCHEDULER -> SCHEDULER_FILES;
            default -> APISERVER_FILES;
        };
    }

    private static Optional<String> missingFile(SimModel m, String node, String unit) {
        return files(unit).stream().filter(f -> !f.equals(ENCRYPTION_CONFIG) || needsEncryptionConfig(m, node))
                .filter(f -> m.file(node, f).map(e -> e.size() > 0).orElse(false) == false).findFirst();
    }

    /**
     * kube-apiserver reads the encryption config only when its unit names {@code --encryption-provider-config}
     * (then a missing file stops it at start); a unit without the flag starts and stores Secrets as plaintext. A
     * unit whose text the model does not know (a script made it) is taken to have the flag, as lesson 06 writes it.
     */
    private static boolean needsEncryptionConfig(SimModel m, String node) {
        return m.file(node, "/etc/systemd/system/kube-apiserver.service").map(SimModel.FileEntry::text)
                .map(t -> t.contains("--encryption-provider-config")).orElse(true);
    }

    /** kube-apiserver on {@code master}. */
    public static Component apiserver(SimModel m, String master) {
        String unit = SimModel.APISERVER;
        if (!m.isUp(master)) {
            return new Component(master, unit, m.isEnabled(master, unit), false, false, null, List.of(),
                    Problem.error(master + " is powered off (simulated)", "heal " + master), null);
        }
        if (!m.isEnabled(master, unit)) {
            return new Component(master, unit, false, false, false, "-", List.of(), Problem.error(master + ": " + unit + " is not installed yet", "lesson start 06-control-plane"), null);
        }
        if (!m.isActive(master, unit)) {
            return new Component(master, unit, true, false, false, "connection refused (kube-apiserver is not"
                    + " running)", List.of(), m.whyInactive(master, unit).prefixed(master + ": "), null);
        }
        Optional<String> missing = missingFile(m, master, unit);
        if (missing.isPresent()) {
            Trap t = missing.get().equals(ENCRYPTION_CONFIG)
                    ? ControlPlaneTraps.encryptionConfigMissing(master, ENCRYPTION_CONFIG)
                    : ControlPlaneTraps.fileMissing(master, missing.get());
            return new Component(master, unit, true, false, false, "connection refused (kube-apiserver exits at"
                    + " start and systemd restarts it)", List.of(), Problem.error(master + ": kube-apiserver keeps"
                    + " restarting: " + t.what(), t.fix()), t);
        }
        if (m.isPartitioned(master)) {
            return new Component(master, unit, true, true, false, "[-]etcd failed", List.of("etcd"), Problem.error(master
                    + ": /readyz: [-]etcd failed: its etcd client cannot reach the other members (network partition, simulated)", "heal " + master), null);
        }
        if (m.computeLeader() == null) {
            return new Component(master, unit, true, true, false, "[-]etcd failed", List.of("etcd"), Problem.error(master + ": /readyz: [-]etcd failed: etcd has no leader (quorum lost)", "check etcd"), null);
        }
        return new Component(master, unit, true, true, true, "ok", List.of(), null, null);
    }

    /** The apiserver process listens on 6443 (haproxy's TCP check sees it UP), ready or not. */
    public static boolean apiserverServing(SimModel m, String master) {
        return apiserver(m, master).serving();
    }

    /**
     * Whether an active {@code unit} on {@code node} really runs: a control-plane unit whose files are missing exits
     * at start and systemd keeps restarting it ({@code systemctl is-active}: activating), any other unit runs.
     */
    public static boolean running(SimModel m, String node, String unit) {
        if (!m.isActive(node, unit)) {
            return false;
        }
        return switch (unit) {
            case SimModel.APISERVER, CONTROLLER_MANAGER, SCHEDULER -> missingFile(m, node, unit).isEmpty();
            default -> true;
        };
    }

    /** The apiserver on {@code master} answers /healthz and /readyz ok. */
    public static boolean apiserverReady(SimModel m, String master) {
        return apiserver(m, master).ready();
    }

    /** kube-controller-manager or kube-scheduler on {@code master}. */
    public static Component controller(SimModel m, String master, String unit) {
        if (!m.isUp(master)) {
            return new Component(master, unit, m.isEnabled(master, unit), false, false, null, List.of(),
                    Problem.error(master + " is powered off (simulated)", "heal " + master), null);
        }
        if (!m.isActive(master, unit)) {
            return new Component(master, unit, m.isEnabled(master, unit), false, false, null, List.of(),
                    m.whyInactive(master, unit).prefixed(master + ": "), null);
        }
        Optional<String> missing = missingFile(m, master, unit);
        if (missing.isPresent()) {
            Trap t = ControlPlaneTraps.fileMissing(master, missing.get());
            return new Component(master, unit, true, false, false, null, List.of(), Problem.error(master + ": " + unit
                    + " keeps restarting: " + t.what(), t.fix()), t);
        }
        if (m.isPartitioned(master)) {
            return new Component(master, unit, true, true, false, null, List.of(), Problem.error(master + ": " + unit
                    + " cannot renew its lease: " + master + " is cut off (network partition, simulated)", "heal " + master), null);
        }
        Component api = apiserver(m, master);
        if (!api.ready()) {
            return new Component(master, unit, true, true, false, null, List.of(), Problem.error(master + ": " + unit
                    + " cannot reach the API at https://127.0.0.1:6443 (" + (api.readyz() == null ? "not ready"
                    : api.readyz()) + ")", api.problem() == null ? "inspect apiserver" : api.problem().fix()), null);
        }
        return new Component(master, unit, true, true, true, null, List.of(), null, null);
    }

    private static List<String> eligible(SimModel m, String unit) {
        return m.cluster().masters().stream().map(Node::name).filter(n -> controller(m, n, unit).ready()).toList();
    }

    /** Who holds {@code unit}'s lease now: the last holder while eligible, else the lowest-named eligible master. */
    static String holder(SimModel m, String unit) {
        List<String> ok = eligible(m, unit);
        String last = m.data.leaseHolders.get(unit);
        if (last != null && ok.contains(last)) {
            return last;
        }
        return ok.stream().min(Comparator.naturalOrder()).orElse(null);
    }

    /** Records the lease holders after a change (called from {@link SimModel#settle}). */
    static void settle(SimModel m) {
        for (String unit : LEADERS) {
            String h = holder(m, unit);
            if (h != null) {
                m.data.leaseHolders.put(unit, h);
            }
        }
    }

    /**
     * The leases as {@code kubectl get lease} on a master would show them. Empty when no API answers (no lease can
     * be read); a component that never ran has no lease (kubectl: NotFound).
     */
    public static List<ApiserverReport.Lease> leases(SimModel m) {
        boolean apiUp = m.cluster().masters().stream().anyMatch(n -> apiserverReady(m, n.name()));
        List<ApiserverReport.Lease> out = new ArrayList<>();
        if (!apiUp) {
            return out;
        }
        for (String unit : LEADERS) {
            String h = holder(m, unit);
            String last = m.data.leaseHolders.get(unit);
            if (h != null) {
                out.add(new ApiserverReport.Lease(unit, h + "_" + identity(m, h, unit), h, true, "just now", null));
            } else if (last != null) {
                out.add(new ApiserverReport.Lease(unit, last + "_" + identity(m, last, unit), last, false,
                        "more than 15 s ago", why(m, unit).prefixed(unit + ": the lease is still " + last + "'s, who"
                        + " stopped renewing it, and no other master can take it over: ")));
            }
        }
        return out;
    }

    /** Why no master can hold {@code unit}'s lease: each master's reason. */
    static Problem why(SimModel m, String unit) {
        List<Problem> out = new ArrayList<>();
        for (Node n : m.cluster().masters()) {
            Component c = controller(m, n.name(), unit);
            if (!c.ready()) {
                out.add(c.problem());
            }
        }
        return Problem.error(String.join("; ", out.stream().map(Problem::what).toList()), out.stream()
                .map(Problem::fix).filter(java.util.Objects::nonNull).findFirst().orElse("inspect apiserver"));
    }

    /** A stable stand-in for the UUID leader election appends to the hostname. */
    private static String identity(SimModel m, String node, String unit) {
        return Integer.toHexString((m.cluster().name() + "/" + node + "/" + unit).hashCode() & 0x7fffffff);
    }
}
