package dev.hardway.cluster;

import dev.hardway.YamlKeys;

import dev.hardway.EditDistance;
import dev.hardway.Problem;

import dev.hardway.cluster.ClusterConfig.ApiLb;
import dev.hardway.cluster.ClusterConfig.Bgp;
import dev.hardway.cluster.ClusterConfig.Downloads;
import dev.hardway.cluster.ClusterConfig.IngressLb;
import dev.hardway.cluster.ClusterConfig.LoadBalancers;
import dev.hardway.cluster.ClusterConfig.Network;
import dev.hardway.cluster.ClusterConfig.Provider;
import dev.hardway.cluster.ClusterConfig.Role;
import dev.hardway.cluster.ClusterConfig.SshSettings;
import dev.hardway.cluster.ClusterConfig.VagrantSettings;
import dev.hardway.cluster.ClusterConfig.Versions;
import java.io.IOException;
import java.io.StringReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads a cluster config (cluster-config/*.yaml) into a {@link ClusterConfig} and validates it.
 *
 * <p>The file is only <em>composed</em> into a SnakeYAML node tree (SafeConstructor options, no object
 * construction), so no user file can instantiate classes, and every value keeps its line for messages.
 * Reading checks the structure (unknown keys, types, required fields); {@link ClusterValidator} then checks
 * what the values mean (addresses, CIDRs, roles, load balancers). All problems of a file are collected, never
 * just the first. Returns data and never prints.
 */
public final class ClusterLoader {

    static final List<String> TOP_KEYS = List.of("name", "provider", "domain", "versions", "downloads", "network",
            "loadbalancers", "ssh", "vagrant", "bgp", "nodes");
    static final List<String> VERSION_KEYS = List.of("kubernetes", "etcd", "containerd", "runc", "cni_plugins",
            "crictl", "coredns", "pause", "flannel", "flannel_cni_plugin", "nginx", "metallb");
    static final List<String> DOWNLOAD_KEYS = List.of("mirror", "dir", "offers");
    /** What a download source can serve ({@code downloads.offers}); the jumpbox lesson skips the rest. */
    public static final List<String> COMPONENTS = List.of("kubernetes", "etcd", "kubectl", "containerd", "runc",
            "cni_plugins", "crictl");
    static final List<String> NETWORK_KEYS = List.of("node_subnet", "pod_cidr", "service_cidr", "cluster_dns", "cni",
            "proxy_mode");
    static final List<String> LB_KEYS = List.of("api", "ingress");
    static final List<String> API_LB_KEYS = List.of("vip", "port", "nodes", "mode");
    static final List<String> INGRESS_LB_KEYS = List.of("vip", "nodes", "port", "node_port");
    static final List<String> SSH_KEYS = List.of("user", "key", "port");
    static final List<String> VAGRANT_KEYS = List.of("box", "provider");
    static final List<String> BGP_KEYS = List.of("cluster_asn", "router_asn", "address_pool");
    static final List<String> NODE_KEYS = List.of("name", "roles", "ip", "cpus", "memory", "pod_cidr");

    /** Allowed values of the closed string sets (records keep them as strings: they go into templates). */
    public static final List<String> CNIS = List.of("bridge", "flannel", "calico");
    /** kube-proxy modes the lessons set up ({@code ipvs} is refused by the validator with its own reason). */
    public static final List<String> PROXY_MODES = List.of("iptables", "nftables");
    public static final List<String> LB_MODES = List.of("active-standby");
    public static final List<String> VAGRANT_PROVIDERS = List.of("virtualbox", "libvirt");

    public static final String DEFAULT_DOMAIN = "cluster.local";
    public static final int DEFAULT_API_PORT = 6443;
    public static final int DEFAULT_SSH_PORT = 22;
    /** The user Vagrant boxes log in with; the key comes from {@code vagrant ssh-config}. */
    public static final String VAGRANT_USER = "vagrant";

    private static final Pattern SIZE_WITH_UNIT =
            Pattern.compile("(?i)\\s*(\\d+(?:\\.\\d+)?)\\s*(g|gi|gb|gib|m|mi|mb|mib)\\s*");

    private final LongSupplier hostMemoryMiB;

    /** A loader that compares Vagrant memory with this machine's physical memory. */
    public ClusterLoader() {
        this(ClusterLoader::physicalMemoryMiB);
    }

    /**
     * @param hostMemoryMiB total memory of the machine that will run the VMs, in MiB; 0 or less means unknown
     *                      (the memory check is skipped). Injectable so tests do not depend on the build host.
     */
    public ClusterLoader(LongSupplier hostMemoryMiB) {
        this.hostMemoryMiB = hostMemoryMiB;
    }

    /** Loads and validates a file; warnings are dropped (use {@link #read(Path)} to get them). */
    public ClusterConfig load(Path file) throws ConfigException {
        return read(file).config();
    }

    /**
     * Loads and validates YAML text.
     *
     * @param name the file name used in messages (e.g. {@code ha.yaml})
     */
    public ClusterConfig load(String name, String yamlText) throws ConfigException {
        return read(name, yamlText).config();
    }

    /** Loads a file and returns the config with its warnings. */
    public LoadResult read(Path file) throws ConfigException {
        return read(file, null);
    }

    /**
     * Loads a file as if its {@code provider} were {@code provider} ({@code cluster use X --provider P},
     * {@code HARDWAY_PROVIDER}); the provider-specific rules (vagrant.box, ssh.key, ...) apply to that provider.
     *
     * @param provider null keeps the file's provider
     */
    public LoadResult read(Path file, Provider provider) throws ConfigException {
        Outcome o = parse(file, provider);
        return o.result();
    }

    /** Loads YAML text and returns the config with its warnings. */
    public LoadResult read(String name, String yamlText) throws ConfigException {
        return read(name, yamlText, null);
    }

    /** Like {@link #read(Path, Provider)} for text. */
    public LoadResult read(String name, String yamlText, Provider provider) throws ConfigException {
        return parse(name, yamlText, provider, null).result();
    }

    /**
     * Every problem in a file, errors and warnings, without throwing (for {@code cluster validate}). An
     * unreadable file is reported as a problem too.
     */
    public List<Problem> check(Path file, Provider provider) {
        return parse(file, provider).report.problems();
    }

    /** Every problem in YAML text, errors and warnings, without throwing. */
    public List<Problem> check(String name, String yamlText, Provider provider) {
        return parse(name, yamlText, provider, null).report.problems();
    }

    /** Total physical memory of this machine in MiB, or 0 if the JVM cannot tell. */
    public static long physicalMemoryMiB() {
        try {
            var os = ManagementFactory.getOperatingSystemMXBean();
            if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
                return sun.getTotalMemorySize() / (1024 * 1024);
            }
        } catch (RuntimeException | LinkageError e) {
            // Not a HotSpot-style JVM: the memory warning is advisory, so skip it rather than fail.
        }
        return 0;
    }

    /** Where the pinned releases live: one file in the jar, next to this class. */
    public static final String PINS_RESOURCE = "versions.yaml";

    /**
     * The pinned release of every component, from {@link #PINS_RESOURCE} (read once). A cluster config's own
     * {@code versions:} keys override single pins.
     *
     * @throws IllegalStateException if the file in the jar is missing or invalid (a broken build, not user input)
     */
    public static Versions pinnedVersions() {
        return Pins.VERSIONS;
    }

    /** The pin of a version key ({@code cni_plugins} etc.), for messages. */
    static String pin(String key) {
        Versions v = pinnedVersions();
        return switch (key) {
            case "kubernetes" -> v.kubernetes();
            case "etcd" -> v.etcd();
            case "containerd" -> v.containerd();
            case "runc" -> v.runc();
            case "cni_plugins" -> v.cniPlugins();
            case "crictl" -> v.crictl();
            case "coredns" -> v.coredns();
            case "pause" -> v.pause();
            case "flannel" -> v.flannel();
            case "flannel_cni_plugin" -> v.flannelCniPlugin();
            case "nginx" -> v.nginx();
            case "metallb" -> v.metallb();
            default -> throw new IllegalArgumentException("not a version key: " + key);
        };
    }

    private static final class Pins {
        static final Versions VERSIONS = load();

        private static Versions load() {
            try (var in = ClusterLoader.class.getResourceAsStream(PINS_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(Problem.error(PINS_RESOURCE + " (the pinned versions) is missing from the"
                            + " classpath next to " + ClusterLoader.class.getName(), "rebuild (./mvnw package)").sentence());
                }
                return readPins(PINS_RESOURCE, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + PINS_RESOURCE + ": " + e.getMessage(), e);
            } catch (ConfigException e) {
                throw new IllegalStateException("the pinned versions are invalid:\n" + e.getMessage(), e);
            }
        }
    }

    /**
     * Reads a pins file: a {@code versions:} mapping with every key of a cluster config's {@code versions}, each
     * checked by the same rules (problems carry the file name and line).
     */
    static Versions readPins(String name, String text) throws ConfigException {
        Report r = new Report(name);
        Node root;
        try {
            root = yaml().compose(new StringReader(text));
        } catch (YAMLException e) {
            r.errorAt(e instanceof MarkedYAMLException m && m.getProblemMark() != null
                    ? m.getProblemMark().getLine() + 1 : 1, "", "not valid YAML: " + firstLine(e.getMessage()),
                    "check indentation (spaces, not tabs)");
            throw new ConfigException(r.problems());
        }
        if (!(root instanceof MappingNode m)) {
            r.errorAt(root == null ? 1 : line(root), "", "expected a mapping with versions:", "write versions: and"
                    + " one key per component under it");
            throw new ConfigException(r.problems());
        }
        r.mark("", line(root));
        Section top = new Section(r, m, "", List.of("versions"));
        Section s = top.section("versions", true, VERSION_KEYS);
        Versions v = s == null ? new Versions(null, null, null, null, null, null, null, null, null, null, null, null)
                : new Versions(s.text("kubernetes", true), s.text("etcd", true), s.text("containerd", true),
                        s.text("runc", true), s.text("cni_plugins", true), s.text("crictl", true),
                        s.text("coredns", true), s.text("pause", true), s.text("flannel", true),
                        s.text("flannel_cni_plugin", true), s.text("nginx", true), s.text("metallb", true));
        new ClusterValidator(() -> 0).validateVersions(v, r);
        if (r.hasErrors()) {
            throw new ConfigException(r.problems());
        }
        return v;
    }

    private record Outcome(ClusterConfig config, Report report) {
        LoadResult result() throws ConfigException {
            if (report.hasErrors() || config == null) {
                throw new ConfigException(report.problems());
            }
            return new LoadResult(config, report.warnings());
        }
    }

    /** A cluster config is a page of YAML; a file this big is something else (and must not be read whole). */
    static final long MAX_CONFIG_BYTES = 1L << 20;

    private Outcome parse(Path file, Provider provider) {
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        String text;
        try {
            text = dev.hardway.progress.StateFiles.readText(file, MAX_CONFIG_BYTES).orElseThrow(
                    () -> new dev.hardway.progress.StateFiles.Unreadable("does not exist"));
        } catch (dev.hardway.progress.StateFiles.Unreadable e) {
            Report r = new Report(name);
            r.errorAt(1, "", file + " " + e.getMessage(), "a cluster config file (YAML, well under "
                    + (MAX_CONFIG_BYTES >> 10) + " KiB), or a preset name: minimal, default, ha, full, raspi-ha,"
                    + " metallb-bgp");
            return new Outcome(null, r);
        } catch (IOException e) {
            Report r = new Report(name);
            r.errorAt(1, "", "cannot read " + file + " (" + (e instanceof java.nio.file.AccessDeniedException
                    ? "permission denied" : dev.hardway.progress.StateFiles.firstLine(e.getMessage())) + ")",
                    "check the path, or use a preset name: minimal, default, ha, full, raspi-ha, metallb-bgp");
            return new Outcome(null, r);
        }
        return parse(name, text, provider, file);
    }

    private Outcome parse(String name, String text, Provider provider, Path source) {
        Report r = new Report(name);
        Node root;
        try {
            root = yaml().compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            int line = m == null ? 1 : m.getLine() + 1;
            String what = e.getProblem() != null ? e.getProblem() : e.getMessage();
            String fix = what != null && what.contains("tag")
                    ? "remove the !!tag: a cluster config holds plain values only"
                    : "check indentation (spaces, not tabs) and quoting around line " + line;
            r.errorAt(line, "", "not valid YAML: " + firstLine(what), fix);
            return new Outcome(null, r);
        } catch (YAMLException e) {
            r.errorAt(1, "", "not valid YAML: " + firstLine(e.getMessage()),
                    "keep one YAML document per file and check indentation");
            return new Outcome(null, r);
        }
        if (root == null || isNull(root)) {
            r.errorAt(1, "", "the file is empty", "start from a preset, e.g. copy cluster-config/default.yaml");
            return new Outcome(null, r);
        }
        if (!(root instanceof MappingNode rootMap)) {
            r.errorAt(line(root), "", "expected a mapping of settings (name:, versions:, network:, nodes:, ...), got "
                    + kind(root), "start from a preset, e.g. copy cluster-config/default.yaml");
            return new Outcome(null, r);
        }
        r.mark("", line(root));
        ClusterConfig config = new Reading(r).config(rootMap, provider, source);
        new ClusterValidator(hostMemoryMiB).validate(config, r);
        return new Outcome(config, r);
    }

    private static Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(true); // reported by us, with both lines, instead of a bare exception
        options.setMaxAliasesForCollections(20); // a config has no use for alias bombs
        options.setAllowRecursiveKeys(false);
        options.setCodePointLimit(1024 * 1024);
        return new Yaml(new SafeConstructor(options));
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "syntax error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    static int line(Node n) {
        return n.getStartMark() == null ? 1 : n.getStartMark().getLine() + 1;
    }

    static boolean isNull(Node n) {
        return n instanceof ScalarNode s && (Tag.NULL.equals(s.getTag()) || s.getValue().isEmpty());
    }

    static String kind(Node n) {
        if (n instanceof MappingNode) {
            return "a mapping";
        }
        if (n instanceof SequenceNode) {
            return "a list";
        }
        return "'" + ((ScalarNode) n).getValue() + "'";
    }

    /** One read of one file: turns the node tree into records, reporting structural problems on the way. */
    private static final class Reading {
        private final Report r;

        Reading(Report r) {
            this.r = r;
        }

        ClusterConfig config(MappingNode rootMap, Provider override, Path source) {
            Section top = new Section(r, rootMap, "", TOP_KEYS);
            String name = top.text("name", true);
            Provider provider = Provider.SIM;
            String providerText = top.text("provider", false);
            if (providerText != null) {
                var parsed = Provider.parse(providerText);
                if (parsed.isPresent()) {
                    provider = parsed.get();
                } else {
                    oneOf("provider", providerText, Arrays.stream(Provider.values()).map(Provider::id).toList());
                }
            }
            if (override != null) {
                provider = override;
            }
            String domain = orElse(top.text("domain", false), DEFAULT_DOMAIN);
            Versions versions = versions(top.section("versions", false, VERSION_KEYS));
            Downloads downloads = downloads(top.section("downloads", false, DOWNLOAD_KEYS));
            Network network = network(top.section("network", true, NETWORK_KEYS));
            LoadBalancers lbs = loadBalancers(top.section("loadbalancers", false, LB_KEYS));
            SshSettings ssh = ssh(top.section("ssh", false, SSH_KEYS), provider);
            VagrantSettings vagrant = vagrant(top.section("vagrant", false, VAGRANT_KEYS));
            // A section the provider needs but the file lacks is the provider line's fault: point there.
            r.mark("ssh", r.line("provider"));
            r.mark("vagrant", r.line("provider"));
            Bgp bgp = bgp(top.section("bgp", false, BGP_KEYS));
            List<ClusterConfig.Node> nodes = nodes(top.list("nodes", true));
            return new ClusterConfig(name, provider, domain, versions, downloads, network, lbs, ssh, vagrant, bgp,
                    nodes, source);
        }

        /** The pinned releases, each replaced by the config's own value where it gives one. */
        private Versions versions(Section s) {
            Versions pins = pinnedVersions();
            if (s == null) {
                return pins;
            }
            return new Versions(orElse(s.text("kubernetes", false), pins.kubernetes()),
                    orElse(s.text("etcd", false), pins.etcd()), orElse(s.text("containerd", false), pins.containerd()),
                    orElse(s.text("runc", false), pins.runc()), orElse(s.text("cni_plugins", false), pins.cniPlugins()),
                    orElse(s.text("crictl", false), pins.crictl()), orElse(s.text("coredns", false), pins.coredns()),
                    orElse(s.text("pause", false), pins.pause()), orElse(s.text("flannel", false), pins.flannel()),
                    orElse(s.text("flannel_cni_plugin", false), pins.flannelCniPlugin()),
                    orElse(s.text("nginx", false), pins.nginx()), orElse(s.text("metallb", false), pins.metallb()));
        }

        private Downloads downloads(Section s) {
            if (s == null) {
                return Downloads.UPSTREAM;
            }
            List<String> offers = s.node("offers") == null ? null : s.words("offers", COMPONENTS);
            return new Downloads(s.text("mirror", false), s.text("dir", false), offers);
        }

        private Network network(Section s) {
            if (s == null) {
                return new Network(null, null, null, null, "bridge");
            }
            String cni = s.text("cni", false);
            if (cni != null && !CNIS.contains(cni)) {
                oneOf("network.cni", cni, CNIS);
                cni = null;
            }
            String serviceCidr = s.text("service_cidr", true);
            String dns = s.text("cluster_dns", false);
            if (dns == null) {
                dns = defaultClusterDns(serviceCidr);
            }
            // the value is judged by the validator (ipvs gets its own reason there)
            return new Network(s.text("node_subnet", true), s.text("pod_cidr", true), serviceCidr, dns,
                    orElse(cni, "bridge"), orElse(s.text("proxy_mode", false), Network.DEFAULT_PROXY_MODE));
        }

        /**
         * The tenth address of service_cidr (10.32.0.10 for 10.32.0.0/24), the convention of Kubernetes the
         * Hard Way and kubeadm; null if the range is unparsable (reported later) or too small.
         */
        private static String defaultClusterDns(String serviceCidr) {
            try {
                return serviceCidr == null ? null : Cidr.formatAddress(Cidr.parse(serviceCidr).normalized().nthHost(10));
            } catch (IllegalArgumentException e) {
                return null;
            }
        }

        private LoadBalancers loadBalancers(Section s) {
            if (s == null) {
                return LoadBalancers.NONE;
            }
            ApiLb api = null;
            Section a = s.section("api", false, API_LB_KEYS);
            if (a != null) {
                String mode = a.text("mode", false);
                if (mode != null && !LB_MODES.contains(mode)) {
                    oneOf("loadbalancers.api.mode", mode, LB_MODES);
                    mode = null;
                }
                api = new ApiLb(a.text("vip", true), a.integer("port", DEFAULT_API_PORT),
                        a.names("nodes", true), orElse(mode, "active-standby"));
            }
            IngressLb ingress = null;
            Section i = s.section("ingress", false, INGRESS_LB_KEYS);
            if (i != null) {
                ingress = new IngressLb(i.text("vip", true), i.names("nodes", true),
                        i.integer("port", IngressLb.DEFAULT_PORT), i.integer("node_port", IngressLb.DEFAULT_NODE_PORT));
            }
            return new LoadBalancers(api, ingress);
        }

        private SshSettings ssh(Section s, Provider provider) {
            // Vagrant boxes log in as "vagrant" with the key from `vagrant ssh-config`; the simulated lab
            // pretends to be Vagrant. Existing hosts (provider ssh) have no sane default: user and key are
            // required there (ClusterValidator).
            String defaultUser = provider == Provider.SSH ? null : VAGRANT_USER;
            if (s == null) {
                return new SshSettings(defaultUser, null, DEFAULT_SSH_PORT);
            }
            return new SshSettings(orElse(s.text("user", false), defaultUser), s.text("key", false),
                    s.integer("port", DEFAULT_SSH_PORT));
        }

        private VagrantSettings vagrant(Section s) {
            if (s == null) {
                return new VagrantSettings(null, "virtualbox");
            }
            String p = s.text("provider", false);
            if (p != null && !VAGRANT_PROVIDERS.contains(p)) {
                oneOf("vagrant.provider", p, VAGRANT_PROVIDERS);
                p = null;
            }
            return new VagrantSettings(s.text("box", false), orElse(p, "virtualbox"));
        }

        private Bgp bgp(Section s) {
            if (s == null) {
                return null;
            }
            return new Bgp(s.integer("cluster_asn", 0, true), s.integer("router_asn", 0, true),
                    s.text("address_pool", true), Map.of());
        }

        private List<ClusterConfig.Node> nodes(SequenceNode seq) {
            List<ClusterConfig.Node> nodes = new ArrayList<>();
            if (seq == null) {
                return nodes;
            }
            if (seq.getValue().isEmpty()) {
                r.error("nodes", "the list is empty", "add at least a jumpbox, a master and a worker "
                        + "(see cluster-config/minimal.yaml)");
            }
            for (int i = 0; i < seq.getValue().size(); i++) {
                Node item = seq.getValue().get(i);
                String path = Report.item("nodes", i);
                r.mark(path, line(item));
                if (!(item instanceof MappingNode m)) {
                    r.error(path, "expected a node (name:, roles:, ip:), got " + kind(item),
                            "write each node as a mapping, e.g. - {name: worker1, roles: [worker], ip: ...}");
                    continue;
                }
                Section s = new Section(r, m, path, NODE_KEYS);
                String name = s.text("name", true);
                List<Role> roles = roles(s);
                boolean big = roles.contains(Role.MASTER) || roles.contains(Role.WORKER);
                // Defaults follow the presets: Kubernetes nodes need room for their daemons, helpers do not.
                int cpus = s.integer("cpus", big ? 2 : 1);
                int memory = s.memory("memory", big ? 2048 : 512);
                nodes.add(new ClusterConfig.Node(name, roles, s.text("ip", true), cpus, memory,
                        s.text("pod_cidr", false)));
            }
            return nodes;
        }

        private List<Role> roles(Section s) {
            List<Role> roles = new ArrayList<>();
            String path = s.path("roles");
            Node n = s.node("roles");
            if (n == null) {
                s.missing("roles");
                return roles;
            }
            if (n instanceof ScalarNode sc) {
                r.error(path, "expected a list of roles, got '" + sc.getValue() + "'",
                        "write roles: [" + sc.getValue() + "]");
                Role.parse(sc.getValue()).ifPresent(roles::add);
                return roles;
            }
            if (!(n instanceof SequenceNode seq)) {
                r.error(path, "expected a list of roles, got " + kind(n), "write e.g. roles: [worker]");
                return roles;
            }
            if (seq.getValue().isEmpty()) {
                r.error(path, "no roles", "give the node at least one of " + roleList());
            }
            for (int j = 0; j < seq.getValue().size(); j++) {
                Node item = seq.getValue().get(j);
                String p = Report.item(path, j);
                r.mark(p, line(item));
                if (!(item instanceof ScalarNode sc) || isNull(item)) {
                    r.error(p, "expected a role name, got " + kind(item), "use one of " + roleList());
                    continue;
                }
                var role = Role.parse(sc.getValue());
                if (role.isEmpty()) {
                    List<String> ids = Arrays.stream(Role.values()).map(Role::id).toList();
                    String guess = java.util.Optional.ofNullable(EditDistance.closest(sc.getValue(), ids)).map(g -> " Did you mean '" + g + "'?")
                            .orElse("");
                    r.error(p, "unknown role '" + sc.getValue() + "'." + guess, "use one of " + roleList());
                } else if (roles.contains(role.get())) {
                    r.warn(p, "role '" + sc.getValue() + "' is listed twice", "remove the second one");
                } else {
                    roles.add(role.get());
                }
            }
            return roles;
        }

        private static String roleList() {
            return Arrays.stream(Role.values()).map(Role::id).collect(Collectors.joining(", "));
        }

        private void oneOf(String path, String value, List<String> allowed) {
            String guess = java.util.Optional.ofNullable(EditDistance.closest(value, allowed)).map(g -> " Did you mean '" + g + "'?").orElse("");
            String fix = allowed.size() == 1 ? "use " + allowed.get(0) + ", the only one hardway supports"
                    : "use one of " + String.join(", ", allowed);
            if (path.equals("provider") && VAGRANT_PROVIDERS.contains(value)) {
                fix = "write provider: vagrant and put " + value + " under vagrant: {provider: " + value + "}";
            }
            r.error(path, "unknown value '" + value + "'." + guess, fix);
        }

        private static String orElse(String v, String dflt) {
            return v == null ? dflt : v;
        }
    }

    /**
     * One YAML mapping with a known set of keys. Reports unknown and duplicate keys when created, and
     * missing or mistyped values when they are asked for.
     */
    private static final class Section {
        private final Report r;
        private final String path;
        private final Map<String, Node> values = new LinkedHashMap<>();
        /** Keys offered as "Did you mean" for a misspelt key: their absence is the same mistake. */
        private final Set<String> suggested = new HashSet<>();

        Section(Report r, MappingNode m, String path, List<String> known) {
            this.r = r;
            this.path = path;
            YamlKeys.Sink sink = (at, p, what, fix) -> r.errorAt(line(at), p, what, fix);
            Map<String, NodeTuple> keys = YamlKeys.keys(m, path, sink);
            suggested.addAll(YamlKeys.unknown(keys, path, known, path.isEmpty() ? "a cluster config" : path, sink));
            keys.forEach((key, t) -> {
                if (known.contains(key)) {
                    // A key's own line, not its value's: a block value starts on the next line.
                    r.mark(Report.child(path, key), line(t.getKeyNode()));
                    values.put(key, t.getValueNode());
                }
            });
        }

        String path(String key) {
            return Report.child(path, key);
        }

        /** The value node, or null if absent or written as an empty value. */
        Node node(String key) {
            Node n = values.get(key);
            return n == null || isNull(n) ? null : n;
        }

        void missing(String key) {
            if (suggested.contains(key)) {
                return; // already reported as the misspelt key
            }
            String where = path.isEmpty() ? "" : " under " + path;
            String message = values.containsKey(key) ? "has no value" : "is missing";
            r.error(path(key), message, "add " + key + ": " + example(key) + where);
        }

        String text(String key, boolean required) {
            Node n = node(key);
            if (n == null) {
                if (required) {
                    missing(key);
                }
                return null;
            }
            if (n instanceof ScalarNode s) {
                return s.getValue().trim();
            }
            r.error(path(key), "expected a single value, got " + kind(n), "write it as " + key + ": "
                    + example(key));
            return null;
        }

        int integer(String key, int dflt) {
            return integer(key, dflt, false);
        }

        int integer(String key, int dflt, boolean required) {
            Node n = node(key);
            if (n == null) {
                if (required) {
                    missing(key);
                }
                return dflt;
            }
            if (n instanceof ScalarNode s && s.getValue().trim().matches("[+-]?\\d{1,10}")) {
                long v = Long.parseLong(s.getValue().trim());
                if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
                    return (int) v;
                }
            }
            r.error(path(key), "expected a whole number, got " + kind(n), "write a number, e.g. " + key + ": "
                    + example(key));
            // The default keeps later rules (ranges, sums) from reporting the same mistake again.
            return dflt;
        }

        /** Memory in MiB; "2G" or "512Mi" get a fix that says the number to write. */
        int memory(String key, int dflt) {
            Node n = node(key);
            if (n instanceof ScalarNode s) {
                Matcher m = SIZE_WITH_UNIT.matcher(s.getValue());
                if (m.matches()) {
                    double amount = Double.parseDouble(m.group(1));
                    long mib = Math.round(m.group(2).toLowerCase().startsWith("g") ? amount * 1024 : amount);
                    r.error(path(key), "expected a whole number of MiB, got '" + s.getValue() + "'",
                            "write " + key + ": " + mib);
                    return dflt;
                }
            }
            return integer(key, dflt);
        }

        Section section(String key, boolean required, List<String> known) {
            Node n = node(key);
            if (n == null) {
                if (required) {
                    missing(key);
                }
                return null;
            }
            if (n instanceof MappingNode m) {
                return new Section(r, m, path(key), known);
            }
            r.error(path(key), "expected a mapping (" + String.join(", ", known) + "), got " + kind(n),
                    "indent the settings under " + key + ":");
            return null;
        }

        SequenceNode list(String key, boolean required) {
            Node n = node(key);
            if (n == null) {
                if (required) {
                    missing(key);
                }
                return null;
            }
            if (n instanceof SequenceNode s) {
                return s;
            }
            r.error(path(key), "expected a list, got " + kind(n), "write one item per line starting with '- '");
            return null;
        }

        /** A list of words from a closed set (e.g. downloads.offers); unknown words are errors naming the set. */
        List<String> words(String key, List<String> allowed) {
            List<String> out = new ArrayList<>();
            Node n = node(key);
            if (!(n instanceof SequenceNode seq)) {
                r.error(path(key), "expected a list, got " + kind(n), "write e.g. " + key + ": ["
                        + String.join(", ", allowed.subList(0, 2)) + "]");
                return out;
            }
            for (int i = 0; i < seq.getValue().size(); i++) {
                Node item = seq.getValue().get(i);
                String p = Report.item(path(key), i);
                r.mark(p, line(item));
                String v = item instanceof ScalarNode sc && !isNull(item) ? sc.getValue().trim() : null;
                if (v != null && allowed.contains(v)) {
                    out.add(v);
                } else {
                    r.error(p, (v == null ? "expected a word, got " + kind(item) : "'" + v + "' is not one of "
                            + String.join(", ", allowed)), "write one of " + String.join(", ", allowed));
                }
            }
            return out;
        }

        /** A list of node names (load balancer members). */
        List<String> names(String key, boolean required) {
            List<String> out = new ArrayList<>();
            Node n = node(key);
            if (n == null) {
                if (required) {
                    missing(key);
                }
                return out;
            }
            if (!(n instanceof SequenceNode seq)) {
                r.error(path(key), "expected a list of node names, got " + kind(n),
                        "write e.g. " + key + ": [mlb1, mlb2]");
                return out;
            }
            for (int i = 0; i < seq.getValue().size(); i++) {
                Node item = seq.getValue().get(i);
                String p = Report.item(path(key), i);
                r.mark(p, line(item));
                if (item instanceof ScalarNode s && !isNull(item)) {
                    out.add(s.getValue().trim());
                } else {
                    r.error(p, "expected a node name, got " + kind(item), "write the name of a node from nodes:");
                }
            }
            return out;
        }

        private String example(String key) {
            if (key.equals("port") && path.equals("ssh")) {
                return "22";
            }
            return switch (key) {
                case "name" -> "lab";
                case "versions" -> "{etcd: " + pinnedVersions().etcd() + "} (only the releases you want to differ from"
                        + " the pins)";
                case "kubernetes", "crictl", "etcd", "containerd", "runc", "cni_plugins", "coredns", "pause", "flannel",
                        "flannel_cni_plugin", "nginx", "metallb" ->
                        pin(key) + " (or leave the key out to use the pinned " + pin(key) + ")";
                case "network" -> "{node_subnet: 172.16.10.0/24, pod_cidr: 10.200.0.0/16, service_cidr: 10.32.0.0/24}";
                case "node_subnet" -> "172.16.10.0/24";
                case "pod_cidr" -> "10.200.0.0/16";
                case "service_cidr" -> "10.32.0.0/24";
                case "nodes" -> "a list of nodes (see cluster-config/minimal.yaml)";
                case "roles" -> "[worker]";
                case "ip", "vip" -> "172.16.10.20";
                case "cpus" -> "2";
                case "memory" -> "2048";
                case "port" -> "6443";
                case "cluster_asn" -> "64522";
                case "router_asn" -> "64512";
                case "address_pool" -> "172.17.254.0/24";
                default -> "...";
            };
        }
    }
}
