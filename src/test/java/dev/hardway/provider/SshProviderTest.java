package dev.hardway.provider;

import dev.hardway.target.ssh.SshEndpoint;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SshProviderTest {

    /** Never opens a connection: ports "answer" only on the masters. */
    private final SshProvider provider = new SshProvider(TestConfigs.sample(),
            (host, port, timeout) -> host.startsWith("172.16.10.1") && port == 22 ? SshProvider.Answer.OPEN
                    : host.equals("172.16.10.52") ? SshProvider.Answer.REFUSED : SshProvider.Answer.SILENT, "/home/pi");

    @Test
    void endpointsComeStraightFromTheConfig() {
        List<SshEndpoint> endpoints = provider.sshEndpoints();
        assertThat(endpoints).hasSize(8);
        assertThat(endpoints.get(3)).isEqualTo(new SshEndpoint("master1", "172.16.10.11", 22, "vagrant",
                Path.of("/home/pi/.ssh/id_ed25519")));
    }

    @Test
    void statusIsWhetherTheSshPortAnswers() {
        List<MachineStatus> status = provider.status();
        assertThat(status).extracting(MachineStatus::node).startsWith("jumpbox", "mlb1");
        assertThat(status.get(0).state()).isEqualTo(MachineStatus.State.RUNNING); // 172.16.10.10
        assertThat(status.get(1).state()).isEqualTo(MachineStatus.State.UNREACHABLE);
        assertThat(status.get(1).detail()).contains("172.16.10.51:22").contains("within 2 s");
    }

    @Test
    void aRefusedConnectionIsNotReportedAsATimeout() {
        MachineStatus refused = provider.status().stream().filter(s -> s.detail().contains("172.16.10.52"))
                .findFirst().orElseThrow();
        assertThat(refused.detail()).isEqualTo("connection refused on 172.16.10.52:22 (sshd not running?)");
    }

    @Test
    void theRealProbeTellsARefusalFromSilence() throws Exception {
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort(); // bound, then closed: nothing listens there now, so loopback refuses
        }
        assertThat(SshProvider.PortProbe.TCP.open("127.0.0.1", closed, java.time.Duration.ofSeconds(2)))
                .isEqualTo(SshProvider.Answer.REFUSED);
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            assertThat(SshProvider.PortProbe.TCP.open("127.0.0.1", s.getLocalPort(), java.time.Duration.ofSeconds(2)))
                    .isEqualTo(SshProvider.Answer.OPEN);
        }
    }

    @Test
    void upOnlyExplainsAndTheRestRefusesWithAHint() {
        List<ProgressEvent> events = new ArrayList<>();
        provider.up(events::add);
        assertThat(events).hasSize(8).allMatch(e -> e.stage() == ProgressEvent.Stage.INFO
                && e.message().contains("not created by hardway"));
        assertThat(provider.createsMachines()).isFalse();
        assertThatThrownBy(() -> provider.down(ProgressListener.NONE)).isInstanceOf(ProviderException.class)
                .hasMessageContaining("not created or destroyed by hardway").hasMessageContaining("Try:");
        assertThatThrownBy(() -> provider.halt(ProgressListener.NONE)).hasMessageContaining("Try:");
        assertThatThrownBy(() -> provider.powerOff("master2"))
                .hasMessageContaining("Try: break master2 --mode services");
        assertThatThrownBy(() -> provider.powerOn("master2")).isInstanceOf(ProviderException.class);
    }
}
