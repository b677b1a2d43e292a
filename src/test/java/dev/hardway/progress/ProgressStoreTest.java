package dev.hardway.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hardway.HardwayHome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProgressStoreTest {

    @TempDir
    Path home;

    static final Instant T = Instant.parse("2026-01-02T10:00:00Z");

    private ProgressStore store() {
        return new ProgressStore(new HardwayHome(home).progressFile("default"), "ha",
                Clock.fixed(T, ZoneOffset.UTC));
    }

    @Test
    void aMissingFileIsFreshProgressForTheCluster() throws Exception {
        ProgressStore.Loaded l = store().load();
        assertThat(l.progress()).isEqualTo(Progress.empty("ha"));
        assertThat(l.notice()).isNull();
    }

    @Test
    void roundTripsEveryFieldThroughTheFile() throws Exception {
        ProgressStore s = store();
        Progress p = Progress.empty("ha").withCurrent(new Position("05-etcd", "start"))
                .withAttempt("05-etcd", "unit", StepState.FAILED, "etcd is not running on master2: it's: \"x\"", T)
                .withAttempt("05-etcd", "unit", StepState.DONE, null, T.plusSeconds(60))
                .withHint("05-etcd", "start", T.plusSeconds(70))
                .touch("05-etcd", T).touch("05-etcd", T.plusSeconds(90));
        s.save(p);
        Progress back = s.load().progress();
        assertThat(back).isEqualTo(p);
        assertThat(back.step("05-etcd", "unit").orElseThrow())
                .isEqualTo(new StepProgress(StepState.DONE, 2, 0, T, T.plusSeconds(60), null));
        assertThat(back.lesson("05-etcd").secondsSpent()).isEqualTo(90);
        String text = Files.readString(s.file());
        assertThat(text).contains("state: done").contains("current:").contains("lesson: 05-etcd")
                .contains("first: '2026-01-02T10:00:00Z'").contains("format_version: 1");
        // no temp file left behind
        try (Stream<Path> files = Files.list(s.file().getParent())) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder("default.yaml",
                    "default.yaml.lock");
        }
    }

    @Test
    void idleGapsAreNotTimeSpent() {
        Progress p = Progress.empty("ha").touch("a", T).touch("a", T.plusSeconds(30))
                .touch("a", T.plusSeconds(30 + 3600)).touch("a", T.plusSeconds(30 + 3600 + 5));
        assertThat(p.timeSpent().getSeconds()).isEqualTo(35);
    }

    @Test
    void aCorruptFileIsMovedAsideWithAClearNoticeNeverSilentlyReset() throws Exception {
        ProgressStore s = store();
        Files.createDirectories(s.file().getParent());
        Files.writeString(s.file(), "format_version: 1\ncluster: ha\nlessons: {05-etcd: {steps: {unit: {state: do");
        ProgressStore.Loaded l = s.load();
        Path aside = s.file().resolveSibling("default.yaml.corrupt-20260102T100000Z");
        assertThat(aside).exists();
        assertThat(s.file()).doesNotExist();
        assertThat(l.progress()).isEqualTo(Progress.empty("ha"));
        assertThat(l.notice()).startsWith("progress file " + s.file() + " could not be read (default.yaml:3: not valid"
                + " YAML").contains("it was moved to " + aside).endsWith("Try: progress import " + aside
                + " after fixing it, or progress import <an export>");
    }

    @Test
    void aFileWithABadValueIsCorruptTooAndNamesThePath() throws Exception {
        ProgressStore s = store();
        Files.createDirectories(s.file().getParent());
        Files.writeString(s.file(), "format_version: 1\ncluster: ha\nlessons:\n  05-etcd:\n    steps:\n      unit:\n"
                + "        state: doen\n        first: 2026-01-02T10:00:00Z\n        last: 2026-01-02T10:00:00Z\n");
        assertThat(s.load().notice()).contains("default.yaml:7 lessons.05-etcd.steps.unit.state: 'doen' is not a step"
                + " state. Try: done, solved-by-tool or failed");
    }

    @Test
    void importRefusesABadFileNamingTheProblemAndKeepsTheCurrentProgress() throws Exception {
        ProgressStore s = store();
        Progress p = Progress.empty("ha").withAttempt("01-tools", "motd", StepState.DONE, null, T);
        s.save(p);
        Path bad = home.resolve("bad.yaml");
        Files.writeString(bad, "format_version: 1\ncluster: ha\nlesons: {}\n");
        assertThatThrownBy(() -> s.importFrom(bad)).isInstanceOf(ProgressException.class)
                .hasMessage(bad + ":3 lesons: unknown key 'lesons' (did you mean 'lessons'?). Try: rename it to"
                        + " lessons.");
        Path newer = home.resolve("newer.yaml");
        Files.writeString(newer, "format_version: 2\ncluster: ha\n");
        assertThatThrownBy(() -> s.importFrom(newer)).hasMessage(newer + ":1 format_version: 2 is newer than this"
                + " hardway understands (1). Try: update hardway.");
        assertThatThrownBy(() -> s.importFrom(home.resolve("nope.yaml"))).hasMessageContaining("no such file");
        assertThat(s.load().progress()).isEqualTo(p);
    }

    @Test
    void exportThenImportRestoresProgress() throws Exception {
        ProgressStore s = store();
        Progress p = Progress.empty("ha").withAttempt("01-tools", "motd", StepState.SOLVED_BY_TOOL, null, T)
                .withCurrent(new Position("01-tools", "ca"));
        s.save(p);
        Path out = home.resolve("backup/p.yaml");
        s.exportTo(out);
        s.save(Progress.empty("ha"));
        assertThat(s.importFrom(out)).isEqualTo(p);
        assertThat(s.load().progress()).isEqualTo(p);
    }

    @Test
    void concurrentUpdatesLoseNothing() throws Exception {
        ProgressStore a = store();
        ProgressStore b = store(); // a second store on the same file, as a second shell would have
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> fs = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            ProgressStore s = i % 2 == 0 ? a : b;
            fs.add(pool.submit(() -> s.update(p -> p.withHint("01-tools", "motd", T))));
        }
        for (Future<?> f : fs) {
            f.get();
        }
        pool.shutdown();
        assertThat(a.load().progress().step("01-tools", "motd").orElseThrow().hintsUsed()).isEqualTo(40);
    }

    @Test
    void summaryCountsOnlyStepsThatApplyToThisCluster() {
        Progress p = Progress.empty("ha")
                .withAttempt("01-tools", "motd", StepState.DONE, null, T)
                .withAttempt("01-tools", "ca", StepState.SOLVED_BY_TOOL, null, T)
                .withAttempt("02-etcd", "unit", StepState.FAILED, "x", T)
                .withHint("02-etcd", "unit", T);
        ProgressSummary s = ProgressSummary.of(p, List.of(
                new ProgressSummary.Outline("01-tools", "Tools", true, List.of("motd", "ca")),
                new ProgressSummary.Outline("02-etcd", "etcd", true, List.of("unit", "start")),
                new ProgressSummary.Outline("03-api-lb", "LB", false, List.of("haproxy"))));
        assertThat(s.done()).isEqualTo(2);
        assertThat(s.total()).isEqualTo(4);
        assertThat(s.solved()).isEqualTo(1);
        assertThat(s.hintsUsed()).isEqualTo(1);
        assertThat(s.lessons()).extracting(ProgressSummary.LessonLine::state)
                .containsExactly("done", "in-progress", "skipped");
    }
}
