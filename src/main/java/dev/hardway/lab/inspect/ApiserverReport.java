package dev.hardway.lab.inspect;

import dev.hardway.Problem;
import java.util.List;

/**
 * {@code inspect apiserver}: per master the unit, {@code /healthz}, {@code /readyz?verbose} and version, the known
 * wrong states found there (traps, lesson 06); the API as clients reach it (through the VIP with an LB pair, else
 * the first master); and the leader leases of kube-controller-manager and kube-scheduler.
 *
 * @param endpoint the API endpoint clients use ({@code https://VIP:6443})
 * @param viaEndpoint the API asked at {@code endpoint} from the jumpbox (or the first master)
 * @param leases the leader leases in kube-system, as one master's kubectl read them (empty: none could be read)
 */
public record ApiserverReport(boolean simulated, String endpoint, Access viaEndpoint, List<Master> masters,
                              List<Lease> leases, List<Problem> problems, List<String> commands) implements Report {

    /**
     * @param unit     {@code systemctl is-active kube-apiserver}: active, inactive, failed, unknown (unreachable)
     * @param healthz  the body of {@code /healthz} ("ok") or why it failed
     * @param readyz   "ok" when {@code /readyz?verbose} passed, else the failed checks or why there is no answer
     * @param version  {@code gitVersion} of {@code /version}, or null
     * @param notReady the names of the readyz checks that failed ({@code etcd}, {@code informer-sync}, ...)
     * @param traps    known wrong states seen on this master (flags, journal), each with its fix
     */
    public record Master(String node, boolean reachable, String unit, boolean healthy, String healthz,
                         boolean ready, String readyz, String version, Problem problem, List<String> notReady,
                         List<Trap> traps) {

        /** {@code unit} of a master where kube-apiserver is not installed yet (a later lesson installs it). */
        public static final String NOT_INSTALLED = "not installed";

        public Master {
            notReady = notReady == null ? List.of() : List.copyOf(notReady);
            traps = traps == null ? List.of() : List.copyOf(traps);
        }

        public Master(String node, boolean reachable, String unit, boolean healthy, String healthz, boolean ready,
                      String readyz, String version, Problem problem) {
            this(node, reachable, unit, healthy, healthz, ready, readyz, version, problem, List.of(), List.of());
        }

        public boolean installed() {
            return !NOT_INSTALLED.equals(unit);
        }
    }

    /**
     * @param from    the node the request was made from
     * @param healthy {@code /healthz} said ok
     * @param answer  the body, or why there is none (curl's error in words)
     * @param ready   {@code /readyz?verbose} passed at the endpoint
     * @param readyz  "ok", the failed checks, or why there is no answer
     * @param version {@code gitVersion} of {@code /version} at the endpoint, or null
     */
    public record Access(String from, String url, boolean healthy, String answer, Problem problem, boolean ready,
                         String readyz, String version) {
    }

    /**
     * A leader lease ({@code kubectl -n kube-system get lease NAME}).
     *
     * @param holder     {@code spec.holderIdentity} ({@code master1_<uuid>}), or null when nobody holds it
     * @param holderNode the node part of the identity (the holder's hostname)
     * @param held       the identity names a master and the lease was renewed within its duration
     * @param problem    why it is not held, naming the component, with its fix; null when held
     */
    public record Lease(String component, String holder, String holderNode, boolean held, String renewed,
                        Problem problem) {
    }

    /**
     * A known wrong state of the control plane (the trap table of lesson 06): what is wrong, where, and the fix.
     *
     * @param id short stable name ({@code service-range-missing}), for tests and docs
     */
    public record Trap(String id, String node, String what, String fix) {
        /** "master1: what", with the fix, as a problem on that node. */
        public Problem problem() {
            return Problem.error(node + ": " + what, fix, Problem.Where.node(node));
        }
    }

    public ApiserverReport {
        masters = List.copyOf(masters);
        leases = leases == null ? List.of() : List.copyOf(leases);
        problems = List.copyOf(problems);
        commands = List.copyOf(commands);
    }

    /** No master has kube-apiserver installed yet (the lesson that installs it is still to come). */
    public boolean notInstalledYet() {
        return !masters.isEmpty() && masters.stream().noneMatch(Master::installed);
    }

    public long healthyCount() {
        return masters.stream().filter(Master::healthy).count();
    }

    /** The lease of {@code component}, if it could be read. */
    public java.util.Optional<Lease> lease(String component) {
        return leases.stream().filter(l -> l.component().equals(component)).findFirst();
    }
}
