package dev.hardway.provider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The real {@code vagrant} CLI against the project's Vagrantfile, where vagrant is installed (Debian: apt install
 * vagrant). No hypervisor is needed: with the libvirt provider and no machines created, {@code vagrant status}
 * answers from its own data (a stand-in {@code virsh} passes hardway's pre-check).
 */
class VagrantCliTest {

    @TempDir
    Path bin;

    @Test
    void realVagrantStatusOfTheSampleClusterThroughTheVagrantfile() throws IOException {
        String path = System.getenv().getOrDefault("PATH", "");
        assumeTrue(Executables.find("vagrant", Map.of("PATH", path)).isPresent(),
                "vagrant is not installed (apt-get install -y vagrant to run this test)");
        assumeTrue(Executables.find("ruby", Map.of("PATH", path)).isPresent(), "ruby is not installed");
        Path virsh = bin.resolve("virsh");
        Files.writeString(virsh, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(virsh, PosixFilePermissions.fromString("rwxr-xr-x"));

        VagrantProvider provider = new VagrantProvider(TestConfigs.sample(), Path.of("").toAbsolutePath(),
                Map.of("PATH", bin + File.pathSeparator + path, "VAGRANT_DEFAULT_PROVIDER", "libvirt"),
                CommandRunner.PROCESS);
        List<MachineStatus> status;
        try {
            status = provider.status();
        } catch (ProviderException e) {
            // vagrant without its libvirt plugin (Debian's vagrant recommends vagrant-libvirt) cannot answer
            assumeTrue(!e.getMessage().contains("provider 'libvirt' could not be found"),
                    "vagrant-libvirt is not installed: " + e.getMessage());
            throw e;
        }
        assertThat(status).extracting(MachineStatus::node).containsExactly(
                "jumpbox", "mlb1", "mlb2", "master1", "master2", "master3", "worker1", "worker2");
        assertThat(status).allMatch(s -> s.state() == MachineStatus.State.NOT_CREATED, "all not created");
    }

    /** DESIGN/issue: `vagrant validate` passes for every preset where vagrant can run here. */
    @Test
    void vagrantValidatePassesForEveryPreset() throws Exception {
        String path = System.getenv().getOrDefault("PATH", "");
        boolean ci = "true".equals(System.getenv("CI"));
        boolean present = Executables.find("vagrant", Map.of("PATH", path)).isPresent();
        if (ci) {
            assertThat(present).as("CI installs vagrant (.ci/run)").isTrue();
        }
        assumeTrue(present, "vagrant is not installed (apt-get install -y vagrant vagrant-libvirt)");
        List<Path> presets;
        try (var s = Files.list(Path.of("cluster-config"))) {
            presets = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(presets).isNotEmpty();
        for (Path preset : presets) {
            ProcessBuilder pb = new ProcessBuilder("vagrant", "validate").redirectErrorStream(true);
            pb.environment().put("HARDWAY_CLUSTER", preset.toAbsolutePath().toString());
            pb.environment().put("VAGRANT_DEFAULT_PROVIDER", "libvirt");
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes());
            assertThat(p.waitFor()).as(preset + ": " + out).isZero();
            assertThat(out).as(preset.toString()).contains("Vagrantfile validated successfully");
        }
    }
}
