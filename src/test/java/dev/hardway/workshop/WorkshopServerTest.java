package dev.hardway.workshop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hardway.HardwayException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The instructor server over real HTTP on loopback (ephemeral ports). */
class WorkshopServerTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final List<ClassState.LessonRef> LESSONS = List.of(new ClassState.LessonRef("00-machines", "Machines"),
            new ClassState.LessonRef("01-jumpbox", "Jumpbox"), new ClassState.LessonRef("05-etcd", "etcd"));

    @TempDir
    Path dir;

    WorkshopServer server;
    WorkshopServer.Started s;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    WorkshopServer.Started start() throws Exception {
        server = WorkshopServer.open(dir, LESSONS, null, Clock.systemUTC());
        s = server.start("127.0.0.1", 0);
        return s;
    }

    String join(String name) throws Exception {
        Http.Res r = Http.post(s.url() + "/api/join", s.classToken(), "{\"name\":" + JSON.writeValueAsString(name)
                + ",\"preset\":\"ha\",\"provider\":\"sim\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return JSON.readTree(r.body()).get("token").asText();
    }

    static String events(String... lines) {
        return "{\"events\":[" + String.join(",", lines) + "]}";
    }

    @Test
    void tokensAreLongRandomAndTheJoinCommandAndDashboardUrlCarryThem() throws Exception {
        start();
        assertThat(s.classToken()).hasSizeGreaterThanOrEqualTo(43).isNotEqualTo(s.instructorToken());
        assertThat(s.joinCommand()).isEqualTo("workshop join " + s.url() + " --name <your-name> --token "
                + s.classToken());
        assertThat(s.dashboardUrl()).startsWith("http://127.0.0.1:").endsWith("/?token=" + s.instructorToken());
    }

    @Test
    void aLearnerJoinsPushesEventsAndTheClassShowsThem() throws Exception {
        start();
        String t = join("ada");
        Http.Res r = Http.post(s.url() + "/api/events", t, events(
                "{\"seq\":1,\"type\":\"lesson-started\",\"lesson\":\"05-etcd\",\"step\":\"install\"}",
                "{\"seq\":2,\"type\":\"step-failed\",\"lesson\":\"05-etcd\",\"step\":\"install\","
                        + "\"text\":\"etcd is not active on master2\"}",
                "{\"seq\":3,\"type\":\"hint-used\",\"lesson\":\"05-etcd\",\"step\":\"install\"}"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).get("acked").asLong()).isEqualTo(3);
        JsonNode c = JSON.readTree(Http.get(s.url() + "/api/class", s.instructorToken()).body());
        JsonNode row = c.get("rows").get(0);
        assertThat(row.get("name").asText()).isEqualTo("ada");
        assertThat(row.get("preset").asText()).isEqualTo("ha");
        assertThat(row.get("lesson").asText()).isEqualTo("05-etcd");
        assertThat(row.get("state").asText()).isEqualTo("check failing");
        assertThat(row.get("lastFailure").asText()).isEqualTo("etcd is not active on master2");
        assertThat(row.get("hints").asInt()).isEqualTo(1);
        // the same events again (a lost answer, a replayed queue): applied once
        Http.post(s.url() + "/api/events", t, events(
                "{\"seq\":3,\"type\":\"hint-used\",\"lesson\":\"05-etcd\",\"step\":\"install\"}"));
        c = JSON.readTree(Http.get(s.url() + "/api/class", s.instructorToken()).body());
        assertThat(c.get("rows").get(0).get("hints").asInt()).isEqualTo(1);
    }

    @Test
    void theLearnerStuckLongestIsOnTopAndFinishedOnesLastAndTheSummaryCountsFinishedLessons() throws Exception {
        start();
        String a = join("a");
        String b = join("b");
        String c = join("c");
        Http.post(s.url() + "/api/events", a, events("{\"seq\":1,\"type\":\"step-started\",\"lesson\":\"01-jumpbox\","
                + "\"step\":\"x\",\"at\":\"2020-01-01T00:00:00Z\"}"));
        Http.post(s.url() + "/api/events", b, events("{\"seq\":1,\"type\":\"step-started\",\"lesson\":\"01-jumpbox\","
                + "\"step\":\"x\",\"at\":\"2010-01-01T00:00:00Z\"}"));
        Http.post(s.url() + "/api/events", c, events(
                "{\"seq\":1,\"type\":\"lesson-done\",\"lesson\":\"00-machines\",\"at\":\"2000-01-01T00:00:00Z\"}"));
        JsonNode cl = JSON.readTree(Http.get(s.url() + "/api/class", s.instructorToken()).body());
        assertThat(cl.get("rows").findValuesAsText("name")).containsExactly("b", "a", "c");
        assertThat(cl.get("rows").get(2).get("state").asText()).isEqualTo("done");
        assertThat(cl.get("summary").get(0).get("past").asInt()).isEqualTo(1);
        assertThat(cl.get("summary").get(1).get("past").asInt()).isZero();
    }

    static final String WHERE = "\"lesson\":\"05-etcd\",\"step\":\"start\"";

    @Test
    void theDashboardStreamReceivesAnUpdateWhenAnEventArrives() throws Exception {
        start();
        String t = join("grace");
        HttpRequest req = HttpRequest.newBuilder(URI.create(s.url() + "/api/stream"))
                .header("Authorization", "Bearer " + s.instructorToken()).header("Accept", "text/event-stream").GET().build();
        HttpResponse<java.io.InputStream> res = Http.CLIENT.send(req, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.headers().firstValue("content-type").orElse("")).startsWith("text/event-stream");
        BlockingQueue<String> data = new ArrayBlockingQueue<>(100);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(res.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.startsWith("data:")) {
                        data.add(line.substring(5).trim());
                    }
                }
            } catch (Exception e) {
                // closed at the end of the test
            }
        });
        reader.setDaemon(true);
        reader.start();
        String first = data.poll(5, TimeUnit.SECONDS);
        assertThat(first).contains("\"grace\"").doesNotContain(WHERE);
        long sent = System.nanoTime();
        Http.post(s.url() + "/api/events", t, events(
                "{\"seq\":1,\"type\":\"step-started\",\"lesson\":\"05-etcd\",\"step\":\"start\"}"));
        String next = null;
        while (next == null || !next.contains(WHERE)) {
            next = data.poll(5, TimeUnit.SECONDS);
            assertThat(next).as("an update within 5 s").isNotNull();
        }
        assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThan(Duration.ofSeconds(2));
        res.body().close();
    }

    @Test
    void missingWrongAndMisplacedTokensAreRefused() throws Exception {
        start();
        String t = join("eve");
        assertThat(Http.get(s.url() + "/", null).status()).isEqualTo(401);
        assertThat(Http.get(s.url() + "/api/class", null).status()).isEqualTo(401);
        assertThat(Http.get(s.url() + "/api/class", "nope").status()).isEqualTo(401);
        assertThat(Http.get(s.url() + "/api/class", s.instructorToken() + "x").status()).isEqualTo(401);
        assertThat(Http.get(s.url() + "/api/stream", null).status()).isEqualTo(401);
        // a learner's token, or the class token, does not open the dashboard
        assertThat(Http.get(s.url() + "/api/class", t).status()).isEqualTo(403);
        assertThat(Http.get(s.url() + "/?token=" + t, null).status()).isEqualTo(403);
        assertThat(Http.get(s.url() + "/api/class", s.classToken()).status()).isEqualTo(403);
        assertThat(Http.post(s.url() + "/api/say", t, "{\"text\":\"hi\"}").status()).isEqualTo(403);
        assertThat(Http.post(s.url() + "/api/open", t, "{\"lesson\":\"05-etcd\"}").status()).isEqualTo(403);
        // joining needs the class token; events need a learner's own
        assertThat(Http.post(s.url() + "/api/join", "wrong", "{\"name\":\"x\"}").status()).isEqualTo(401);
        assertThat(Http.post(s.url() + "/api/join", null, "{\"name\":\"x\"}").status()).isEqualTo(401);
        assertThat(Http.post(s.url() + "/api/events", s.instructorToken(), events()).status()).isEqualTo(403);
        assertThat(Http.post(s.url() + "/api/events", null, events()).status()).isEqualTo(401);
        // a learner's id with another secret is not that learner
        String forged = t.substring(0, t.indexOf('.') + 1) + Tokens.random();
        assertThat(Http.post(s.url() + "/api/events", forged, events()).status()).isEqualTo(401);
        // the printed URL: the token once, turned into a cookie, and on to a URL without it
        java.net.http.HttpResponse<String> once = Http.CLIENT.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(s.url() + "/?token=" + s.instructorToken())).GET().build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(once.statusCode()).isEqualTo(303);
        assertThat(once.headers().firstValue("Location")).hasValue("/");
        String cookie = once.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).startsWith(WorkshopServer.COOKIE + "=" + s.instructorToken() + ";")
                .contains("HttpOnly", "SameSite=Strict", "Path=/");
        assertThat(once.body()).doesNotContain("dashboard.js");
        // a wrong token in the URL sets no cookie
        java.net.http.HttpResponse<String> wrong = Http.CLIENT.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(s.url() + "/?token=nope")).GET().build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().firstValue("Set-Cookie")).isEmpty();
        // the page itself with the cookie
        java.net.http.HttpResponse<String> page = Http.CLIENT.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(s.url() + "/")).header("Cookie", cookie.substring(0, cookie.indexOf(';'))).GET()
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<script src=\"/dashboard.js\"></script>");
        assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
    }

    @Test
    void aSecondLearnerCannotTakeANameOrPostAsAnother() throws Exception {
        start();
        String a = join("ann");
        String b = join("bob");
        Http.Res dup = Http.post(s.url() + "/api/join", s.classToken(), "{\"name\":\"ann\"}");
        assertThat(dup.status()).isEqualTo(409);
        // bob's events land on bob, whatever the body says
        Http.post(s.url() + "/api/events", b, events("{\"seq\":1,\"type\":\"step-failed\",\"lesson\":\"05-etcd\","
                + "\"step\":\"s\",\"text\":\"x\",\"name\":\"ann\",\"learner\":\"ann\"}"));
        JsonNode c = JSON.readTree(Http.get(s.url() + "/api/class", s.instructorToken()).body());
        for (JsonNode row : c.get("rows")) {
            assertThat(row.path("lesson").asText(null)).isEqualTo(row.get("name").asText().equals("bob")
                    ? "05-etcd" : null);
        }
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void garbageIsAnswered400AndTheServerKeepsRunning() throws Exception {
        start();
        String t = join("mallory");
        for (String body : List.of("", "not json", "{", "[]", "42", "{\"events\":\"x\"}", "{\"events\":[1]}",
                "{\"events\":[{\"seq\":\"a\",\"type\":\"step-passed\",\"lesson\":\"x\"}]}",
                "{\"events\":[{\"seq\":1,\"type\":\"rm -rf\",\"lesson\":\"x\"}]}",
                "{\"events\":[{\"seq\":1,\"type\":\"step-passed\"}]}",
                "{\"events\":[{\"seq\":1,\"type\":\"step-passed\",\"lesson\":\"x\",\"at\":\"yesterday\"}]}",
                "{\"events\":[{\"seq\":-1,\"type\":\"step-passed\",\"lesson\":\"x\"}]}",
                "\u0000\u00ff\u00fe")) {
            Http.Res r = Http.post(s.url() + "/api/events", t, body);
            assertThat(r.status()).as(body + " → " + r.body()).isEqualTo(400);
            assertThat(r.body()).contains("\"error\"");
        }
        assertThat(Http.post(s.url() + "/api/join", s.classToken(), "{\"name\":\"<b>\\u0007</b>\"}").status())
                .isEqualTo(400);
        assertThat(Http.post(s.url() + "/api/join", s.classToken(), "{\"name\":\"" + "x".repeat(65) + "\"}")
                .status()).isEqualTo(400);
        Http.Res ok = Http.post(s.url() + "/api/events", t, events(
                "{\"seq\":1,\"type\":\"step-started\",\"lesson\":\"05-etcd\",\"step\":\"s\"}"));
        assertThat(ok.status()).isEqualTo(200);
    }

    @Test
    void anOversizeBodyIsRefusedWith413() throws Exception {
        start();
        String t = join("big");
        String huge = "{\"events\":[],\"pad\":\"" + "x".repeat(WorkshopServer.MAX_BODY + 10) + "\"}";
        Http.Res r = Http.post(s.url() + "/api/events", t, huge);
        assertThat(r.status()).isEqualTo(413);
        assertThat(Http.post(s.url() + "/api/events", t, events()).status()).isEqualTo(200);
    }

    @Test
    void aLearnerSendingTooFastGets429AndOthersAreNotSlowed() throws Exception {
        start();
        String fast = join("fast");
        String calm = join("calm");
        int refused = 0;
        for (int i = 0; i < 80; i++) {
            if (Http.post(s.url() + "/api/events", fast, events()).status() == 429) {
                refused++;
            }
        }
        assertThat(refused).isGreaterThan(10);
        assertThat(Http.post(s.url() + "/api/events", calm, events()).status()).isEqualTo(200);
    }

    @Test
    void noStateChangesOnGet() throws Exception {
        start();
        assertThat(Http.get(s.url() + "/api/join", s.classToken()).status()).isIn(404, 405);
        assertThat(Http.get(s.url() + "/api/say?text=hi", s.instructorToken()).status()).isIn(404, 405);
        assertThat(Http.get(s.url() + "/api/open?lesson=05-etcd", s.instructorToken()).status()).isIn(404, 405);
        JsonNode c = JSON.readTree(Http.get(s.url() + "/api/class", s.instructorToken()).body());
        assertThat(c.get("learners").asInt()).isZero();
        assertThat(c.get("messages")).isEmpty();
        assertThat(c.get("open").isNull()).isTrue();
    }

    @Test
    void openAndSayReachLearnersInTheirAnswer() throws Exception {
        start();
        String t = join("lin");
        assertThat(Http.post(s.url() + "/api/open", s.instructorToken(), "{\"lesson\":\"05-etcd\"}").status())
                .isEqualTo(200);
        assertThat(Http.post(s.url() + "/api/open", s.instructorToken(), "{\"lesson\":\"99-x\"}").status())
                .isEqualTo(400);
        assertThat(Http.post(s.url() + "/api/say", s.instructorToken(), "{\"text\":\"break in 5 minutes\"}")
                .status()).isEqualTo(200);
        JsonNode a = JSON.readTree(Http.post(s.url() + "/api/events", t, "{\"events\":[],\"seenMessage\":0}").body());
        assertThat(a.get("open").asText()).isEqualTo("05-etcd");
        assertThat(a.get("messages").get(0).get("text").asText()).isEqualTo("break in 5 minutes");
        JsonNode b = JSON.readTree(Http.post(s.url() + "/api/events", t, "{\"events\":[],\"seenMessage\":1}").body());
        assertThat(b.get("messages")).isEmpty();
    }

    @Test
    void aRestartedServerKeepsTheClassTokensAndWhatWasApplied() throws Exception {
        start();
        String t = join("kim");
        Http.post(s.url() + "/api/events", t, events("{\"seq\":1,\"type\":\"hint-used\",\"lesson\":\"05-etcd\"}"));
        String classToken = s.classToken();
        server.close();
        server = WorkshopServer.open(dir, LESSONS, null, Clock.systemUTC());
        s = server.start("127.0.0.1", 0);
        assertThat(s.resumed()).isTrue();
        assertThat(s.classToken()).isEqualTo(classToken);
        Http.Res again = Http.post(s.url() + "/api/events", t, events(
                "{\"seq\":1,\"type\":\"hint-used\",\"lesson\":\"05-etcd\"}",
                "{\"seq\":2,\"type\":\"hint-used\",\"lesson\":\"05-etcd\"}"));
        assertThat(again.status()).isEqualTo(200);
        JsonNode c = JSON.readTree(Http.get(s.url() + "/api/class", s.instructorToken()).body());
        assertThat(c.get("rows").get(0).get("hints").asInt()).isEqualTo(2);
    }

    @Test
    void aTakenPortIsAUsageErrorThatSaysHowToPickAnother() throws Exception {
        start();
        WorkshopServer other = WorkshopServer.open(dir.resolve("other"), LESSONS, null, Clock.systemUTC());
        try {
            assertThatThrownBy(() -> other.start("127.0.0.1", s.port()))
                    .isInstanceOfSatisfying(HardwayException.class, e -> {
                        assertThat(e.exitCode()).isEqualTo(2);
                        assertThat(e.getMessage()).contains("port " + s.port() + " on 127.0.0.1 is taken",
                                "Try: workshop serve --port");
                    });
        } finally {
            other.close();
        }
    }

    @Test
    void theMirrorServesArchivesAndChecksumsInTheUpstreamLayoutAndNothingOutsideIt() throws Exception {
        Path m = dir.resolve("mirror");
        Path rel = m.resolve("etcd-io/etcd/releases/download/v3.6.14");
        java.nio.file.Files.createDirectories(rel);
        java.nio.file.Files.write(rel.resolve("etcd-v3.6.14-linux-amd64.tar.gz"), new byte[] {31, -117, 8, 0});
        java.nio.file.Files.writeString(rel.resolve("SHA256SUMS"), "abc  etcd-v3.6.14-linux-amd64.tar.gz\n");
        java.nio.file.Files.writeString(dir.resolve("secret.txt"), "no");
        server = WorkshopServer.open(dir.resolve("serve"), LESSONS, m, Clock.systemUTC());
        s = server.start("127.0.0.1", 0);
        String base = s.url() + "/mirror/etcd-io/etcd/releases/download/v3.6.14/";
        Http.Res sums = Http.get(base + "SHA256SUMS", null);
        assertThat(sums.status()).isEqualTo(200);
        assertThat(sums.body()).contains("etcd-v3.6.14-linux-amd64.tar.gz");
        HttpResponse<byte[]> tgz = Http.CLIENT.send(HttpRequest.newBuilder(URI.create(base
                + "etcd-v3.6.14-linux-amd64.tar.gz")).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(tgz.statusCode()).isEqualTo(200);
        assertThat(tgz.body()).containsExactly(31, -117, 8, 0);
        assertThat(Http.get(s.url() + "/mirror/../secret.txt", null).status()).isEqualTo(404);
        assertThat(Http.get(s.url() + "/mirror/%2e%2e/secret.txt", null).status()).isEqualTo(404);
        assertThat(Http.get(s.url() + "/mirror/nosuch", null).status()).isEqualTo(404);
        // a learner who joins is told where it is
        Http.Res j = Http.post(s.url() + "/api/join", s.classToken(), "{\"name\":\"m\"}");
        assertThat(JSON.readTree(j.body()).get("mirror").asText()).isEqualTo(s.url() + "/mirror");
    }
}
