package dev.hardway.lab.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hardway.lab.Probe;
import dev.hardway.lab.ProbeResult;
import dev.hardway.lab.real.EtcdBackupOutput;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The real halves of lesson 15's probes on recorded tool output (etcd 3.5.30's etcdutl and etcdctl, run here;
 * src/test/resources/dev/hardway/lab/real/README.md): what they parse, and the verdicts they reach on it.
 */
class EtcdBackupProbesTest {

    static String res(String name) throws IOException {
        try (InputStream in = EtcdBackupProbesTest.class.getResourceAsStream("/dev/hardway/lab/real/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void snapshotStatusOfEtcdutl35And36() throws IOException {
        var s35 = EtcdBackupOutput.snapshotStatus(res("etcdutl-3.5-snapshot-status.json")).orElseThrow();
        assertThat(s35.hash()).isEqualTo(125106334L);
        assertThat(s35.hashHex()).isEqualTo("774f89e"); // as etcdutl's table prints it
        assertThat(s35.revision()).isEqualTo(2);
        assertThat(s35.totalKeys()).isEqualTo(7);
        assertThat(s35.version()).isEmpty();
        assertThat(EtcdBackupOutput.snapshotStatus(res("etcdutl-3.6-snapshot-status.json")).orElseThrow().version())
                .isEqualTo("3.6.0");
        assertThat(EtcdBackupOutput.snapshotStatus("")).isEmpty();
        assertThat(EtcdBackupOutput.snapshotStatus(res("etcdutl-snapshot-status-invalid.stderr"))).isEmpty();
    }

    @Test
    void getCountAndStatusHeaders() throws IOException {
        assertThat(EtcdBackupOutput.getCount(res("etcd-3.5-get-present.json"))).contains(1L);
        assertThat(EtcdBackupOutput.getCount(res("etcd-3.5-get-absent.json"))).contains(0L);
        assertThat(EtcdBackupOutput.getCount("Error: context deadline exceeded")).isEmpty();
        var h = EtcdBackupOutput.headers(res("etcd-3.5-status-restored.json"));
        // cluster IDs above Long.MAX_VALUE stay exact (decimal text)
        assertThat(h).singleElement().satisfies(m -> {
            assertThat(m.clusterId()).isEqualTo("17665436784333055041");
            assertThat(m.revision()).isEqualTo(1_000_000_002L);
        });
        assertThat(EtcdBackupOutput.headers(res("etcd-3.6-status-3of3.json"))).hasSize(3)
                .allMatch(m -> m.clusterId().equals("17237436991929493444"));
    }

    @Test
    void snapshotVerdictOnParsedReads() throws IOException {
        var p = new Probe.EtcdSnapshot("/var/backups/etcd/restore.db", List.of("master1", "master2", "master3"));
        var s = EtcdBackupOutput.snapshotStatus(res("etcdutl-3.5-snapshot-status.json")).orElseThrow();
        String id = s.hashHex() + "@" + s.revision();
        ProbeResult same = EtcdSnapshotProbe.judge(p, List.of(new EtcdSnapshotProbe.Read("master1", id, 2, 7, null),
                new EtcdSnapshotProbe.Read("master2", id, 2, 7, null), new EtcdSnapshotProbe.Read("master3", id, 2, 7,
                        null)), List.of());
        assertThat(same.ok()).isTrue();
        assertThat(same.summary()).contains("revision 2, 7 keys, the same on every node");
        ProbeResult other = EtcdSnapshotProbe.judge(p, List.of(new EtcdSnapshotProbe.Read("master1", id, 2, 7, null),
                new EtcdSnapshotProbe.Read("master2", "1234@9", 9, 8, null), new EtcdSnapshotProbe.Read("master3", id,
                        2, 7, null)), List.of());
        assertThat(other.ok()).isFalse();
        assertThat(other.problemLines()).singleElement().asString().startsWith("master2 holds another snapshot");
    }

    @Test
    void restoredVerdictNamesTheTraps() throws IOException {
        var h = EtcdBackupOutput.headers(res("etcd-3.6-status-3of3.json"));
        List<EtcdRestoredProbe.Member> unbumped = h.stream().map(m -> new EtcdRestoredProbe.Member("m" + m.endpoint()
                .charAt(m.endpoint().length() - 6), m.clusterId(), m.revision(), null, List.of())).toList();
        ProbeResult r = EtcdRestoredProbe.judge(new Probe.EtcdRestored(1_000_000_000L), unbumped, List.of());
        assertThat(r.ok()).isFalse();
        assertThat(r.problemLines()).hasSize(3).allMatch(p -> p.contains("without --bump-revision"));
        var restored = EtcdBackupOutput.headers(res("etcd-3.5-status-restored.json")).get(0);
        ProbeResult split = EtcdRestoredProbe.judge(new Probe.EtcdRestored(1_000_000_000L), List.of(
                new EtcdRestoredProbe.Member("master1", restored.clusterId(), restored.revision(), null, List.of()),
                new EtcdRestoredProbe.Member("master2", h.get(1).clusterId(), 1_000_000_005L, null, List.of())),
                List.of());
        assertThat(split.problemLines()).anyMatch(p -> p.contains("2 clusters") && p.contains("master1: cluster ID "
                + restored.clusterId()));
        ProbeResult good = EtcdRestoredProbe.judge(new Probe.EtcdRestored(1_000_000_000L), List.of(
                new EtcdRestoredProbe.Member("master1", restored.clusterId(), restored.revision(), null, List.of())),
                List.of());
        assertThat(good.ok()).isTrue();
    }

    @Test
    void keyVerdictPresentAbsentAndDisagreeing() {
        var gone = new Probe.EtcdKey("/hardway/backup/after", false, List.of("master1", "master2"));
        assertThat(EtcdKeyProbe.judge(gone, List.of(new EtcdKeyProbe.Read("master1", false, null),
                new EtcdKeyProbe.Read("master2", false, null)), List.of()).ok()).isTrue();
        ProbeResult split = EtcdKeyProbe.judge(gone, List.of(new EtcdKeyProbe.Read("master1", false, null),
                new EtcdKeyProbe.Read("master2", true, null)), List.of());
        assertThat(split.problemLines()).singleElement().asString().contains("master2: key /hardway/backup/after is still"
                + " in etcd", "Members disagree (with it: master2; without: master1)");
    }
}
