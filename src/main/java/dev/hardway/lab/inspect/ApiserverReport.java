package dev.hardway.lab.inspect;

import java.util.List;

/**
 * {@code inspect apiserver}: per master the unit, {@code /healthz}, {@code /readyz} and version; and the API as
 * clients reach it (through the VIP with an LB pair, else the first master).
 *
 * @param endpoint the API endpoint clients use ({@code https://VIP:6443})
 * @param viaEndpoint the API asked at {@code endpoint} from the jumpbox (or the first master)
 */
public record ApiserverReport(boolean simulated, String endpoint, Access viaEndpoint, List<Master> masters,
                              List<String> problems, List<String> commands) implements Report {

    /**
     * @param unit    {@code systemctl is-active kube-apiserver}: active, inactive, failed, unknown (unreachable)
     * @param healthz the body of {@code /healthz} ("ok") or why it failed
     * @param readyz  the body of {@code /readyz} ("ok") or why it failed
     * @param version {@code gitVersion} of {@code /version}, or null
     */
    public record Master(String node, boolean reachable, String unit, boolean healthy, String healthz,
                         boolean ready, String readyz, String version, String problem) {

        /** {@code unit} of a master where kube-apiserver is not installed yet (a later lesson installs it). */
        public static final String NOT_INSTALLED = "not installed";

        public boolean installed() {
            return !NOT_INSTALLED.equals(unit);
        }
    }

    /**
     * @param from    the node the request was made from
     * @param healthy {@code /healthz} said ok
     * @param answer  the body, or why there is none (curl's error in words)
     */
    public record Access(String from, String url, boolean healthy, String answer, String problem) {
    }

    public ApiserverReport {
        masters = List.copyOf(masters);
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
}
