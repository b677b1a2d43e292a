package dev.hardway.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hardway.testbed.RequiresTestBed;
import dev.hardway.testbed.TestBed;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.hardway.shell.PackagedShell.Run;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The packaged shell, one command per process as a learner's scripts would run it, against the namespace test
 * bed's real sshd nodes (provider ssh, the generated cluster.yaml).
 */
@RequiresTestBed
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ShellOnTestBedIT {

    static Path home;
    static TestBed bed;

    @BeforeAll
    static void setUp(TestBed testBed) throws Exception {
        bed = testBed;
        home = Files.createTempDirectory("hardway-shell-it");
    }

    static Run hardway(String... args) throws Exception {
        return PackagedShell.run(home, bed.clusterYaml(), args);
    }

    @Test
    @Order(1)
    void doctorReachesEveryNodeAndTrustsHostKeysOnFirstContact() throws Exception {
        Run r = hardway("cluster", "doctor");
        assertThat(r.out()).contains("first contact with master1 (10.240.0.11:22)", "SHA256:");
        for (String node : bed.nodeNames()) {
            assertThat(r.out()).containsPattern("(?m)^" + node + "\\s+yes");
        }
        assertThat(r.out()).doesNotContain("Exception");
        Path knownHosts = home.resolve("labs/testbed/known_hosts");
        assertThat(Files.readString(knownHosts)).contains("10.240.0.11");

        Run again = hardway("cluster", "doctor");
        assertThat(again.out()).doesNotContain("first contact");
    }

    @Test
    @Order(2)
    void aChangedHostKeyIsRefusedNamingTheNodeAndHowToReTrust() throws Exception {
        Path knownHosts = home.resolve("labs/testbed/known_hosts");
        String original = Files.readString(knownHosts);
        // master2's line gets master3's key: exactly what a re-installed machine at the same address looks like
        String m3key = original.lines().filter(l -> l.startsWith("10.240.0.13 ")).findFirst().orElseThrow()
                .substring("10.240.0.13 ".length());
        String tampered = original.lines().map(l -> l.startsWith("10.240.0.12 ") ? "10.240.0.12 " + m3key : l)
                .reduce("", (a, b) -> a + b + "\n");
        Files.writeString(knownHosts, tampered);
        try {
            Run r = hardway("cluster", "doctor");
            assertThat(r.exit()).isNotZero();
            assertThat(r.out()).contains("master2").containsIgnoringCase("host key").contains("ssh-keygen -R");
        } finally {
            Files.writeString(knownHosts, original);
        }
    }
}
