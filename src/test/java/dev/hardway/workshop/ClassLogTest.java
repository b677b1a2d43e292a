package dev.hardway.workshop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The class log: replay, dedup across a restart, a torn last line after a crash, compaction (segments dropped). */
class ClassLogTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-06T10:00:00Z"), ZoneOffset.UTC);
    static final List<ClassState.LessonRef> LESSONS = List.of(new ClassState.LessonRef("05-etcd", "etcd"));

    @TempDir
    Path dir;
    @TempDir
    Path crashed;

    static WireEvent hint(long seq) {
        return new WireEvent(seq, "hint-used", "05-etcd", "install", null, null);
    }

    static ClassLog.Entry said(String text) {
        ClassLog.Entry e = ClassLog.Entry.of("say", CLOCK.instant());
        e.message = new ClassState.Message(1, text, CLOCK.instant());
        return e;
    }

    ClassLog open(long after, List<ClassLog.Entry> into, AtomicReference<ClassLog.Replayed> replayed) throws Exception {
        return ClassLog.open(dir, WorkshopServer.JSON, after, into::add, replayed::set);
    }

    /** A learner applies events through the state and logs what was new, as the server does. */
    static long post(ClassState state, ClassLog log, ClassState.Learner l, WireEvent... events) {
        List<WireEvent> fresh = state.apply(l, List.of(events), CLOCK.instant());
        if (fresh.isEmpty()) {
            return 0;
        }
        ClassLog.Entry e = ClassLog.Entry.of("events", CLOCK.instant());
        e.learner = l.id;
        e.events = fresh;
        return log.append(e);
    }

    @Test
    void entriesAreReplayedInOrderAfterWhatTheClassFileHolds() throws Exception {
        AtomicReference<ClassLog.Replayed> r = new AtomicReference<>();
        try (ClassLog log = open(0, new ArrayList<>(), r)) {
            long last = 0;
            for (int i = 1; i <= 5; i++) {
                last = log.append(said("m" + i));
            }
            log.awaitDurable(last);
            assertThat(last).isEqualTo(5);
        }
        List<ClassLog.Entry> all = new ArrayList<>();
        open(0, all, r).close();
        assertThat(all).extracting(e -> e.message.text()).containsExactly("m1", "m2", "m3", "m4", "m5");
        assertThat(r.get().lastLsn()).isEqualTo(5);
        List<ClassLog.Entry> after3 = new ArrayList<>();
        try (ClassLog log = open(3, after3, r)) {
            assertThat(after3).extracting(e -> e.lsn).containsExactly(4L, 5L);
            assertThat(log.append(said("m6"))).as("numbering goes on after the last entry").isEqualTo(6);
        }
    }

    @Test
    void aLearnersSequenceNumbersStayAppliedOnceAcrossARestartWithoutACompaction() throws Exception {
        ClassState.Saved saved = ClassState.fresh();
        ClassState state = new ClassState(saved, LESSONS, CLOCK);
        ClassState.Joined joined;
        ClassState.Saved atStart = saved.copy(); // what the class file holds: nothing after it was written
        try (ClassLog log = open(0, new ArrayList<>(), new AtomicReference<>())) {
            joined = state.join("ada", "ha", "sim");
            ClassLog.Entry j = ClassLog.Entry.of("join", CLOCK.instant());
            j.joined = joined.learner().copy();
            log.append(j);
            post(state, log, joined.learner(), hint(1), hint(2));
            log.awaitDurable(post(state, log, joined.learner(), hint(2), hint(3))); // 2 again: logged once
        }
        // the server died here: start from the class file and replay the log
        ClassState again = new ClassState(atStart, LESSONS, CLOCK);
        AtomicReference<ClassLog.Replayed> r = new AtomicReference<>();
        try (ClassLog log = ClassLog.open(dir, WorkshopServer.JSON, atStart.lsn, again::replay, r::set)) {
            ClassState.Learner ada = again.learnerByToken(joined.token());
            assertThat(ada).as("the join was replayed, with its token hash").isNotNull();
            assertThat(ada.hints).isEqualTo(3);
            assertThat(ada.lastSeq).isEqualTo(3);
            assertThat(again.saved().lsn).isEqualTo(3);
            // the learner's queue is sent again after the restart: only 4 is new
            assertThat(post(again, log, ada, hint(2), hint(3), hint(4))).isEqualTo(4);
            assertThat(ada.hints).isEqualTo(4);
        }
    }

    @Test
    void aTornLastLineIsIgnoredAndCutOffSoTheNextEntryIsWhole() throws Exception {
        try (ClassLog log = open(0, new ArrayList<>(), new AtomicReference<>())) {
            log.append(said("a"));
            log.awaitDurable(log.append(said("b")));
        }
        Path seg = ClassLog.segments(dir).get(0);
        // the crash cut the third write short: part of a line, no newline (its request was never answered)
        Files.writeString(seg, "{\"lsn\":3,\"op\":\"say\",\"at\":\"2026-", StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
        List<ClassLog.Entry> read = new ArrayList<>();
        AtomicReference<ClassLog.Replayed> r = new AtomicReference<>();
        try (ClassLog log = open(0, read, r)) {
            assertThat(read).extracting(e -> e.message.text()).containsExactly("a", "b");
            assertThat(r.get().tornLines()).isEqualTo(1);
            assertThat(r.get().problems()).isEmpty();
            assertThat(Files.readString(seg)).endsWith("}\n");
            log.awaitDurable(log.append(said("c")));
        }
        read.clear();
        open(0, read, r).close();
        assertThat(read).extracting(e -> e.message.text()).containsExactly("a", "b", "c");
        assertThat(r.get().tornLines()).isZero();
    }

    @Test
    void aTornFirstLineOfTheNewestSegmentDoesNotSwallowTheEntryWrittenAfterTheRestart() throws Exception {
        try (ClassLog log = open(0, new ArrayList<>(), new AtomicReference<>())) {
            log.awaitDurable(log.append(said("a")));
        }
        // a crash right after a compaction started segment 2: its only line is torn
        Files.writeString(dir.resolve(String.format("log-%020d.jsonl", 2)), "{\"lsn\":2,\"op\"");
        List<ClassLog.Entry> read = new ArrayList<>();
        AtomicReference<ClassLog.Replayed> r = new AtomicReference<>();
        try (ClassLog log = open(0, read, r)) {
            assertThat(r.get().tornLines()).isEqualTo(1);
            log.rotate();
            log.awaitDurable(log.append(said("b"))); // lsn 2 again, into a segment of the same name
        }
        read.clear();
        open(0, read, r).close();
        assertThat(read).extracting(e -> e.message.text()).containsExactly("a", "b");
        assertThat(r.get().problems()).isEmpty();
    }

    @Test
    void aDamagedLineInTheMiddleIsSkippedAndNamedAndTheRestIsApplied() throws Exception {
        try (ClassLog log = open(0, new ArrayList<>(), new AtomicReference<>())) {
            log.append(said("a"));
            log.awaitDurable(log.append(said("b")));
        }
        Path seg = ClassLog.segments(dir).get(0);
        List<String> lines = Files.readAllLines(seg);
        Files.write(seg, List.of(lines.get(0), "not json", lines.get(1)));
        List<ClassLog.Entry> read = new ArrayList<>();
        AtomicReference<ClassLog.Replayed> r = new AtomicReference<>();
        open(0, read, r).close();
        assertThat(read).extracting(e -> e.message.text()).containsExactly("a", "b");
        assertThat(r.get().problems()).singleElement().asString().contains(seg.getFileName() + ":2");
        assertThat(r.get().tornLines()).isZero();
    }

    @Test
    void compactionDropsTheSegmentsTheClassFileCoversAndKeepsTheOneBeingWritten() throws Exception {
        try (ClassLog log = open(0, new ArrayList<>(), new AtomicReference<>())) {
            log.append(said("a"));
            log.awaitDurable(log.append(said("b")));
            // a compaction: the class file will hold everything up to 2
            log.rotate();
            long upTo = log.lastAssigned();
            log.awaitDurable(log.append(said("c")));
            assertThat(ClassLog.segments(dir)).hasSize(2);
            log.dropThrough(upTo);
            assertThat(ClassLog.segments(dir)).extracting(p -> p.getFileName().toString())
                    .containsExactly(String.format("log-%020d.jsonl", 3));
            log.dropThrough(log.lastAssigned());
            assertThat(ClassLog.segments(dir)).as("the segment being written stays").hasSize(1);
        }
        List<ClassLog.Entry> read = new ArrayList<>();
        AtomicReference<ClassLog.Replayed> r = new AtomicReference<>();
        try (ClassLog log = open(2, read, r)) {
            assertThat(read).extracting(e -> e.message.text()).containsExactly("c");
            log.dropThrough(3); // the class file now covers 3, and nothing was written since the start
            assertThat(ClassLog.segments(dir)).isEmpty();
        }
    }

    @Test
    void theServerCompactsTheClassFileAndAnAcknowledgedEventIsOnDiskBeforeTheAnswer() throws Exception {
        ClassState.Saved empty;
        try (WorkshopServer server = WorkshopServer.open(dir, LESSONS, null, CLOCK)) {
            server.start("127.0.0.1", 0);
            WorkshopServer.Started s = server.started();
            Http.Res j = Http.post(s.url() + "/api/join", s.classToken(), "{\"name\":\"ada\"}");
            String t = WorkshopServer.JSON.readTree(j.body()).get("token").asText();
            Http.Res r = Http.post(s.url() + "/api/events", t, "{\"events\":[{\"seq\":1,\"type\":\"hint-used\","
                    + "\"lesson\":\"05-etcd\"},{\"seq\":2,\"type\":\"hint-used\",\"lesson\":\"05-etcd\"}]}");
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            // what is on disk now is what a crash right after the answer leaves: copy it and open the copy
            copyTree(dir, crashed);
            try (WorkshopServer after = WorkshopServer.open(crashed, LESSONS, null, CLOCK)) {
                ClassState.Snapshot snap = after.snapshot();
                assertThat(snap.rows()).singleElement().satisfies(row -> assertThat(row.hints()).isEqualTo(2));
            }
            server.compact();
            empty = WorkshopServer.JSON.readValue(dir.resolve("class.json").toFile(), ClassState.Saved.class);
            assertThat(empty.lsn).isEqualTo(2);
            assertThat(empty.learners.values()).singleElement().satisfies(l -> assertThat(l.hints).isEqualTo(2));
            assertThat(ClassLog.segments(dir.resolve("log"))).as("the segment being written stays").hasSize(1);
        }
        assertThat(ClassLog.segments(dir.resolve("log"))).as("a stop compacts everything").isEmpty();
    }

    static void copyTree(Path from, Path to) throws Exception {
        try (var w = Files.walk(from)) {
            for (Path p : w.toList()) {
                Path q = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(q);
                } else {
                    Files.copy(p, q);
                }
            }
        }
    }
}
