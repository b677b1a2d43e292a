package dev.hardway.workshop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.hardway.HardwayException;
import dev.hardway.progress.AtomicFiles;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The instructor's server (docs/workshop.md): the dashboard at {@code /}, its live stream, the learners' API and,
 * with a mirror directory, the release archives. Javalin on Jetty 12; every request parses through them (no HTTP
 * of hardway's own). Plain Java with no printing: the shell's {@code workshop} commands start it and say what it
 * returns.
 */
public final class WorkshopServer implements AutoCloseable {

    /** Largest request body taken (an events batch of {@link #MAX_BATCH} long failure texts fits). */
    public static final int MAX_BODY = 256 * 1024;
    /** Events in one POST. */
    public static final int MAX_BATCH = 100;
    /** Per learner: requests per second on average, and at once. */
    public static final double RATE = 10, BURST = 30;
    /** How often the class file is compacted from the log (when something changed). */
    static final long COMPACT_EVERY_MS = 2000;
    /** A snapshot of an unchanged class is sent again for this long (its times on step are in seconds). */
    static final long SNAPSHOT_FRESH_MS = 1000;
    /** Longest learner name, lesson or step id. */
    static final int MAX_NAME = 64;
    static final String COOKIE = "hardway_instructor";

    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    /** What the shell shows after start. */
    public record Started(String url, String bind, int port, String classToken, String instructorToken,
                          boolean resumed, int learners) {
        /** The line a learner types. */
        public String joinCommand() {
            return "workshop join " + url + " --name <your-name> --token " + classToken;
        }

        public String dashboardUrl() {
            return url + "/?token=" + instructorToken;
        }
    }

    /** Guards {@link #state} and {@link #loggedAt}; held only to apply a change and queue its log entry. */
    private final Object lock = new Object();
    private final ClassState state;
    private final ClassLog log;
    /** Per learner: the lsn of the last log entry that applied its events (an ack waits until that is on disk). */
    private final Map<String, Long> loggedAt = new java.util.HashMap<>();
    private final Object compacting = new Object();
    private long compactedAt;
    /** The last {@code /api/class} JSON and the change count it includes (rebuilt off the lock, one at a time). */
    private record Cached(long version, long builtNanos, String json) {
    }

    private volatile Cached cached;
    private final Object building = new Object();
    private final Path classFile;
    private final Path serverFile;
    private final Path mirror;
    private final RateLimiter limiter;
    private final List<SseClient> watchers = new CopyOnWriteArrayList<>();
    private final AtomicBoolean dirty = new AtomicBoolean();
    private final AtomicLong version = new AtomicLong();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "workshop-dashboard");
        t.setDaemon(true);
        return t;
    });
    private final ScheduledExecutorService compactor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "workshop-compact");
        t.setDaemon(true);
        return t;
    });
    private final boolean resumed;
    private Javalin app;
    private Started started;

    private WorkshopServer(ClassState state, ClassLog log, boolean resumed, Path classFile, Path serverFile,
                           Path mirror) {
        this.state = state;
        this.log = log;
        this.resumed = resumed;
        this.classFile = classFile;
        this.serverFile = serverFile;
        this.mirror = mirror;
        this.limiter = new RateLimiter(RATE, BURST, System::nanoTime);
    }

    /**
     * Opens the class saved in {@code dir} (or a new one with fresh tokens) for {@code lessons}: the compacted class
     * file, then every change logged after it ({@link ClassLog}); nothing listens until {@link #start}.
     */
    public static WorkshopServer open(Path dir, List<ClassState.LessonRef> lessons, Path mirror, Clock clock)
            throws IOException {
        Path classFile = dir.resolve("class.json");
        Path logDir = dir.resolve("log");
        ClassState.Saved saved;
        boolean resumed = Files.exists(classFile);
        if (resumed) {
            try {
                saved = JSON.readValue(classFile.toFile(), ClassState.Saved.class);
            } catch (IOException e) {
                String stamp = "damaged-" + System.currentTimeMillis();
                Path aside = classFile.resolveSibling("class.json." + stamp);
                Files.move(classFile, aside);
                if (Files.isDirectory(logDir)) {
                    Files.move(logDir, logDir.resolveSibling("log." + stamp)); // it belongs to the damaged class
                }
                dev.hardway.progress.StateFiles.notice("the workshop class file " + classFile + " could not be"
                        + " read (" + e.getMessage() + "); moved to " + aside + ", and a new class begins");
                saved = ClassState.fresh();
                resumed = false;
            }
        } else {
            saved = ClassState.fresh();
            // a log without its class file is what is left of a class whose file was deleted to start anew
            for (Path seg : ClassLog.segments(logDir)) {
                Files.deleteIfExists(seg);
            }
        }
        if (mirror != null && !Files.isDirectory(mirror)) {
            throw HardwayException.badInput("workshop serve: the mirror directory " + mirror + " does not exist",
                    "--mirror DIR with the release archives in the upstream layout (docs/workshop.md)");
        }
        ClassState state = new ClassState(saved, lessons, clock);
        ClassLog log = ClassLog.open(logDir, JSON, saved.lsn, state::replay, r -> {
            if (!r.problems().isEmpty()) {
                dev.hardway.progress.StateFiles.notice("the workshop class log in " + logDir + " has lines that"
                        + " cannot be read (" + String.join("; ", r.problems()) + "); the class goes on without"
                        + " them");
            }
        });
        return new WorkshopServer(state, log, resumed, classFile, dir.resolve("server.json"), mirror);
    }

    /** Starts listening; a port in use is a usage error that says how to pick another. */
    public Started start(String bind, int port) throws IOException {
        compact(); // the class file now includes what was replayed from the log, and the replayed segments go
        Javalin j = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.http.maxRequestSize = MAX_BODY;
            cfg.jetty.host = bind;
            cfg.jetty.port = port;
            routes(cfg);
        });
        try {
            j.start();
        } catch (RuntimeException e) {
            try {
                j.stop();
            } catch (RuntimeException ignored) {
                // nothing was started
            }
            if (isBindFailure(e)) {
                throw HardwayException.badInput("workshop serve: port " + port + " on " + bind + " is taken (or "
                        + bind + " is not an address of this machine)", "workshop serve --port " + (port + 1)
                        + ", or --port 0 for any free port");
            }
            throw e;
        }
        app = j;
        String host = bind.equals("0.0.0.0") || bind.equals("::") ? LocalAddress.guess() : bind;
        String url = "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + j.port();
        started = new Started(url, bind, j.port(), state.saved().classToken, state.saved().instructorToken, resumed,
                state.saved().learners.size());
        AtomicFiles.write(serverFile, JSON.writeValueAsString(Map.of("url", url, "instructorToken",
                started.instructorToken(), "classToken", started.classToken())));
        restrict(serverFile);
        ticker.scheduleWithFixedDelay(this::pushIfDirty, 100, 100, TimeUnit.MILLISECONDS);
        ticker.scheduleWithFixedDelay(() -> {
            dirty.set(true); // times on step and idle minutes move on by themselves
        }, 5, 5, TimeUnit.SECONDS);
        compactor.scheduleWithFixedDelay(() -> {
            try {
                compact();
            } catch (IOException | RuntimeException e) {
                // the log keeps every change; the next round tries again
            }
        }, COMPACT_EVERY_MS, COMPACT_EVERY_MS, TimeUnit.MILLISECONDS);
        return started;
    }

    private static boolean isBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.BindException || t.getClass().getSimpleName().contains("BindException")) {
                return true;
            }
        }
        return false;
    }

    public Started started() {
        return started;
    }

    public int port() {
        return app == null ? -1 : app.port();
    }

    /** The class now (for {@code workshop status} in the instructor's own shell). */
    public ClassState.Snapshot snapshot() {
        ClassState.Snapshot raw;
        synchronized (lock) {
            raw = state.capture();
        }
        return ClassState.ordered(raw);
    }

    /**
     * The class as {@code GET /api/class} and the stream send it: includes every change made before the call (the
     * change counter is bumped before a request is answered), built at most once for concurrent callers, and an
     * unchanged class is not built again for {@link #SNAPSHOT_FRESH_MS}.
     */
    String snapshotJson() throws IOException {
        long want = version.get();
        Cached c = cached;
        if (usable(c, want)) {
            return c.json();
        }
        synchronized (building) {
            c = cached;
            if (usable(c, want)) {
                return c.json(); // built by the caller before this one, with what this one needs
            }
            long v = version.get();
            long t = System.nanoTime();
            String json = JSON.writeValueAsString(snapshot());
            cached = new Cached(v, t, json);
            return json;
        }
    }

    private static boolean usable(Cached c, long want) {
        return c != null && c.version() >= want
                && System.nanoTime() - c.builtNanos() < TimeUnit.MILLISECONDS.toNanos(SNAPSHOT_FRESH_MS);
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        compactor.shutdownNow();
        watchers.forEach(w -> {
            try {
                w.close();
            } catch (RuntimeException ignored) {
                // already gone
            }
        });
        if (app != null) {
            app.stop();
            app = null;
        }
        log.close(); // what was queued is written
        try {
            compact();
            Files.deleteIfExists(serverFile);
        } catch (IOException ignored) {
            // the class file stays as last compacted, and the log keeps the rest
        }
    }

    // ------------------------------------------------------------------------------------------- routes --

    private void routes(io.javalin.config.JavalinConfig cfg) {
        var r = cfg.routes;
        r.get("/", ctx -> {
            instructor(ctx);
            String q = ctx.queryParam("token");
            if (q != null) {
                // the printed URL carries the token once: it becomes a cookie and the browser goes on to a URL
                // without it, so it stays out of the address bar, the history and the projector
                ctx.header("Set-Cookie", COOKIE + "=" + q + "; Path=/; HttpOnly; SameSite=Strict");
                ctx.header("Cache-Control", "no-store");
                ctx.header("Referrer-Policy", "no-referrer");
                ctx.redirect("/", io.javalin.http.HttpStatus.SEE_OTHER);
                return;
            }
            ctx.header("Cache-Control", "no-store");
            ctx.header("Referrer-Policy", "no-referrer");
            ctx.header("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'");
            ctx.header("X-Content-Type-Options", "nosniff");
            ctx.contentType("text/html; charset=utf-8").result(resource("index.html"));
        });
        r.get("/dashboard.js", ctx -> ctx.contentType("text/javascript; charset=utf-8")
                .result(resource("dashboard.js")));
        r.get("/dashboard.css", ctx -> ctx.contentType("text/css; charset=utf-8")
                .result(resource("dashboard.css")));
        r.get("/api/class", ctx -> {
            instructor(ctx);
            ctx.contentType("application/json").result(snapshotJson());
        });
        r.before("/api/stream", this::instructor);
        r.sse("/api/stream", client -> {
            client.keepAlive();
            client.onClose(() -> watchers.remove(client));
            watchers.add(client);
            try {
                client.sendEvent("class", snapshotJson());
            } catch (IOException e) {
                client.close();
            }
        });
        r.post("/api/join", this::join);
        r.post("/api/events", this::events);
        r.post("/api/leave", ctx -> {
            ClassState.Learner l = learner(ctx);
            long lsn;
            synchronized (lock) {
                state.leave(l);
                loggedAt.remove(l.id);
                ClassLog.Entry e = ClassLog.Entry.of("leave", state.now());
                e.learner = l.id;
                lsn = log.append(e);
            }
            limiter.forget(l.id);
            changed();
            log.awaitDurable(lsn);
            ctx.contentType("application/json").result("{\"left\":true}");
        });
        r.post("/api/open", ctx -> {
            instructor(ctx);
            JsonNode body = body(ctx);
            String lesson = text(body, "lesson", true);
            if (state.lessons().stream().noneMatch(x -> x.id().equals(lesson))) {
                throw new Bad(400, "no lesson " + lesson + " in this course");
            }
            long lsn;
            synchronized (lock) {
                state.open(lesson);
                ClassLog.Entry e = ClassLog.Entry.of("open", state.now());
                e.lesson = lesson;
                lsn = log.append(e);
            }
            changed();
            log.awaitDurable(lsn);
            ctx.contentType("application/json").result(JSON.writeValueAsString(Map.of("open", lesson)));
        });
        r.post("/api/say", ctx -> {
            instructor(ctx);
            String text = text(body(ctx), "text", true);
            if (text.length() > 500) {
                throw new Bad(400, "a message is at most 500 characters");
            }
            ClassState.Message m;
            long lsn;
            synchronized (lock) {
                m = state.say(text);
                ClassLog.Entry e = ClassLog.Entry.of("say", m.at());
                e.message = m;
                lsn = log.append(e);
            }
            changed();
            log.awaitDurable(lsn);
            ctx.contentType("application/json").result(JSON.writeValueAsString(m));
        });
        if (mirror != null) {
            r.get("/mirror/<path>", this::mirrorFile);
        }
        r.exception(Bad.class, (e, ctx) -> error(ctx, e.status, e.getMessage()));
        r.exception(com.fasterxml.jackson.core.JacksonException.class, (e, ctx) -> error(ctx, 400,
                "the body is not JSON of the expected shape"));
        r.exception(io.javalin.http.HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(),
                e.getMessage()));
        r.exception(Exception.class, (e, ctx) -> error(ctx, 500, "internal error: " + e.getClass().getSimpleName()));
    }

    private static void error(Context ctx, int status, String message) {
        ctx.status(status);
        try {
            ctx.contentType("application/json").result(JSON.writeValueAsString(Map.of("error", message)));
        } catch (IOException e) {
            ctx.result("{\"error\":\"internal\"}");
        }
    }

    /** A refusal with its status. */
    static final class Bad extends RuntimeException {
        final int status;

        Bad(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    private static String bearer(Context ctx) {
        String h = ctx.header("Authorization");
        if (h != null && h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return h.substring(7).trim();
        }
        return null;
    }

    /** The instructor's token: as a bearer token, the dashboard cookie, or (the printed URL) {@code ?token=}. */
    private void instructor(Context ctx) {
        String given = bearer(ctx);
        if (given == null) {
            given = ctx.cookie(COOKIE);
        }
        if (given == null) {
            given = ctx.queryParam("token");
        }
        if (given == null) {
            throw new Bad(401, "this needs the instructor's token");
        }
        if (Tokens.same(given, state.saved().instructorToken)) {
            return;
        }
        ClassState.Learner l;
        synchronized (lock) {
            l = state.byId(ClassState.idOf(given));
        }
        if ((l != null && ClassState.holds(l, given)) || Tokens.same(given, state.saved().classToken)) {
            throw new Bad(403, "a learner's or the class token cannot read the dashboard");
        }
        throw new Bad(401, "wrong token");
    }

    private ClassState.Learner learner(Context ctx) {
        String given = bearer(ctx);
        if (given == null) {
            throw new Bad(401, "this needs the learner's token (Authorization: Bearer)");
        }
        ClassState.Learner l;
        synchronized (lock) {
            l = state.byId(ClassState.idOf(given));
        }
        if (l != null && !ClassState.holds(l, given)) {
            l = null; // the hash is compared outside the lock: it is set at join and never changes
        }
        if (l == null) {
            if (Tokens.same(given, state.saved().instructorToken) || Tokens.same(given, state.saved().classToken)) {
                throw new Bad(403, "events come from a learner's own token (workshop join issues it)");
            }
            throw new Bad(401, "wrong or unknown learner token");
        }
        if (!limiter.allow(l.id)) {
            ctx.header("Retry-After", "1");
            throw new Bad(429, "too many requests from " + l.name);
        }
        return l;
    }

    private static JsonNode body(Context ctx) throws IOException {
        byte[] b = ctx.bodyAsBytes();
        if (b.length > MAX_BODY) {
            throw new Bad(413, "the body is larger than " + MAX_BODY + " bytes");
        }
        JsonNode n = JSON.readTree(b);
        if (n == null || !n.isObject()) {
            throw new Bad(400, "the body must be a JSON object");
        }
        return n;
    }

    private static String text(JsonNode body, String field, boolean required) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new Bad(400, "missing " + field);
            }
            return null;
        }
        if (!v.isTextual()) {
            throw new Bad(400, field + " must be a string");
        }
        String s = v.asText();
        if (required && s.isBlank()) {
            throw new Bad(400, field + " is empty");
        }
        return s;
    }

    private static String shortText(JsonNode body, String field, boolean required) {
        String s = text(body, field, required);
        if (s != null && (s.length() > MAX_NAME || s.chars().anyMatch(Character::isISOControl))) {
            throw new Bad(400, field + " must be at most " + MAX_NAME + " characters without control characters");
        }
        return s;
    }

    private void join(Context ctx) throws IOException {
        String given = bearer(ctx);
        if (given == null) {
            throw new Bad(401, "joining needs the class token (Authorization: Bearer)");
        }
        if (!Tokens.same(given, state.saved().classToken)) {
            throw new Bad(401, "wrong class token");
        }
        JsonNode body = body(ctx);
        String name = shortText(body, "name", true).strip();
        String preset = shortText(body, "preset", false);
        String provider = shortText(body, "provider", false);
        String token;
        long lsn;
        synchronized (lock) {
            if (state.byName(name) != null) {
                throw new Bad(409, "a learner named " + name + " has joined already");
            }
            if (state.saved().learners.size() >= 2000) {
                throw new Bad(429, "the class is full (2000 learners)");
            }
            ClassState.Joined j = state.join(name, preset, provider);
            token = j.token();
            ClassLog.Entry e = ClassLog.Entry.of("join", j.learner().lastSeen);
            e.joined = j.learner().copy();
            lsn = log.append(e);
        }
        changed();
        log.awaitDurable(lsn);
        ObjectNode out = JSON.createObjectNode();
        out.put("token", token);
        out.put("open", state.saved().open);
        out.put("mirror", mirror == null ? null : started.url() + "/mirror");
        ctx.status(201).contentType("application/json").result(JSON.writeValueAsString(out));
    }

    private void events(Context ctx) throws IOException {
        ClassState.Learner l = learner(ctx);
        JsonNode body = body(ctx);
        JsonNode evs = body.get("events");
        List<WireEvent> events = new ArrayList<>();
        if (evs != null && !evs.isNull()) {
            if (!evs.isArray()) {
                throw new Bad(400, "events must be an array");
            }
            if (evs.size() > MAX_BATCH) {
                throw new Bad(400, "at most " + MAX_BATCH + " events in one request");
            }
            for (JsonNode e : evs) {
                events.add(valid(e));
            }
        }
        long seen = body.path("seenMessage").asLong(0);
        long acked;
        long lsn;
        String open;
        List<ClassState.Message> msgs;
        boolean applied = false;
        synchronized (lock) {
            state.seen(l);
            if (state.byId(l.id) != l) {
                throw new Bad(401, "wrong or unknown learner token"); // left while this request waited
            }
            Instant now = state.now();
            List<WireEvent> fresh = state.apply(l, events, now);
            if (!fresh.isEmpty()) {
                ClassLog.Entry e = ClassLog.Entry.of("events", now);
                e.learner = l.id;
                e.events = List.copyOf(fresh);
                loggedAt.put(l.id, log.append(e));
                applied = true;
            }
            lsn = loggedAt.getOrDefault(l.id, 0L);
            acked = l.lastSeq;
            open = state.saved().open;
            msgs = state.messagesAfter(seen);
        }
        if (applied) {
            changed();
        }
        // before the answer: what is acknowledged (also a resend of what another request applied) is on disk
        log.awaitDurable(lsn);
        ObjectNode out = JSON.createObjectNode();
        out.put("acked", acked);
        out.put("open", open);
        out.set("messages", JSON.valueToTree(msgs));
        ctx.contentType("application/json").result(JSON.writeValueAsString(out));
    }

    private static WireEvent valid(JsonNode e) {
        if (!e.isObject()) {
            throw new Bad(400, "each event must be a JSON object");
        }
        JsonNode seq = e.get("seq");
        if (seq == null || !seq.canConvertToLong() || !seq.isIntegralNumber() || seq.asLong() < 1) {
            throw new Bad(400, "each event needs seq, a positive integer");
        }
        String type = text(e, "type", true);
        if (!WireEvent.TYPES.contains(type)) {
            throw new Bad(400, "unknown event type " + dev.hardway.Problem.clip(type));
        }
        String lesson = shortText(e, "lesson", !type.equals("break") && !type.equals("heal"));
        String step = shortText(e, "step", false);
        String text = text(e, "text", false);
        if (text != null && text.length() > WireEvent.MAX_TEXT) {
            text = text.substring(0, WireEvent.MAX_TEXT) + "…";
        }
        java.time.Instant at = null;
        String ats = text(e, "at", false);
        if (ats != null) {
            try {
                at = java.time.Instant.parse(ats);
            } catch (java.time.format.DateTimeParseException x) {
                throw new Bad(400, "at must be an ISO-8601 instant");
            }
        }
        return new WireEvent(seq.asLong(), type, lesson, step, text, at);
    }

    private void mirrorFile(Context ctx) throws IOException {
        String rel = ctx.pathParam("path");
        Path base = mirror.toRealPath();
        Path p = base.resolve(rel).normalize();
        if (!p.startsWith(base) || !Files.isRegularFile(p) || !p.toRealPath().startsWith(base)) {
            throw new Bad(404, "not in the mirror: " + dev.hardway.Problem.clip(rel));
        }
        ctx.contentType(p.getFileName().toString().endsWith(".sha256") || p.getFileName().toString()
                .endsWith(".sha512") || p.getFileName().toString().endsWith(".txt") ? "text/plain"
                : "application/octet-stream");
        ctx.header("Content-Length", Long.toString(Files.size(p)));
        ctx.result(Files.newInputStream(p));
    }

    // ------------------------------------------------------------------------------------- internals --

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = WorkshopServer.class.getResourceAsStream("/dev/hardway/workshop/" + name)) {
            if (in == null) {
                throw new IOException("the dashboard resource " + name + " is missing from the jar");
            }
            return in.readAllBytes();
        }
    }

    /**
     * Writes the class file from the state now and deletes the log segments it covers. The lock is held only to copy
     * the state and note the last lsn; serializing and writing (temp file, fsync, rename) run without it, so
     * requests go on meanwhile: their entries, after that lsn, stay in the log until the next compaction.
     */
    void compact() throws IOException {
        synchronized (compacting) {
            ClassState.Saved copy;
            long upTo;
            synchronized (lock) {
                upTo = log.lastAssigned();
                copy = upTo == compactedAt && Files.exists(classFile) ? null : state.saved().copy();
                if (copy != null) {
                    log.rotate();
                }
            }
            if (copy == null) {
                log.dropThrough(upTo); // unchanged; after a stop this also drops the segment that was open
                return;
            }
            copy.lsn = upTo;
            AtomicFiles.write(classFile, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(copy));
            restrict(classFile);
            compactedAt = upTo;
            log.dropThrough(upTo);
        }
    }

    private static void restrict(Path f) {
        try {
            Files.setPosixFilePermissions(f, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (IOException | UnsupportedOperationException ignored) {
            // not a POSIX file system: the file keeps its mode
        }
    }

    private void changed() {
        version.incrementAndGet();
        dirty.set(true);
    }

    /** Sends the class to every open dashboard, at most every 100 ms (a burst of events is one update). */
    private void pushIfDirty() {
        if (!dirty.getAndSet(false) || watchers.isEmpty()) {
            return;
        }
        try {
            String snap = snapshotJson();
            for (SseClient w : watchers) {
                if (w.terminated()) {
                    watchers.remove(w);
                    continue;
                }
                w.sendEvent("class", snap);
            }
        } catch (IOException | RuntimeException e) {
            // a dashboard that went away is dropped on its close; the next tick tries again
        }
    }

    /** For the page and tests: the body as the server reads it. */
    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
