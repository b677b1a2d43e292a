package dev.hardway.lab.probe;

import dev.hardway.Problem;
import dev.hardway.cluster.ClusterConfig.Node;
import dev.hardway.cluster.ClusterModel;
import dev.hardway.lab.Probe;
import dev.hardway.lab.ProbeCommands;
import dev.hardway.lab.ProbeResult;
import dev.hardway.lab.Verdicts;
import dev.hardway.lab.Verdicts.NodeCheck;
import dev.hardway.lab.inspect.ScriptSections;
import dev.hardway.lab.inspect.ScriptSections.Section;
import dev.hardway.lab.runtime.PodNetworkFacts;
import dev.hardway.lab.sim.SimRuntime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lesson probe {@code pod-network} (lesson 10). First what each node shows (kernel settings, one CNI config,
 * with cni bridge a route to every other worker's pod CIDR on every master and worker); then, on real nodes, the
 * proof: each worker gets a test network namespace set up by its real CNI plugin with its own config
 * ({@code CNI_COMMAND=ADD}), its address must come from the node's pod CIDR, every test namespace pings every
 * other one across the nodes, and all are removed again ({@code CNI_COMMAND=DEL}). Works the same on VMs and on the
 * namespace test bed. Simulated: {@link SimRuntime} derives the same facts from files and units.
 */
public final class PodNetworkProbe implements ProbeKind<Probe.PodNetwork, ProbeResult> {

    public static final PodNetworkProbe INSTANCE = new PodNetworkProbe();
    /** The test namespace's name on every worker (a pod sandbox's stand-in). */
    public static final String NETNS = "hardway-podcheck";
    static final String CONF_MARK = "==> ";
    private static final Pattern ADDRESS = Pattern.compile("\"address\"\\s*:\\s*\"(\\d+\\.\\d+\\.\\d+\\.\\d+)/");

    private PodNetworkProbe() {
    }

    static ScriptSections sections() {
        return new ScriptSections()
                .add("routes", "ip -4 route show")
                .add("ip_forward", "cat /proc/sys/net/ipv4/ip_forward")
                .add("bridge_nf", "cat /proc/sys/net/bridge/bridge-nf-call-iptables")
                .add("cni", "for f in /etc/cni/net.d/*; do [ -f \"$f\" ] && { echo \"" + CONF_MARK
                        + "${f##*/}\"; cat \"$f\"; echo; }; done; true");
    }

    /** One node's facts from its sections (public for the parsing tests over recorded output). */
    public static PodNetworkFacts facts(String node, Map<String, Section> s) {
        Section brnf = s.getOrDefault("bridge_nf", new Section("bridge_nf", "", "", -1));
        Map<String, String> confs = new TreeMap<>();
        String name = null;
        StringBuilder text = new StringBuilder();
        for (String l : s.getOrDefault("cni", new Section("cni", "", "", -1)).out().split("\n", -1)) {
            if (l.startsWith(CONF_MARK)) {
                if (name != null) {
                    confs.put(name, text.toString());
                }
                name = l.substring(CONF_MARK.length()).strip();
                text.setLength(0);
            } else if (name != null) {
                text.append(l).append('\n');
            }
        }
        if (name != null) {
            confs.put(name, text.toString());
        }
        confs.keySet().removeIf(n -> !PodNetworkFacts.isNetworkConf(n));
        return new PodNetworkFacts(node, null, s.getOrDefault("ip_forward", new Section("", "", "", -1)).out().strip(),
                brnf.ok(), brnf.ok() ? brnf.out().strip() : null,
                PodNetworkFacts.parseRoutes(s.getOrDefault("routes", new Section("", "", "", -1)).out()), confs);
    }

    /** The nodes whose routes matter: with cni bridge every master and worker, else only the probed workers. */
    static List<String> routed(ClusterModel c, Probe.PodNetwork p) {
        List<String> out = new ArrayList<>();
        if ("bridge".equals(c.config().network().cni())) {
            c.masters().forEach(n -> out.add(n.name()));
        }
        for (String w : p.nodes()) {
            if (!out.contains(w)) {
                out.add(w);
            }
        }
        return out;
    }

    /** Problems per node found in the facts alone (before any ping). */
    static Map<String, List<Problem>> staticProblems(ClusterModel c, Probe.PodNetwork p,
                                                    Map<String, PodNetworkFacts> facts) {
        String cni = c.config().network().cni();
        Map<String, List<Problem>> out = new LinkedHashMap<>();
        for (Map.Entry<String, PodNetworkFacts> e : facts.entrySet()) {
            String n = e.getKey();
            PodNetworkFacts f = e.getValue();
            List<Problem> problems = new ArrayList<>();
            if (f.unreachable() != null) {
                problems.add(f.unreachable());
                out.put(n, problems);
                continue;
            }
            Node node = c.node(n).orElseThrow();
            if (p.nodes().contains(n)) {
                problems.addAll(f.workerProblems(c.podCidr(node), cni));
            }
            if ("bridge".equals(cni)) {
                for (Node w : c.workers()) {
                    String cidr = c.podCidr(w);
                    if (!w.name().equals(n) && cidr != null) {
                        Problem miss = f.missingRoute(cidr, w.ip(), w.name());
                        if (miss != null) {
                            problems.add(miss);
                        }
                    }
                }
            }
            out.put(n, problems);
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------------ real --

    /** Sets up (ADD) or removes (DEL) the test namespace with the node's first network config and its first plugin. */
    static String cni(String command) {
        String py = "import json,os,subprocess,sys\n"
                + "if not sys.argv[1]: sys.exit('no network config in /etc/cni/net.d')\n"
                + "c=json.load(open(sys.argv[1]))\n"
                + "p=dict(c['plugins'][0]) if 'plugins' in c else dict(c)\n"
                + "p['name']=c.get('name','pod-network'); p['cniVersion']=c.get('cniVersion','1.0.0')\n"
                + "env=dict(os.environ,CNI_COMMAND='" + command + "',CNI_CONTAINERID='" + NETNS + "',"
                + "CNI_NETNS='/var/run/netns/" + NETNS + "',CNI_IFNAME='eth0',CNI_PATH='/opt/cni/bin')\n"
                + "r=subprocess.run(['/opt/cni/bin/'+p['type']],input=json.dumps(p).encode(),env=env,"
                + "capture_output=True)\n"
                + "sys.stdout.write(r.stdout.decode()); sys.stderr.write(r.stderr.decode()); sys.exit(r.returncode)\n";
        // the lexically first network config, as containerd picks it (no `ls | head`: pipefail-safe)
        String conf = "conf=''\nfor f in /etc/cni/net.d/*; do case $f in *.conf|*.conflist|*.json) conf=$f; break;;"
                + " esac; done\n";
        if (command.equals("ADD")) {
            // a run interrupted earlier may have left the namespace and its address: remove them first
            return cni("DEL") + "set -e\nip netns add " + NETNS + "\n" + conf
                    + "python3 - \"$conf\" <<'PY'\n" + py.replace("'DEL'", "'ADD'") + "PY\n";
        }
        return conf + "ip netns add " + NETNS + " 2>/dev/null || true\npython3 - \"$conf\" <<'PY' >/dev/null 2>&1"
                + " || true\n" + py + "PY\nip netns del " + NETNS + " 2>/dev/null || true\n";
    }

    static String ping(List<String> addresses) {
        StringBuilder b = new StringBuilder();
        for (String a : addresses) {
            b.append("if ip netns exec ").append(NETNS).append(" ping -c1 -W2 ").append(a)
                    .append(" >/dev/null 2>&1; then echo 'ping ").append(a).append(" ok'; else echo 'ping ")
                    .append(a).append(" failed'; fi\n");
        }
        return b.toString();
    }

    private static final Pattern MSG = Pattern.compile("\"msg\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** A CNI error result ({@code {"code": 7, "msg": "...", "details": "..."}}) in words, else the first line. */
    public static String cniError(String stdout, String stderr, int exit) {
        Matcher m = MSG.matcher(stdout);
        if (m.find()) {
            Matcher d = Pattern.compile("\"details\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(stdout);
            return m.group(1) + (d.find() && !d.group(1).isBlank() ? " (" + d.group(1) + ")" : "");
        }
        return RealProbing.firstLine(stderr, RealProbing.firstLine(stdout, "exit " + exit));
    }

    /** The address in a CNI ADD result ({@code "ips": [{"address": "10.200.1.2/24", ...}]}), or empty. */
    public static Optional<String> address(String cniResult) {
        Matcher m = ADDRESS.matcher(cniResult);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    @Override
    public ProbeResult real(RealProbing lab, Probe.PodNetwork p) {
        ClusterModel c = lab.cluster();
        List<String> nodes = routed(c, p);
        Map<String, ScriptSections> plan = new LinkedHashMap<>();
        nodes.forEach(n -> plan.put(n, sections()));
        List<String> cmds = new ArrayList<>();
        Map<String, PodNetworkFacts> facts = new LinkedHashMap<>();
        lab.run(plan, lab.faults(), cmds).forEach((n, o) -> facts.put(n, o.ok() ? facts(n, o.sections())
                : PodNetworkFacts.unreachable(n, o.problem())));
        Map<String, List<Problem>> problems = staticProblems(c, p, facts);
        boolean confsOk = p.nodes().stream().allMatch(w -> facts.get(w).unreachable() == null
                && facts.get(w).cniConfs().size() == 1);
        if (confsOk) {
            pingAcross(lab, c, p, problems, cmds);
        }
        return verdict(p, nodes, problems, cmds);
    }

    private static void pingAcross(RealProbing lab, ClusterModel c, Probe.PodNetwork p,
                                   Map<String, List<Problem>> problems, List<String> cmds) {
        List<String> workers = p.nodes();
        cmds.add("on " + String.join(", ", workers) + ": ip netns add " + NETNS + "; CNI_COMMAND=ADD ... "
                + "/opt/cni/bin/<type of the first plugin> < <its config from /etc/cni/net.d>");
        Map<String, String> addr = new LinkedHashMap<>();
        try {
            List<Problem> added = lab.onNodes(workers, n -> cni("ADD"), (n, r) -> {
                if (!r.ok()) {
                    return Problem.error(n + ": the CNI plugin could not set up a test pod network namespace: "
                            + cniError(r.stdout(), r.stderr(), r.exitCode()), "ls /opt/cni/bin; cat /etc/cni/net.d/* (on " + n + ")");
                }
                Optional<String> a = address(r.stdout());
                if (a.isEmpty()) {
                    return Problem.error(n + ": the CNI plugin answered without an address: "
                            + RealProbing.firstLine(r.stdout(), "empty"), "cat /etc/cni/net.d/* (on " + n + ")");
                }
                synchronized (addr) {
                    addr.put(n, a.get());
                }
                return null;
            }, (n, e) -> RealProbing.unreachable(n, e));
            for (int i = 0; i < workers.size(); i++) {
                if (added.get(i) != null) {
                    problems.get(workers.get(i)).add(added.get(i));
                }
            }
            for (String w : workers) {
                String a = addr.get(w);
                Node node = c.node(w).orElseThrow();
                String cidr = c.podCidr(node);
                if (a != null && "bridge".equals(c.config().network().cni()) && cidr != null
                        && !dev.hardway.cluster.Cidr.parse(cidr).contains(dev.hardway.cluster.Cidr.parse(a + "/32"))) {
                    problems.get(w).add(Problem.error(w + ": its test pod got " + a + ", outside its pod CIDR " + cidr, "lesson run (10-pod-network)"));
                }
            }
            if (addr.size() >= 2) {
                cmds.add("on each worker: ip netns exec " + NETNS + " ping -c1 -W2 <every other worker's test pod>");
                List<String> pinging = new ArrayList<>(addr.keySet());
                List<Problem> results = lab.onNodes(pinging, n -> ping(addr.entrySet().stream()
                        .filter(e -> !e.getKey().equals(n)).map(Map.Entry::getValue).toList()), (n, r) -> {
                            List<String> bad = new ArrayList<>();
                            for (Map.Entry<String, String> e : addr.entrySet()) {
                                if (!e.getKey().equals(n) && !r.stdout().contains("ping " + e.getValue() + " ok")) {
                                    bad.add(e.getKey() + " (" + e.getValue() + ")");
                                }
                            }
                            return bad.isEmpty() ? null : Problem.error("a pod on " + n + " (" + addr.get(n)
                                    + ") cannot ping the pod" + (bad.size() == 1 ? " on " : "s on ")
                                    + String.join(", ", bad), "ip route on both nodes; sysctl net.ipv4.ip_forward");
                        }, (n, e) -> RealProbing.unreachable(n, e));
                for (int i = 0; i < pinging.size(); i++) {
                    if (results.get(i) != null) {
                        problems.get(pinging.get(i)).add(results.get(i));
                    }
                }
            }
        } finally {
            cmds.add("on " + String.join(", ", workers) + ": CNI_COMMAND=DEL ...; ip netns del " + NETNS);
            lab.onNodes(workers, n -> cni("DEL"), (n, r) -> null, (n, e) -> null);
        }
    }

    private static ProbeResult verdict(Probe.PodNetwork p, List<String> nodes, Map<String, List<Problem>> problems,
                                       List<String> cmds) {
        List<NodeCheck> checks = new ArrayList<>();
        for (String n : nodes) {
            List<Problem> ps = problems.getOrDefault(n, List.of());
            checks.add(ps.isEmpty() ? NodeCheck.ok(n) : NodeCheck.fail(n, ps));
        }
        String what = p.nodes().size() >= 2 ? "pods reach each other across " + String.join(", ", p.nodes())
                : "pods get addresses on " + String.join(", ", p.nodes());
        return Verdicts.perNode(p.type(), what, checks, cmds);
    }

    // ------------------------------------------------------------------------------------------------- sim --

    @Override
    public ProbeResult sim(SimProbing lab, Probe.PodNetwork p) {
        ClusterModel c = lab.cluster();
        SimRuntime rt = SimRuntime.of(lab.model());
        List<String> nodes = routed(c, p);
        Map<String, PodNetworkFacts> facts = new LinkedHashMap<>();
        nodes.forEach(n -> facts.put(n, rt.podNetwork(n)));
        Map<String, List<Problem>> problems = staticProblems(c, p, facts);
        for (String w : p.nodes()) {
            if (problems.get(w).isEmpty() && rt.sandboxAddress(c.node(w).orElseThrow(), c).isEmpty()) {
                problems.get(w).add(Problem.error(w + ": no test pod address (simulated)", "lesson run (10-pod-network)"));
            }
        }
        List<String> cmds = new ArrayList<>();
        nodes.forEach(n -> sections().commands().forEach(cmd -> cmds.add(ProbeCommands.on(n, cmd))));
        cmds.add("on " + String.join(", ", p.nodes()) + ": ip netns add " + NETNS + "; CNI_COMMAND=ADD ...; ping"
                + " the other test pods; CNI_COMMAND=DEL ...");
        return verdict(p, nodes, problems, cmds);
    }
}
