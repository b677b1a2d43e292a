package dev.hardway.lab.probe;

import dev.hardway.Problem;
import dev.hardway.cluster.ClusterConfig.Node;
import dev.hardway.cluster.ClusterModel;
import dev.hardway.lab.EtcdStatus;
import dev.hardway.lab.Probe;
import dev.hardway.lab.ProbeCommands;
import dev.hardway.lab.ProbeResult;
import dev.hardway.lab.fault.Fault;
import dev.hardway.lab.fault.FaultMode;
import dev.hardway.lab.inspect.EtcdReport;
import dev.hardway.lab.inspect.ScriptSections;
import dev.hardway.lab.inspect.ScriptSections.Section;
import dev.hardway.lab.real.ToolOutput;
import dev.hardway.lab.sim.SimModel;
import dev.hardway.target.TargetException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * etcd: members, leader, raft term/index, DB size, health and the quorum ({@code inspect etcd}, {@code check
 * etcd}, topology) and the lesson probe {@code etcd-healthy} ({@link #healthy}), decided on the same report.
 * Real: {@code etcdctl endpoint status/health, member list -w json} on one master ({@link ProbeCommands#etcdctl}).
 */
public final class EtcdProbe implements ProbeKind<Void, EtcdReport> {

    public static final EtcdProbe INSTANCE = new EtcdProbe();

    private EtcdProbe() {
    }

    static ScriptSections script(ClusterModel c) {
        return new ScriptSections().add("status", ProbeCommands.etcdStatus(c)).add("health",
                ProbeCommands.etcdHealth(c)).add("members", ProbeCommands.etcdMembers(c));
    }

    /** The {@code etcd-healthy} verdict: at least {@code members} healthy members and quorum, one rule for both labs. */
    public static ProbeResult healthy(EtcdReport r, Probe.EtcdHealthy p) {
        if (r.answeredBy() == null) {
            return ProbeResult.fail(p.type(), "etcd: could not be asked", r.problems(), r.commands());
        }
        return r.status().verdict(p.members(), r.commands());
    }

    // ---------------------------------------------------------------------------------------------- real --

    @Override
    public EtcdReport real(RealProbing lab, Void q) {
        return real(lab, lab.faults(), new ArrayList<>());
    }

    static EtcdReport real(RealProbing lab, List<Fault> fs, List<String> commands) {
        ClusterModel c = lab.cluster();
        // Ask masters one by one, those hardway did not break first: etcdctl asks every member itself, so any
        // master that can reach the others gives the whole picture (a cut-off one would only see itself).
        List<Node> order = new ArrayList<>(c.masters());
        order.sort(Comparator.comparingInt(n -> RealProbing.poweredOffByUs(fs, n.name()) ? 2
                : RealProbing.cutOffByUs(fs, n.name()) ? 1 : 0));
        List<Problem> tried = new ArrayList<>();
        Map<String, Problem> silent = new LinkedHashMap<>();
        ScriptSections script = script(c);
        for (Node m : order) {
            String n = m.name();
            if (RealProbing.poweredOffByUs(fs, n)) {
                tried.add(Problem.error(n + " is powered off (break)", "heal " + n));
                continue;
            }
            script.commands().forEach(cmd -> commands.add(ProbeCommands.on(n, cmd)));
            Map<String, Section> s;
            try {
                s = lab.script(n, script);
            } catch (TargetException e) {
                Problem why = RealProbing.unreachable(n, e);
                tried.add(why);
                silent.put(n, why);
                continue;
            }
            if (s.get("status").rc() == 127) {
                tried.add(Problem.error(n + ": etcdctl is not installed (command not found)", "run the step that installs the etcd binaries (lesson 05-etcd)"));
                continue;
            }
            return report(lab, n, s, commands, fs, silent);
        }
        List<EtcdReport.Member> ms = c.masters().stream().map(m -> new EtcdReport.Member(m.name(), null,
                peerUrl(m), "https://" + m.ip() + ":2379", false, false, false, 0, 0, 0, "", null)).toList();
        EtcdStatus st = new EtcdStatus(ms.size(), EtcdStatus.quorumOf(ms.size()), c.masters().stream().map(m ->
                new EtcdStatus.Member(m.name(), "https://" + m.ip() + ":2379", false, false, 0, 0, 0, "", null))
                .toList(), null, 0);
        List<Problem> problems = new ArrayList<>();
        problems.add(c.masters().isEmpty() ? Problem.error("the cluster has no masters", "add masters to the cluster"
                + " config") : Problem.error("no master could run etcdctl: " + tried.stream().map(Problem::what)
                .collect(java.util.stream.Collectors.joining("; ")), tried.stream().map(Problem::fix)
                .filter(java.util.Objects::nonNull).findFirst().orElse("cluster status")));
        return new EtcdReport(false, null, st, ms, problems, commands);
    }

    private static EtcdReport report(RealProbing lab, String ranOn, Map<String, Section> s, List<String> commands,
                                     List<Fault> fs, Map<String, Problem> silent) {
        ClusterModel c = lab.cluster();
        Section status = s.get("status");
        List<ToolOutput.EndpointStatus> eps = ToolOutput.endpointStatus(status.out());
        List<ToolOutput.EndpointHealth> health = ToolOutput.endpointHealth(s.get("health").out());
        List<ToolOutput.Member> members = ToolOutput.memberList(s.get("members").out());
        Map<String, String> failed = ToolOutput.failedEndpoints(status.err());
        EtcdStatus st = ToolOutput.etcdStatus(c, eps, failed, health, members, ranOn);
        Map<String, ToolOutput.Member> byName = new LinkedHashMap<>();
        members.forEach(m -> byName.put(m.name(), m));
        Map<String, String> idByEndpoint = new LinkedHashMap<>();
        eps.forEach(e -> idByEndpoint.put(e.endpoint(), e.memberId()));
        // etcdctl cannot tell a stopped etcd from a node that is off or cut off: ask those nodes, so the advice
        // fits (heal when hardway broke it, "does not answer" when the node is gone, systemctl otherwise)
        List<String> ask = st.members().stream().filter(m -> !m.healthy()).map(EtcdStatus.Member::name)
                .filter(n -> !n.equals(ranOn) && !silent.containsKey(n) && !RealProbing.poweredOffByUs(fs, n))
                .toList();
        silent.putAll(lab.silent(ask));
        List<EtcdReport.Member> out = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        List<EtcdStatus.Member> fixed = new ArrayList<>();
        for (int i = 0; i < c.masters().size(); i++) {
            Node m = c.masters().get(i);
            EtcdStatus.Member sm = st.members().get(i);
            if (sm.problem() != null) {
                sm = withProblem(sm, advice(m.name(), sm.problem(), fs, silent));
            }
            fixed.add(sm);
            ToolOutput.Member lm = byName.get(m.name());
            String id = lm != null ? lm.id() : idByEndpoint.get(sm.endpoint());
            String peer = lm != null && !lm.peerUrls().isEmpty() ? lm.peerUrls().get(0) : peerUrl(m);
            String ep = sm.endpoint();
            boolean up = eps.stream().anyMatch(e -> e.endpoint().equals(ep))
                    || health.stream().anyMatch(h -> h.endpoint().equals(ep) && h.health())
                    || failed.getOrDefault(ep, "").contains("no leader"); // it answered, leaderless
            out.add(new EtcdReport.Member(m.name(), hex(id), peer, sm.endpoint(), up, sm.healthy(), sm.leader(),
                    sm.raftTerm(), sm.raftIndex(), sm.dbSize(), sm.version(), sm.problem()));
            if (sm.problem() != null) {
                problems.add(sm.problem());
            }
        }
        st = new EtcdStatus(st.configured(), st.quorum(), fixed, st.leader(), st.raftTerm());
        if (!st.quorumHolds()) {
            problems.add(Problem.error("quorum lost (asked on " + ranOn + "): " + st.quorumLost(), "bring masters back (faults, heal --all, or systemctl start etcd on them)"));
        }
        return new EtcdReport(false, ranOn, st, out, problems, commands);
    }

    /**
     * The advice for an unhealthy member (issue 8, finding 14): {@code systemctl status etcd} only helps on a node
     * that answers. A node hardway powered off or cut off is healed; one that does not answer is checked first.
     */
    static Problem advice(String node, Problem problem, List<Fault> fs, Map<String, Problem> silent) {
        Optional<Fault> f = fs.stream().filter(x -> x.node().equals(node)).findFirst();
        String head = problem.what();
        if (f.isPresent() && (f.get().mode() == FaultMode.POWER || f.get().mode() == FaultMode.NETWORK)) {
            return Problem.error(head + "; " + node + " is " + (f.get().mode() == FaultMode.POWER ? "powered off" : "cut off from"
                    + " the other nodes") + " (break " + node + " --mode " + f.get().mode().id() + ")", "heal " + node);
        }
        if (silent.containsKey(node)) {
            return Problem.error(head + "; " + node + " does not answer either", "check that " + node + " is up (cluster"
                    + " status)" + (f.isPresent() ? ", or heal " + node : ""));
        }
        if (f.isPresent()) {
            return Problem.error(head, "heal " + node + " (or systemctl status etcd; journalctl -u etcd -n 50 on " + node
                    + ")");
        }
        return problem;
    }

    private static EtcdStatus.Member withProblem(EtcdStatus.Member m, Problem problem) {
        return new EtcdStatus.Member(m.name(), m.endpoint(), m.healthy(), m.leader(), m.raftTerm(), m.raftIndex(),
                m.dbSize(), m.version(), problem);
    }

    private static String peerUrl(Node m) {
        return "https://" + m.ip() + ":2380";
    }

    /** etcdctl -w json prints member IDs as decimal uint64; etcdctl's tables and logs use hex. */
    static String hex(String decimal) {
        if (decimal == null || decimal.isBlank()) {
            return null;
        }
        try {
            return new BigInteger(decimal.trim()).toString(16);
        } catch (NumberFormatException e) {
            return decimal;
        }
    }

    // ----------------------------------------------------------------------------------------------- sim --

    @Override
    public EtcdReport sim(SimProbing lab, Void q) {
        ClusterModel c = lab.cluster();
        SimModel m = lab.model();
        EtcdStatus s = m.etcdStatus();
        // etcdctl runs on a master that is on and can reach the others (a cut-off one would see no leader)
        String answered = c.masters().stream().map(Node::name).filter(n -> m.isUp(n) && !m.isPartitioned(n))
                .findFirst().orElse(c.masters().stream().map(Node::name).filter(m::isUp).findFirst().orElse(null));
        List<Problem> problems = new ArrayList<>();
        List<String> commands = new ArrayList<>();
        if (answered == null) {
            problems.add(Problem.error("no master is powered on (simulated), so nobody can run etcdctl", "heal --all"));
        } else {
            script(c).commands().forEach(cmd -> commands.add(ProbeCommands.on(answered, cmd)));
        }
        List<EtcdReport.Member> members = new ArrayList<>();
        for (int i = 0; i < c.masters().size(); i++) {
            Node n = c.masters().get(i);
            EtcdStatus.Member sm = s.members().get(i);
            members.add(new EtcdReport.Member(n.name(), memberId(c, n.name()), peerUrl(n), sm.endpoint(),
                    m.isActive(n.name(), SimModel.ETCD), sm.healthy(), sm.leader(), sm.raftTerm(), sm.raftIndex(),
                    sm.dbSize(), sm.version(), sm.problem()));
            if (sm.problem() != null) {
                problems.add(sm.problem());
            }
        }
        if (!s.quorumHolds() && answered != null) {
            problems.add(Problem.error("quorum lost: " + s.quorumLost(), "heal the masters (faults, heal --all)"));
        }
        return new EtcdReport(true, answered, s, members, problems, commands);
    }

    /** A stable made-up member ID (etcd derives real ones from the peer URLs and cluster token). */
    static String memberId(ClusterModel c, String name) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest((c.name() + "/" + name)
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
