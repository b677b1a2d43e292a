package dev.hardway.provider;

import dev.hardway.target.ssh.SshEndpoint;
import dev.hardway.cluster.ClusterConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Vagrant VMs, one per node, through the {@code vagrant} CLI and the project's {@code Vagrantfile}. Every command
 * runs in the project directory with {@code HARDWAY_CLUSTER} set to the config file, and with
 * {@code --machine-readable} so its output can be turned into per-machine {@link ProgressEvent}s.
 */
public final class VagrantProvider implements Provider {

    /** How many of vagrant's last output lines an error message may quote when vagrant gave no reason. */
    private static final int TAIL = 15;
    /** How the project's Vagrantfile starts what it says on stderr (plain text amid the machine-readable lines). */
    static final String VAGRANTFILE_NOTE = "hardway Vagrantfile: ";

    private final ClusterConfig config;
    private final Path projectDir;
    private final Map<String, String> env;
    private final CommandRunner runner;

    /** Uses this process's environment and runs the real {@code vagrant}. */
    public VagrantProvider(ClusterConfig config, Path projectDir) {
        this(config, projectDir, System.getenv(), CommandRunner.PROCESS);
    }

    /**
     * @param env    the environment to find programs in (PATH, VAGRANT_DEFAULT_PROVIDER, VBOX_MSI_INSTALL_PATH)
     * @param runner runs the commands (tests replay recorded output)
     */
    public VagrantProvider(ClusterConfig config, Path projectDir, Map<String, String> env, CommandRunner runner) {
        this.config = Objects.requireNonNull(config, "config");
        this.projectDir = Objects.requireNonNull(projectDir, "projectDir");
        this.env = Map.copyOf(env.entrySet().stream().filter(e -> e.getKey() != null && e.getValue() != null)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a)));
        this.runner = Objects.requireNonNull(runner, "runner");
    }

    @Override
    public String id() {
        return "vagrant";
    }

    @Override
    public boolean createsMachines() {
        return true;
    }

    /**
     * The Vagrant provider the Vagrantfile will use: env {@code VAGRANT_DEFAULT_PROVIDER}, else the config's
     * {@code vagrant.provider}, else {@code virtualbox} (the same rule as the Vagrantfile).
     */
    public String hypervisor() {
        String fromEnv = env.get("VAGRANT_DEFAULT_PROVIDER");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv.strip();
        }
        if (config.vagrant() != null && config.vagrant().provider() != null && !config.vagrant().provider().isBlank()) {
            return config.vagrant().provider().strip();
        }
        return "virtualbox";
    }

    /**
     * Checks that {@code vagrant} and the hypervisor are installed, before anything slow starts.
     *
     * @return the vagrant executable
     * @throws ProviderException naming what is missing, with how to install it
     */
    public Path checkTools() {
        Path vagrant = Executables.find("vagrant", env).orElseThrow(() -> new ProviderException(
                "vagrant is not installed (not found on PATH), and the " + config.name()
                        + " cluster uses Vagrant VMs.",
                "install Vagrant (Debian/Ubuntu: sudo apt install vagrant; Windows/macOS: "
                        + "https://developer.hashicorp.com/vagrant/install), or use existing hosts with "
                        + "`cluster use <preset> --provider ssh`, or the simulated lab with --provider sim."));
        String hv = hypervisor();
        switch (hv) {
            case "virtualbox" -> {
                List<String> extra = new ArrayList<>();
                // Windows' VirtualBox installer records its directory here instead of adding it to PATH.
                for (String var : List.of("VBOX_MSI_INSTALL_PATH", "VBOX_INSTALL_PATH")) {
                    if (env.get(var) != null) {
                        extra.add(env.get(var));
                    }
                }
                extra.add("/Applications/VirtualBox.app/Contents/MacOS");
                if (Executables.find("VBoxManage", env, extra).isEmpty()) {
                    throw new ProviderException("VirtualBox is not installed (VBoxManage not found), and vagrant "
                            + "needs it for the " + config.name() + " cluster.", virtualBoxHint());
                }
            }
            case "libvirt" -> {
                boolean socket = Files.exists(Path.of("/var/run/libvirt/libvirt-sock"))
                        || Files.exists(Path.of("/run/libvirt/libvirt-sock"));
                if (Executables.find("virsh", env).isEmpty() && !socket) {
                    throw new ProviderException("libvirt is not installed (no virsh, no libvirtd socket), and "
                            + "vagrant needs it for the " + config.name() + " cluster.", libvirtHint());
                }
            }
            default -> throw new ProviderException("Vagrant provider '" + hv + "' is not supported by hardway"
                    + " (from " + (env.containsKey("VAGRANT_DEFAULT_PROVIDER") ? "VAGRANT_DEFAULT_PROVIDER"
                    : "vagrant.provider in " + configFileName()) + ").",
                    "vagrant.provider: virtualbox or libvirt");
        }
        return vagrant;
    }

    private static String virtualBoxHint() {
        return "install VirtualBox (Windows/macOS: https://www.virtualbox.org/wiki/Downloads; Linux: your "
                + "distribution's virtualbox package, e.g. sudo apt install virtualbox where it is packaged), or on "
                + "Linux use libvirt instead: sudo apt install vagrant-libvirt libvirt-daemon-system and set "
                + "vagrant.provider: libvirt (or VAGRANT_DEFAULT_PROVIDER=libvirt).";
    }

    private static String libvirtHint() {
        return "sudo apt install vagrant-libvirt libvirt-daemon-system qemu-system && sudo usermod -aG libvirt "
                + "$USER (log in again), or use VirtualBox: vagrant.provider: virtualbox.";
    }

    private String configFileName() {
        return config.source() == null ? config.name() : config.source().toString();
    }

    @Override
    public void up(ProgressListener listener) {
        vagrant("up", listener, "up");
    }

    @Override
    public void down(ProgressListener listener) {
        vagrant("destroy", listener, "destroy", "--force");
    }

    @Override
    public void halt(ProgressListener listener) {
        vagrant("halt", listener, "halt");
    }

    @Override
    public void powerOff(String node) {
        vagrant("halt --force " + requireNode(node), ProgressListener.NONE, "halt", "--force", node);
    }

    @Override
    public void powerOn(String node) {
        vagrant("up " + requireNode(node), ProgressListener.NONE, "up", "--no-provision", node);
    }

    @Override
    public List<MachineStatus> status() {
        Run run = vagrant("status", ProgressListener.NONE, "status");
        List<MachineStatus> parsed = VagrantOutput.parseStatus(String.join("\n", run.raw()));
        // Config order; a node vagrant did not list (should not happen) shows as UNKNOWN rather than vanishing.
        Map<String, MachineStatus> byNode = new LinkedHashMap<>();
        parsed.forEach(s -> byNode.put(s.node(), s));
        List<MachineStatus> rows = new ArrayList<>();
        for (ClusterConfig.Node n : config.nodes()) {
            MachineStatus s = byNode.remove(n.name());
            rows.add(s != null ? s : new MachineStatus(n.name(), MachineStatus.State.UNKNOWN, "",
                    "not listed by vagrant status"));
        }
        rows.addAll(byNode.values());
        return rows;
    }

    /** Endpoints of the running machines ({@code vagrant ssh-config} fails for machines that are not). */
    @Override
    public List<SshEndpoint> sshEndpoints() {
        List<String> running = status().stream().filter(s -> s.state() == MachineStatus.State.RUNNING)
                .map(MachineStatus::node).toList();
        if (running.isEmpty()) {
            throw new ProviderException("No VM of the " + config.name() + " cluster is running, so none can be "
                    + "reached over SSH.", "cluster up");
        }
        List<String> args = new ArrayList<>(List.of("ssh-config"));
        args.addAll(running);
        // ssh-config prints the config only in plain mode; machine-readable wraps it with escapes.
        Run run = run("ssh-config", ProgressListener.NONE, false, args.toArray(String[]::new));
        return VagrantOutput.parseSshConfig(String.join("\n", run.raw()));
    }

    private String requireNode(String node) {
        if (node == null || config.node(node).isEmpty()) {
            throw new ProviderException("There is no node '" + node + "' in the " + config.name() + " cluster.",
                    "one of " + config.nodes().stream().map(ClusterConfig.Node::name)
                            .collect(Collectors.joining(", ")));
        }
        return node;
    }

    /** What one vagrant command printed. */
    record Run(int exit, List<String> raw, List<VagrantOutput.Line> lines) {
    }

    private Run vagrant(String what, ProgressListener listener, String... args) {
        return run(what, listener, true, args);
    }

    private Run run(String what, ProgressListener listener, boolean machineReadable, String... args) {
        Path vagrant = checkTools();
        if (config.source() == null) {
            throw new ProviderException("The " + config.name() + " cluster config was not loaded from a file, and "
                    + "the Vagrantfile reads its config from a file.", "cluster use <preset|file>");
        }
        List<String> command = new ArrayList<>();
        command.add(vagrant.toString());
        command.addAll(List.of(args));
        if (machineReadable) {
            command.add("--machine-readable");
        }
        Map<String, String> childEnv = new LinkedHashMap<>();
        childEnv.put("HARDWAY_CLUSTER", config.source().toAbsolutePath().toString());
        childEnv.put("HARDWAY_VAGRANT_DUMP", null);
        // Java decided the hypervisor (and checked it is installed): make vagrant use the same one.
        childEnv.put("VAGRANT_DEFAULT_PROVIDER", hypervisor());
        childEnv.put("PATH", env.get("PATH"));
        List<String> raw = new ArrayList<>();
        List<VagrantOutput.Line> lines = new ArrayList<>();
        int exit;
        try {
            exit = runner.run(command, projectDir, childEnv, text -> {
                raw.add(text);
                Optional<VagrantOutput.Line> line = VagrantOutput.parseLine(text);
                line.ifPresent(lines::add);
                line.flatMap(VagrantOutput::toEvent).ifPresent(listener::onEvent);
                if (line.isEmpty() && text.startsWith(VAGRANTFILE_NOTE)) {
                    // the Vagrantfile's own word (e.g. software emulation: slow VMs) reaches the learner too
                    listener.onEvent(new ProgressEvent("", ProgressEvent.Stage.INFO,
                            text.substring(VAGRANTFILE_NOTE.length()).strip()));
                }
            });
        } catch (IOException e) {
            throw new ProviderException("Could not run " + vagrant + ": " + e.getMessage() + ".",
                    "check that vagrant runs: vagrant --version", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException("vagrant " + what + " was interrupted; the VMs may be half done.",
                    "cluster status, then cluster up again", e);
        }
        if (exit != 0) {
            throw failure(what, exit, raw, lines);
        }
        return new Run(exit, raw, lines);
    }

    private ProviderException failure(String what, int exit, List<String> raw, List<VagrantOutput.Line> lines) {
        Optional<String[]> error = VagrantOutput.errorExit(lines);
        String reason;
        String errorClass = "";
        if (error.isPresent()) {
            errorClass = error.get()[0];
            reason = error.get()[1].replaceAll("\\s*\n\\s*", " ").strip();
        } else {
            Deque<String> tail = new ArrayDeque<>();
            for (String r : raw) {
                tail.addLast(r);
                if (tail.size() > TAIL) {
                    tail.removeFirst();
                }
            }
            reason = "exit code " + exit + (tail.isEmpty() ? "" : "; last output:\n  " + String.join("\n  ", tail));
        }
        return new ProviderException("vagrant " + what + " failed for the " + config.name() + " cluster: " + reason,
                hintFor(errorClass, what));
    }

    /** The "Try:" for one of Vagrant's error classes (the part after the last ::). */
    String hintFor(String errorClass, String what) {
        String simple = errorClass.substring(errorClass.lastIndexOf(':') + 1);
        String manual = "run it by hand to see everything: cd " + projectDir + " && HARDWAY_CLUSTER="
                + configFileName() + " vagrant " + what;
        return switch (simple) {
            case "FogLibvirtConnectionError" -> "start libvirt: sudo systemctl enable --now libvirtd, and be in "
                    + "the libvirt group (sudo usermod -aG libvirt $USER, then log in again). Without libvirt: "
                    + libvirtHint();
            case "ProviderNotUsable", "VirtualBoxNotDetected" ->
                    "virtualbox".equals(hypervisor()) ? virtualBoxHint() : libvirtHint();
            case "ProviderNotFound" -> "libvirt".equals(hypervisor())
                    ? "vagrant plugin install vagrant-libvirt (Debian/Ubuntu: sudo apt install vagrant-libvirt)"
                    : virtualBoxHint();
            case "VirtualBoxInvalidHostSubnet" -> "allow the node subnet "
                    + (config.network() == null ? "" : config.network().nodeSubnet() + " ")
                    + "for host-only networks: add a line '* 172.16.0.0/12 192.168.0.0/16' to "
                    + "/etc/vbox/networks.conf (see docs/real-vms.md).";
            case "BoxNotFound", "BoxAddShortNotFound", "BoxAddNameMismatch", "DownloaderError",
                 "BoxMetadataDownloadError" -> "check the network, then: vagrant box add "
                    + (config.vagrant() == null ? "<box>" : config.vagrant().box()) + " --provider " + hypervisor();
            case "SSHNotReady", "VMNotCreatedError" -> "cluster up";
            case "VagrantLocked", "EnvironmentLockedError" ->
                    "wait for the other vagrant command in " + projectDir + " to finish.";
            default -> manual;
        };
    }
}
