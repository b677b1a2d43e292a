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
        return "systemctl kill --signal=KILL " + unit;
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
