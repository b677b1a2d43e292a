package dev.hardway.lab.bgp;

import java.util.List;
import java.util.Map;

/**
 * What the BGP probes of lesson 16 decide on, as both labs fill it in: the real one from FRR's JSON
 * ({@code lab/real/BgpOutput}), the simulated one from the router's files and units and the MetalLB objects
 * ({@code lab/sim/SimBgp}). The verdicts ({@code lab/probe/BgpRules}) only read these records.
 */
public final class BgpFacts {

    private BgpFacts() {
    }

    /**
     * One BGP neighbor as the router sees it.
     *
     * @param peer             the neighbor's address
     * @param state            the FSM state (Established, Active, Idle, Connect, OpenSent, ...)
     * @param remoteAs         the AS the router's config expects of it ({@code neighbor X remote-as N})
     * @param localAs          the router's own AS ({@code router bgp N})
     * @param policyBlocked    Established, but RFC 8212 (FRR's default {@code bgp ebgp-requires-policy}) discards its
     *                         routes: no route-map and no {@code no bgp ebgp-requires-policy}
     * @param prefixesReceived prefixes accepted from it
     * @param lastNotification the reason of the last NOTIFICATION sent or received ("" none), e.g.
     *                         {@code OPEN Message Error/Bad Peer AS}
     */
    public record Session(String peer, String state, long remoteAs, long localAs, boolean policyBlocked,
                          int prefixesReceived, String lastNotification) {
        public boolean established() {
            return "Established".equalsIgnoreCase(state);
        }
    }

    /** A route in the router's table: its protocol, whether it is installed, and its next hops. */
    public record Route(String prefix, String protocol, boolean installed, List<String> nextHops) {
        public Route {
            nextHops = List.copyOf(nextHops);
        }
    }

    /** The router's BGP view: its neighbors by address, and its routes by prefix. */
    public record RouterView(Map<String, Session> sessions, Map<String, List<Route>> routes) {
        public RouterView {
            sessions = Map.copyOf(sessions);
            routes = Map.copyOf(routes);
        }
    }
}
