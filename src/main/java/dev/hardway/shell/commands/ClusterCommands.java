package dev.hardway.shell.commands;

import dev.hardway.HardwayException;
import dev.hardway.cluster.ClusterConfig;
import dev.hardway.cluster.ClusterConfig.Node;
import dev.hardway.cluster.ClusterConfig.Provider;
import dev.hardway.cluster.ClusterLoader;
import dev.hardway.cluster.ClusterModel;
import dev.hardway.cluster.ClusterSelection;
import dev.hardway.cluster.ConfigException;
import dev.hardway.cluster.LoadResult;
import dev.hardway.Problem;
import dev.hardway.lesson.LessonCatalog;
import dev.hardway.render.Renderer;
import dev.hardway.render.TemplateModel;
import dev.hardway.shell.CommandSet;
import dev.hardway.shell.HwCommand;
import dev.hardway.shell.Invocation;
import dev.hardway.shell.PromptProvider;
import dev.hardway.shell.ShellSession;
import dev.hardway.shell.Table;
import dev.hardway.progress.AtomicFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/** cluster list | use | show | validate | render. */
@Component
public class ClusterCommands implements CommandSet {

    static final HwCommand.Candidates PROVIDERS = HwCommand.values(
            "sim", "the simulated lab: no VMs, starts in seconds",
            "vagrant", "VirtualBox/libvirt VMs made by the Vagrantfile",
            "ssh", "existing hosts (bare metal, Raspberry Pi) over SSH");

    /** Files rendered by {@code cluster render}: template → output name. */
    static final Map<String, String> RENDERED = new LinkedHashMap<>();

    static {
        RENDERED.put("cluster/hosts.ftl", "hosts");
        RENDERED.put("cluster/inventory.ini.ftl", "inventory.ini");
        RENDERED.put("cluster/machines.txt.ftl", "machines.txt");
        RENDERED.put("cluster/apiserver-sans.txt.ftl", "apiserver-sans.txt");
    }

    private final ShellSession session;

    public ClusterCommands(ShellSession session, PromptProvider prompt) {
        this.session = session;
        prompt.add(() -> {
            LoadResult r = session.cluster();
            return r.config().provider().id() + " " + r.config().name();
        });
    }

    private HwCommand.Candidates presets() {
        return HwCommand.dynamic(() -> {
            Map<String, String> m = new LinkedHashMap<>();
            for (ClusterSelection.Preset p : session.selection().presets()) {
                m.put(p.name(), p.shape());
            }
            return m;
        });
    }

    @Override
    public List<HwCommand> commands() {
        return List.of(
                HwCommand.builder("cluster list").group("Cluster").description("The cluster presets, one line each")
                        .run(this::list),
                HwCommand.builder("cluster use").group("Cluster")
                        .description("Make a preset or config file the active cluster (remembered)")
                        .arg("preset|file", "a preset name from cluster list, or a YAML file", presets())
                        .option("provider", "where the machines come from: sim, vagrant or ssh", PROVIDERS)
                        .examples("  cluster use ha\n  cluster use ha --provider vagrant\n"
                                + "  cluster use ./my-cluster.yaml --provider ssh")
                        .run(this::use),
                HwCommand.builder("cluster show").group("Cluster")
                        .description("The active cluster: nodes, roles, addresses, sizes, VIPs and CIDRs")
                        .run(this::show),
                HwCommand.builder("cluster validate").group("Cluster")
                        .description("Check config files (default: the active one); exit 2 when one is invalid")
                        .restArgs("files", "YAML files or preset names", presets())
                        .run(this::validate),
                HwCommand.builder("cluster render").group("Cluster")
                        .description("Write /etc/hosts lines, an Ansible inventory, the machines table and the"
                                + " API server SAN list for the active cluster")
                        .option("out", "directory to write into (created)", null)
                        .run(this::render));
    }

    private int list(Invocation inv) {
        List<ClusterSelection.Preset> presets = session.selection().presets();
        if (presets.isEmpty()) {
            throw HardwayException.badInput(Problem.error("no presets in " + session.projectDir().resolve("cluster-config"), "run ./hardway from the hardway checkout"));
        }
        String active = activeFileOrNull();
        Table t = new Table("", "preset", "nodes", "memory", "shape");
        for (ClusterSelection.Preset p : presets) {
            boolean isActive = p.file().toString().equals(active);
            t.row(isActive ? "*" : "", isActive ? inv.style().bold(p.name()) : p.name(), p.nodes(),
                    p.memory() == 0 ? "" : gib(p.memory()), p.shape());
        }
        inv.out().print(t.render(inv.style()));
        inv.println(inv.style().dim("* active.  cluster use <preset> [--provider sim|vagrant|ssh] to switch."));
        return 0;
    }

    private String activeFileOrNull() {
        try {
            return session.selection().active().file().toString();
        } catch (HardwayException e) {
            return null;
        }
    }

    private int use(Invocation inv) throws Exception {
        Provider provider = null;
        if (inv.option("provider") != null) {
            provider = Provider.parse(inv.option("provider")).orElseThrow(() -> HardwayException.badInput(
                    Problem.error("cluster use: unknown provider '" + inv.option("provider") + "'", "--provider sim, vagrant or ssh")));
        }
        LoadResult r;
        try {
            r = session.selection().use(inv.arg(0), provider);
        } catch (ConfigException e) {
            printProblems(inv, e.problems());
            inv.warn("Nothing changed: the active cluster is still the previous one.");
            return HardwayException.BAD_INPUT;
        }
        session.clusterChanged();
        for (Problem w : r.warnings()) {
            inv.warn(inv.style().warn(w.render()));
        }
        ClusterConfig c = r.config();
        Provider effective = provider != null ? provider : c.provider();
        inv.println("Using " + inv.style().bold(c.name()) + " (" + ClusterSelection.shape(c) + ") on "
                + describe(effective) + ".");
        inv.println(inv.style().dim(switch (effective) {
            case SIM -> "Next: lesson list, or cluster show.";
            case VAGRANT -> "Next: cluster up (creates the VMs), then lesson list.";
            case SSH -> "Next: cluster status (checks every host), then lesson list.";
        }));
        return 0;
    }

    static String describe(Provider p) {
        return switch (p) {
            case SIM -> "the simulated lab";
            case VAGRANT -> "Vagrant VMs";
            case SSH -> "existing hosts over SSH";
        };
    }

    private int show(Invocation inv) {
        LoadResult r = session.cluster();
        ClusterModel m = new ClusterModel(r.config());
        ClusterConfig c = r.config();
        inv.println(inv.style().bold(c.name()) + " — " + ClusterSelection.shape(c) + " — provider "
                + c.provider().id() + (c.source() != null ? "  (" + c.source() + ")" : ""));
        Table t = new Table("node", "roles", "ip", "cpus", "memory", "pod cidr");
        for (Node n : c.nodes()) {
            String pod = m.podCidr(n);
            t.row(n.name(), n.roles().stream().map(ClusterConfig.Role::id).collect(Collectors.joining(",")), n.ip(),
                    n.cpus(), n.memory() + " MiB", pod == null ? "" : pod);
        }
        t.row(inv.style().bold("total"), c.nodes().size() + " nodes", "", m.totalCpus(),
                m.totalMemory() + " MiB", "");
        inv.out().print(t.render(inv.style()));
        inv.println("");
        if (m.hasApiLb()) {
            var lb = c.loadbalancers().api();
            inv.println("API VIP      " + lb.vip() + ":" + lb.port() + " on " + String.join(" + ", lb.nodes())
                    + " (" + lb.mode() + ", haproxy + keepalived)");
        }
        if (m.hasIngressLb()) {
            var lb = c.loadbalancers().ingress();
            inv.println("Ingress VIP  " + lb.vip() + " on " + String.join(" + ", lb.nodes()));
        }
        inv.println("API endpoint " + m.apiEndpoint());
        var net = c.network();
        inv.println("Nodes        " + net.nodeSubnet() + "   Pods " + net.podCidr() + "   Services " + net.serviceCidr()
                + "   DNS " + net.clusterDns() + "   CNI " + net.cni());
        inv.println("Versions     kubernetes " + c.versions().kubernetes() + ", etcd " + c.versions().etcd()
                + ", containerd " + c.versions().containerd() + ", runc " + c.versions().runc());
        var d = c.downloads();
        String wm = session.workshopMirror();
        inv.println("Downloads    " + (d == null || d.mirror() == null && d.dir() == null ? "upstream"
                : d.mirror() != null ? "mirror " + d.mirror() + (d.mirror().equals(wm) ? "  (the instructor's:"
                + " workshop join set it, workshop leave goes back to the cluster file's)" : "")
                : "directory " + d.dir() + " on the jumpbox"));
        for (Problem w : r.warnings()) {
            inv.warn(inv.style().warn(w.render()));
        }
        return 0;
    }

    private int validate(Invocation inv) {
        List<Path> files = new ArrayList<>();
        if (inv.args().isEmpty()) {
            files.add(session.selection().active().file());
        } else {
            for (String a : inv.args()) {
                files.add(session.selection().resolve(a));
            }
        }
        ClusterLoader loader = new ClusterLoader();
        int bad = 0;
        LessonCatalog[] catalog = new LessonCatalog[1];
        for (Path f : files) {
            List<Problem> problems = new ArrayList<>(loader.check(f, null));
            if (problems.stream().noneMatch(Problem::isError)) {
                problems.addAll(lessonProblems(loader, f, catalog));
            }
            long errors = problems.stream().filter(Problem::isError).count();
            if (errors == 0) {
                inv.println(inv.style().mark(true) + " " + f.getFileName() + (problems.isEmpty() ? ""
                        : " (" + problems.size() + " warning" + (problems.size() == 1 ? "" : "s") + ")"));
            } else {
                bad++;
                inv.println(inv.style().mark(false) + " " + f.getFileName() + ": " + errors + " problem"
                        + (errors == 1 ? "" : "s"));
            }
            for (Problem p : problems) {
                inv.warn("  " + (p.isError() ? inv.style().bad(p.render()) : inv.style().warn(p.render())));
            }
        }
        return bad == 0 ? 0 : HardwayException.BAD_INPUT;
    }

    /**
     * Every lesson rendered for the cluster of {@code f} (templates, scripts, checks, selectors): a template that
     * fails for this cluster is a problem naming the lesson file and line. Nothing when there are no lessons.
     */
    private List<Problem> lessonProblems(ClusterLoader loader, Path f, LessonCatalog[] catalog) {
        Path dir = session.projectDir().resolve("lessons");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        ClusterConfig cfg;
        try {
            cfg = loader.load(f);
        } catch (ConfigException e) {
            return List.of(); // already reported by check()
        }
        if (catalog[0] == null) {
            catalog[0] = LessonCatalog.load(dir);
        }
        return catalog[0].validateAgainst(new ClusterModel(cfg));
    }

    private int render(Invocation inv) throws Exception {
        String out = inv.option("out");
        if (out == null) {
            throw HardwayException.badInput(Problem.error("cluster render: --out DIR is required", "cluster render --out build/cluster"));
        }
        ClusterModel m = session.model();
        Path dir = Path.of(out);
        Files.createDirectories(dir);
        Renderer renderer = new Renderer();
        Map<String, Object> model = TemplateModel.of(m);
        for (var e : RENDERED.entrySet()) {
            String text = renderer.renderFile(e.getKey(), model);
            Path target = dir.resolve(e.getValue());
            AtomicFiles.write(target, text);
            inv.println("wrote " + target);
        }
        return 0;
    }

    static void printProblems(Invocation inv, List<Problem> problems) {
        long errors = problems.stream().filter(Problem::isError).count();
        inv.warn(inv.style().bad("error: ") + errors + " problem" + (errors == 1 ? "" : "s") + ":");
        for (Problem p : problems) {
            inv.warn("  " + (p.isError() ? p.render() : inv.style().warn(p.render())));
        }
    }

    private static String gib(int mib) {
        return String.format("%.1f GiB", mib / 1024.0);
    }
}
