package dev.hardway.shell;

import dev.hardway.Problem;
import dev.hardway.HardwayException;
import dev.hardway.HardwayHome;
import dev.hardway.cluster.ClusterLoader;
import dev.hardway.cluster.ClusterModel;
import dev.hardway.cluster.ClusterSelection;
import dev.hardway.cluster.ConfigException;
import dev.hardway.cluster.LoadResult;
import dev.hardway.cluster.ClusterConfig.Provider;
import dev.hardway.lab.Lab;
import dev.hardway.lab.Labs;
import dev.hardway.provider.SshProvider;
import dev.hardway.provider.VagrantProvider;
import dev.hardway.target.TargetPool;
import dev.hardway.target.ssh.HostKeyListener;
import dev.hardway.target.ssh.SshEndpoint;
import dev.hardway.target.ssh.SshOptions;
import dev.hardway.target.ssh.SshTargetPool;
import java.nio.file.Files;
import java.util.List;
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
    private LabContext context;
    private volatile HostKeyListener hostKeys = HostKeyListener.NONE;
    private volatile java.util.function.Supplier<String> workshopMirror = () -> null;

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
        return context().cluster;
    }

    /** The active cluster's context (config, model, pool, lab, engine), made on first use after each cluster use. */
    private synchronized LabContext context() {
        if (context == null) {
            LoadResult loaded;
            if (!Files.isDirectory(projectDir.resolve("cluster-config"))) {
                throw HardwayException.badInput(Problem.error("no cluster-config/ in " + projectDir, "run ./hardway from the hardway checkout (or set HARDWAY_PROJECT_DIR)"));
            }
            try {
                loaded = selection.load();
            } catch (ConfigException e) {
                throw new HardwayException(HardwayException.BAD_INPUT, "the active cluster config is invalid:\n"
                        + e.getMessage() + "\nTry: fix the file, or cluster use <preset>", e);
            }
            context = new LabContext(withMirror(loaded, workshopMirror.get()));
        }
        return context;
    }

    /**
     * The download mirror that replaces the cluster file's {@code downloads} while this learner is in a workshop
     * whose server serves one ({@code workshop join} sets it, {@code workshop leave} ends it: the file itself is
     * never changed, so leaving goes back to exactly what it says). Read at each load; call {@link
     * #clusterChanged()} after a change.
     */
    public void workshopMirror(java.util.function.Supplier<String> mirror) {
        this.workshopMirror = mirror;
    }

    /** The instructor's mirror in use instead of the cluster file's downloads, or null. */
    public String workshopMirror() {
        return workshopMirror.get();
    }

    /** The config with {@code downloads: {mirror: m}} instead of its own (a full mirror: offers unset). */
    static LoadResult withMirror(LoadResult r, String mirror) {
        if (mirror == null || mirror.isBlank()) {
            return r;
        }
        var c = r.config();
        return new LoadResult(new dev.hardway.cluster.ClusterConfig(c.name(), c.provider(), c.domain(), c.versions(),
                new dev.hardway.cluster.ClusterConfig.Downloads(mirror, null, null), c.network(), c.loadbalancers(),
                c.ssh(), c.vagrant(), c.bgp(), c.nodes(), c.source()), r.warnings());
    }

    public synchronized ClusterModel model() {
        return context().model;
    }

    /**
     * The lesson engine of the active lab, made by {@code factory} once per lab: a new lab (after {@code cluster use}
     * or {@link #closeLab()}) gets a new engine.
     */
    public synchronized dev.hardway.lesson.LessonEngine engine(
            java.util.function.Function<Lab, dev.hardway.lesson.LessonEngine> factory) {
        Lab l = lab();
        LabContext c = context();
        if (c.engine == null || c.engine.lab() != l) {
            c.engine = factory.apply(l);
        }
        return c.engine;
    }

    /**
     * The progress profile: {@code HARDWAY_PROFILE}, else the active cluster's name, so each cluster keeps its own
     * progress (switching from ha to minimal and back picks up where each was left).
     */
    public String profile() {
        String p = env.get("HARDWAY_PROFILE");
        return p != null && !p.isBlank() ? p : cluster().config().name();
    }

    /** The progress store of the active profile. */
    public dev.hardway.progress.ProgressStore progressStore() {
        return dev.hardway.progress.ProgressStore.of(home, profile(), cluster().config().name());
    }

    /** Forget the loaded cluster and close its context: lab, connections, engine (after cluster use). */
    public synchronized void clusterChanged() {
        if (context != null) {
            context.close();
            context = null;
        }
    }

    /** Where the shell shows first-contact host key fingerprints. */
    public void onHostKey(HostKeyListener listener) {
        this.hostKeys = listener;
    }

    /** The machine lifecycle of the active cluster (vagrant or existing hosts); null for the simulated lab. */
    public dev.hardway.provider.Provider provider() {
        var cfg = cluster().config();
        return switch (cfg.provider()) {
            case SIM -> null;
            case VAGRANT -> new VagrantProvider(cfg, projectDir, env, dev.hardway.provider.CommandRunner.PROCESS);
            case SSH -> new SshProvider(cfg);
        };
    }

    /** SSH coordinates of every node: from the config (ssh), or from {@code vagrant ssh-config}. */
    public List<SshEndpoint> endpoints() {
        var cfg = cluster().config();
        if (cfg.provider() == Provider.VAGRANT) {
            return provider().sshEndpoints();
        }
        return SshEndpoint.fromCluster(cfg, Path.of(System.getProperty("user.home")));
    }

    /** The node targets of the active cluster, connected lazily, one SSH session per node, reused. */
    public synchronized TargetPool pool() {
        LabContext c = context();
        if (c.pool == null) {
            var cfg = cluster().config();
            if (cfg.provider() == Provider.SIM) {
                throw HardwayException.badInput(Problem.error("the simulated lab has no machines to connect to", "cluster use " + cfg.name() + " --provider vagrant (or ssh)"));
            }
            c.pool = new SshTargetPool(endpoints(), home.knownHosts(cfg.name()), SshOptions.DEFAULTS,
                    (node, address, type, fp) -> hostKeys.firstContact(node, address, type, fp));
        }
        return c.pool;
    }

    /** The lab lessons and probes act on: simulated, or real nodes through {@link #pool()}. */
    public synchronized Lab lab() {
        LabContext c = context();
        if (c.lab == null) {
            ClusterModel m = c.model;
            c.lab = Labs.open(m, home, m.config().provider() == Provider.SIM ? null : pool());
        }
        return c.lab;
    }

    /** The inspector of the active lab (simulated model, or upstream tools over SSH). */
    public dev.hardway.lab.inspect.Inspector inspector() {
        Lab l = lab();
        return dev.hardway.lab.inspect.Inspectors.open(l, l.simulated() ? null : pool(), home,
                java.time.Clock.systemUTC());
    }

    /** Break/heal for the active lab; power comes from the provider (Vagrant) or is refused (existing hosts). */
    public dev.hardway.lab.fault.Faults faults() {
        Lab l = lab();
        return dev.hardway.lab.fault.Faults.open(l, l.simulated() ? null : pool(),
                dev.hardway.lab.fault.PowerControl.of(l.simulated() ? null : provider()), home,
                java.time.Clock.systemUTC());
    }

    /** Closes connections (end of the process, or a cluster switch). */
    public synchronized void closeLab() {
        if (context != null) {
            context.closeLab();
        }
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
