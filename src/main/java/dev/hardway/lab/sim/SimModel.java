package dev.hardway.lab.sim;

import dev.hardway.Problem;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.hardway.cluster.ClusterConfig.Node;
import dev.hardway.cluster.ClusterModel;
import dev.hardway.lab.EtcdStatus;
import dev.hardway.lab.HaproxyStatus;
import dev.hardway.lab.VipStatus;
import dev.hardway.lab.probe.VrrpState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The simulated lab's world: per node power (up/down), network partition, files and systemd units, plus the few
 * facts that are history rather than state (the etcd raft term, who led last, keepalived crashes). Everything a
 * probe or {@code inspect} reports — etcd members, quorum and leader, the VIP holder, haproxy backends, API health,
 * node readiness — is <em>derived</em> from that on every call, never stored, so it cannot go stale.
 *
 * <p>Deterministic: no clocks, no randomness; the same operations give the same model and the same JSON. The
 * behaviour follows what the namespace test bed measured with the real tools (../shared/lab-notes.md §4-5).
 *
 * <p>Read methods are public (for {@code inspect}); mutators are package-private and used by {@link SimLab},
 * which persists the model after each change.
 */
public final class SimModel {

    /** Written into the JSON; a file with a newer number is refused. */
    public static final int FORMAT = 1;

    /** Unit names the derivations look at (the lessons' unit names, docs/lesson-format.md). */
    public static final String ETCD = "etcd";
    public static final String APISERVER = "kube-apiserver";
    public static final String HAPROXY = "haproxy";
    public static final String KEEPALIVED = "keepalived";
    public static final String KUBELET = "kubelet";
    public static final String CONTAINERD = "containerd";
    public static final String KUBE_PROXY = "kube-proxy";
    /** sshd is not modelled as a unit: it runs on every powered node (hardway reaches nodes through it). */
    private static final String SSHD = "sshd";

    /**
     * A file as the model knows it: enough to tell present/non-empty and whether two copies are the same.
     * {@code text} is the content of a small text file a step uploaded (configs, units; copies keep it), null for
     * what a script made: {@link SimNodes} reads the kubelet and kube-proxy configs from it, {@link SimRuntime} the
     * containerd and CNI configs, sysctls and routes. Written to the JSON only when set.
     */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record FileEntry(String sha256, long size, String mode, String owner, String origin, String text) {
        /** Without the text (what a script made). */
        public FileEntry(String sha256, long size, String mode, String owner, String origin) {
            this(sha256, size, mode, owner, origin, null);
        }
    }

    /** A unit killed with SIGKILL: for keepalived, the VIP address it held stays on the interface. */
    public record Crash(String node, String unit, boolean keptVip) {
    }

    /** One node at a glance, for {@code inspect node} and {@code faults}. */
    public record NodeView(String name, boolean up, boolean partitioned, SortedSet<String> activeUnits,
                           SortedSet<String> stoppedUnits, int files) {
    }

    /** The API endpoint's health. {@code via} is the LB or master that answered; {@code problem} says why not. */
    public record ApiHealth(String endpoint, boolean ok, String via, Problem problem) {
    }

    /** A node's registration/readiness as {@code kubectl get nodes} would show it. */
    public record NodeCondition(String node, boolean ready, Problem problem) {
    }

    /** The persisted part. Field names are the JSON keys; maps are sorted so the JSON is stable. */
    @JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
            isGetterVisibility = JsonAutoDetect.Visibility.NONE)
    @JsonIgnoreProperties(ignoreUnknown = true)
    static final class Data {
        int format = FORMAT;
        String cluster;
        TreeMap<String, NodeData> nodes = new TreeMap<>();
        List<Crash> crashes = new ArrayList<>();
        /** Raft term: bootstrap elections leave real etcd at term 2, so the first leader gets 2. */
        long etcdTerm = 1;
        long etcdIndex = 0;
        /** Who led after the last change (null: none), to count elections and keep leadership sticky. */
        String etcdLeader;
        /** Leader lease holders by component (history like etcdLeader: leases stay with a healthy holder). */
        TreeMap<String, String> leaseHolders = new TreeMap<>();
        /** API objects and the node facts they depend on (lessons 11, 12). */
        SimWorkloads.State workloads = new SimWorkloads.State();
        /** etcd's data dirs and snapshots (lesson 15). */
        SimEtcdData.State etcdData = new SimEtcdData.State();
    }

    @JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
            isGetterVisibility = JsonAutoDetect.Visibility.NONE)
    @JsonIgnoreProperties(ignoreUnknown = true)
    static final class NodeData {
        boolean powered = true;
        boolean partitioned;
        TreeMap<String, FileEntry> files = new TreeMap<>();
        /** Units a step enabled (`systemctl enable --now`): they start again after a reboot. */
        TreeSet<String> enabled = new TreeSet<>();
        /** Enabled units that are currently not running (stopped, crashed). Cleared by a reboot. */
        TreeSet<String> stopped = new TreeSet<>();
    }

    private final ClusterModel cluster;
    final Data data;

    /** A fresh lab: every node powered on, empty disks, nothing running. */
    SimModel(ClusterModel cluster) {
        this(cluster, new Data());
    }

    /** Wraps loaded data; nodes missing from it (a node added to the config) start fresh, unknown ones are dropped. */
    SimModel(ClusterModel cluster, Data data) {
        this.cluster = cluster;
        this.data = data;
        data.cluster = cluster.name();
        data.nodes.keySet().retainAll(cluster.nodes().stream().map(Node::name).toList());
        for (Node n : cluster.nodes()) {
            data.nodes.computeIfAbsent(n.name(), k -> new NodeData());
        }
        data.crashes.removeIf(c -> !data.nodes.containsKey(c.node()));
    }

    public ClusterModel cluster() {
        return cluster;
    }

    // ------------------------------------------------------------------------------------------ basic reads --

    private NodeData n(String node) {
        NodeData d = data.nodes.get(node);
        if (d == null) {
            throw dev.hardway.HardwayException.badInput("no node '" + dev.hardway.Problem.clip(node)
                    + "' in the simulated lab", "one of " + String.join(", ", data.nodes.keySet()));
        }
        return d;
    }

    public boolean knows(String node) {
        return data.nodes.containsKey(node);
    }

    public boolean isUp(String node) {
        return n(node).powered;
    }

    public boolean isPartitioned(String node) {
        return n(node).partitioned;
    }

    public boolean isActive(String node, String unit) {
        NodeData d = n(node);
        return d.powered && d.enabled.contains(unit) && !d.stopped.contains(unit);
    }

    public SortedSet<String> activeUnits(String node) {
        NodeData d = n(node);
        TreeSet<String> out = new TreeSet<>();
        if (d.powered) {
            out.addAll(d.enabled);
            out.removeAll(d.stopped);
        }
        return out;
    }

    public Optional<FileEntry> file(String node, String path) {
        return Optional.ofNullable(n(node).files.get(path));
    }

    public List<Crash> crashes() {
        return List.copyOf(data.crashes);
    }

    public List<NodeView> nodes() {
        return cluster.nodes().stream().map(Node::name).map(name -> {
            NodeData d = n(name);
            return new NodeView(name, d.powered, d.partitioned, activeUnits(name), new TreeSet<>(d.stopped),
                    d.files.size());
        }).toList();
    }

    /** Why a unit is not active on a node, for problem lines: names the node and ends with a hint. */
    /** A lesson step enabled {@code unit} on {@code node} (it is installed), running or not. */
    public boolean isEnabled(String node, String unit) {
        return n(node).enabled.contains(unit);
    }

    public Problem whyInactive(String node, String unit) {
        NodeData d = n(node);
        if (!d.powered) {
            return Problem.error(node + " is powered off (simulated)", "heal " + node);
        }
        if (!d.enabled.contains(unit)) {
            return Problem.error(unit + " was never started on " + node, "run the lesson step that starts it (lesson run)");
        }
        boolean crashed = data.crashes.stream().anyMatch(c -> c.node().equals(node) && c.unit().equals(unit));
        return Problem.error(unit + " is " + (crashed ? "killed (crash fault, simulated)" : "stopped (simulated)") + " on " + node, "heal " + node + " (or: systemctl start " + unit + " on " + node + ")");
    }

    // ----------------------------------------------------------------------------------------------- etcd --

    /** Members that can talk to each other, largest group first: the unpartitioned ones, then each cut-off one. */
    private List<List<String>> etcdGroups() {
        List<String> main = new ArrayList<>();
        List<List<String>> groups = new ArrayList<>();
        for (Node m : cluster.masters()) {
            if (!isActive(m.name(), ETCD)) {
                continue;
            }
            if (isPartitioned(m.name())) {
                groups.add(List.of(m.name()));
            } else {
                main.add(m.name());
            }
        }
        groups.addAll(0, SimEtcdData.of(this).groups(main)); // those that share a cluster in their data dirs
        return groups;
    }

    private List<String> majority() {
        int quorum = EtcdStatus.quorumOf(cluster.masters().size());
        return etcdGroups().stream().filter(g -> g.size() >= quorum).findFirst().orElse(List.of());
    }

    /**
     * The leader: the previous one while it is still in the majority (raft does not move leadership without a
     * reason), else the lowest-named member of the majority; null without quorum.
     */
    String computeLeader() {
        List<String> maj = majority();
        if (maj.isEmpty()) {
            return null;
        }
        if (data.etcdLeader != null && maj.contains(data.etcdLeader)) {
            return data.etcdLeader;
        }
        return maj.stream().min(Comparator.naturalOrder()).orElseThrow();
    }

    public EtcdStatus etcdStatus() {
        int configured = cluster.masters().size();
        int quorum = EtcdStatus.quorumOf(configured);
        List<String> maj = majority();
        String leader = computeLeader();
        long running = cluster.masters().stream().filter(m -> isActive(m.name(), ETCD)).count();
        List<EtcdStatus.Member> members = new ArrayList<>();
        for (Node m : cluster.masters()) {
            String name = m.name();
            boolean healthy = maj.contains(name);
            Problem problem = null;
            if (!healthy) {
                if (!isActive(name, ETCD)) {
                    problem = whyInactive(name, ETCD).prefixed(name + ": etcd member down: ");
                } else if (isPartitioned(name)) {
                    problem = Problem.error(name + ": etcd member cut off from the others (network partition, simulated), it has no leader: context deadline exceeded", "heal " + name);
                } else if (SimEtcdData.of(this).whyApart(name, etcdGroups().stream().flatMap(List::stream)
                        .filter(x -> !isPartitioned(x)).toList()).isPresent()) {
                    problem = SimEtcdData.of(this).whyApart(name, etcdGroups().stream().flatMap(List::stream)
                            .filter(x -> !isPartitioned(x)).toList()).orElseThrow();
                } else {
                    problem = Problem.error(name + ": etcdserver: no leader (" + running + " of " + configured
                            + " members running, quorum needs " + quorum + ")", "start etcd on (or heal) more masters");
                }
            }
            // Sizes are made up but stable: a few KiB per raft entry on top of an empty bbolt file.
            long index = healthy ? data.etcdIndex : 0;
            members.add(new EtcdStatus.Member(name, "https://" + m.ip() + ":2379", healthy, name.equals(leader),
                    healthy ? data.etcdTerm : 0, index, healthy ? 20480 + 4096 * (index / 4) : 0,
                    cluster.config().versions().etcd(), problem));
        }
        return new EtcdStatus(configured, quorum, members, leader, leader == null ? 0 : data.etcdTerm);
    }

    // --------------------------------------------------------------------------------------- haproxy + VIP --

    private boolean crashKeptVip(String lb) {
        return isUp(lb) && data.crashes.stream()
                .anyMatch(c -> c.node().equals(lb) && c.unit().equals(KEEPALIVED) && c.keptVip());
    }

    /** VRRP priority as the keepalived template sets it (TemplateModel: first LB 101, second 100). */
    private int priority(String lb) {
        return cluster.vrrpPriority(lb);
    }

    /**
     * keepalived per LB. The lessons' keepalived.conf tracks haproxy with a script and no weight, so a dead
     * haproxy puts the instance in FAULT (it gives up the VIP). Among healthy instances that hear each other the
     * highest priority is MASTER (preempt is on: lb1 takes the VIP back when it is healthy again); a partitioned
     * instance hears no adverts and makes itself MASTER too: split brain, as measured with `isolate lb1`. A
     * keepalived killed with SIGKILL cannot remove its address: the node keeps the VIP while the peer takes it.
     */
    public VipStatus vipStatus() {
        return vipStatus(cluster.hasApiLb() ? cluster.config().loadbalancers().api().vip() : null, cluster.apiLbs());
    }

    /** The same rules for any LB pair and its VIP (the ingress pair: {@link SimIngress}). */
    public VipStatus vipStatus(String vip, List<Node> lbs) {
        String master = lbs.stream().map(Node::name)
                .filter(l -> vrrpHealthy(l) && !isPartitioned(l))
                .max(Comparator.comparingInt(this::priority)).orElse(null);
        List<VipStatus.Lb> out = new ArrayList<>();
        for (Node lbNode : lbs) {
            String lb = lbNode.name();
            int prio = priority(lb);
            if (!isUp(lb)) {
                out.add(new VipStatus.Lb(lb, false, VrrpState.DOWN.name(), prio, Problem.error(lb + " is powered off (simulated)", "heal " + lb)));
            } else if (!isActive(lb, KEEPALIVED)) {
                boolean kept = crashKeptVip(lb);
                out.add(new VipStatus.Lb(lb, kept, (kept ? VrrpState.CRASHED : VrrpState.STOPPED).name(), prio,
                        whyInactive(lb, KEEPALIVED).prefixed(lb + ": keepalived is not running: ")));
            } else if (!isActive(lb, HAPROXY)) {
                out.add(new VipStatus.Lb(lb, false, VrrpState.FAULT.name(), prio, whyInactive(lb, HAPROXY)
                        .prefixed(lb + ": keepalived is in FAULT because its track script finds no haproxy: ")));
            } else if (isPartitioned(lb) || lb.equals(master)) {
                out.add(new VipStatus.Lb(lb, true, VrrpState.MASTER.name(), prio, null));
            } else {
                out.add(new VipStatus.Lb(lb, false, VrrpState.BACKUP.name(), prio, null));
            }
        }
        return new VipStatus(vip, out);
    }

    private boolean vrrpHealthy(String lb) {
        return isActive(lb, KEEPALIVED) && isActive(lb, HAPROXY);
    }

    /** Whether a master's kube-apiserver port answers from an LB (haproxy's TCP check). */
    private String backendCheck(String lb, String master) {
        if (!isUp(master) || isPartitioned(master) || isPartitioned(lb)) {
            return "L4TOUT";
        }
        return SimControlPlane.apiserverServing(this, master) ? "L4OK" : "L4CON";
    }

    /** haproxy's backend table per API LB: a server is UP only when kube-apiserver listens on its master. */
    public List<HaproxyStatus> haproxy() {
        List<HaproxyStatus> out = new ArrayList<>();
        for (Node lbNode : cluster.apiLbs()) {
            String lb = lbNode.name();
            if (!isActive(lb, HAPROXY)) {
                out.add(new HaproxyStatus(lb, false, List.of(), whyInactive(lb, HAPROXY)
                        .prefixed(lb + ": haproxy is not running: ")));
                continue;
            }
            List<HaproxyStatus.Backend> backends = new ArrayList<>();
            for (Node m : cluster.masters()) {
                String check = backendCheck(lb, m.name());
                backends.add(new HaproxyStatus.Backend("apiservers", m.name(), check.equals("L4OK") ? "UP" : "DOWN",
                        check));
            }
            out.add(new HaproxyStatus(lb, true, backends, null));
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------- API, nodes --

    /** A master's kube-apiserver answers /healthz ok: running with its files, reachable, etcd has a leader. */
    public boolean apiserverHealthy(String master) {
        return SimControlPlane.apiserverReady(this, master);
    }

    /**
     * The LB clients on the network reach at the VIP: with split brain the one that announced itself last
     * (the healthy keepalived, not a crashed one's leftover address, and not one cut off from the network).
     */
    public Optional<String> vipServedBy() {
        VipStatus v = vipStatus();
        return v.lbs().stream().filter(VipStatus.Lb::holds).filter(l -> !isPartitioned(l.node()))
                .sorted(Comparator.comparing((VipStatus.Lb l) -> l.state().equals(VrrpState.MASTER.name()) ? 0 : 1))
                .map(VipStatus.Lb::node).findFirst();
    }

    public ApiHealth apiHealth() {
        String endpoint = cluster.apiEndpoint();
        if (cluster.masters().isEmpty()) {
            return new ApiHealth(endpoint, false, null,Problem.error("the cluster has no masters", "add a master to the config"));
        }
        if (!cluster.hasApiLb()) {
            String m = cluster.masters().get(0).name();
            return apiVia(endpoint, m, List.of(m));
        }
        Optional<String> lb = vipServedBy();
        if (lb.isEmpty()) {
            return new ApiHealth(endpoint, false, null, Problem.error("no load balancer holds the VIP " + cluster.apiHost()
                    + ", so nothing answers at " + endpoint, "check vip"));
        }
        if (!isActive(lb.get(), HAPROXY)) {
            return new ApiHealth(endpoint, false, lb.get(), Problem.error(lb.get() + " holds the VIP but haproxy is not running there: connection refused", "heal " + lb.get() + " (or: systemctl start haproxy on "
                    + lb.get() + ")"));
        }
        List<String> up = cluster.masters().stream().map(Node::name)
                .filter(m -> backendCheck(lb.get(), m).equals("L4OK")).toList();
        if (up.isEmpty()) {
            return new ApiHealth(endpoint, false, lb.get(), Problem.error("haproxy on " + lb.get() + " has no backend UP (no"
                    + " kube-apiserver answers on port " + ClusterModel.APISERVER_PORT + "): the connection is closed", "inspect lb, then start kube-apiserver on the masters"));
        }
        return apiVia(endpoint, lb.get(), up);
    }

    private ApiHealth apiVia(String endpoint, String via, List<String> masters) {
        for (String m : masters) {
            if (apiserverHealthy(m)) {
                return new ApiHealth(endpoint, true, via, null);
            }
        }
        String m = masters.get(0);
        SimControlPlane.Component api = SimControlPlane.apiserver(this, m);
        if (api.trap() != null) {
            return new ApiHealth(endpoint, false, via, api.problem());
        }
        if (!isActive(m, APISERVER)) {
            return new ApiHealth(endpoint, false, via, whyInactive(m, APISERVER)
                    .prefixed("kube-apiserver is not running on " + m + ": "));
        }
        if (isPartitioned(m)) {
            return new ApiHealth(endpoint, false, via, Problem.error(m + " is cut off from the others (network partition, simulated)", "heal " + m));
        }
        return new ApiHealth(endpoint, false, via, Problem.error("healthz check failed: [-]etcd failed: etcd has no leader.", "check etcd"));
    }

    /** Readiness of the given nodes, derived by {@link SimNodes} (runtime, kubelet, CNI config, kube-proxy, API). */
    public List<NodeCondition> nodeConditions(List<String> nodes) {
        return SimNodes.conditions(this, nodes, true);
    }

    /**
     * Whether a TCP connect from {@code from} to host:port succeeds. Listeners: sshd on 22 everywhere, etcd on
     * 2379/2380, kube-apiserver on 6443, haproxy on the API port of an LB (and on the VIP where it is held),
     * kubelet on 10250. Returns null when it connects, else why not (naming the nodes, with a hint).
     */
    public Problem connect(String from, String host, int port) {
        if (!isUp(from)) {
            return Problem.error(from + " is powered off (simulated), the probe cannot run there", "heal " + from);
        }
        String target;
        if (SimIngress.isVip(cluster, host)) {
            return SimIngress.connect(this, from, port);
        }
        if (cluster.hasApiLb() && host.equals(cluster.config().loadbalancers().api().vip())) {
            Optional<String> lb = vipServedBy();
            if (lb.isEmpty()) {
                return Problem.error("no host answers at " + host + " (the VIP is held by no load balancer)", "check vip");
            }
            target = lb.get();
        } else {
            target = cluster.nodes().stream().filter(n -> n.ip().equals(host) || n.name().equals(host)
                    || (n.name() + "." + cluster.config().domain()).equals(host)).map(Node::name).findFirst()
                    .orElse(null);
            if (target == null) {
                return Problem.error("no simulated node has the address " + host, "use a node name or IP from the cluster config");
            }
        }
        if (!isUp(target)) {
            return Problem.error("connection to " + host + ":" + port + " timed out: " + target + " is powered off (simulated).", "heal " + target);
        }
        if (!from.equals(target) && (isPartitioned(from) || isPartitioned(target))) {
            String cut = isPartitioned(target) ? target : from;
            return Problem.error("connection to " + host + ":" + port + " timed out: " + cut + " is cut off (network partition, simulated)", "heal " + cut);
        }
        String unit = listener(target, port);
        if (unit == null || (!unit.equals(SSHD) && !isActive(target, unit))) {
            return Problem.error("connection to " + host + ":" + port + " refused: nothing listens on " + target + ":" + port
                    + (unit == null ? "" : " (" + unit + " is not running)"), "systemctl status " + (unit == null ? "<the service>" : unit) + " on " + target);
        }
        return null;
    }

    private String listener(String node, int port) {
        Node n = cluster.node(node).orElseThrow();
        if (port == 22) {
            return SSHD;
        }
        if (cluster.masters().contains(n) && (port == 2379 || port == 2380)) {
            return ETCD;
        }
        if (cluster.apiLbs().contains(n) && port == cluster.apiPort()) {
            return HAPROXY;
        }
        if (SimIngress.listens(cluster, n, port)) {
            return HAPROXY;
        }
        if (cluster.masters().contains(n) && port == ClusterModel.APISERVER_PORT) {
            return APISERVER;
        }
        if (port == 10250) {
            return KUBELET;
        }
        return null;
    }

    // --------------------------------------------------------------------------------------------- mutation --

    void putFile(String node, String path, FileEntry entry) {
        n(node).files.put(path, entry);
    }

    void removeFile(String node, String path) {
        n(node).files.remove(path);
    }

    /** Starts (and enables) units; a started keepalived removes a crash leftover by taking over its address. */
    void start(String node, List<String> units) {
        NodeData d = n(node);
        for (String u : units) {
            d.enabled.add(u);
            d.stopped.remove(u);
            data.crashes.removeIf(c -> c.node().equals(node) && c.unit().equals(u));
        }
    }

    /** Starts the given enabled units; returns those that were not running and now are. */
    List<String> startEnabled(String node, List<String> units) {
        NodeData d = n(node);
        List<String> started = new ArrayList<>();
        for (String u : units) {
            if (d.powered && d.enabled.contains(u) && d.stopped.contains(u)) {
                started.add(u);
            }
        }
        start(node, started);
        return started;
    }

    /** Stops running units; returns those that were running. */
    List<String> stop(String node, List<String> units) {
        NodeData d = n(node);
        List<String> stopped = new ArrayList<>();
        for (String u : units) {
            if (isActive(node, u)) {
                d.stopped.add(u);
                stopped.add(u);
            }
        }
        return stopped;
    }

    /** SIGKILL of a unit's processes; remembers whether a killed keepalived left the VIP on the interface. */
    boolean crash(String node, String unit) {
        if (!isActive(node, unit)) {
            return false;
        }
        boolean held = unit.equals(KEEPALIVED) && (vipStatus().holders().contains(node)
                || SimIngress.vipStatus(this).holders().contains(node));
        n(node).stopped.add(unit);
        data.crashes.add(new Crash(node, unit, held));
        return true;
    }

    /** Power cut: nothing runs; addresses (a crash leftover VIP) go with it. */
    boolean powerOff(String node) {
        NodeData d = n(node);
        if (!d.powered) {
            return false;
        }
        d.powered = false;
        data.crashes.removeIf(c -> c.node().equals(node));
        return true;
    }

    /** Boot: enabled units start again, whatever was stopped before. */
    boolean powerOn(String node) {
        NodeData d = n(node);
        if (d.powered) {
            return false;
        }
        d.powered = true;
        d.stopped.clear();
        return true;
    }

    boolean partition(String node, boolean on) {
        NodeData d = n(node);
        boolean changed = d.partitioned != on;
        d.partitioned = on;
        return changed;
    }

    /**
     * Brings the history up to date after a change: a new leader means an election (term + 1, and the new
     * leader appends an entry); {@code write} counts a step applied while etcd had a leader as one more entry.
     */
    void settle(boolean write) {
        String leader = computeLeader();
        if (leader != null && !leader.equals(data.etcdLeader)) {
            data.etcdTerm++;
            data.etcdIndex++;
        }
        if (leader != null && write) {
            data.etcdIndex++;
        }
        data.etcdLeader = leader;
        SimControlPlane.settle(this);
    }

    /** Known units of a node that are enabled (for heal: what a reboot would start). */
    Set<String> enabledUnits(String node) {
        return new TreeSet<>(n(node).enabled);
    }
}
