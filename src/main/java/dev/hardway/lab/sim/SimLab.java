package dev.hardway.lab.sim;

import dev.hardway.Problem;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.hardway.HardwayHome;
import dev.hardway.cluster.ClusterModel;
import dev.hardway.lab.EtcdStatus;
import dev.hardway.lab.HaproxyStatus;
import dev.hardway.lab.Lab;
import dev.hardway.lab.probe.LessonProbes;
import dev.hardway.lab.probe.ScriptProbe;
import dev.hardway.lab.probe.SimProbing;
import dev.hardway.lab.Probe;
import dev.hardway.lab.ProbeResult;
import dev.hardway.lab.StepAction;
import dev.hardway.lab.StepOutcome;
import dev.hardway.lab.VipStatus;
import dev.hardway.progress.AtomicFiles;
import dev.hardway.progress.FileLocks;
import dev.hardway.target.OutputListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;

/**
 * The simulated lab (the zero-setup default): lesson steps change a {@link SimModel} instead of machines, probes
 * read it. The model lives in {@code $HARDWAY_HOME/labs/<cluster>/sim-lab.json}; every operation loads it under a
 * lock, changes it and writes it back atomically (temp file + fsync + rename), so separate one-shot processes
 * ({@code ./hardway break master2}, then {@code ./hardway inspect etcd}) and a running shell all see the same lab.
 *
 * <p>Output lines are marked {@code [sim]} and show the commands a real node would run.
 */
public final class SimLab implements Lab {

    public static final String FILE = "sim-lab.json";
    /** What the simulated "output" of a step is prefixed with, so nobody mistakes it for a real run. */
    public static final String PREFIX = "[sim] ";

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final ClusterModel cluster;
    private final Path file;

    /**
     * Opens (or creates) the simulated lab of a cluster under {@code home}.
     *
     * @throws SimLabException when the saved model cannot be read
     */
    public SimLab(ClusterModel cluster, HardwayHome home) {
        this(cluster, home.labDir(cluster.name()).resolve(FILE));
    }

    /** Opens the model at an explicit file (tests). */
    public SimLab(ClusterModel cluster, Path file) {
        this.cluster = cluster;
        this.file = file.toAbsolutePath();
        read(m -> null);
    }

    public Path file() {
        return file;
    }

    @Override
    public ClusterModel cluster() {
        return cluster;
    }

    @Override
    public boolean simulated() {
        return true;
    }

    /** A snapshot of the model as saved now (read-only for callers: its mutators are not public). */
    public SimModel model() {
        return read(m -> m);
    }

    /** The saved JSON, for tests and {@code inspect} debugging. */
    public String json() {
        return read(SimLab::toJson);
    }

    // ---------------------------------------------------------------------------------------------- steps --

    @Override
    public StepOutcome apply(StepAction action, OutputListener out) {
        OutputListener o = out == null ? OutputListener.NONE : out;
        return change(m -> {
            List<StepOutcome.NodeOutcome> outcomes = new ArrayList<>();
            boolean any = false;
            for (StepAction.NodeAction na : action.nodes()) {
                Failure f = applyOne(m, action.label(), na, o);
                outcomes.add(f == null ? StepOutcome.NodeOutcome.ok(na.node(), 0, Duration.ZERO)
                        : StepOutcome.NodeOutcome.failed(na.node(), -1, f.reason().sentence(), f.unreachable(), Duration.ZERO));
                any |= f == null;
            }
            m.settle(any);
            return new StepOutcome(outcomes);
        });
    }

    /** Why a node's part failed, without the node's name; {@code unreachable} when the node itself is off (exit 3). */
    private record Failure(Problem reason, boolean unreachable) {
        static Failure of(Problem error) {
            return new Failure(error, false);
        }
    }

    /** Applies one node's part; returns null, or the failure naming the node (nothing is applied then). */
    private static Failure applyOne(SimModel m, String label, StepAction.NodeAction na, OutputListener o) {
        String node = na.node();
        if (!m.knows(node)) {
            return Failure.of(Problem.error("no such node in the simulated lab", "cluster show"));
        }
        if (!m.isUp(node)) {
            return new Failure(Problem.error("powered off (simulated)", "heal " + node), true);
        }
        Problem refused = SimBgp.of(m).refuse(na);   // MetalLB's CRDs and webhook first
        refused = refused != null ? refused : SimWorkloads.of(m).refuse(na);   // kubectl apply of the step's manifests
        if (refused != null) {
            return Failure.of(refused);
        }
        // Check every copy first, so a failing node is left as it was (like `cp` failing before `run`).
        List<SimModel.FileEntry> sources = new ArrayList<>();
        for (StepAction.FileCopy c : na.copies()) {
            if (!m.knows(c.fromNode())) {
                return Failure.of(Problem.error("cannot copy " + c.fromNode() + ":" + c.fromPath() + ": no node " + c.fromNode(), "cluster show"));
            }
            if (!m.isUp(c.fromNode())) {
                return Failure.of(Problem.error("cannot copy " + c.fromPath() + " from " + c.fromNode() + ": " + c.fromNode() + " is powered off (simulated)", "heal " + c.fromNode()));
            }
            SimModel.FileEntry src = m.file(c.fromNode(), c.fromPath()).orElse(null);
            if (src == null) {
                return Failure.of(Problem.error("cp: cannot stat '" + c.fromNode() + ":" + c.fromPath() + "': No such file or directory", "run the earlier step that creates it on " + c.fromNode() + " (lesson goto), then this one again"));
            }
            sources.add(src);
        }
        Problem etcd = SimEtcdData.of(m).apply(node, label, na);   // etcdctl/etcdutl, mv of data dirs, systemctl stop
        if (etcd != null) {
            return Failure.of(etcd);
        }
        for (StepAction.FileWrite f : na.files()) {
            m.putFile(node, f.path(), new SimModel.FileEntry(sha256(f.content()), f.content().length, f.mode(),
                    owner(f.owner()), "written by " + label, SimNodes.textOf(f.content())));
            emit(o, node, "upload " + f.path() + " (" + f.mode() + ", " + f.content().length + " bytes)");
        }
        for (int i = 0; i < na.copies().size(); i++) {
            StepAction.FileCopy c = na.copies().get(i);
            SimModel.FileEntry src = sources.get(i);
            m.putFile(node, c.toPath(), new SimModel.FileEntry(src.sha256(), src.size(), c.mode(), owner(c.owner()),
                    "copied from " + c.fromNode() + ":" + c.fromPath(), src.text()));
            emit(o, node, "copy " + c.fromNode() + ":" + c.fromPath() + " -> " + c.toPath() + " (" + c.mode() + ")");
        }
        for (String line : commands(na.script())) {
            emit(o, node, "$ " + line);
        }
        for (String path : na.creates()) {
            // The script's real output is unknown here: a stand-in content, stable for the same step and path.
            byte[] marker = ("created by " + label + " on " + node + ": " + path).getBytes(StandardCharsets.UTF_8);
            m.putFile(node, path, new SimModel.FileEntry(sha256(marker), marker.length, null, "root:root",
                    "created by " + label));
        }
        m.start(node, na.services());
        SimWorkloads.of(m).record(node, na);
        return null;
    }

    /** The lines of a script that would run: blank lines and comments carry nothing to show. */
    static List<String> commands(String script) {
        if (script == null) {
            return List.of();
        }
        return script.lines().map(String::stripTrailing)
                .filter(l -> !l.isBlank() && !l.stripLeading().startsWith("#")).toList();
    }

    private static void emit(OutputListener o, String node, String text) {
        o.line(node, OutputListener.Stream.STDOUT, PREFIX + text);
    }

    private static String owner(String owner) {
        return owner == null ? "root:root" : owner;
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    // --------------------------------------------------------------------------------------------- probes --

    @Override
    public ProbeResult probe(Probe probe) {
        return read(m -> evaluate(m, probe));
    }

    /** Each probe type's simulated half lives in {@code dev.hardway.lab.probe}. */
    static ProbeResult evaluate(SimModel m, Probe probe) {
        return LessonProbes.sim(SimProbing.of(m), probe);
    }

    @Override
    public ProbeResult script(String node, String script, String expectRegex) {
        return ScriptProbe.INSTANCE.sim(null, new ScriptProbe.Query(node, script, expectRegex));
    }

    // ------------------------------------------------------------------------------------------- inspect --

    /** etcd in the model now (drills and tests; {@code inspect etcd} goes through {@code EtcdProbe}). */
    public EtcdStatus etcdStatus() {
        return read(SimModel::etcdStatus);
    }

    /** Who holds the VIP in the model now (drills and tests; {@code inspect vip} goes through {@code VipProbe}). */
    public VipStatus vipStatus() {
        return read(SimModel::vipStatus);
    }

    /** haproxy per API LB in the model now (drills and tests). */
    public List<HaproxyStatus> haproxyStatus() {
        return read(SimModel::haproxy);
    }

    // ------------------------------------------------------------------------------------------ faults --

    /** Starts again from an empty lab (every node on, nothing installed). */
    public void reset() {
        locked(() -> {
            save(new SimModel(cluster));
            return null;
        });
    }

    /** Hard power cut. Returns false when the node was already off. */
    public boolean powerOff(String node) {
        return change(m -> {
            boolean r = m.powerOff(node);
            m.settle(false);
            return r;
        });
    }

    /** Boot: enabled units start again. Returns false when the node was already on. */
    public boolean powerOn(String node) {
        return change(m -> {
            boolean r = m.powerOn(node);
            m.settle(false);
            return r;
        });
    }

    /**
     * Cuts the node off from the other cluster nodes (hardway's own connection survives, as with the real
     * {@code network} fault). Returns false when it already was.
     */
    public boolean partition(String node) {
        return change(m -> {
            boolean r = m.partition(node, true);
            m.settle(false);
            return r;
        });
    }

    public boolean unpartition(String node) {
        return change(m -> {
            boolean r = m.partition(node, false);
            m.settle(false);
            return r;
        });
    }

    /** {@code systemctl stop}: returns the units that were running and are now stopped (for heal to restart). */
    public List<String> stopUnits(String node, List<String> units) {
        return change(m -> {
            List<String> r = m.stop(node, units);
            m.settle(false);
            return r;
        });
    }

    /** {@code systemctl start} of units a step enabled; returns those that were stopped and now run. */
    public List<String> startUnits(String node, List<String> units) {
        return change(m -> {
            List<String> r = m.startEnabled(node, units);
            m.settle(false);
            return r;
        });
    }

    /**
     * {@code kill -9} of a unit's processes. For keepalived on the VIP holder the address stays behind while the
     * peer takes the VIP too (split brain), as measured. Returns false when the unit was not running.
     */
    public boolean crash(String node, String unit) {
        return change(m -> {
            boolean r = m.crash(node, unit);
            m.settle(false);
            return r;
        });
    }

    /** The cert fault ({@link SimCertFault}): false when there is no certificate at {@code path}. */
    public boolean reissueWithout(String node, String path, String aside, String vip) {
        return change(m -> SimCertFault.reissue(m, node, path, aside, vip));
    }

    /** Heals the cert fault: false when the original was not kept. */
    public boolean restoreCert(String node, String path, String aside) {
        return change(m -> SimCertFault.restore(m, node, path, aside));
    }

    /** The units running on a node now (what {@code break --mode services} stops). */
    public List<String> activeUnits(String node) {
        return read(m -> List.copyOf(m.activeUnits(node)));
    }

    @Override
    public void close() {
        // nothing held open: every operation loads and saves the file
    }

    // -------------------------------------------------------------------------------------- persistence --

    private <T> T read(Function<SimModel, T> f) {
        return locked(() -> f.apply(load()));
    }

    private <T> T change(Function<SimModel, T> f) {
        return locked(() -> {
            SimModel m = load();
            T r = f.apply(m);
            save(m);
            return r;
        });
    }

    private <T> T locked(FileLocks.IoBody<T, RuntimeException> body) {
        try {
            return FileLocks.withLock(file, body);
        } catch (IOException e) {
            throw new dev.hardway.HardwayException(dev.hardway.HardwayException.BAD_INPUT, dev.hardway.Problem.error(
                    "cannot use the simulated lab at " + file + " (" + dev.hardway.progress.StateFiles.firstLine(
                            e.getMessage()) + ")", "check that " + file.getParent()
                            + " is a writable directory (HARDWAY_HOME), or move it aside"), e);
        }
    }

    private SimModel load() throws IOException {
        SimModel.Data data = dev.hardway.progress.StateFiles.readOrSetAside(file, "the simulated lab",
                "the simulated lab starts again from fresh machines (your progress is kept)", text -> {
                    SimModel.Data d;
                    try {
                        d = JSON.readValue(text, SimModel.Data.class);
                    } catch (com.fasterxml.jackson.core.JsonParseException e) {
                        throw new IOException("not valid JSON at line " + e.getLocation().getLineNr());
                    } catch (IOException e) {
                        throw new IOException("JSON that is not a simulated lab");
                    }
                    if (d != null && d.format > SimModel.FORMAT) {
                        throw new IOException("written by a newer hardway (format " + d.format + ")");
                    }
                    return d;
                }, () -> null, java.time.Clock.systemUTC());
        return data == null ? new SimModel(cluster) : new SimModel(cluster, data);
    }

    private void save(SimModel m) throws IOException {
        AtomicFiles.write(file, toJson(m));
    }

    static String toJson(SimModel m) {
        try {
            return JSON.writeValueAsString(m.data) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the simulated lab model cannot be written as JSON", e);
        }
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
