package dev.hardway.workshop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard in a real headless browser (Debian's chromium, when installed): it renders the learners from the
 * API, a hostile name shows as text, and a screenshot is saved under target/. Skipped without chromium.
 */
class DashboardBrowserTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    WorkshopServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    static Path chromium() {
        for (String c : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")) {
            if (Files.isExecutable(Path.of(c))) {
                return Path.of(c);
            }
        }
        return null;
    }

    /**
     * One headless chromium run, bounded: {@code --timeout} makes it dump or shoot after the page had 4 s (the SSE
     * stream never "finishes loading"), and the process is ended (with its children) if it overstays anyway.
     */
    static String browse(Path chromium, Path profile, String url, String... more) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--user-data-dir=" + profile, "--timeout=4000", "--window-size=1600,1000"));
        cmd.addAll(List.of(more));
        cmd.add(url);
        Path out = Files.createTempFile(profile.getParent(), "dom", ".html");
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD)
                .redirectOutput(out.toFile()).start();
        if (!p.waitFor(40, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish in 40 s: " + cmd);
        }
        return Files.readString(out);
    }

    @Test
    void theDashboardRendersLearnersAndAHostileNameIsText() throws Exception {
        Path chromium = chromium();
        assumeThat(chromium).as("chromium is installed").isNotNull();
        server = WorkshopServer.open(dir.resolve("serve"), WorkshopServerTest.LESSONS, null, Clock.systemUTC());
        WorkshopServer.Started s = server.start("127.0.0.1", 0);
        String hostile = "<script>document.title='pwned'</script>";
        String[] names = {hostile, "ada", "grace"};
        for (int i = 0; i < names.length; i++) {
            Http.Res j = Http.post(s.url() + "/api/join", s.classToken(), "{\"name\":" + JSON.writeValueAsString(
                    names[i]) + ",\"preset\":\"ha\",\"provider\":\"sim\"}");
            String t = JSON.readTree(j.body()).get("token").asText();
            Http.post(s.url() + "/api/events", t, "{\"events\":[{\"seq\":1,\"type\":\"step-failed\",\"lesson\":"
                    + "\"05-etcd\",\"step\":\"start\",\"text\":\"<img src=x onerror=alert(1)> etcd is not active on"
                    + " master" + (i + 1) + "\",\"at\":\"2026-01-01T10:0" + i + ":00Z\"}]}");
        }
        Http.post(s.url() + "/api/events", JSON.readTree(Http.post(s.url() + "/api/join", s.classToken(),
                "{\"name\":\"lin\"}").body()).get("token").asText(), "{\"events\":[{\"seq\":1,\"type\":"
                + "\"lesson-done\",\"lesson\":\"00-machines\"}]}");
        // --dump-dom may dump at the load event, before the first fetch has filled the table: a few tries, bounded
        String dom = "";
        for (int i = 0; i < 5 && !dom.contains("class=\"name\""); i++) {
            dom = browse(chromium, dir.resolve("profile" + i), s.dashboardUrl(), "--dump-dom");
        }
        assertThat(dom).contains("<td class=\"name\">&lt;script&gt;document.title='pwned'&lt;/script&gt;</td>",
                "<td class=\"name\">ada</td>", "<td class=\"name\">grace</td>", "5 learners".replace("5", "4"));
        assertThat(dom).contains("&lt;img src=x onerror=alert(1)&gt; etcd is not active on master1");
        assertThat(dom).doesNotContain("<title>pwned</title>").contains("<title>hardway workshop</title>");
        assertThat(dom).doesNotContain("<img src=\"x\"");
        // the stuck longest (the hostile one started first) on top, the finished learner last
        assertThat(dom.indexOf("&lt;script&gt;")).isLessThan(dom.indexOf(">ada<"));
        assertThat(dom.indexOf(">grace<")).isLessThan(dom.indexOf(">lin<"));
        assertThat(dom).contains("class=\"done\"").contains("check failing");
        Path shot = Path.of("target", "workshop-dashboard.png").toAbsolutePath();
        Files.createDirectories(shot.getParent());
        Files.deleteIfExists(shot);
        browse(chromium, dir.resolve("profile2"), s.dashboardUrl(), "--screenshot=" + shot, "--hide-scrollbars");
        assertThat(shot).exists();
        assertThat(Files.size(shot)).isGreaterThan(10_000);
        // without the token, the browser gets the refusal, not the page
        String refused = browse(chromium, dir.resolve("profile3"), s.url() + "/", "--dump-dom");
        assertThat(refused).contains("instructor's token").doesNotContain("dashboard.js");
    }
}
