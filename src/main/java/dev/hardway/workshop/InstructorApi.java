package dev.hardway.workshop;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hardway.HardwayException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The instructor's commands ({@code workshop status | open | say}) from any hardway process of the instructor:
 * over HTTP to the running server, with the instructor token that {@code workshop serve} left in
 * {@code $HARDWAY_HOME/workshop/serve/server.json}. What the page shows and what the terminal shows come from the
 * same API.
 */
public final class InstructorApi {

    private final String url;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    private InstructorApi(String url, String token) {
        this.url = url;
        this.token = token;
    }

    /** The server this instructor runs, or null when no {@code workshop serve} is running. */
    public static InstructorApi find(Path serveDir) {
        Path f = serveDir.resolve("server.json");
        if (!Files.isRegularFile(f)) {
            return null;
        }
        try {
            JsonNode n = WorkshopServer.JSON.readTree(f.toFile());
            return new InstructorApi(n.path("url").asText(), n.path("instructorToken").asText());
        } catch (IOException e) {
            return null;
        }
    }

    public String url() {
        return url;
    }

    public ClassState.Snapshot snapshot() {
        JsonNode n = call("GET", "/api/class", null);
        try {
            return WorkshopServer.JSON.treeToValue(n, ClassState.Snapshot.class);
        } catch (IOException e) {
            throw new HardwayException(HardwayException.UNREACHABLE, "workshop status: the server at " + url
                    + " answered something else than a class: " + e.getMessage());
        }
    }

    public void open(String lesson) {
        call("POST", "/api/open", Map.of("lesson", lesson));
    }

    public long say(String text) {
        return call("POST", "/api/say", Map.of("text", text)).path("id").asLong();
    }

    private JsonNode call(String method, String path, Object body) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + token);
            if (body == null) {
                b.GET();
            } else {
                b.header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(WorkshopServer.JSON.writeValueAsString(body)));
            }
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode n = WorkshopServer.JSON.readTree(r.body().isEmpty() ? "{}" : r.body());
            if (r.statusCode() != 200) {
                throw HardwayException.badInput("the workshop server refused: " + n.path("error").asText("HTTP "
                        + r.statusCode()), r.statusCode() == 401 ? "workshop stop, then workshop serve again" : "workshop status");
            }
            return n;
        } catch (ConnectException e) {
            throw new HardwayException(HardwayException.UNREACHABLE, "no workshop server answers at " + url
                    + " (it was stopped, or its shell ended). Try: workshop serve", e);
        } catch (IOException e) {
            throw new HardwayException(HardwayException.UNREACHABLE, "the workshop server at " + url
                    + " cannot be reached: " + e.getMessage() + ". Try: workshop serve", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HardwayException(HardwayException.UNREACHABLE, "interrupted", e);
        }
    }
}
