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
 * </ul>
 */
public enum FaultMode {
    POWER, SERVICES, NETWORK, CRASH;

    /** The word the learner types. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @throws IllegalArgumentException naming the valid modes
     */
    public static FaultMode of(String s) {
        for (FaultMode m : values()) {
            if (m.id().equalsIgnoreCase(s == null ? "" : s.trim())) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown fault mode '" + s + "'. Try: one of "
                + Arrays.stream(values()).map(FaultMode::id).collect(Collectors.joining(", ")));
    }
}
