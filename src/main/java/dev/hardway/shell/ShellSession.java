package dev.hardway.shell;

import dev.hardway.HardwayException;
import dev.hardway.HardwayHome;
import dev.hardway.cluster.ClusterLoader;
import dev.hardway.cluster.ClusterModel;
import dev.hardway.cluster.ClusterSelection;
import dev.hardway.cluster.ConfigException;
import dev.hardway.cluster.LoadResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The state one shell process works with: where user state lives, settings, styling, and the cancel hook of the
 * command running now (Ctrl-C). Engines are opened from here lazily, so {@code --version}-like commands stay fast.
 */
public final class ShellSession {

    private final HardwayHome home;
    private final Map<String, String> env;
    private final Settings settings;
    private final Style style;
    private final AtomicReference<Runnable> cancelHook = new AtomicReference<>();
    private final Path projectDir;
    private final ClusterSelection selection;
    private LoadResult loaded;

    public ShellSession(HardwayHome home, Map<String, String> env, boolean terminal) {
        this.home = home;
        this.env = env;
        this.settings = new Settings(home.settings());
        this.style = Style.detect(env, terminal);
        if (settings.theme().equals("plain")) {
            style.color(false);
        }
        this.projectDir = projectDir(env);
        this.selection = new ClusterSelection(home, projectDir, env, new ClusterLoader());
    }

    /** The checkout with cluster-config/ and lessons/: HARDWAY_PROJECT_DIR (set by the launcher), else the cwd. */
    static Path projectDir(Map<String, String> env) {
        String d = env.get("HARDWAY_PROJECT_DIR");
        if (d != null && !d.isBlank()) {
            return Path.of(d).toAbsolutePath();
        }
        return Path.of("").toAbsolutePath();
    }

    public Path projectDir() {
        return projectDir;
    }

    public ClusterSelection selection() {
        return selection;
    }

    /** The active cluster, loaded and validated once per process (and again after {@link #clusterChanged()}). */
    public synchronized LoadResult cluster() {
        if (loaded == null) {
            if (!Files.isDirectory(projectDir.resolve("cluster-config"))) {
                throw HardwayException.badInput("no cluster-config/ in " + projectDir + ". Try: run ./hardway from"
                        + " the hardway checkout (or set HARDWAY_PROJECT_DIR)");
            }
            try {
                loaded = selection.load();
            } catch (ConfigException e) {
                throw new HardwayException(HardwayException.BAD_INPUT, "the active cluster config is invalid:\n"
                        + e.getMessage() + "\nTry: fix the file, or cluster use <preset>", e);
            }
        }
        return loaded;
    }

    public ClusterModel model() {
        return new ClusterModel(cluster().config());
    }

    /** Forget the loaded cluster (after cluster use). */
    public synchronized void clusterChanged() {
        loaded = null;
    }

    public HardwayHome home() {
        return home;
    }

    public Map<String, String> env() {
        return env;
    }

    public Settings settings() {
        return settings;
    }

    public Style style() {
        return style;
    }

    /** Registers what Ctrl-C should do while a command runs (null when nothing is running). */
    public void onCancel(Runnable hook) {
        cancelHook.set(hook);
    }

    /** Called by the terminal's INT handler. */
    public void cancel() {
        Runnable r = cancelHook.get();
        if (r != null) {
            r.run();
        }
    }
}
