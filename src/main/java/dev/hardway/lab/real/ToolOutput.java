package dev.hardway.lab.real;

import dev.hardway.Problem;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hardway.cluster.ClusterConfig.Node;
import dev.hardway.cluster.ClusterModel;
import dev.hardway.lab.EtcdStatus;
import dev.hardway.lab.HaproxyStatus;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parsers for what the upstream tools print, one small static method each, so they are tested on captured
 * output (src/test/resources/dev/hardway/lab/real/) without any node: etcdctl {@code -w json} (3.4 and 3.6),
 * {@code ip -o -4 addr show}, {@code systemctl is-active}, haproxy's {@code show stat} CSV, {@code curl .../healthz},
 * {@code kubectl get nodes -o json}.
 */
public final class ToolOutput {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** etcdctl's stderr line for an endpoint it could not ask: "Failed to get the status of endpoint URL (why)". */
    private static final Pattern STATUS_FAILED =
            Pattern.compile("Failed to get the status of endpoint (\\S+) \\((.*)\\)\\s*$");

    private ToolOutput() {
    }

    /** One {@code endpoint status} entry. IDs are uint64 printed in decimal: kept as strings (they overflow long). */
    public record EndpointStatus(String endpoint, String memberId, String leaderId, long raftTerm, long raftIndex,
                                 long dbSize, String version, List<String> errors) {
        public boolean hasLeader() {
            return leaderId != null && !leaderId.equals("0");
        }
    }

    /** One {@code endpoint health} entry; {@code error} is etcdctl's reason when unhealthy. */
    public record EndpointHealth(String endpoint, boolean health, String took, String error) {
    }

    /** One member of {@code member list}. */
    public record Member(String id, String name, List<String> peerUrls, List<String> clientUrls) {
    }

    // ---------------------------------------------------------------------------------------------- etcd --

    /** {@code etcdctl endpoint status -w json}: a JSON array on stdout (may be empty or missing on failure). */
    public static List<EndpointStatus> endpointStatus(String stdout) {
        List<EndpointStatus> out = new ArrayList<>();
        for (JsonNode e : array(stdout)) {
            JsonNode s = e.path("Status");
            List<String> errors = new ArrayList<>();
            s.path("errors").forEach(x -> errors.add(x.asText()));
            out.add(new EndpointStatus(e.path("Endpoint").asText(), id(s.path("header").path("member_id")),
                    id(s.path("leader")), s.path("raftTerm").asLong(s.path("header").path("raft_term").asLong()),
                    s.path("raftIndex").asLong(), s.path("dbSize").asLong(), s.path("version").asText(""),
                    errors));
        }
        return out;
    }

    /** Endpoints etcdctl could not get a status from, with the reason in its words ("etcdserver: no leader"). */
    public static Map<String, String> failedEndpoints(String stderr) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : lines(stderr)) {
            Matcher m = STATUS_FAILED.matcher(line);
            if (m.find()) {
                out.put(m.group(1), m.group(2));
            }
        }
        return out;
    }

    /** {@code etcdctl endpoint health -w json}: a JSON array, one entry per endpoint, also for unhealthy ones. */
    public static List<EndpointHealth> endpointHealth(String stdout) {
        List<EndpointHealth> out = new ArrayList<>();
        for (JsonNode e : array(stdout)) {
            out.add(new EndpointHealth(e.path("endpoint").asText(), e.path("health").asBoolean(false),
                    e.path("took").asText(""), e.hasNonNull("error") ? e.get("error").asText() : null));
        }
        return out;
    }

    /** {@code etcdctl member list -w json}: {"header":...,"members":[{"ID":..,"name":..,"peerURLs":[..],...}]}. */
    public static List<Member> memberList(String stdout) {
        List<Member> out = new ArrayList<>();
        JsonNode root = tree(stdout);
        if (root == null) {
            return out;
        }
        for (JsonNode m : root.path("members")) {
            out.add(new Member(id(m.path("ID")), m.path("name").asText(""), strings(m.path("peerURLs")),
                    strings(m.path("clientURLs"))));
        }
        return out;
    }

    /**
     * Puts the three etcdctl answers together, one entry per master (config order). A member is healthy when
     * {@code endpoint health} says so; the leader is the ID the members' status entries report, named through
     * the member list or else through the endpoint that has that member ID.
     *
     * @param ranOn the master the commands ran on, for hints
     */
    public static EtcdStatus etcdStatus(ClusterModel c, List<EndpointStatus> status, Map<String, String> failed,
                                        List<EndpointHealth> health, List<Member> members, String ranOn) {
        Map<String, EndpointStatus> byEndpoint = new HashMap<>();
        status.forEach(s -> byEndpoint.put(s.endpoint(), s));
        Map<String, EndpointHealth> healthBy = new HashMap<>();
        health.forEach(h -> healthBy.put(h.endpoint(), h));
        Map<String, String> nameById = new HashMap<>();
        members.forEach(m -> nameById.put(m.id(), m.name()));
        for (Node master : c.masters()) {
            EndpointStatus s = byEndpoint.get(endpoint(master));
            if (s != null && s.memberId() != null) {
                nameById.putIfAbsent(s.memberId(), master.name());
            }
        }
        // The leader every reachable member agrees on (they do, unless an election is under way: take the first).
        String leaderId = status.stream().filter(EndpointStatus::hasLeader).map(EndpointStatus::leaderId)
                .findFirst().orElse(null);
        String leader = leaderId == null ? null : nameById.getOrDefault(leaderId, "member " + leaderId);
        long term = status.stream().filter(s -> s.memberId() != null && s.memberId().equals(leaderId))
                .mapToLong(EndpointStatus::raftTerm).findFirst()
                .orElse(status.stream().mapToLong(EndpointStatus::raftTerm).max().orElse(0));
        // a running member without a leader answers endpoint status with "etcdserver: no leader"
        long answering = c.masters().stream().map(ToolOutput::endpoint).filter(e -> byEndpoint.get(e) != null
                || failed.getOrDefault(e, "").contains("no leader")).count();
        List<EtcdStatus.Member> out = new ArrayList<>();
        for (Node master : c.masters()) {
            String ep = endpoint(master);
            EndpointStatus s = byEndpoint.get(ep);
            EndpointHealth h = healthBy.get(ep);
            boolean healthy = h != null && h.health() && leader != null;
            Problem problem = null;
            if (!healthy) {
                String why = h != null && h.error() != null ? h.error()
                        : failed.getOrDefault(ep, leader == null ? "etcdserver: no leader" : "no answer");
                problem = leader == null && (s != null || failed.getOrDefault(ep, "").contains("no leader"))
                        // it runs and answers endpoint status, but no majority elects a leader with it
                        ? Problem.error(master.name() + ": etcd runs but has no leader (" + answering + " of "
                        + c.masters().size() + " members run, a leader needs " + EtcdStatus.quorumOf(
                        c.masters().size()) + "; " + ep + ": " + why + ")", "bring back more members (faults,"
                        + " heal --all, or systemctl start etcd on the other masters)")
                        : Problem.error(master.name() + ": etcd member unhealthy (" + ep + ": " + why + ")", "systemctl status etcd and journalctl -u etcd -n 50 on " + master.name());
            }
            boolean isLeader = s != null && s.memberId() != null && s.memberId().equals(leaderId);
            out.add(new EtcdStatus.Member(master.name(), ep, healthy, isLeader, s == null ? 0 : s.raftTerm(),
                    s == null ? 0 : s.raftIndex(), s == null ? 0 : s.dbSize(), s == null ? "" : s.version(), problem));
        }
        return new EtcdStatus(c.masters().size(), EtcdStatus.quorumOf(c.masters().size()), out, leader,
                leader == null ? 0 : term);
    }

    static String endpoint(Node master) {
        return "https://" + master.ip() + ":2379";
    }

    // -------------------------------------------------------------------------------------- ip, systemctl --

    /** IPv4 addresses in {@code ip -o -4 addr show} output ("2: eth0    inet 10.240.0.10/24 scope global ..."). */
    public static Set<String> ipv4Addresses(String stdout) {
        Set<String> out = new LinkedHashSet<>();
        for (String line : lines(stdout)) {
            String[] t = line.trim().split("\\s+");
            for (int i = 0; i + 1 < t.length; i++) {
                if (t[i].equals("inet")) {
                    String a = t[i + 1];
                    out.add(a.contains("/") ? a.substring(0, a.indexOf('/')) : a);
                }
            }
        }
        return out;
    }

    /**
     * {@code systemctl is-active u1 u2 ...}: one state per unit, in order ("active", "inactive", "failed",
     * "activating", "unknown"). Missing lines (the command was cut short) count as "unknown".
     */
    public static Map<String, String> unitStates(List<String> units, String stdout) {
        List<String> states = lines(stdout).stream().map(String::trim).filter(l -> !l.isEmpty()).toList();
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < units.size(); i++) {
            out.put(units.get(i), i < states.size() ? states.get(i) : "unknown");
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------ haproxy --

    /**
     * haproxy's {@code show stat} CSV: the header line starts with "# " and names the columns; we keep the server
     * rows (not FRONTEND/BACKEND aggregates) with their status and check_status.
     */
    public static List<HaproxyStatus.Backend> haproxyBackends(String csv) {
        List<String> lines = lines(csv);
        List<HaproxyStatus.Backend> out = new ArrayList<>();
        if (lines.isEmpty() || !lines.get(0).startsWith("#")) {
            return out;
        }
        List<String> header = List.of(lines.get(0).substring(1).trim().split(",", -1));
        int px = header.indexOf("pxname");
        int sv = header.indexOf("svname");
        int st = header.indexOf("status");
        int ck = header.indexOf("check_status");
        if (px < 0 || sv < 0 || st < 0) {
            return out;
        }
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split(",", -1);
            if (f.length <= Math.max(st, sv) || f[sv].equals("FRONTEND") || f[sv].equals("BACKEND")) {
                continue;
            }
            out.add(new HaproxyStatus.Backend(f[px], f[sv], f[st], ck >= 0 && ck < f.length ? f[ck] : ""));
        }
        return out;
    }

    // ------------------------------------------------------------------------------------ API, kubectl --

    /** kube-apiserver's /healthz body is exactly "ok" when healthy. */
    public static boolean healthzOk(String body) {
        return body != null && body.trim().equals("ok");
    }

    /** What curl's exit code means, for problem lines (man curl, EXIT CODES). */
    public static String curlError(int exit) {
        return switch (exit) {
            case 6 -> "could not resolve the host";
            case 7 -> "connection refused (nothing listens there)";
            case 28 -> "timed out (no host answers, or it hangs)";
            case 35 -> "TLS handshake failed";
            case 52 -> "the server closed the connection without a reply (no backend behind the LB?)";
            case 56 -> "the connection was reset (no backend behind the LB?)";
            default -> "curl exited with " + exit;
        };
    }

    /** A node as {@code kubectl get nodes -o json} lists it: its Ready condition and the reason when not. */
    public record NodeState(String name, String ready, String reason, String message) {
        public boolean isReady() {
            return "True".equals(ready);
        }
    }

    public static Map<String, NodeState> kubeNodes(String stdout) {
        Map<String, NodeState> out = new LinkedHashMap<>();
        JsonNode root = tree(stdout);
        if (root == null) {
            return out;
        }
        for (JsonNode item : root.path("items")) {
            String name = item.path("metadata").path("name").asText();
            NodeState st = new NodeState(name, "Unknown", "NoReadyCondition", "");
            for (JsonNode cond : item.path("status").path("conditions")) {
                if (cond.path("type").asText().equals("Ready")) {
                    st = new NodeState(name, cond.path("status").asText("Unknown"), cond.path("reason").asText(""),
                            cond.path("message").asText(""));
                }
            }
            out.put(name, st);
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------ helpers --

    /** The last non-blank line of some output, for one-line error messages. */
    public static String lastLine(String s) {
        List<String> l = lines(s).stream().filter(x -> !x.isBlank()).toList();
        return l.isEmpty() ? "" : l.get(l.size() - 1).trim();
    }

    private static List<String> lines(String s) {
        return s == null ? List.of() : s.lines().toList();
    }

    private static JsonNode tree(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            // etcdctl may print log lines before the JSON; start at the first bracket
            int i = firstJson(s);
            return i < 0 ? null : JSON.readTree(s.substring(i));
        } catch (IOException e) {
            return null;
        }
    }

    private static int firstJson(String s) {
        for (String line : s.lines().toList()) {
            String t = line.stripLeading();
            if (t.startsWith("[") || (t.startsWith("{") && !t.startsWith("{\"level\""))) {
                return s.indexOf(line);
            }
        }
        return -1;
    }

    private static Iterable<JsonNode> array(String s) {
        JsonNode n = tree(s);
        return n != null && n.isArray() ? n : List.of();
    }

    private static String id(JsonNode n) {
        return n.isMissingNode() || n.isNull() ? null : n.asText();
    }

    private static List<String> strings(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.forEach(x -> out.add(x.asText()));
        return out;
    }
}
