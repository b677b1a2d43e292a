package dev.hardway.shell;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hardway.workshop.ClassState;
import dev.hardway.workshop.WorkshopServer;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A learner's shell (each command its own Spring context, as in one-shot mode) against a real instructor server on
 * loopback: join, progress on the simulated lab reaches the class, pacing and messages come back, and the queue on
 * disk carries events across a restart of the server.
 */
class WorkshopShellTest {

    @TempDir
    Path learner;
    @TempDir
    Path instructor;

    WorkshopServer server;
    WorkshopServer.Started s;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    BadInputCorpusTest.Run hw(String... words) {
        return BadInputCorpusTest.run(learner, new HashMap<>(Map.of()), List.of(words));
    }

    BadInputCorpusTest.Run teacher(String... words) {
        return BadInputCorpusTest.run(instructor, new HashMap<>(Map.of()), List.of(words));
    }

    List<ClassState.LessonRef> course() throws Exception {
        try (var d = Files.list(Path.of("lessons"))) {
            return d.filter(p -> Files.exists(p.resolve("lesson.yaml"))).map(p -> p.getFileName().toString())
                    .sorted().map(id -> new ClassState.LessonRef(id, id)).toList();
        }
    }

    void startServer(int port) throws Exception {
        server = WorkshopServer.open(instructor.resolve("workshop/serve"), course(), null, Clock.systemUTC());
        s = server.start("127.0.0.1", port);
    }

    @Test
    void joiningAServerWithAMirrorMakesItTheDownloadSourceAndLeavingGoesBack() throws Exception {
        Path mirror = Files.createDirectories(instructor.resolve("mirror"));
        server = WorkshopServer.open(instructor.resolve("workshop/serve"), course(), mirror, Clock.systemUTC());
        s = server.start("127.0.0.1", 0);
        assertThat(hw("cluster", "use", "ha").exit()).isZero();
        assertThat(hw("cluster", "show").out()).contains("Downloads    upstream");
        BadInputCorpusTest.Run j = hw("workshop", "join", s.url(), "--name", "ada", "--token", s.classToken());
        assertThat(j.exit()).as(j.out() + j.err()).isZero();
        String m = s.url() + "/mirror";
        assertThat(j.out()).contains("Downloads now come from the instructor's mirror " + m + " (instead of upstream)");
        // every later process of this learner uses it: the cluster as loaded, and what lesson 01 renders
        assertThat(hw("cluster", "show").out()).contains("Downloads    mirror " + m + "  (the instructor's");
        BadInputCorpusTest.Run show = hw("lesson", "show", "01-jumpbox");
        assertThat(show.out()).as(show.err()).contains(m + "/release/v");
        // the cluster file itself is untouched
        assertThat(Files.readString(Path.of("cluster-config/ha.yaml"))).doesNotContain(m);
        BadInputCorpusTest.Run leave = hw("workshop", "leave");
        assertThat(leave.out()).contains("Left the workshop.", "Downloads come from upstream again");
        assertThat(hw("cluster", "show").out()).contains("Downloads    upstream").doesNotContain(m);
        assertThat(hw("lesson", "show", "01-jumpbox").out()).doesNotContain(m);
    }

    @Test
    void withoutAMirrorJoiningKeepsTheDownloadSource() throws Exception {
        startServer(0);
        assertThat(hw("cluster", "use", "ha").exit()).isZero();
        BadInputCorpusTest.Run j = hw("workshop", "join", s.url(), "--name", "bo", "--token", s.classToken());
        assertThat(j.out()).doesNotContain("Downloads");
        assertThat(hw("cluster", "show").out()).contains("Downloads    upstream");
    }

    static int freePort() throws Exception {
        try (ServerSocket ss = new ServerSocket(0)) {
            return ss.getLocalPort();
        }
    }

    ClassState.Row row(String name) {
        return server.snapshot().rows().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void aJoinedLearnersProgressReachesTheClassAndOpenAndSayComeBack() throws Exception {
        startServer(0);
        assertThat(hw("cluster", "use", "ha").exit()).isZero();
        BadInputCorpusTest.Run j = hw("workshop", "join", s.url(), "--name", "ada", "--token", s.classToken());
        assertThat(j.exit()).as(j.out() + j.err()).isZero();
        assertThat(j.out()).contains("Joined " + s.url() + " as ada");
        assertThat(row("ada").preset()).isEqualTo("ha");
        assertThat(row("ada").provider()).isEqualTo("sim");

        assertThat(hw("lesson", "start", "00-machines").exit()).isZero();
        BadInputCorpusTest.Run n = hw("lesson", "next");
        assertThat(n.exit()).as(n.out() + n.err()).isZero();
        ClassState.Row r = row("ada");
        assertThat(r.lesson()).isEqualTo("00-machines");
        assertThat(r.state()).isEqualTo("working");
        assertThat(hw("lesson", "hint").exit()).isZero();
        assertThat(row("ada").hints()).isEqualTo(1);
        assertThat(hw("break", "master2").exit()).isZero();
        assertThat(row("ada").faults()).singleElement().asString().startsWith("master2:");
        assertThat(hw("heal", "master2").exit()).isZero();
        assertThat(row("ada").faults()).isEmpty();
        assertThat(hw("lesson", "goto", "01-jumpbox").exit()).isZero();
        assertThat(server.snapshot().summary().get(0).past()).isEqualTo(1);
        assertThat(row("ada").lesson()).isEqualTo("01-jumpbox");

        // pacing and broadcast, from the instructor's shell (another process than the server's)
        BadInputCorpusTest.Run open = teacher("workshop", "open", "01-jumpbox");
        assertThat(open.exit()).as(open.out() + open.err()).isZero();
        assertThat(teacher("workshop", "say", "Coffee", "at", "10:30").out()).contains("Said to the class");
        BadInputCorpusTest.Run table = teacher("workshop", "status");
        assertThat(table.out()).contains("Class at " + s.url(), "1 learner", "open: up to 01-jumpbox", "ada",
                "ha on sim", "01-jumpbox/", "working");
        assertThat(table.out()).containsPattern("00-machines +\\[#{20}\\] 1/1");
        BadInputCorpusTest.Run st = hw("workshop", "status");
        assertThat(st.out()).contains("Joined " + s.url() + " as ada", "Open lessons: up to 01-jumpbox");
        assertThat(st.err()).contains("» The instructor opened lessons up to 01-jumpbox.", "» Instructor: Coffee at"
                + " 10:30");
        assertThat(hw("progress").err()).doesNotContain("Coffee");
        BadInputCorpusTest.Run refused = hw("lesson", "start", "05-etcd");
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).contains("05-etcd is not open yet: the instructor has opened lessons up to"
                + " 01-jumpbox");
        assertThat(hw("lesson", "goto", "05-etcd").exit()).isEqualTo(2);

        BadInputCorpusTest.Run leave = hw("workshop", "leave");
        assertThat(leave.out()).contains("Left the workshop.");
        assertThat(server.snapshot().rows()).isEmpty();
        assertThat(hw("lesson", "start", "05-etcd").err()).doesNotContain("not open yet");
    }

    @Test
    void eventsQueuedWhileTheServerIsDownArriveOnceAfterItsRestart() throws Exception {
        int port = freePort();
        startServer(port);
        assertThat(hw("cluster", "use", "ha").exit()).isZero();
        assertThat(hw("workshop", "join", s.url(), "--name", "kim", "--token", s.classToken()).exit()).isZero();
        server.close();
        server = null;
        assertThat(hw("lesson", "start", "00-machines").exit()).isZero();
        assertThat(hw("lesson", "hint").exit()).isZero();
        assertThat(hw("lesson", "next").exit()).isZero();
        BadInputCorpusTest.Run st = hw("workshop", "status");
        assertThat(st.out()).containsPattern("Events waiting to be sent: [1-9]").contains("no workshop server answers");
        startServer(port);
        assertThat(s.resumed()).isTrue();
        BadInputCorpusTest.Run after = hw("workshop", "status");
        assertThat(after.out()).contains("Events waiting to be sent: 0");
        ClassState.Row r = row("kim");
        assertThat(r.lesson()).isEqualTo("00-machines");
        assertThat(r.hints()).isEqualTo(1);
        // the queue file holds nothing more, and resending changes nothing
        assertThat(hw("workshop", "status").out()).contains("Events waiting to be sent: 0");
        assertThat(row("kim").hints()).isEqualTo(1);
        Map<?, ?> joined = new ObjectMapper().readValue(learner.resolve("workshop/joined.json").toFile(), Map.class);
        assertThat(((Number) joined.get("acked")).longValue()).isEqualTo(((Number) joined.get("nextSeq")).longValue()
                - 1);
    }

    @Test
    void joinMistakesAreUsageErrorsWithATry() throws Exception {
        startServer(0);
        BadInputCorpusTest.Run wrong = hw("workshop", "join", s.url(), "--name", "x", "--token", "nope");
        assertThat(wrong.exit()).isEqualTo(2);
        assertThat(wrong.err()).contains("wrong class token", "Try:");
        BadInputCorpusTest.Run noName = hw("workshop", "join", s.url(), "--token", "t");
        assertThat(noName.exit()).isEqualTo(2);
        BadInputCorpusTest.Run badUrl = hw("workshop", "join", "ftp://x", "--name", "x", "--token", "t");
        assertThat(badUrl.exit()).isEqualTo(2);
        BadInputCorpusTest.Run down = hw("workshop", "join", "http://127.0.0.1:" + freePort(), "--name", "x",
                "--token", "t");
        assertThat(down.exit()).isEqualTo(3);
        assertThat(down.err()).contains("no workshop server answers");
        assertThat(hw("workshop", "leave").exit()).isEqualTo(2);
        assertThat(hw("workshop", "say", "hi").exit()).isEqualTo(2);
        BadInputCorpusTest.Run notIn = hw("workshop", "status");
        assertThat(notIn.out()).contains("Not in a workshop");
    }
}
