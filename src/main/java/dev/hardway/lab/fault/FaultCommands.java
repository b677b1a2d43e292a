package dev.hardway.lab.fault;

import java.util.ArrayList;
import java.util.List;

/**
 * The exact commands the real faults run on a node, in one place: {@link RealFaults} executes them and
 * {@link SimFaults} reports them, so {@code set feedback verbose} shows what to type on a real node.
 */
public final class FaultCommands {

    /** Every iptables rule a network fault adds carries this comment; heal deletes exactly the rules with it. */
    public static final String COMMENT = "hardway-fault";

    private FaultCommands() {
    }

    public static String stop(List<String> units) {
        return "systemctl stop " + String.join(" ", units);
    }

    public static String start(List<String> units) {
        return "systemctl start " + String.join(" ", units);
    }

    public static String kill(String unit) {
        // A crash like kill -9, made deterministic: keepalived's children carry PR_SET_PDEATHSIG, so if the parent
        // dies first they get SIGTERM and clean up (the VIP leaves) - the race lab-notes saw ("depending on kill
        // order"). Freezing the main process, killing its children, then the main process, leaves what a crash
        // leaves; systemctl kill then takes whatever else the unit still has.
        return "main=$(systemctl show -p MainPID --value " + unit + "); "
                + "if [ -n \"$main\" ] && [ \"$main\" -gt 0 ] 2>/dev/null; then kill -STOP \"$main\"; "
                + "pkill -KILL -P \"$main\" || true; kill -KILL \"$main\"; fi; "
                + "systemctl kill --signal=KILL " + unit + " 2>/dev/null || true";
    }

    /** The DROP rules for one peer address, both directions. */
    public static List<String> dropRules(String peer) {
        return List.of(
                "iptables -I INPUT -s " + peer + " -m comment --comment " + COMMENT + " -j DROP",
                "iptables -I OUTPUT -d " + peer + " -m comment --comment " + COMMENT + " -j DROP");
    }

    public static List<String> drop(List<String> peers) {
        List<String> out = new ArrayList<>();
        peers.forEach(p -> out.addAll(dropRules(p)));
        return out;
    }

    /** Deletes every rule tagged {@link #COMMENT} (each {@code -A} line of {@code iptables -S} turned into -D). */
    public static String undrop() {
        return "iptables -S | grep -- '--comment " + COMMENT + "' | sed 's/^-A /-D /' | while read -r r; do"
                + " eval iptables \"$r\"; done";
    }

    /** Lists the rules a network fault left (empty after heal). */
    public static String listRules() {
        return "iptables -S | grep -- '--comment " + COMMENT + "' || true";
    }
}
