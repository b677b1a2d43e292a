package dev.hardway.lab.real;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hardway.lab.bgp.BgpFacts;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Parsers for what lesson 16's probes read on the router (FRR 8.4's {@code vtysh ... json}, recorded outputs under
 * src/test/resources/frr-8.4) and of a LoadBalancer Service's address ({@code kubectl get service -o json}).
 * Unreadable input gives empty results, never an exception: the probe then says what it could not read.
 */
public final class BgpOutput {

    private static final ObjectMapper JSON = new ObjectMapper();

    private BgpOutput() {
    }

    private static JsonNode tree(String text) {
        if (text == null || text.isBlank()) {
            return JSON.missingNode();
        }
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            return JSON.missingNode();
        }
    }

    /**
     * {@code show bgp neighbors json} (per neighbor: bgpState, remoteAs, localAs, lastNotificationReason) merged
     * with {@code show bgp summary json} (ipv4Unicast.peers: peerState "Policy" when RFC 8212 discards the routes,
     * pfxRcd). Either may be empty; a neighbor only in the summary still counts.
     */
    public static Map<String, BgpFacts.Session> sessions(String neighborsJson, String summaryJson) {
        JsonNode n = tree(neighborsJson);
        JsonNode peers = tree(summaryJson).path("ipv4Unicast").path("peers");
        Map<String, BgpFacts.Session> out = new LinkedHashMap<>();
        List<String> addrs = new ArrayList<>();
        n.fieldNames().forEachRemaining(addrs::add);
        peers.fieldNames().forEachRemaining(a -> {
            if (!addrs.contains(a)) {
                addrs.add(a);
            }
        });
        for (String a : addrs) {
            JsonNode nb = n.path(a);
            JsonNode sp = peers.path(a);
            if (!nb.isObject() && !sp.isObject()) {
                continue;
            }
            String state = nb.path("bgpState").asText(sp.path("state").asText(""));
            long remoteAs = nb.path("remoteAs").asLong(sp.path("remoteAs").asLong(0));
            long localAs = nb.path("localAs").asLong(sp.path("localAs").asLong(0));
            boolean policy = "Established".equalsIgnoreCase(state) && "Policy".equals(sp.path("peerState").asText());
            out.put(a, new BgpFacts.Session(a, state, remoteAs, localAs, policy, sp.path("pfxRcd").asInt(0),
                    nb.path("lastNotificationReason").asText("")));
        }
        return out;
    }

    /** {@code show ip route json}: every route of every prefix, with the next-hop addresses it has. */
    public static Map<String, List<BgpFacts.Route>> routes(String routeJson) {
        JsonNode t = tree(routeJson);
        Map<String, List<BgpFacts.Route>> out = new LinkedHashMap<>();
        t.fields().forEachRemaining(e -> {
            List<BgpFacts.Route> rs = new ArrayList<>();
            for (JsonNode r : e.getValue()) {
                List<String> hops = new ArrayList<>();
                for (JsonNode h : r.path("nexthops")) {
                    if (h.has("ip") && h.path("active").asBoolean(true)) {
                        hops.add(h.path("ip").asText());
                    }
                }
                rs.add(new BgpFacts.Route(r.path("prefix").asText(e.getKey()), r.path("protocol").asText(""),
                        r.path("installed").asBoolean(false), hops));
            }
            out.put(e.getKey(), rs);
        });
        return out;
    }

    /** The first {@code status.loadBalancer.ingress[].ip} of {@code kubectl get service -o json}, if any. */
    public static Optional<String> loadBalancerIp(String serviceJson) {
        JsonNode ing = tree(serviceJson).path("status").path("loadBalancer").path("ingress");
        for (JsonNode i : ing) {
            String ip = i.path("ip").asText("");
            if (!ip.isEmpty()) {
                return Optional.of(ip);
            }
        }
        return Optional.empty();
    }

    /** Splits the output of two commands run as one script with {@link #MARK} between them. */
    public static String[] split(String stdout) {
        int i = stdout == null ? -1 : stdout.indexOf(MARK);
        if (i < 0) {
            return new String[] {stdout == null ? "" : stdout, ""};
        }
        return new String[] {stdout.substring(0, i), stdout.substring(i + MARK.length())};
    }

    /** The line a probe script prints between two JSON outputs. */
    public static final String MARK = "\n--hardway--\n";
}
