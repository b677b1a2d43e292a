package dev.hardway.workshop;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.hardway.HardwayException;
import dev.hardway.HardwayHome;
import dev.hardway.progress.AtomicFiles;
import dev.hardway.progress.FileLocks;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The learner's side of a workshop: joined once ({@code $HARDWAY_HOME/workshop/joined.json}, kept until
 * {@link #leave}), events queued on disk ({@code queue.jsonl}) and sent in order; the server acknowledges the
 * highest sequence number it applied, and only then are they dropped from the queue, so a restart of either side
 * loses nothing and sends nothing twice (the server skips numbers it has). Several hardway processes of one learner
 * share the files under a file lock. Plain Java with no printing.
 */
public final class WorkshopClient {

    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    static final Duration CONNECT = Duration.ofSeconds(3);

    /** What {@code joined.json} holds. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class Joined {
        public String url;
        public String name;
        public String token;
        public long acked;
        public long nextSeq = 1;
        public long seenMessage;
        public String open;
        public String mirror;
        /** Said by the instructor (or an opened lesson), not yet shown at a prompt. */
        public List<String> pending = new ArrayList<>();
        public String lastError;
    }

    /** One send: how many events went, how many wait, and why it failed (null when it did not). */
    public record Flush(int sent, int waiting, String error) {
        public boolean ok() {
            return error == null;
        }
    }

    private final Path dir;
    private final Path joinedFile;
    private final Path queueFile;
    private final HttpClient http;

    private WorkshopClient(HardwayHome home) {
        this.dir = home.root().resolve("workshop");
        this.joinedFile = dir.resolve("joined.json");
        this.queueFile = dir.resolve("queue.jsonl");
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT).build();
    }

    public static WorkshopClient of(HardwayHome home) {
        return new WorkshopClient(home);
    }

    public boolean joined() {
        return Files.isRegularFile(joinedFile);
    }

    /** The joined state, or null. */
    public Joined state() {
        try {
            return FileLocks.withLock(joinedFile, this::read);
        } catch (IOException e) {
            return null;
        }
    }

    private Joined read() throws IOException {
        if (!Files.isRegularFile(joinedFile)) {
            return null;
        }
        try {
            return JSON.readValue(joinedFile.toFile(), Joined.class);
        } catch (IOException e) {
            Path aside = joinedFile.resolveSibling("joined.json.damaged-" + System.currentTimeMillis());
            Files.move(joinedFile, aside);
            dev.hardway.progress.StateFiles.notice("the workshop file " + joinedFile + " could not be read ("
                    + e.getMessage() + "); moved to " + aside + ". Try: workshop join again");
            return null;
        }
    }

    private void write(Joined j) throws IOException {
        AtomicFiles.write(joinedFile, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(j));
        try {
            Files.setPosixFilePermissions(joinedFile,
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // not POSIX
        }
    }

    /**
     * Joins the class at {@code url} with the class token; the server issues this learner's own token, which is
     * kept (the class token is not).
     */
    public Joined join(String url, String name, String classToken, String preset, String provider) {
        String base = url.replaceAll("/+$", "");
        if (!base.matches("(?i)https?://[^\\s/]+")) {
            throw HardwayException.badInput("workshop join: '" + dev.hardway.Problem.clip(url) + "' is not the"
                    + " server's address", "the URL the instructor's shell printed, e.g. http://192.168.1.10:8080");
        }
        if (joined()) {
            Joined j = state();
            if (j != null) {
                throw HardwayException.badInput("workshop join: already joined " + j.url + " as " + j.name,
                        "workshop leave first");
            }
        }
        String body;
        try {
            body = JSON.writeValueAsString(Map.of("name", name, "preset", preset == null ? "" : preset,
                    "provider", provider == null ? "" : provider));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        HttpResponse<String> r = send(base + "/api/join", classToken, body, Duration.ofSeconds(10), "workshop join");
        JsonNode a = answer(r);
        if (r.statusCode() != 201) {
            String why = a.path("error").asText("HTTP " + r.statusCode());
            String fix = switch (r.statusCode()) {
                case 401 -> "the --token the instructor's shell printed (the class token)";
                case 409 -> "another --name";
                default -> "ask the instructor; workshop join again";
            };
            throw HardwayException.badInput("workshop join: the server refused: " + why, fix);
        }
        Joined j = new Joined();
        j.url = base;
        j.name = name;
        j.token = a.path("token").asText();
        j.open = a.path("open").isNull() ? null : a.path("open").asText(null);
        j.mirror = a.path("mirror").isNull() ? null : a.path("mirror").asText(null);
        try {
            FileLocks.withLock(joinedFile, () -> {
                write(j);
                Files.deleteIfExists(queueFile);
                return null;
            });
        } catch (IOException e) {
            throw new HardwayException(HardwayException.BAD_INPUT, "workshop join: cannot write " + joinedFile + ": "
                    + e.getMessage() + ". Try: check $HARDWAY_HOME is writable", e);
        }
        return j;
    }

    /** Adds an event to the queue (numbered here); nothing is sent. A no-op when not joined. */
    public void record(WireEvent e) throws IOException {
        FileLocks.withLock(joinedFile, () -> {
            Joined j = read();
            if (j == null) {
                return null;
            }
            WireEvent numbered = e.withSeq(j.nextSeq++);
            Files.createDirectories(dir);
            Files.write(queueFile, (JSON.writeValueAsString(numbered) + "\n").getBytes(StandardCharsets.UTF_8),
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.SYNC);
            write(j);
            return null;
        });
    }

    /** Events not acknowledged yet. */
    public int waiting() {
        try {
            return FileLocks.withLock(joinedFile, () -> {
                Joined j = read();
                return j == null ? 0 : unacked(j).size();
            });
        } catch (IOException e) {
            return 0;
        }
    }

    private List<WireEvent> unacked(Joined j) throws IOException {
        List<WireEvent> out = new ArrayList<>();
        if (!Files.isRegularFile(queueFile)) {
            return out;
        }
        for (String line : Files.readAllLines(queueFile, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            try {
                WireEvent e = JSON.readValue(line, WireEvent.class);
                if (e.seq() > j.acked) {
                    out.add(e);
                }
            } catch (IOException bad) {
                // a line cut by a crash mid-write: it was never acknowledged, and its number is skipped
            }
        }
        return out;
    }

    /**
     * Sends what waits (in batches) and a heartbeat, and takes back what the instructor opened and said. Holds the
     * file lock meanwhile, so two processes never send the same batch at once (the server would skip it anyway).
     */
    public Flush flush(Duration timeout) {
        try {
            return FileLocks.withLock(joinedFile, () -> {
                Joined j = read();
                if (j == null) {
                    return new Flush(0, 0, "not joined");
                }
                List<WireEvent> todo = unacked(j);
                int sent = 0;
                do {
                    List<WireEvent> batch = todo.subList(sent, Math.min(todo.size(), sent + WorkshopServer.MAX_BATCH));
                    String body = JSON.writeValueAsString(Map.of("events", batch, "seenMessage", j.seenMessage));
                    HttpResponse<String> r;
                    try {
                        r = send(j.url + "/api/events", j.token, body, timeout, "workshop");
                    } catch (HardwayException e) {
                        j.lastError = e.getMessage();
                        write(j);
                        return new Flush(sent, todo.size() - sent, e.getMessage());
                    }
                    JsonNode a = answer(r);
                    if (r.statusCode() != 200) {
                        j.lastError = "the server answered " + r.statusCode() + ": " + a.path("error").asText("");
                        write(j);
                        return new Flush(sent, todo.size() - sent, j.lastError);
                    }
                    long acked = a.path("acked").asLong(j.acked);
                    j.acked = Math.max(j.acked, acked);
                    // the server restarted from an older save: it has less than we sent; numbers go on from ours
                    j.nextSeq = Math.max(j.nextSeq, j.acked + 1);
                    String open = a.path("open").isNull() ? null : a.path("open").asText(null);
                    if (!java.util.Objects.equals(open, j.open)) {
                        j.open = open;
                        j.pending.add(open == null ? "The instructor opened every lesson."
                                : "The instructor opened lessons up to " + open + ".");
                    }
                    for (JsonNode m : a.path("messages")) {
                        long id = m.path("id").asLong();
                        if (id > j.seenMessage) {
                            j.seenMessage = id;
                            j.pending.add("Instructor: " + m.path("text").asText());
                        }
                    }
                    sent += batch.size();
                } while (sent < todo.size());
                j.lastError = null;
                write(j);
                compact(j);
                return new Flush(sent, 0, null);
            });
        } catch (IOException e) {
            return new Flush(0, -1, "cannot read the workshop queue: " + e.getMessage());
        }
    }

    /** Drops acknowledged events from the queue file. */
    private void compact(Joined j) throws IOException {
        List<WireEvent> left = unacked(j);
        StringBuilder sb = new StringBuilder();
        for (WireEvent e : left) {
            sb.append(JSON.writeValueAsString(e)).append('\n');
        }
        AtomicFiles.write(queueFile, sb.toString());
    }

    /** What to show at the next prompt (once). */
    public List<String> takeNotices() {
        try {
            return FileLocks.withLock(joinedFile, () -> {
                Joined j = read();
                if (j == null || j.pending.isEmpty()) {
                    return List.<String>of();
                }
                List<String> out = List.copyOf(j.pending);
                j.pending.clear();
                write(j);
                return out;
            });
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Leaves the class: tells the server (best effort) and forgets the joined state and the queue. */
    public Flush leave() {
        Joined j = state();
        if (j == null) {
            throw HardwayException.badInput("workshop leave: not in a workshop", "workshop join <url> --name <n>"
                    + " --token <t>");
        }
        Flush last = flush(Duration.ofSeconds(3));
        String error = last.error();
        try {
            HttpResponse<String> r = send(j.url + "/api/leave", j.token, "{}", Duration.ofSeconds(3), "workshop leave");
            if (r.statusCode() != 200 && error == null) {
                error = "the server answered " + r.statusCode();
            }
        } catch (HardwayException e) {
            error = e.getMessage();
        }
        try {
            FileLocks.withLock(joinedFile, () -> {
                Files.deleteIfExists(joinedFile);
                Files.deleteIfExists(queueFile);
                return null;
            });
        } catch (IOException e) {
            throw new HardwayException(HardwayException.BAD_INPUT, "workshop leave: cannot remove " + joinedFile
                    + ": " + e.getMessage(), e);
        }
        return new Flush(last.sent(), last.waiting(), error);
    }

    private HttpResponse<String> send(String url, String token, String body, Duration timeout, String who) {
        HttpRequest req = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            return http.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new HardwayException(HardwayException.UNREACHABLE, who + ": no workshop server answers at "
                    + url.replaceAll("/api/.*", "") + " (connection refused). Try: check the address, and that"
                    + " the instructor's workshop serve runs", e);
        } catch (HttpTimeoutException e) {
            throw new HardwayException(HardwayException.UNREACHABLE, who + ": the workshop server at "
                    + url.replaceAll("/api/.*", "") + " did not answer in " + timeout.toSeconds() + " s", e);
        } catch (IOException e) {
            throw new HardwayException(HardwayException.UNREACHABLE, who + ": cannot reach "
                    + url.replaceAll("/api/.*", "") + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HardwayException(HardwayException.UNREACHABLE, who + ": interrupted", e);
        }
    }

    private static JsonNode answer(HttpResponse<String> r) {
        try {
            JsonNode n = JSON.readTree(r.body());
            return n == null ? JSON.createObjectNode() : n;
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }
}
