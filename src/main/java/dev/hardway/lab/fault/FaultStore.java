package dev.hardway.lab.fault;

import dev.hardway.HardwayHome;
import dev.hardway.progress.AtomicFiles;
import dev.hardway.progress.FileLocks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The active faults of a lab, in {@code $HARDWAY_HOME/labs/<cluster>/faults.yaml}. Every change is a
 * read-modify-write under a file lock (other processes) and a JVM lock (other threads) ({@link FileLocks}), written
 * atomically ({@link AtomicFiles}), so {@code break} in one process and {@code heal} in another never lose a record.
 *
 * <pre>
 * format: 1
 * faults:
 * - node: master2
 *   mode: services
 *   units: [etcd]
 *   peers: []
 *   kept: []
 *   since: '2026-11-24T06:00:00Z'
 *   simulated: true
 * </pre>
 */
public final class FaultStore {

    public static final String FILE = "faults.yaml";
    public static final int FORMAT = 1;

    private final Path file;

    public FaultStore(Path file) {
        this.file = file.toAbsolutePath();
    }

    public static FaultStore of(HardwayHome home, String cluster) {
        return new FaultStore(home.labDir(cluster).resolve(FILE));
    }

    public Path file() {
        return file;
    }

    /** Every recorded fault, oldest first. */
    public List<Fault> all() {
        return locked(this::load);
    }

    /** Applies {@code change} to the list under the lock and saves what it leaves; returns its result. */
    public <T> T update(Function<List<Fault>, T> change) {
        return locked(() -> {
            List<Fault> faults = new ArrayList<>(load());
            List<Fault> before = List.copyOf(faults);
            T r = change.apply(faults);
            if (!faults.equals(before)) {
                save(faults);
            }
            return r;
        });
    }

    public void add(Fault f) {
        update(l -> l.add(f));
    }

    /** Removes one record equal to {@code f}; true when it was there. */
    public boolean remove(Fault f) {
        return update(l -> l.remove(f));
    }

    private <T> T locked(FileLocks.IoBody<T, RuntimeException> body) {
        try {
            return FileLocks.withLock(file, body);
        } catch (IOException e) {
            throw new dev.hardway.HardwayException(dev.hardway.HardwayException.BAD_INPUT, dev.hardway.Problem.error(
                    "cannot use the lab's fault record " + file + " (" + dev.hardway.progress.StateFiles.firstLine(
                            e.getMessage()) + ")", "check that " + file.getParent()
                            + " is a writable directory (HARDWAY_HOME), or move it aside"), e);
        }
    }

    private List<Fault> load() throws IOException {
        return dev.hardway.progress.StateFiles.readOrSetAside(file, "the fault record",
                "hardway no longer knows what break did here: heal those nodes by hand (systemctl start, iptables -F"
                        + " HARDWAY, or power them on)", this::parse, List::of, java.time.Clock.systemUTC());
    }

    private List<Fault> parse(String text) throws IOException {
        Object root = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
        if (root == null) {
            return List.of();
        }
        if (!(root instanceof Map<?, ?> m) || !(m.get("faults") == null || m.get("faults") instanceof List<?>)) {
            throw new IOException("not a fault record: no faults: list");
        }
        Object fmt = m.get("format");
        if (fmt instanceof Integer i && i > FORMAT) {
            throw new IOException("written by a newer hardway (format " + i + ")");
        }
        List<Fault> out = new ArrayList<>();
        List<?> list = m.get("faults") == null ? List.of() : (List<?>) m.get("faults");
        for (Object o : list) {
            if (!(o instanceof Map<?, ?> f) || !(f.get("node") instanceof String node) || node.isBlank()) {
                throw new IOException("a fault record without a node");
            }
            FaultMode mode;
            try {
                mode = FaultMode.of(str(f.get("mode")));
            } catch (dev.hardway.HardwayException e) {
                throw new IOException("fault on " + node + " has an unknown mode '" + dev.hardway.Problem.clip(
                        str(f.get("mode"))) + "'");
            }
            out.add(new Fault(node, mode, strings(f.get("units")), strings(f.get("peers")), strings(f.get("kept")),
                    str(f.get("since")), Boolean.TRUE.equals(f.get("simulated"))));
        }
        return out;
    }

    private void save(List<Fault> faults) throws IOException {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Fault f : faults) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("node", f.node());
            m.put("mode", f.mode().id());
            m.put("units", f.units());
            m.put("peers", f.peers());
            m.put("kept", f.kept());
            m.put("since", f.since());
            m.put("simulated", f.simulated());
            list.add(m);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", FORMAT);
        root.put("faults", list);
        DumperOptions o = new DumperOptions();
        o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        String header = "# Faults hardway made in this lab (break); heal undoes exactly these. Written by hardway.\n";
        AtomicFiles.write(file, header + new Yaml(o).dump(root));
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }

    private static List<String> strings(Object o) {
        if (!(o instanceof List<?> l)) {
            return List.of();
        }
        return l.stream().map(String::valueOf).toList();
    }
}
