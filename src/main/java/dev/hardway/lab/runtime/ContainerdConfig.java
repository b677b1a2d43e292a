package dev.hardway.lab.runtime;

import dev.hardway.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a containerd {@code config.toml} says about the things lesson 08 and the kubelet depend on, read from the
 * file's text (the real probe {@code cat}s it, the simulated lab keeps it): the format version, {@code SystemdCgroup}
 * under the runc runtime's options, the CNI {@code bin_dirs}/{@code bin_dir}, and which table holds
 * {@code snapshotter}. {@link #problems()} names the trap rows of the notes (§0.5, §08.3) it can see.
 *
 * <p>A line-based reader of the TOML subset containerd configs use (tables, {@code key = value}, comments), not a
 * TOML library: enough to find these keys in the tables they belong to.
 */
public record ContainerdConfig(int version, Boolean systemdCgroup, List<String> binDirs, String binDir,
                               List<String> snapshotterTables) {

    static final String RUNTIME = "plugins.io.containerd.cri.v1.runtime";
    static final String IMAGES = "plugins.io.containerd.cri.v1.images";
    static final String V2_CRI = "plugins.io.containerd.grpc.v1.cri";
    private static final Pattern TABLE = Pattern.compile("^\\[\\s*([^\\[\\]]+?)\\s*]$");
    private static final Pattern KV = Pattern.compile("^([A-Za-z0-9_.'\"-]+)\\s*=\\s*(.*)$");
    private static final Pattern STR = Pattern.compile("['\"]([^'\"]*)['\"]");

    public ContainerdConfig {
        binDirs = List.copyOf(binDirs);
        snapshotterTables = List.copyOf(snapshotterTables);
    }

    /** Reads a config's text; an empty or missing file is version 0 with nothing set (containerd's defaults). */
    public static ContainerdConfig parse(String toml) {
        int version = 0;
        Boolean systemd = null;
        List<String> binDirs = new ArrayList<>();
        String binDir = null;
        List<String> snap = new ArrayList<>();
        String table = "";
        for (String raw : (toml == null ? "" : toml).split("\n")) {
            String line = stripComment(raw).strip();
            if (line.isEmpty()) {
                continue;
            }
            Matcher t = TABLE.matcher(line);
            if (t.matches()) {
                table = normalize(t.group(1));
                continue;
            }
            Matcher kv = KV.matcher(line);
            if (!kv.matches()) {
                continue;
            }
            String key = kv.group(1).replace("'", "").replace("\"", "");
            String value = kv.group(2).strip();
            String full = table.isEmpty() ? key : table + "." + key;
            if (full.equals("version")) {
                try {
                    version = Integer.parseInt(value);
                } catch (NumberFormatException e) {
                    version = -1;
                }
            } else if (key.equals("SystemdCgroup") && full.endsWith("runtimes.runc.options.SystemdCgroup")) {
                systemd = value.equalsIgnoreCase("true");
            } else if (full.endsWith(".cni.bin_dirs")) {
                Matcher s = STR.matcher(value);
                while (s.find()) {
                    binDirs.add(s.group(1));
                }
            } else if (full.endsWith(".cni.bin_dir")) {
                Matcher s = STR.matcher(value);
                binDir = s.find() ? s.group(1) : value;
            } else if (key.equals("snapshotter")) {
                snap.add(table);
            }
        }
        return new ContainerdConfig(version, systemd, binDirs, binDir == null || binDir.isEmpty() ? null : binDir,
                snap);
    }

    private static String stripComment(String line) {
        boolean sq = false;
        boolean dq = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\'' && !dq) {
                sq = !sq;
            } else if (c == '"' && !sq) {
                dq = !dq;
            } else if (c == '#' && !sq && !dq) {
                return line.substring(0, i);
            }
        }
        return line;
    }

    /** {@code plugins.'io.containerd.cri.v1.images'} and {@code plugins."io.containerd.cri.v1.images"} alike. */
    static String normalize(String table) {
        return table.replace("'", "").replace("\"", "").replaceAll("\\s*\\.\\s*", ".");
    }

    /**
     * The traps this config falls into, each naming the fix; empty for the lesson's config. {@code path} is the
     * file's path for the messages.
     */
    public List<Problem> problems(String path) {
        List<Problem> out = new ArrayList<>();
        if (version != 3 && version != 4) {
            out.add(Problem.error(path + " has " + (version == 0 ? "no version line (containerd reads it as version 1)"
                    : "version = " + version) + "; containerd migrates it on every start and the CRI tables are named differently", "write version = 3 with the io.containerd.cri.v1.* tables (lesson run)"));
        }
        if (systemdCgroup == null) {
            out.add(Problem.error(path + " does not set SystemdCgroup under [plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc.options]: containerd uses cgroupfs and so will the kubelet", "SystemdCgroup = true there"));
        } else if (!systemdCgroup) {
            out.add(Problem.error(path + " sets SystemdCgroup = false: containerd (and the kubelet, which takes its driver from it) uses cgroupfs beside systemd", "SystemdCgroup = true"));
        }
        if (binDir != null && !binDirs.isEmpty()) {
            out.add(Problem.error(path + " sets both cni bin_dir and bin_dirs: containerd refuses to start (`cni.bin_dir` and `cni.bin_dirs` cannot be set at the same time)", "keep bin_dirs = ['/opt/cni/bin'] only"));
        } else if (binDir != null) {
            out.add(Problem.error(path + " sets the deprecated cni bin_dir = '" + binDir + "' (a deprecation warning since containerd 2.1, removed in 2.4)", "bin_dirs = ['/opt/cni/bin']"));
        } else if (!binDirs.contains("/opt/cni/bin")) {
            out.add(Problem.error(path + " does not list /opt/cni/bin in cni bin_dirs" + (binDirs.isEmpty() ? "" : " " + binDirs) + ": containerd will not find the CNI plugins", "bin_dirs = ['/opt/cni/bin'] under [plugins.'io.containerd.cri.v1.runtime'.cni]"));
        }
        for (String t : snapshotterTables) {
            if (!t.equals(IMAGES) && version == 3 && t.startsWith(RUNTIME)) {
                out.add(Problem.error(path + " sets snapshotter under [" + t + "], where version 3 ignores it silently", "move it to [plugins.'io.containerd.cri.v1.images']"));
            }
        }
        return out;
    }
}
