package dev.hardway.cluster;

import dev.hardway.Problem;
import dev.hardway.HardwayException;
import dev.hardway.HardwayHome;
import dev.hardway.cluster.ClusterConfig.Provider;
import dev.hardway.cluster.ClusterConfig.Role;
import dev.hardway.progress.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Which cluster config is active and on which provider: {@code HARDWAY_CLUSTER}/{@code HARDWAY_PROVIDER} first,
 * then what {@code cluster use} recorded in {@code $HARDWAY_HOME/active-cluster}, else the preset {@code default}
 * on its own provider (sim). Presets are the files of {@code cluster-config/} in the project directory.
 */
public final class ClusterSelection {

    public static final String DEFAULT_PRESET = "default";

    private final HardwayHome home;
    private final Path presetDir;
    private final Map<String, String> env;
    private final ClusterLoader loader;

    public ClusterSelection(HardwayHome home, Path projectDir, Map<String, String> env, ClusterLoader loader) {
        this.home = home;
        this.presetDir = projectDir.resolve("cluster-config");
        this.env = env;
        this.loader = loader;
    }

    /** A preset: its name, file and a one-line shape ("jumpbox, 3 masters, 2 LBs + VIP, 2 workers"). */
    public record Preset(String name, Path file, String shape, int nodes, int memory) {
    }

    /** The active selection. {@code ref} is what the user typed (preset name or path). */
    public record Active(String ref, Path file, Provider providerOverride, String source) {
    }

    /** Every preset in cluster-config/, in name order; a preset that fails to load shows its first problem. */
    public List<Preset> presets() {
        List<Preset> out = new ArrayList<>();
        for (Path f : presetFiles()) {
            String name = f.getFileName().toString().replaceFirst("\\.ya?ml$", "");
            try {
                ClusterConfig c = loader.load(f);
                out.add(new Preset(name, f, shape(c), c.nodes().size(),
                        c.nodes().stream().mapToInt(ClusterConfig.Node::memory).sum()));
            } catch (ConfigException e) {
                out.add(new Preset(name, f, "invalid: " + e.problems().get(0).render(), 0, 0));
            }
        }
        return out;
    }

    public List<String> presetNames() {
        return presetFiles().stream().map(f -> f.getFileName().toString().replaceFirst("\\.ya?ml$", "")).toList();
    }

    private List<Path> presetFiles() {
        if (!Files.isDirectory(presetDir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(presetDir)) {
            return s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** "jumpbox, 3 masters, 2 LBs (VIP 172.16.10.20), 2 workers". */
    public static String shape(ClusterConfig c) {
        List<String> parts = new ArrayList<>();
        count(parts, c, Role.JUMPBOX, "jumpbox", "jumpboxes");
        count(parts, c, Role.ROUTER, "router", "routers");
        count(parts, c, Role.ELB, "ingress LB", "ingress LBs");
        count(parts, c, Role.LB, "API LB", "API LBs");
        count(parts, c, Role.MASTER, "master", "masters");
        count(parts, c, Role.WORKER, "worker", "workers");
        String s = String.join(", ", parts);
        if (c.loadbalancers() != null && c.loadbalancers().api() != null) {
            s += "; API VIP " + c.loadbalancers().api().vip();
        }
        return s;
    }

    private static void count(List<String> parts, ClusterConfig c, Role r, String one, String many) {
        int n = c.withRole(r).size();
        if (n > 0) {
            parts.add(n == 1 && r == Role.JUMPBOX ? one : n + " " + (n == 1 ? one : many));
        }
    }

    /** Resolves a preset name or a file path; a clear error naming the presets when neither exists. */
    public Path resolve(String ref) {
        if (ref.isBlank() || ref.chars().anyMatch(Character::isISOControl)) {
            throw HardwayException.badInput("'" + dev.hardway.Problem.clip(ref) + "' is not a preset name or a file"
                    + " path", "cluster use <preset> with one of " + String.join(", ", presetNames()));
        }
        Path asFile;
        try {
            asFile = Path.of(ref);
        } catch (java.nio.file.InvalidPathException e) {
            throw HardwayException.badInput("'" + dev.hardway.Problem.clip(ref) + "' is not a file path",
                    "cluster list for the presets, or give the path of a YAML file");
        }
        if (ref.contains("/") || ref.endsWith(".yaml") || ref.endsWith(".yml")) {
            if (Files.isRegularFile(asFile)) {
                return asFile.toAbsolutePath().normalize();
            }
            if (Files.exists(asFile)) {
                String kind = Files.isDirectory(asFile) ? "a directory" : "not a regular file (a FIFO or device)";
                throw HardwayException.badInput("cluster config " + dev.hardway.Problem.clip(ref) + " is " + kind
                        + ", not a YAML file", "give the path of a cluster config file, or a preset: "
                        + String.join(", ", presetNames()));
            }
            throw HardwayException.badInput(Problem.error("cluster config file " + dev.hardway.Problem.clip(ref) + " does not exist.", "cluster list for the presets, or give the path of a YAML file"));
        }
        for (String ext : List.of(".yaml", ".yml")) {
            Path p = presetDir.resolve(ref + ext);
            if (Files.isRegularFile(p)) {
                return p.toAbsolutePath().normalize();
            }
        }
        if (Files.isRegularFile(asFile)) {
            return asFile.toAbsolutePath().normalize();
        }
        throw HardwayException.badInput(Problem.error("unknown preset '" + dev.hardway.Problem.clip(ref) + "'", "cluster use <preset> with one of " + String.join(", ", presetNames()) + " (cluster list shows them), or a path to a YAML file"));
    }

    /** The active selection (environment, then the recorded one, then the default preset). */
    public Active active() {
        Provider providerEnv = null;
        String pe = env.get("HARDWAY_PROVIDER");
        if (pe != null && !pe.isBlank()) {
            providerEnv = Provider.parse(pe).orElseThrow(() -> HardwayException.badInput(Problem.error("HARDWAY_PROVIDER=" + pe + " is not a provider", "sim, vagrant or ssh")));
        }
        String ce = env.get("HARDWAY_CLUSTER");
        if (ce != null && !ce.isBlank()) {
            return new Active(ce, resolve(ce), providerEnv, "HARDWAY_CLUSTER");
        }
        Path f = home.activeCluster();
        String[] rec;
        try {
            rec = dev.hardway.progress.StateFiles.readOrSetAside(f, "the active-cluster record",
                    "the default cluster is used", ClusterSelection::parseActive, () -> null,
                    java.time.Clock.systemUTC());
        } catch (IOException e) {
            throw HardwayException.badInput("cannot read " + f + " (" + dev.hardway.progress.StateFiles.firstLine(
                    e.getMessage()) + ")", "cluster use <preset>, or check that HARDWAY_HOME is readable");
        }
        if (rec != null) {
            Path cfg = Path.of(rec[0]);
            Provider p = providerEnv != null ? providerEnv : rec[1] == null ? null : Provider.parse(rec[1]).orElse(null);
            if (Files.isRegularFile(cfg)) {
                return new Active(cfg.toString(), cfg, p, f.toString());
            }
            try {
                Path aside = dev.hardway.progress.StateFiles.setAside(f, java.time.Clock.systemUTC());
                dev.hardway.progress.StateFiles.notice("the active cluster config " + cfg + " (recorded in " + f
                        + ") no longer exists; the record was moved to " + aside + " and the default cluster is"
                        + " used. Try: cluster use <preset|file>");
            } catch (IOException e) {
                throw HardwayException.badInput("the active cluster config " + cfg + " (recorded in " + f
                        + ") no longer exists", "cluster use <preset>");
            }
        }
        return new Active(DEFAULT_PRESET, resolve(DEFAULT_PRESET), providerEnv, "default");
    }

    /** Line 1 the config path, line 2 the provider or empty; anything else is not a record hardway wrote. */
    private static String[] parseActive(String text) {
        List<String> lines = text.lines().toList();
        if (lines.isEmpty() || lines.get(0).isBlank()) {
            return null;
        }
        if (lines.get(0).chars().anyMatch(ch -> Character.isISOControl(ch) && ch != '\t')) {
            throw new IllegalArgumentException("line 1 has control characters, not a file path");
        }
        String path = lines.get(0).trim();
        if (path.isEmpty()) {
            throw new IllegalArgumentException("line 1 is not a file path");
        }
        Path.of(path);
        String provider = lines.size() > 1 && !lines.get(1).isBlank() ? lines.get(1).trim() : null;
        if (provider != null && Provider.parse(provider).isEmpty()) {
            throw new IllegalArgumentException("line 2 '" + dev.hardway.Problem.clip(provider)
                    + "' is not a provider (sim, vagrant or ssh)");
        }
        if (lines.size() > 2 && lines.subList(2, lines.size()).stream().anyMatch(l -> !l.isBlank())) {
            throw new IllegalArgumentException("more than two lines");
        }
        return new String[] {path, provider};
    }

    /** Loads the active config (validated; provider override applied). */
    public LoadResult load() throws ConfigException {
        Active a = active();
        LoadResult r = loader.read(a.file(), a.providerOverride());
        if (a.providerOverride() != null && r.config().provider() != a.providerOverride()) {
            ClusterConfig c = r.config();
            r = new LoadResult(new ClusterConfig(c.name(), a.providerOverride(), c.domain(), c.versions(),
                    c.downloads(), c.network(), c.loadbalancers(), c.ssh(), c.vagrant(), c.bgp(), c.nodes(),
                    c.source()), r.warnings());
        }
        return r;
    }

    /** Validates and records a selection; nothing is written when the config is invalid. */
    public LoadResult use(String ref, Provider provider) throws ConfigException, IOException {
        Path file = resolve(ref);
        LoadResult r = loader.read(file, provider);
        Path rec = home.activeCluster();
        if (Files.isDirectory(rec, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Path aside = dev.hardway.progress.StateFiles.setAside(rec, java.time.Clock.systemUTC());
            dev.hardway.progress.StateFiles.notice(rec + " was a directory; it was moved to " + aside
                    + " so the selection can be recorded. Try: look at it, or delete it");
        }
        AtomicFiles.write(rec, file + "\n" + (provider == null ? "" : provider.id()) + "\n");
        return r;
    }
}
