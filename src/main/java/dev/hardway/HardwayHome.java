package dev.hardway;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where hardway keeps user state ({@code $HARDWAY_HOME}, default {@code ~/.hardway}): progress, lab state,
 * known_hosts, history, the active cluster. One place computes every path so nothing writes elsewhere.
 */
public record HardwayHome(Path root) {

    /** From the environment: {@code HARDWAY_HOME} or {@code ~/.hardway}. */
    public static HardwayHome fromEnv(Map<String, String> env) {
        String h = env.get("HARDWAY_HOME");
        if (h != null && !h.isBlank()) {
            return new HardwayHome(Path.of(h).toAbsolutePath());
        }
        return new HardwayHome(Path.of(System.getProperty("user.home"), ".hardway"));
    }

    public static HardwayHome fromEnv() {
        return fromEnv(System.getenv());
    }

    public Path progressDir() {
        return root.resolve("progress");
    }

    /**
     * {@code progress/<profile>.yaml}.
     *
     * @throws HardwayException exit 2 for a profile that is not a plain name (so {@code HARDWAY_PROFILE=../../x}
     *                          cannot write outside {@code $HARDWAY_HOME})
     */
    public Path progressFile(String profile) {
        return progressDir().resolve(plainName(profile, "HARDWAY_PROFILE", "a profile name") + ".yaml");
    }

    /** {@code labs/<cluster>/}: the simulated lab's model, active faults, known_hosts, provider data. */
    public Path labDir(String cluster) {
        return root.resolve("labs").resolve(plainName(cluster, "the cluster name", "a cluster name"));
    }

    /** A name that is one path element below {@code $HARDWAY_HOME}: letters, digits, '.', '_', '-'; no "..". */
    static String plainName(String name, String source, String what) {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}") || name.contains("..")) {
            throw HardwayException.badInput(source + " '" + Problem.clip(name) + "' is not " + what
                    + " (letters, digits, '.', '_' and '-', at most 64, no '/' or '..'): it would put state outside "
                    + "$HARDWAY_HOME", "a plain name, e.g. HARDWAY_PROFILE=workshop1, or unset it");
        }
        return name;
    }

    public Path knownHosts(String cluster) {
        return labDir(cluster).resolve("known_hosts");
    }

    /** The active cluster selection written by {@code cluster use}: line 1 the config path (the Vagrantfile reads it), line 2 the provider override or empty. */
    public Path activeCluster() {
        return root.resolve("active-cluster");
    }

    /** Settings such as feedback level and theme. */
    public Path settings() {
        return root.resolve("settings.yaml");
    }

    public Path history() {
        return root.resolve("history");
    }
}
