package dev.hardway.lab.fault;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How {@code break} breaks a node (closed set; docs/drills.md describes what each looks like).
 * <ul>
 *   <li>{@link #POWER}: a hard power cut (provider power control; the simulated lab's model).</li>
 *   <li>{@link #SERVICES}: {@code systemctl stop} of the node's active hardway units (or one {@code --service}).</li>
 *   <li>{@link #NETWORK}: iptables DROP of traffic with the other cluster nodes; hardway's own connection stays.</li>
 *   <li>{@link #CRASH}: {@code systemctl kill -s KILL} of one unit (default keepalived): no clean shutdown, so a
 *       killed keepalived leaves the VIP behind and the peer takes it too (split brain).</li>
 *   <li>{@link #CERT}: a master's kube-apiserver certificate re-issued without the API VIP in its SANs (the
 *       original kept aside for heal): clients through the load balancer fail TLS ({@link CertFault}).</li>
 * </ul>
 */
public enum FaultMode {
    POWER, SERVICES, NETWORK, CRASH, CERT;

    /** The word the learner types. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @throws dev.hardway.HardwayException exit 2, naming the valid modes
     */
    public static FaultMode of(String s) {
        for (FaultMode m : values()) {
            if (m.id().equalsIgnoreCase(s == null ? "" : s.trim())) {
                return m;
            }
        }
        java.util.List<String> ids = Arrays.stream(values()).map(FaultMode::id).toList();
        String near = dev.hardway.EditDistance.closest(s == null ? "" : s.trim(), ids);
        throw dev.hardway.HardwayException.badInput("unknown fault mode '" + dev.hardway.Problem.clip(s) + "'"
                + (near != null ? "; did you mean " + near + "?" : ""), "one of " + String.join(", ", ids));
    }
}
