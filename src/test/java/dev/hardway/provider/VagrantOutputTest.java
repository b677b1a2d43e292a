package dev.hardway.provider;

import dev.hardway.target.ssh.SshEndpoint;
import dev.hardway.provider.MachineStatus.State;
import dev.hardway.provider.ProgressEvent.Stage;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static dev.hardway.provider.TestConfigs.fixture;
import static org.assertj.core.api.Assertions.assertThat;

class VagrantOutputTest {

    private static List<VagrantOutput.Line> lines(String fixture) {
        return fixture(fixture).lines().map(VagrantOutput::parseLine).flatMap(Optional::stream).toList();
    }

    private static List<ProgressEvent> events(String fixture) {
        return lines(fixture).stream().map(VagrantOutput::toEvent).flatMap(Optional::stream).toList();
    }

    @Test
    void machineReadableLinesAreSplitAndUnescaped() {
        VagrantOutput.Line line = VagrantOutput.parseLine(
                "1795500033,jumpbox,ui,detail,    jumpbox: a%!(VAGRANT_COMMA) b\\n    jumpbox: c").orElseThrow();
        assertThat(line.time()).isEqualTo(1795500033L);
        assertThat(line.target()).isEqualTo("jumpbox");
        assertThat(line.type()).isEqualTo("ui");
        assertThat(line.data()).containsExactly("detail", "    jumpbox: a, b\n    jumpbox: c");
        assertThat(VagrantOutput.uiMessage(line)).isEqualTo("a, b");

        assertThat(VagrantOutput.parseLine("1795500000,,error-exit,Some::Error,oops")).get()
                .extracting(VagrantOutput.Line::target).isEqualTo("");
        assertThat(VagrantOutput.parseLine("==> plain text from a plugin")).isEmpty();
        assertThat(VagrantOutput.parseLine("")).isEmpty();
    }

    @Test
    void upOutputBecomesOneStageSequencePerMachine() {
        List<ProgressEvent> events = events("up-virtualbox.txt");
        List<Stage> jumpbox = events.stream().filter(e -> e.machine().equals("jumpbox"))
                .map(ProgressEvent::stage).filter(s -> s != Stage.INFO).distinct().toList();
        assertThat(jumpbox).containsExactly(Stage.WAITING, Stage.BOOTING, Stage.CREATING, Stage.CONFIGURING,
                Stage.PROVISIONING, Stage.READY);
        assertThat(events).contains(
                new ProgressEvent("jumpbox", Stage.CREATING, "Importing base box 'debian/bookworm64'..."),
                new ProgressEvent("jumpbox", Stage.PROVISIONING,
                        "Running provisioner: hardway-prepare (ansible_local)..."),
                new ProgressEvent("master1", Stage.WAITING,
                        "Bringing machine 'master1' up with 'virtualbox' provider..."),
                new ProgressEvent("master1", Stage.READY, "up done"));
        // Ansible's task lines come through as INFO for the live line, without Vagrant's prefix.
        assertThat(events).contains(new ProgressEvent("jumpbox", Stage.INFO,
                "TASK [common : Install the packages the lessons use] ***************************"));
        assertThat(events).noneMatch(e -> e.message().startsWith("==>") || e.message().contains("jumpbox: "));
        assertThat(events).noneMatch(e -> e.stage() == Stage.FAILED);
    }

    @Test
    void recordedLibvirtFailureGivesFailedEventsAndTheErrorClass() {
        List<ProgressEvent> events = events("up-libvirt-no-daemon.txt");
        assertThat(events).first().isEqualTo(new ProgressEvent("jumpbox", Stage.WAITING,
                "Bringing machine 'jumpbox' up with 'libvirt' provider..."));
        assertThat(events).filteredOn(e -> e.stage() == Stage.FAILED).isNotEmpty()
                .allMatch(e -> e.message().startsWith("Error while connecting to Libvirt"));
        String[] error = VagrantOutput.errorExit(lines("up-libvirt-no-daemon.txt")).orElseThrow();
        assertThat(error[0]).isEqualTo("VagrantPlugins::ProviderLibvirt::Errors::FogLibvirtConnectionError");
        assertThat(error[1]).contains("libvirt-sock").contains("\n");
    }

    @Test
    void statusOfMixedVirtualBoxMachines() {
        List<MachineStatus> status = VagrantOutput.parseStatus(fixture("status-virtualbox-mixed.txt"));
        assertThat(status).extracting(MachineStatus::node).containsExactly("jumpbox", "master1", "master2", "worker1");
        assertThat(status).extracting(MachineStatus::state)
                .containsExactly(State.RUNNING, State.RUNNING, State.STOPPED, State.NOT_CREATED);
        assertThat(status.get(2).rawState()).isEqualTo("poweroff");
        assertThat(status.get(2).detail()).isEqualTo("The VM is powered off. To restart the VM, simply run `vagrant up`");
        assertThat(status.get(0).detail()).doesNotContain("\n");
    }

    @Test
    void recordedLibvirtStatusListsEveryNodeNotCreated() {
        List<MachineStatus> status = VagrantOutput.parseStatus(fixture("status-libvirt-not-created.txt"));
        assertThat(status).extracting(MachineStatus::node).containsExactly(
                "jumpbox", "mlb1", "mlb2", "master1", "master2", "master3", "worker1", "worker2");
        assertThat(status).allMatch(s -> s.state() == State.NOT_CREATED && s.detail().contains("Libvirt domain"));
    }

    @Test
    void recordedProviderNotUsableHasNoRowsButAnErrorExit() {
        assertThat(VagrantOutput.parseStatus(fixture("status-virtualbox-not-usable.txt"))).isEmpty();
        String[] error = VagrantOutput.errorExit(lines("status-virtualbox-not-usable.txt")).orElseThrow();
        assertThat(error[0]).isEqualTo("Vagrant::Errors::ProviderNotUsable");
        assertThat(error[1]).contains("VBoxManage", "ships with VirtualBox, and requires");
    }

    @Test
    void sshConfigOfVirtualBoxMachines() {
        List<SshEndpoint> endpoints = VagrantOutput.parseSshConfig(fixture("ssh-config-virtualbox.txt"));
        assertThat(endpoints).containsExactly(
                new SshEndpoint("jumpbox", "127.0.0.1", 2222, "vagrant",
                        Path.of("/home/learner/hardway/.vagrant/machines/jumpbox/virtualbox/private_key")),
                new SshEndpoint("master1", "127.0.0.1", 2200, "vagrant",
                        Path.of("/home/learner/hardway/.vagrant/machines/master1/virtualbox/private_key")));
    }

    /** The Vagrantfile's note on stderr (software emulation) comes merged before ssh-config's output. */
    @Test
    void sshConfigAfterTheVagrantfilesNote() {
        List<SshEndpoint> endpoints = VagrantOutput.parseSshConfig("hardway Vagrantfile: libvirt runs the VMs with "
                + "QEMU's software emulation (HARDWAY_LIBVIRT_DRIVER=qemu): expect slow boots.\n"
                + fixture("ssh-config-virtualbox.txt"));
        assertThat(endpoints).extracting(SshEndpoint::node).containsExactly("jumpbox", "master1");
    }

    @Test
    void sshConfigWithQuotedPathsLowercaseKeywordsAndEquals() {
        List<SshEndpoint> endpoints = VagrantOutput.parseSshConfig(fixture("ssh-config-libvirt-windows-paths.txt"));
        assertThat(endpoints).hasSize(2);
        assertThat(endpoints.get(0).host()).isEqualTo("192.168.121.57");
        assertThat(endpoints.get(0).port()).isEqualTo(22);
        // the first IdentityFile wins, unquoted (a path with a space)
        assertThat(endpoints.get(0).keyPath().toString().replace('\\', '/'))
                .isEqualTo("C:/Users/Jane Doe/hardway/.vagrant/machines/master1/libvirt/private_key");
        assertThat(endpoints.get(1)).isEqualTo(new SshEndpoint("worker1", "192.168.121.83", 22, "vagrant",
                Path.of("/srv/hw/.vagrant/machines/worker1/libvirt/private_key")));
        assertThat(VagrantOutput.parseSshConfig("")).isEmpty();
    }
}
