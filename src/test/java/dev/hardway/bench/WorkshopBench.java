package dev.hardway.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hardway.workshop.ClassState;
import dev.hardway.workshop.WorkshopServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The measuring half of {@code bench/workshop}: a real {@link WorkshopServer} on loopback and a conference-size
 * class of simulated learners ({@code -Dlearners}, 500) that join and then, for {@code -Dseconds} (30), each post
 * a progress event every {@code -Dinterval} ms (500; within the per-learner rate limit) and every fourth tick a
 * heartbeat, with the learner client's protocol: unacknowledged events are sent again, so "lost" counts events the
 * server never acknowledged by the end. Meanwhile one dashboard holds the live stream ({@code /api/stream}) and a
 * probe thread times {@code GET /api/class} (the snapshot, every row) and, as the anchor measured in the same run
 * under the same load, {@code GET /dashboard.css} (a static resource of the same server: the floor of one request).
 * The dashboard's update delay is from a marker event's POST to the stream event that carries it; the markers come
 * from one more learner that sends nothing else (so no later event of its own replaces a marker before the stream
 * shows it) and are matched as whole JSON strings ({@code "marker-1"} is not found in {@code "marker-12"}). Prints
 * percentiles and ratios; asserts nothing about time (2 shared cores here: compare ratios, not milliseconds).
 */
public final class WorkshopBench {

    static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> TYPES = List.of("step-started", "step-passed", "step-failed", "hint-used");

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .executor(Executors.newFixedThreadPool(8)).build();
    String url;

    final class Learner {
        final int i;
        final String token;
        final List<String> pending = new ArrayList<>();
        long seq;
        long acked;
        int tick;

        Learner(int i, String token) {
            this.i = i;
            this.token = token;
        }

        String event(long s) {
            String type = TYPES.get((int) (s % TYPES.size()));
            return "{\"seq\":" + s + ",\"type\":\"" + type + "\",\"lesson\":\"05-etcd\",\"step\":\"step-" + (s % 7)
                    + "\"" + (type.equals("step-failed") ? ",\"text\":\"etcd is not active on master" + (i % 3 + 1)
                    + "\"" : "") + "}";
        }
    }

    final List<Long> eventNs = Collections.synchronizedList(new ArrayList<>());
    final List<Long> beatNs = Collections.synchronizedList(new ArrayList<>());
    final List<Long> snapshotNs = Collections.synchronizedList(new ArrayList<>());
    final List<Long> anchorNs = Collections.synchronizedList(new ArrayList<>());
    final List<Long> updateNs = Collections.synchronizedList(new ArrayList<>());
    final AtomicLong errors = new AtomicLong();
    final AtomicLong refusedRate = new AtomicLong();
    final Map<String, Long> markerSent = new ConcurrentHashMap<>();

    HttpResponse<String> post(String path, String token, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(10)).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** One tick of a learner: a new event (or a heartbeat) plus whatever was not acknowledged yet. */
    void tick(Learner l, String marker) {
        synchronized (l) {
            boolean beat = marker == null && l.tick++ % 4 == 3;
            if (!beat) {
                l.seq++;
                l.pending.add(marker == null ? l.event(l.seq) : "{\"seq\":" + l.seq + ",\"type\":\"step-failed\","
                        + "\"lesson\":\"05-etcd\",\"step\":\"marker\",\"text\":\"" + marker + "\"}");
            }
            send(l, beat);
        }
    }

    void send(Learner l, boolean beat) {
        List<String> batch = l.pending.subList(0, Math.min(l.pending.size(), WorkshopServer.MAX_BATCH));
        String body = "{\"events\":[" + String.join(",", batch) + "],\"seenMessage\":0}";
        long t0 = System.nanoTime();
        try {
            HttpResponse<String> r = post("/api/events", l.token, body);
            long dt = System.nanoTime() - t0;
            if (r.statusCode() == 200) {
                (beat ? beatNs : eventNs).add(dt);
                long acked = JSON.readTree(r.body()).get("acked").asLong();
                l.acked = Math.max(l.acked, acked);
                l.pending.removeIf(e -> seqOf(e) <= l.acked);
            } else if (r.statusCode() == 429) {
                refusedRate.incrementAndGet();
            } else {
                errors.incrementAndGet();
            }
        } catch (Exception e) {
            errors.incrementAndGet();
        }
    }

    static long seqOf(String event) {
        int i = event.indexOf("\"seq\":") + 6;
        int j = event.indexOf(',', i);
        return Long.parseLong(event.substring(i, j));
    }

    static long pct(List<Long> ns, double p) {
        List<Long> s;
        synchronized (ns) {
            s = new ArrayList<>(ns);
        }
        if (s.isEmpty()) {
            return -1;
        }
        Collections.sort(s);
        return s.get(Math.min(s.size() - 1, (int) Math.ceil(p * s.size()) - 1));
    }

    static String ms(long ns) {
        return String.format(Locale.ROOT, "%7.2f ms", ns / 1e6);
    }

    void run(int learners, int seconds, int interval, Path dir) throws Exception {
        List<ClassState.LessonRef> course = new ArrayList<>();
        try (var d = Files.list(Path.of("lessons"))) {
            d.filter(p -> Files.exists(p.resolve("lesson.yaml"))).map(p -> p.getFileName().toString()).sorted()
                    .forEach(id -> course.add(new ClassState.LessonRef(id, id)));
        }
        try (WorkshopServer server = WorkshopServer.open(dir, course, null, Clock.systemUTC())) {
            WorkshopServer.Started st = server.start("127.0.0.1", 0);
            url = st.url();
            String it = st.instructorToken();
            long j0 = System.nanoTime();
            List<Learner> ls = new ArrayList<>();
            for (int i = 0; i < learners; i++) {
                HttpResponse<String> r = post("/api/join", st.classToken(), "{\"name\":\"learner-" + i
                        + "\",\"preset\":\"ha\",\"provider\":\"sim\"}");
                if (r.statusCode() != 201) {
                    throw new IllegalStateException("join " + i + ": " + r.statusCode() + " " + r.body());
                }
                ls.add(new Learner(i, JSON.readTree(r.body()).get("token").asText()));
            }
            System.out.printf(Locale.ROOT, "joined %d learners in %.1f s%n", learners, (System.nanoTime() - j0) / 1e9);
            HttpResponse<String> mr = post("/api/join", st.classToken(), "{\"name\":\"marker\"}");
            if (mr.statusCode() != 201) {
                throw new IllegalStateException("join marker: " + mr.statusCode() + " " + mr.body());
            }
            Learner markerLearner = new Learner(learners, JSON.readTree(mr.body()).get("token").asText());

            // the dashboard: the live stream, reading each class event for the markers
            CountDownLatch streaming = new CountDownLatch(1);
            Thread dash = new Thread(() -> {
                try {
                    HttpResponse<java.io.InputStream> r = http.send(HttpRequest.newBuilder(URI.create(url
                            + "/api/stream")).header("Authorization", "Bearer " + it).header("Accept",
                            "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
                    try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(),
                            StandardCharsets.UTF_8))) {
                        streaming.countDown();
                        for (String line; (line = in.readLine()) != null; ) {
                            if (!line.startsWith("data:")) {
                                continue;
                            }
                            long now = System.nanoTime();
                            for (var e : markerSent.entrySet()) {
                                if (line.contains("\"" + e.getKey() + "\"") && markerSent.remove(e.getKey()) != null) {
                                    updateNs.add(now - e.getValue());
                                }
                            }
                        }
                    }
                } catch (Exception e) {
                    streaming.countDown();
                }
            }, "bench-dashboard");
            dash.setDaemon(true);
            dash.start();
            streaming.await(10, TimeUnit.SECONDS);

            ScheduledExecutorService pool = Executors.newScheduledThreadPool(64);
            List<ScheduledFuture<?>> fs = new ArrayList<>();
            long start = System.nanoTime();
            for (Learner l : ls) {
                long offset = (long) l.i * interval / learners; // spread over one interval, as a class is
                fs.add(pool.scheduleAtFixedRate(() -> tick(l, null), offset, interval, TimeUnit.MILLISECONDS));
            }
            // probe: snapshot, anchor and a dashboard marker, alternating, while the load runs
            int markers = 0;
            while (System.nanoTime() - start < seconds * 1_000_000_000L) {
                long t0 = System.nanoTime();
                HttpResponse<String> a = get("/dashboard.css", null);
                long t1 = System.nanoTime();
                HttpResponse<String> s = get("/api/class", it);
                long t2 = System.nanoTime();
                if (a.statusCode() == 200) {
                    anchorNs.add(t1 - t0);
                }
                if (s.statusCode() == 200) {
                    snapshotNs.add(t2 - t1);
                } else {
                    errors.incrementAndGet();
                }
                if (markers < 200) {
                    String m = "marker-" + markers++;
                    markerSent.put(m, System.nanoTime());
                    tick(markerLearner, m);
                }
                Thread.sleep(150);
            }
            fs.forEach(f -> f.cancel(false));
            pool.shutdown();
            pool.awaitTermination(30, TimeUnit.SECONDS);
            double took = (System.nanoTime() - start) / 1e9;
            Thread.sleep(500); // the last markers' stream events
            // final delivery: what is still pending goes once more, as the client does after a pause
            for (Learner l : ls) {
                synchronized (l) {
                    for (int k = 0; k < 3 && !l.pending.isEmpty(); k++) {
                        send(l, true);
                    }
                }
            }
            ls.add(markerLearner);
            long sent = ls.stream().mapToLong(l -> l.seq).sum();
            long lost = ls.stream().mapToLong(l -> l.seq - l.acked).sum();
            long snapshotRows = JSON.readTree(get("/api/class", it).body()).get("rows").size();
            long events = eventNs.size();
            System.out.printf(Locale.ROOT, "%d learners, %d s, one event every %d ms each (every 4th tick a"
                    + " heartbeat)%n", learners, seconds, interval);
            System.out.printf(Locale.ROOT, "events sent %d (%.0f events/s acknowledged), posts %d, heartbeats %d,"
                    + " errors %d, rate-limited %d, lost %d, rows on the dashboard %d%n", sent, (sent - lost) / took,
                    events, beatNs.size(), errors.get(), refusedRate.get(), lost, snapshotRows);
            long a50 = pct(anchorNs, .5);
            long a99 = pct(anchorNs, .99);
            System.out.printf(Locale.ROOT, "anchor GET /dashboard.css  p50 %s  p99 %s  (n=%d)%n", ms(a50), ms(a99),
                    anchorNs.size());
            row("POST /api/events (event)", eventNs, a50, a99);
            row("POST /api/events (beat) ", beatNs, a50, a99);
            row("GET /api/class (snapshot)", snapshotNs, a50, a99);
            System.out.printf(Locale.ROOT, "dashboard update delay (POST to stream event)  p50 %s  p99 %s  (n=%d of"
                    + " %d markers; the stream is sent at most every 100 ms)%n", ms(pct(updateNs, .5)),
                    ms(pct(updateNs, .99)), updateNs.size(), markers);
            System.out.printf(Locale.ROOT, "goal (issue 11): p99 <= 50 ms, 0 errors, 0 lost -> p99 %s, %d errors,"
                    + " %d lost%n", ms(pct(eventNs, .99)).strip(), errors.get(), lost);
        }
    }

    void row(String what, List<Long> ns, long a50, long a99) {
        long p50 = pct(ns, .5);
        long p99 = pct(ns, .99);
        System.out.printf(Locale.ROOT, "%-27s p50 %s  p99 %s  (n=%d)  ratio to anchor p50 %.1f, p99 %.1f%n", what,
                ms(p50), ms(p99), ns.size(), (double) p50 / a50, (double) p99 / a99);
    }

    public static void main(String[] args) throws Exception {
        int learners = Integer.getInteger("learners", 500);
        int seconds = Math.min(Integer.getInteger("seconds", 30), 300);
        int interval = Math.max(Integer.getInteger("interval", 500), 100);
        Path dir = Files.createTempDirectory("hardway-bench-workshop");
        try {
            new WorkshopBench().run(Math.min(learners, 2000), seconds, interval, dir);
        } finally {
            try (var w = Files.walk(dir)) {
                w.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        System.exit(0);
    }
}
