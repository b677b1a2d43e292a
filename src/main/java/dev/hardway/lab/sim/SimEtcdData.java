package dev.hardway.lab.sim;

import dev.hardway.Problem;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.hardway.cluster.ClusterConfig.Node;
import dev.hardway.cluster.ClusterModel;
import dev.hardway.lab.StepAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What etcd holds in the simulated lab (lesson 15, backup and restore): per master its data directories (the one
 * lesson 05's unit names, {@value #DATA_DIR}, and whatever a restore or {@code mv} made), each with the cluster it
 * belongs to, its keys and revision, and the snapshot files {@code etcdctl snapshot save} wrote.
 *
 * <p>What is stored is what the disks hold: data directories and snapshots. Everything else is derived: which
 * members can form a cluster (the same cluster identity in their live data dir, {@link #groups}), the keys a
 * member serves (its live dir while etcd runs), what {@code etcdutl snapshot status} reads. A master whose etcd
 * unit lesson 05 installed and whose data was never touched has the data dir lesson 05 bootstrapped (token
 * {@code etcd-<cluster>}, lesson 05's --initial-cluster).
 *
 * <p>Steps change it through the commands of their scripts that etcd's tools run, read line by line (the way
 * {@link SimRuntime} reads {@code ip route replace}): {@code etcdctl put|del}, {@code etcdctl snapshot save},
 * {@code etcdutl snapshot restore}, {@code kubectl create configmap} (a key under /registry/configmaps),
 * {@code mv} and {@code rm -rf} of data dirs and {@code systemctl stop}. A command the real tool would refuse
 * (a restore into an existing dir, a snapshot against several endpoints, a missing snapshot file) fails the
 * step with the tool's own error and a fix, and nothing of the step is applied.
 */
public final class SimEtcdData {

    public static final String DATA_DIR = "/var/lib/etcd";
    public static final String UNIT_FILE = "/etc/systemd/system/etcd.service";
    static final String CONFIGMAPS = "/registry/configmaps/";

    // ------------------------------------------------------------------------------------ persisted part --

    /** A field of {@link SimModel.Data}: data dirs per master (only masters a step touched) and snapshots. */
    @JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
            isGetterVisibility = JsonAutoDetect.Visibility.NONE)
    @JsonIgnoreProperties(ignoreUnknown = true)
    static final class State {
        /** node -> path -> data dir. A node listed here has exactly these dirs (lesson 05's is no longer implied). */
        TreeMap<String, TreeMap<String, Dir>> dirs = new TreeMap<>();
        /** Snapshot contents by the sha256 of the file (the file entry on the node carries the same sha). */
        TreeMap<String, Snap> snapshots = new TreeMap<>();

        State copy() {
            State s = new State();
            dirs.forEach((n, ds) -> {
                TreeMap<String, Dir> c = new TreeMap<>();
                ds.forEach((p, d) -> c.put(p, d.copy()));
                s.dirs.put(n, c);
            });
            s.snapshots.putAll(snapshots);
            return s;
        }
    }

    /**
     * One etcd data directory.
     *
     * @param cluster      the cluster identity: initial-cluster-token and --initial-cluster (etcd derives the
     *                     cluster ID from them), "|"-separated
     * @param name         the member name it was made for
     * @param peerUrl      the member's advertised peer URL
     * @param restoredFrom sha256 of the snapshot file it was restored from; null: bootstrapped by lesson 05
     * @param bumped       --bump-revision of the restore (0: none)
     * @param apiservers   masters whose kube-apiserver ran while this dir was restored
     */
    @JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
            isGetterVisibility = JsonAutoDetect.Visibility.NONE)
    @JsonIgnoreProperties(ignoreUnknown = true)
    static final class Dir {
        String cluster;
        String name;
        String peerUrl;
        TreeMap<String, String> keys = new TreeMap<>();
        long revision = 1;
        String restoredFrom;
        long bumped;
        List<String> apiservers = new ArrayList<>();

        Dir copy() {
            Dir d = new Dir();
            d.cluster = cluster;
            d.name = name;
            d.peerUrl = peerUrl;
            d.keys = new TreeMap<>(keys);
            d.revision = revision;
            d.restoredFrom = restoredFrom;
            d.bumped = bumped;
            d.apiservers = new ArrayList<>(apiservers);
            return d;
        }
    }

    /** A snapshot: the keys and revision of the member it was taken from, and that member's cluster. */
    public record Snap(String cluster, TreeMap<String, String> keys, long revision) {
    }

    // ------------------------------------------------------------------------------------ derived views --

    /** What {@code etcdutl snapshot status} reads from a file on a node, or why it cannot. */
    public record SnapshotRead(String node, String path, String sha256, long revision, int keys, Problem problem) {
        public boolean ok() {
            return problem == null;
        }
    }

    /** A key as one member serves it (serializable read), or why the member cannot be asked. */
    public record KeyRead(String node, boolean present, Problem problem) {
    }

    /**
     * A member after a restore as {@code endpoint status} shows it: its cluster ID (derived from the identity),
     * revision, and what the model knows beyond the tools: the snapshot it came from, the bump, running apiservers.
     */
    public record MemberView(String node, String endpoint, boolean answers, String clusterId, long revision,
                             String restoredFrom, long bumped, List<String> apiserversAtRestore, Problem problem) {
    }

    private final SimModel m;
    private final ClusterModel cluster;
    private final State state;

    private SimEtcdData(SimModel m, State state) {
        this.m = m;
        this.cluster = m.cluster();
        this.state = state;
    }

    public static SimEtcdData of(SimModel model) {
        return new SimEtcdData(model, model.data.etcdData);
    }

    /** The identity lesson 05's unit bootstraps: --initial-cluster-token etcd-NAME and its --initial-cluster. */
    private String originalCluster() {
        return "etcd-" + cluster.name() + "|" + cluster.etcdInitialCluster();
    }

    private boolean isMaster(String node) {
        return cluster.masters().stream().anyMatch(n -> n.name().equals(node));
    }

    private Node master(String node) {
        return cluster.masters().stream().filter(n -> n.name().equals(node)).findFirst().orElseThrow();
    }

    /** A node's data dirs: what a step left, else lesson 05's once its etcd unit was written. */
    private Map<String, Dir> dirs(String node) {
        TreeMap<String, Dir> stored = state.dirs.get(node);
        if (stored != null) {
            return stored;
        }
        TreeMap<String, Dir> implied = new TreeMap<>();
        if (isMaster(node) && m.file(node, UNIT_FILE).isPresent()) {
            Dir d = new Dir();
            d.cluster = originalCluster();
            d.name = node;
            d.peerUrl = "https://" + master(node).ip() + ":2380";
            implied.put(DATA_DIR, d);
        }
        return implied;
    }

    /** The node's dirs for changing: lesson 05's implied one becomes stored. */
    private TreeMap<String, Dir> own(String node) {
        return state.dirs.computeIfAbsent(node, n -> new TreeMap<>(dirs(n)));
    }

    /** The dir lesson 05's unit runs etcd on, if there is one. */
    private Optional<Dir> live(String node) {
        return Optional.ofNullable(dirs(node).get(DATA_DIR));
    }

    /** Why a member's live dir cannot serve as this node's member, or null. */
    private Problem invalid(String node) {
        Dir d = live(node).orElse(null);
        if (d == null || d.restoredFrom == null) {
            return null;
        }
        String peer = "https://" + master(node).ip() + ":2380";
        if (!node.equals(d.name)) {
            return Problem.error(node + ": its data dir " + DATA_DIR + " was restored for member '" + d.name + "', not '" + node + "': etcd refuses to start (member not found in the restored cluster)", "restore on " + node
                    + " again with --name " + node + " --initial-advertise-peer-urls " + peer);
        }
        if (!(d.name + "=" + peer).equals(d.cluster.contains("|") ? memberOf(d.cluster, node) : "")) {
            return Problem.error(node + ": the restore's --initial-cluster does not name " + node + "=" + peer + " (or --initial-advertise-peer-urls differs): etcd refuses to start", "restore again with lesson 05's --initial-cluster " + cluster.etcdInitialCluster());
        }
        return null;
    }

    private static String memberOf(String identity, String node) {
        String ic = identity.substring(identity.indexOf('|') + 1);
        for (String e : ic.split(",")) {
            if (e.startsWith(node + "=")) {
                return e;
            }
        }
        return "";
    }

    /**
     * Splits members that reach each other into the groups that can form a cluster: the same cluster identity in
     * their live data dir; a member whose restored dir is not its own stands alone. Largest group first.
     */
    List<List<String>> groups(List<String> reachable) {
        Map<String, List<String>> by = new LinkedHashMap<>();
        for (String n : reachable) {
            Problem bad = invalid(n);
            String key = bad != null ? "invalid:" + n : live(n).map(d -> d.cluster).orElse(originalCluster());
            by.computeIfAbsent(key, k -> new ArrayList<>()).add(n);
        }
        List<List<String>> out = new ArrayList<>(by.values());
        out.sort(Comparator.comparingInt((List<String> g) -> -g.size()));
        return out;
    }

    private String identity(String node) {
        return live(node).map(d -> d.cluster).orElse(originalCluster());
    }

    /**
     * Why a running member cannot join the others it reaches ({@code reachable}: running, not cut off): its
     * restored dir is not its own, or its data dir belongs to another cluster than some of theirs (only some
     * members restored, or with other flags: "request cluster ID mismatch"). Empty when neither.
     */
    public Optional<Problem> whyApart(String node, List<String> reachable) {
        Problem bad = invalid(node);
        if (bad != null) {
            return Optional.of(bad);
        }
        String mine = identity(node);
        List<String> others = reachable.stream().filter(n -> !n.equals(node) && invalid(n) == null
                && !identity(n).equals(mine)).toList();
        if (others.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Problem.error(node + ": etcd member rejected by " + String.join(", ", others) + ": request cluster ID"
                + " mismatch (its data dir belongs to another cluster than theirs: only some members were restored, or with other --initial-cluster/--initial-cluster-token)", "stop etcd on every member and restore all of them from the same snapshot file with the same flags (lesson 15-etcd-backup)"));
    }

    /** {@code etcdutl snapshot status PATH} on a node. */
    public SnapshotRead snapshot(String node, String path) {
        if (!m.isUp(node)) {
            return new SnapshotRead(node, path, null, 0, 0, Problem.error(node + " is powered off (simulated)", "heal " + node));
        }
        if (!m.file(node, "/usr/local/bin/etcdutl").isPresent()) {
            return new SnapshotRead(node, path, null, 0, 0, Problem.error(node + ": etcdutl: command not found", "the step of lesson 15-etcd-backup that installs etcdutl"));
        }
        Optional<SimModel.FileEntry> f = m.file(node, path);
        if (f.isEmpty()) {
            return new SnapshotRead(node, path, null, 0, 0, Problem.error(node + ": Error: stat " + path + ": no such file or directory", "etcdctl snapshot save on one master, then copy that file to every member"));
        }
        Snap s = state.snapshots.get(f.get().sha256());
        if (s == null) {
            return new SnapshotRead(node, path, f.get().sha256(), 0, 0, Problem.error(node + ": Error: invalid database (" + path + " is not an etcd snapshot)", "etcdctl snapshot save again"));
        }
        return new SnapshotRead(node, path, f.get().sha256(), s.revision(), s.keys().size(), null);
    }

    /** A key as the member on {@code node} serves it. */
    public KeyRead key(String node, String key) {
        if (!m.isActive(node, SimModel.ETCD)) {
            return new KeyRead(node, false, m.whyInactive(node, SimModel.ETCD)
                    .prefixed(node + ": etcdctl get: context deadline exceeded: "));
        }
        Problem bad = invalid(node);
        if (bad != null) {
            return new KeyRead(node, false, bad);
        }
        return new KeyRead(node, live(node).map(d -> d.keys.containsKey(key)).orElse(false), null);
    }

    /** Every master as {@code endpoint status} would show it, with what the model knows of its restore. */
    public List<MemberView> members() {
        List<String> healthy = m.etcdStatus().members().stream().filter(dev.hardway.lab.EtcdStatus.Member::healthy)
                .map(dev.hardway.lab.EtcdStatus.Member::name).toList();
        List<MemberView> out = new ArrayList<>();
        for (Node n : cluster.masters()) {
            String name = n.name();
            Optional<Dir> d = live(name);
            boolean answers = m.isActive(name, SimModel.ETCD) && !m.isPartitioned(name) && invalid(name) == null;
            Problem problem = null;
            if (!answers) {
                problem = invalid(name) != null ? invalid(name) : m.isActive(name, SimModel.ETCD)
                        ? Problem.error(name + " is cut off from the others (simulated)", "heal " + name)
                        : m.whyInactive(name, SimModel.ETCD).prefixed(name + ": etcd member down: ");
            } else if (!healthy.contains(name)) {
                problem = m.etcdStatus().members().stream().filter(x -> x.name().equals(name)).findFirst()
                        .map(dev.hardway.lab.EtcdStatus.Member::problem)
                        .orElse(Problem.error(name + ": no leader", "check etcd"));
            }
            out.add(new MemberView(name, "https://" + n.ip() + ":2379", answers, answers ? clusterId(d
                    .map(x -> x.cluster).orElse(originalCluster())) : null, answers ? d.map(x -> x.revision)
                    .orElse(1L) : 0, d.map(x -> x.restoredFrom).orElse(null), d.map(x -> x.bumped).orElse(0L),
                    d.map(x -> List.copyOf(x.apiservers)).orElse(List.of()), problem));
        }
        return out;
    }

    /** A cluster ID derived from the identity (etcd hashes the member IDs, which come from URLs and token). */
    static String clusterId(String identity) {
        return SimLab.sha256(identity.getBytes(StandardCharsets.UTF_8)).substring(0, 16);
    }

    // --------------------------------------------------------------------------------- step application --

    private static final Pattern CONTINUATION = Pattern.compile("\\\\\\r?\\n");

    /**
     * Applies the etcd commands of a node's script, in order, all or nothing: null, or the failing command's
     * error (as the tool says it) with a fix. Called before the step's files are written and its units started.
     */
    Problem apply(String node, String label, StepAction.NodeAction na) {
        String script = na.script();
        if (script == null || script.isBlank()) {
            return null;
        }
        State before = state.copy();
        List<String> stops = new ArrayList<>();
        Map<String, SimModel.FileEntry> files = new LinkedHashMap<>();
        Problem error = null;
        for (String raw : CONTINUATION.matcher(script).replaceAll(" ").split("\\n")) {
            String line = raw.strip();
            if (line.startsWith("#") || line.isEmpty()) {
                continue;
            }
            for (String cmd : line.split("\\s*(?:;|&&|\\|\\||\\|)\\s*")) {
                error = command(node, label, words(cmd), stops, files);
                if (error != null) {
                    break;
                }
            }
            if (error != null) {
                break;
            }
        }
        if (error != null) {
            m.data.etcdData = before;
            return error;
        }
        files.forEach((p, f) -> m.putFile(node, p, f));
        m.stop(node, stops);
        return null;
    }

    /** One command of a script line, as words; units to stop are collected (stopped at the end, with success). */
    private Problem command(String node, String label, List<String> w, List<String> stops,
                           Map<String, SimModel.FileEntry> files) {
        if (w.isEmpty()) {
            return null;
        }
        String tool = w.get(0).replaceAll("^.*/", "");
        int i = w.indexOf("snapshot");
        if (tool.equals("systemctl") && w.size() > 2 && w.get(1).equals("stop")) {
            w.subList(2, w.size()).stream().filter(u -> !u.startsWith("-")).map(u -> u.replaceAll("\\.service$", ""))
                    .forEach(u -> {
                        stops.add(u);
                        // a stopped etcd no longer serves the dir: later commands of the script see it stopped
                    });
            return null;
        }
        if (tool.equals("etcdctl") && i > 0 && i + 2 < w.size() && w.get(i + 1).equals("save")) {
            return save(node, label, w, w.get(i + 2), stops, files);
        }
        if (tool.equals("etcdutl") && i > 0 && i + 2 < w.size() && w.get(i + 1).equals("restore")) {
            return restore(node, w, w.get(i + 2), stops);
        }
        if (tool.equals("etcdctl")) {
            int p = w.indexOf("put");
            if (p > 0 && p + 1 < w.size()) {
                return write(node, local(w), w.get(p + 1), p + 2 < w.size() ? w.get(p + 2) : "", stops);
            }
            int d = w.indexOf("del");
            if (d > 0 && d + 1 < w.size()) {
                return write(node, local(w), w.get(d + 1), null, stops);
            }
            return null;
        }
        if (tool.equals("kubectl")) {
            int c = w.indexOf("create");
            if (c >= 0 && c + 2 < w.size() && w.get(c + 1).equals("configmap")) {
                SimModel.ApiHealth api = m.apiHealth();
                if (!api.ok()) {
                    return api.problem().prefixed("kubectl create configmap: unable to connect to the server "
                            + api.endpoint() + ": ");
                }
                return write(node, false, CONFIGMAPS + flag(w, "-n", flag(w, "--namespace", "default")) + "/"
                        + w.get(c + 2), "ConfigMap", stops);
            }
            return null;
        }
        if (tool.equals("mv") && w.size() >= 3) {
            List<String> args = w.subList(1, w.size()).stream().filter(a -> !a.startsWith("-")).toList();
            if (args.size() == 2 && isMaster(node)) {
                move(node, trim(args.get(0)), trim(args.get(1)));
            }
            return null;
        }
        if (tool.equals("rm") && w.size() >= 3 && isMaster(node) && w.get(1).startsWith("-") && w.get(1).contains("r")) {
            for (String a : w.subList(2, w.size())) {
                String p = trim(a);
                if (!dirs(node).containsKey(p) && dirs(node).keySet().stream().noneMatch(x -> x.startsWith(p + "/"))) {
                    continue;
                }
                own(node).keySet().removeIf(x -> x.equals(p) || x.startsWith(p + "/"));
            }
        }
        return null;
    }

    /** etcdctl asks this node's own member (the default endpoint, or 127.0.0.1). */
    private static boolean local(List<String> w) {
        String eps = flag(w, "--endpoints", dev.hardway.lab.ProbeCommands.ETCD_LOCAL);
        return eps.contains("127.0.0.1") || eps.contains("localhost");
    }

    private static String trim(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    /**
     * A write: through this node's own member when {@code local} (etcdctl against 127.0.0.1), else through any
     * member of the majority (etcdctl against every member, kubectl through the API).
     */
    private Problem write(String node, boolean local, String key, String value, List<String> stops) {
        List<String> majority = majority(node, stops);
        if (majority.isEmpty() || (local && !majority.contains(node))) {
            return Problem.error("etcdctl: context deadline exceeded (etcd on " + (local ? node : "the masters") + " has no leader or is not running)", "check etcd (etcd-healthy, inspect etcd)");
        }
        for (String n : majority) {
            Dir d = own(n).get(DATA_DIR);
            if (value == null) {
                d.keys.remove(key);
            } else {
                d.keys.put(key, value);
            }
            d.revision++;
        }
        return null;
    }

    /**
     * Why a write through every member from {@code node} (etcdctl put, lesson 14's etcd-write probe) would time
     * out: the node is cut off from the others, or no majority of members runs and agrees; null when a leader
     * would commit it.
     */
    public Problem writeBlocked(String node) {
        List<String> majority = majority(node, List.of());
        if (m.isPartitioned(node) && !majority.contains(node)) {
            return Problem.error("context deadline exceeded (" + node + " is cut off from the other members)",
                    "heal " + node);
        }
        if (majority.isEmpty()) {
            long running = cluster.masters().stream().filter(n -> m.isActive(n.name(), SimModel.ETCD)
                    && !m.isPartitioned(n.name())).count();
            return Problem.error("context deadline exceeded (" + running + " of " + cluster.masters().size()
                    + " members run together: no quorum, no leader)", "heal the masters the drill broke (heal --all)");
        }
        return null;
    }

    /** The members that form the cluster now, without this node's if its script already stopped etcd. */
    private List<String> majority(String node, List<String> stops) {
        List<String> running = cluster.masters().stream().map(Node::name).filter(n -> m.isActive(n, SimModel.ETCD)
                && !m.isPartitioned(n) && !(n.equals(node) && stops.contains(SimModel.ETCD))).toList();
        int quorum = dev.hardway.lab.EtcdStatus.quorumOf(cluster.masters().size());
        return groups(running).stream().filter(g -> g.size() >= quorum).findFirst().orElse(List.of());
    }

    private Problem save(String node, String label, List<String> w, String path, List<String> stops,
                        Map<String, SimModel.FileEntry> files) {
        String eps = flag(w, "--endpoints", dev.hardway.lab.ProbeCommands.ETCD_LOCAL);
        if (eps.contains(",")) {
            return Problem.error("etcdctl snapshot save: Error: snapshot must be requested to one selected node, not multiple ["
                    + eps.replace(',', ' ') + "]", "--endpoints=https://127.0.0.1:2379 (one member)");
        }
        String from = eps.contains("127.0.0.1") || eps.contains("localhost") ? node : cluster.masters().stream()
                .filter(n -> eps.contains("//" + n.ip() + ":")).map(Node::name).findFirst().orElse(null);
        List<String> majority = majority(node, stops);
        if (from == null || !isMaster(from) || !majority.contains(from)) {
            return Problem.error("etcdctl snapshot save: context deadline exceeded (" + eps + " is not a healthy member of the cluster)", "check etcd (inspect etcd), then save against a healthy member");
        }
        Dir d = live(from).orElseThrow();
        String content = d.cluster + "\n" + d.revision + "\n" + d.keys;
        String sha = SimLab.sha256(content.getBytes(StandardCharsets.UTF_8));
        state.snapshots.put(sha, new Snap(d.cluster, new TreeMap<>(d.keys), d.revision));
        files.put(path, new SimModel.FileEntry(sha, 20480 + 64L * d.keys.size(), "0600", "root:root",
                "etcdctl snapshot save by " + label + " (member " + from + ", revision " + d.revision + ")"));
        return null;
    }

    private Problem restore(String node, List<String> w, String path, List<String> stops) {
        if (!isMaster(node)) {
            return null;
        }
        String dataDir = trim(flag(w, "--data-dir", "default.etcd"));
        if (dirs(node).containsKey(dataDir) || dirs(node).keySet().stream().anyMatch(p -> p.startsWith(dataDir + "/"))) {
            return Problem.error("etcdutl snapshot restore: Error: data-dir \"" + dataDir + "\" not empty or could not be read.", "restore into a fresh directory (e.g. --data-dir " + DATA_DIR + ".restored), then move"
                    + " the old one aside and the new one into place");
        }
        Optional<SimModel.FileEntry> f = m.file(node, path);
        if (f.isEmpty()) {
            return Problem.error("etcdutl snapshot restore: Error: stat " + path + ": no such file or directory", "copy the snapshot to every member first (the same file everywhere)");
        }
        Snap s = state.snapshots.get(f.get().sha256());
        if (s == null) {
            return Problem.error("etcdutl snapshot restore: Error: invalid database (" + path + " is not an etcd snapshot)", "etcdctl snapshot save again and copy that file");
        }
        long bump;
        try {
            bump = Long.parseLong(flag(w, "--bump-revision", "0"));
        } catch (NumberFormatException e) {
            return Problem.error("etcdutl snapshot restore: Error: invalid argument for --bump-revision", "--bump-revision 1000000000 --mark-compacted");
        }
        boolean compacted = w.contains("--mark-compacted");
        if (bump > 0 && !compacted) {
            return Problem.error("etcdutl snapshot restore: Error: --mark-compacted required if --revision-bump > 0", "add --mark-compacted");
        }
        if (bump == 0 && compacted) {
            return Problem.error("etcdutl snapshot restore: Error: --mark-compacted disallowed if --revision-bump == 0", "--bump-revision 1000000000 --mark-compacted");
        }
        Dir d = new Dir();
        d.cluster = flag(w, "--initial-cluster-token", "etcd-cluster") + "|"
                + flag(w, "--initial-cluster", "default=http://localhost:2380");
        d.name = flag(w, "--name", "default");
        d.peerUrl = flag(w, "--initial-advertise-peer-urls", "http://localhost:2380");
        d.keys = new TreeMap<>(s.keys());
        d.revision = s.revision() + bump;
        d.restoredFrom = f.get().sha256();
        d.bumped = bump;
        d.apiservers = cluster.masters().stream().map(Node::name)
                .filter(n -> m.isActive(n, SimModel.APISERVER) && !(n.equals(node) && stops.contains(SimModel.APISERVER)))
                .toList();
        own(node).put(dataDir, d);
        return null;
    }

    /** {@code mv SRC DST} of data dirs: into DST, or into DST/basename(SRC) when DST is a dir already. */
    private void move(String node, String from, String to) {
        Map<String, Dir> ds = dirs(node);
        if (!ds.containsKey(from) && ds.keySet().stream().noneMatch(p -> p.startsWith(from + "/"))) {
            return;
        }
        TreeMap<String, Dir> own = own(node);
        String target = own.containsKey(to) ? to + "/" + from.substring(from.lastIndexOf('/') + 1) : to;
        TreeMap<String, Dir> moved = new TreeMap<>();
        own.entrySet().removeIf(e -> {
            if (e.getKey().equals(from) || e.getKey().startsWith(from + "/")) {
                moved.put(target + e.getKey().substring(from.length()), e.getValue());
                return true;
            }
            return false;
        });
        own.putAll(moved);
    }

    /** A flag's value ({@code --x v} or {@code --x=v}; the last one wins, as with the tools' flag parser), else {@code dflt}. */
    private static String flag(List<String> w, String name, String dflt) {
        String v = dflt;
        for (int i = 0; i < w.size(); i++) {
            String a = w.get(i);
            if (a.equals(name) && i + 1 < w.size()) {
                v = w.get(i + 1);
            } else if (a.startsWith(name + "=")) {
                v = a.substring(name.length() + 1);
            }
        }
        return v;
    }

    /** Shell words of a simple command: blanks split, single and double quotes group (no expansion). */
    static List<String> words(String cmd) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean any = false;
        char quote = 0;
        for (int i = 0; i < cmd.length(); i++) {
            char c = cmd.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    cur.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                any = true;
            } else if (Character.isWhitespace(c)) {
                if (any || cur.length() > 0) {
                    out.add(cur.toString());
                }
                cur.setLength(0);
                any = false;
            } else {
                cur.append(c);
            }
        }
        if (any || cur.length() > 0) {
            out.add(cur.toString());
        }
        // leading keywords of compound commands: `if etcdctl ...`, `then ...`
        while (!out.isEmpty() && List.of("if", "then", "else", "do", "!", "sudo", "exec").contains(out.get(0))) {
            out.remove(0);
        }
        return out;
    }

}
