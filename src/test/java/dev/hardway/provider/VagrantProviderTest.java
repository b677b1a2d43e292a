package dev.hardway.provider;

import dev.hardway.target.ssh.SshEndpoint;
import dev.hardway.provider.MachineStatus.State;
import dev.hardway.provider.ProgressEvent.Stage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.nio.file.attribute.PosixFilePermissions;

import static dev.hardway.provider.TestConfigs.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** VagrantProvider's logic against recorded vagrant output; no vagrant runs here (see VagrantCliTest). */
class VagrantProviderTest {

    @TempDir
    Path bin;

    /** Replays fixtures in order and records the commands it was asked to run. */
    static final class Replay implements CommandRunner {
        final List<List<String>> commands = new ArrayList<>();
        final List<Map<String, String>> envs = new ArrayList<>();
        final List<String> outputs;
        final List<Integer> exits;

        Replay(List<String> outputs, List<Integer> exits) {
            this.outputs = outputs;
            this.exits = exits;
        }

        @Override
        public int run(List<String> command, Path dir, Map<String, String> env, java.util.function.Consumer<String> lines) {
            int i = commands.size();
            commands.add(command);
            envs.add(env);
            outputs.get(i).lines().forEach(lines);
            return exits.get(i);
        }
    }

    private void fakeProgram(String name) throws IOException {
        Path p = bin.resolve(name);
        Files.writeString(p, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @BeforeEach
    void tools() throws IOException {
        fakeProgram("vagrant");
        fakeProgram("VBoxManage");
    }

    private VagrantProvider provider(Replay replay) {
        return new VagrantProvider(TestConfigs.sample(), Path.of("."), Map.of("PATH", bin.toString()), replay);
    }

    @Test
    void whatTheVagrantfileSaysReachesTheListener() {
        String out = "hardway Vagrantfile: libvirt runs the VMs with QEMU's software emulation (/dev/kvm does not "
                + "exist): expect slow boots.\n" + fixture("up-virtualbox.txt");
        Replay replay = new Replay(List.of(out), List.of(0));
        List<ProgressEvent> events = new ArrayList<>();
        provider(replay).up(events::add);
        assertThat(events.get(0)).isEqualTo(new ProgressEvent("", Stage.INFO, "libvirt runs the VMs with QEMU's "
                + "software emulation (/dev/kvm does not exist): expect slow boots."));
    }

    @Test
    void upRunsVagrantMachineReadableWithTheConfigAndReportsProgress() {
        Replay replay = new Replay(List.of(fixture("up-virtualbox.txt")), List.of(0));
        List<ProgressEvent> events = new ArrayList<>();
        provider(replay).up(events::add);

        assertThat(replay.commands.get(0)).containsExactly(bin.resolve("vagrant").toString(), "up", "--machine-readable");
        assertThat(replay.envs.get(0)).containsEntry("HARDWAY_CLUSTER", TestConfigs.SAMPLE.toAbsolutePath().toString())
                .containsEntry("VAGRANT_DEFAULT_PROVIDER", "virtualbox");
        assertThat(events).filteredOn(e -> e.stage() == Stage.READY).extracting(ProgressEvent::machine)
                .containsExactly("jumpbox", "master1");
    }

    @Test
    void failedUpThrowsVagrantsReasonWithAHint() {
        Replay replay = new Replay(List.of(fixture("up-libvirt-no-daemon.txt")), List.of(1));
        List<ProgressEvent> events = new ArrayList<>();
        assertThatThrownBy(() -> provider(replay).up(events::add))
                .isInstanceOf(ProviderException.class)
                .hasMessageContaining("vagrant up failed for the sample-ha cluster: Error while connecting to Libvirt")
                .hasMessageContaining("Try: start libvirt: sudo systemctl enable --now libvirtd");
        assertThat(events).anyMatch(e -> e.stage() == Stage.FAILED);
    }

    @Test
    void providerNotUsableFromVagrantGetsTheVirtualBoxHint() {
        Replay replay = new Replay(List.of(fixture("status-virtualbox-not-usable.txt")), List.of(1));
        assertThatThrownBy(() -> provider(replay).status())
                .isInstanceOf(ProviderException.class)
                .hasMessageContaining("Vagrant could not detect VirtualBox!")
                .hasMessageContaining("Try: install VirtualBox")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void failureWithoutAnErrorLineQuotesTheLastOutput() {
        Replay replay = new Replay(List.of("something odd\nanother line"), List.of(3));
        assertThatThrownBy(() -> provider(replay).halt(ProgressListener.NONE))
                .hasMessageContaining("vagrant halt failed").hasMessageContaining("exit code 3")
                .hasMessageContaining("another line").hasMessageContaining("Try: run it by hand");
    }

    @Test
    void statusFollowsConfigOrderAndFlagsNodesVagrantDidNotList() {
        Replay replay = new Replay(List.of(fixture("status-virtualbox-mixed.txt")), List.of(0));
        List<MachineStatus> status = provider(replay).status();
        assertThat(status).extracting(MachineStatus::node).containsExactly(
                "jumpbox", "mlb1", "mlb2", "master1", "master2", "master3", "worker1", "worker2");
        assertThat(status.get(0).state()).isEqualTo(State.RUNNING);
        assertThat(status.get(1).state()).isEqualTo(State.UNKNOWN);
        assertThat(status.get(4).state()).isEqualTo(State.STOPPED);
        assertThat(status.get(6).state()).isEqualTo(State.NOT_CREATED);
    }

    @Test
    void sshEndpointsAskOnlyForRunningMachines() {
        Replay replay = new Replay(List.of(fixture("status-virtualbox-mixed.txt"), fixture("ssh-config-virtualbox.txt")),
                List.of(0, 0));
        List<SshEndpoint> endpoints = provider(replay).sshEndpoints();
        assertThat(replay.commands.get(1)).containsExactly(bin.resolve("vagrant").toString(), "ssh-config",
                "jumpbox", "master1");
        assertThat(endpoints).extracting(SshEndpoint::node).containsExactly("jumpbox", "master1");
        assertThat(endpoints.get(0).port()).isEqualTo(2222);
    }

    @Test
    void sshEndpointsWhenNothingRunsSayCluserUp() {
        Replay replay = new Replay(List.of(fixture("status-libvirt-not-created.txt")), List.of(0));
        assertThatThrownBy(() -> provider(replay).sshEndpoints()).hasMessageEndingWith("Try: cluster up");
    }

    @Test
    void powerControlIsHaltForceAndUpWithoutProvisioning() {
        Replay replay = new Replay(List.of("", ""), List.of(0, 0));
        VagrantProvider p = provider(replay);
        p.powerOff("master2");
        p.powerOn("master2");
        String vagrant = bin.resolve("vagrant").toString();
        assertThat(replay.commands).containsExactly(
                List.of(vagrant, "halt", "--force", "master2", "--machine-readable"),
                List.of(vagrant, "up", "--no-provision", "master2", "--machine-readable"));
    }

    @Test
    void unknownNodeIsRefusedBeforeVagrantRuns() {
        Replay replay = new Replay(List.of(), List.of());
        assertThatThrownBy(() -> provider(replay).powerOff("--help"))
                .hasMessageContaining("There is no node '--help' in the sample-ha cluster")
                .hasMessageContaining("Try: one of jumpbox, mlb1");
        assertThat(replay.commands).isEmpty();
    }

    @Test
    void vagrantMissingFromAnEmptyPath() {
        VagrantProvider p = new VagrantProvider(TestConfigs.sample(), Path.of("."), Map.of("PATH", ""),
                CommandRunner.PROCESS);
        assertThatThrownBy(() -> p.up(ProgressListener.NONE))
                .isInstanceOf(ProviderException.class)
                .hasMessageStartingWith("vagrant is not installed (not found on PATH), and the sample-ha cluster")
                .hasMessageContaining("Try: install Vagrant (Debian/Ubuntu: sudo apt install vagrant");
        assertThatThrownBy(p::status).hasMessageContaining("vagrant is not installed");
    }

    @Test
    void virtualBoxMissing() throws IOException {
        Files.delete(bin.resolve("VBoxManage"));
        assertThatThrownBy(() -> provider(new Replay(List.of(), List.of())).up(ProgressListener.NONE))
                .hasMessageContaining("VirtualBox is not installed (VBoxManage not found)")
                .hasMessageContaining("Try: install VirtualBox");
    }

    @Test
    void libvirtMissingWhenChosenByTheEnvironment() {
        Set<String> sockets = Set.of("/var/run/libvirt/libvirt-sock", "/run/libvirt/libvirt-sock");
        org.junit.jupiter.api.Assumptions.assumeTrue(sockets.stream().noneMatch(s -> Files.exists(Path.of(s))),
                "libvirtd runs on this machine");
        VagrantProvider p = new VagrantProvider(TestConfigs.sample(), Path.of("."),
                Map.of("PATH", bin.toString(), "VAGRANT_DEFAULT_PROVIDER", "libvirt"), new Replay(List.of(), List.of()));
        assertThat(p.hypervisor()).isEqualTo("libvirt");
        assertThatThrownBy(p::checkTools).hasMessageContaining("libvirt is not installed")
                .hasMessageContaining("Try: sudo apt install vagrant-libvirt");
    }

    @Test
    void hypervisorComesFromTheConfigByDefault() {
        assertThat(provider(new Replay(List.of(), List.of())).hypervisor()).isEqualTo("virtualbox");
    }
}
