package dev.hardway.workshop;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The instructor's view of the class: who joined, where each learner is, what the instructor opened and said.
 * Made from the learners' events ({@link #apply}). {@link WorkshopServer} logs every change ({@link ClassLog})
 * before it answers and writes a compacted copy ({@link Saved#copy}) now and then, so a restart of the instructor's
 * shell keeps the class, the tokens and what was already applied ({@link #replay}). Not thread-safe: the server
 * holds its lock around every call.
 */
public final class ClassState {

    /** No progress event for this long: the learner shows as idle. */
    public static final Duration IDLE = Duration.ofMinutes(5);
    /** No request (events or heartbeat) for this long: the learner's shell is gone. */
    public static final Duration OFFLINE = Duration.ofSeconds(90);
    /** Messages kept for learners who were offline when they were said. */
    static final int MAX_MESSAGES = 50;

    /** One learner as saved. Fields, not a record: Jackson reads and writes it, the server mutates it. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class Learner {
        public String id;
        public String name;
        public String tokenHash;
        public String preset;
        public String provider;
        public String lesson;
        public String step;
        public boolean failing;
        public String lastFailure;
        public Instant stepSince;
        public int hints;
        public Instant lastEvent;
        public Instant lastSeen;
        public long lastSeq;
        public Set<String> lessonsDone = new LinkedHashSet<>();
        public List<String> faults = new ArrayList<>();

        /** A copy that shares nothing mutable (for writing the class file while the server goes on). */
        public Learner copy() {
            Learner c = new Learner();
            c.id = id;
            c.name = name;
            c.tokenHash = tokenHash;
            c.preset = preset;
            c.provider = provider;
            c.lesson = lesson;
            c.step = step;
            c.failing = failing;
            c.lastFailure = lastFailure;
            c.stepSince = stepSince;
            c.hints = hints;
            c.lastEvent = lastEvent;
            c.lastSeen = lastSeen;
            c.lastSeq = lastSeq;
            c.lessonsDone = new LinkedHashSet<>(lessonsDone);
            c.faults = new ArrayList<>(faults);
            return c;
        }
    }

    /** Something the instructor said ({@code workshop say}). */
    public record Message(long id, String text, Instant at) {
    }

    /** The saved form. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class Saved {
        public String instructorToken;
        public String classToken;
        public String open;
        public List<Message> messages = new ArrayList<>();
        public Map<String, Learner> learners = new LinkedHashMap<>();
        /** The last {@link ClassLog} entry this includes (0: none; entries after it are replayed on start). */
        public long lsn;

        /** A copy that shares nothing mutable. */
        public Saved copy() {
            Saved c = new Saved();
            c.instructorToken = instructorToken;
            c.classToken = classToken;
            c.open = open;
            c.messages = new ArrayList<>(messages);
            learners.forEach((k, v) -> c.learners.put(k, v.copy()));
            c.lsn = lsn;
            return c;
        }
    }

    /** A learner who just joined and the token it gets (once; only its hash is kept). */
    public record Joined(Learner learner, String token) {
    }

    /** A lesson of the course as the dashboard draws it. */
    public record LessonRef(String id, String title) {
    }

    /** One dashboard row. */
    public record Row(String id, String name, String preset, String provider, String lesson, String step,
                      String state, String lastFailure, long secondsOnStep, int hints, int lessonsDone,
                      List<String> faults) {
    }

    /** One bar of the class summary: how many learners finished this lesson. */
    public record Bar(String lesson, String title, int past) {
    }

    /** What {@code GET /api/class} and the live stream send. */
    public record Snapshot(Instant at, String open, int learners, List<Row> rows, List<Bar> summary,
                           List<Message> messages) {
    }

    private final Saved saved;
    private final List<LessonRef> lessons;
    private final Clock clock;

    public ClassState(Saved saved, List<LessonRef> lessons, Clock clock) {
        this.saved = saved;
        this.lessons = List.copyOf(lessons);
        this.clock = clock;
    }

    /** A new class with fresh instructor and class tokens. */
    public static Saved fresh() {
        Saved s = new Saved();
        s.instructorToken = Tokens.random();
        s.classToken = Tokens.random();
        return s;
    }

    public Saved saved() {
        return saved;
    }

    /** The time on this class's clock. */
    public Instant now() {
        return clock.instant();
    }

    public List<LessonRef> lessons() {
        return lessons;
    }

    /** The learner whose token this is ({@code <id>.<secret>}), or null: looked up by id, compared in constant time. */
    public Learner learnerByToken(String token) {
        Learner l = byId(idOf(token));
        return l != null && holds(l, token) ? l : null;
    }

    /** The (not secret) learner id a learner token starts with, or null. */
    public static String idOf(String token) {
        if (token == null) {
            return null;
        }
        int dot = token.indexOf('.');
        return dot <= 0 ? null : token.substring(0, dot);
    }

    public Learner byId(String id) {
        return id == null ? null : saved.learners.get(id);
    }

    /**
     * True when {@code token} is this learner's, compared in constant time against the stored hash (the hash is
     * set at join and never changes, so this needs no lock).
     */
    public static boolean holds(Learner l, String token) {
        return Tokens.matches(token, Base64.getDecoder().decode(l.tokenHash));
    }

    public Learner byName(String name) {
        return saved.learners.values().stream().filter(l -> l.name.equals(name)).findFirst().orElse(null);
    }

    /** Adds a learner; returns it with its token (given once, stored only as a hash). */
    public Joined join(String name, String preset, String provider) {
        Learner l = new Learner();
        l.id = Tokens.id();
        while (saved.learners.containsKey(l.id)) {
            l.id = Tokens.id();
        }
        String token = l.id + "." + Tokens.random();
        l.name = name;
        l.tokenHash = Base64.getEncoder().encodeToString(Tokens.hash(token));
        l.preset = preset;
        l.provider = provider;
        l.lastSeen = clock.instant();
        l.lastEvent = l.lastSeen;
        saved.learners.put(l.id, l);
        return new Joined(l, token);
    }

    public void leave(Learner l) {
        saved.learners.remove(l.id);
    }

    /** The learner's shell is alive (every request counts). */
    public void seen(Learner l) {
        l.lastSeen = clock.instant();
    }

    /**
     * Applies events in sequence order; each sequence number once (a resend after a lost answer, or a queue
     * replayed after a restart, changes nothing). Returns the events that were new, in the order applied (what the
     * server logs); {@code l.lastSeq} is then the highest sequence number applied so far.
     */
    public List<WireEvent> apply(Learner l, List<WireEvent> events) {
        return apply(l, events, clock.instant());
    }

    /** {@link #apply} as of {@code now} (the server's time when it was first applied: a replay uses the logged one). */
    public List<WireEvent> apply(Learner l, List<WireEvent> events, Instant now) {
        List<WireEvent> sorted = new ArrayList<>(events);
        sorted.sort(Comparator.comparingLong(WireEvent::seq));
        List<WireEvent> applied = new ArrayList<>();
        for (WireEvent e : sorted) {
            if (e.seq() <= l.lastSeq) {
                continue;
            }
            applyOne(l, e, now);
            l.lastSeq = e.seq();
            applied.add(e);
        }
        return applied;
    }

    /**
     * Applies one change read back from the log (docs/workshop.md, "Persistence"), as it was applied when it was
     * logged; an entry for a learner who is not (or no longer) in the class changes nothing.
     */
    public void replay(ClassLog.Entry e) {
        switch (e.op) {
            case "join" -> {
                if (e.joined != null && e.joined.id != null) {
                    saved.learners.put(e.joined.id, e.joined.copy());
                }
            }
            case "leave" -> saved.learners.remove(e.learner);
            case "events" -> {
                Learner l = saved.learners.get(e.learner);
                if (l != null && e.events != null) {
                    apply(l, e.events, e.at == null ? clock.instant() : e.at);
                    l.lastSeen = e.at == null ? l.lastSeen : e.at;
                }
            }
            case "open" -> saved.open = e.lesson;
            case "say" -> {
                if (e.message != null) {
                    add(e.message);
                }
            }
            default -> throw new IllegalArgumentException("unknown class log entry " + e.op);
        }
        saved.lsn = Math.max(saved.lsn, e.lsn);
    }

    private void applyOne(Learner l, WireEvent e, Instant now) {
        Instant at = e.at() == null ? now : e.at();
        l.lastEvent = now;
        switch (e.type()) {
            case "lesson-started", "step-started" -> {
                moveTo(l, e.lesson(), e.step(), at);
                l.failing = false;
            }
            case "step-failed" -> {
                moveTo(l, e.lesson(), e.step(), at);
                l.failing = true;
                l.lastFailure = e.text();
            }
            case "step-passed" -> {
                moveTo(l, e.lesson(), e.step(), at);
                l.failing = false;
            }
            case "hint-used" -> {
                moveTo(l, e.lesson(), e.step(), at);
                l.hints++;
            }
            case "lesson-done" -> {
                l.lessonsDone.add(e.lesson());
                moveTo(l, e.lesson(), null, at);
                l.failing = false;
            }
            case "break" -> {
                if (!l.faults.contains(e.text())) {
                    l.faults.add(e.text());
                }
            }
            case "heal" -> {
                if ("all".equals(e.text())) {
                    l.faults.clear();
                } else {
                    l.faults.removeIf(f -> f.equals(e.text()) || f.startsWith(e.text() + ":"));
                }
            }
            default -> throw new IllegalArgumentException("unknown event type " + e.type());
        }
    }

    private static void moveTo(Learner l, String lesson, String step, Instant at) {
        boolean moved = !java.util.Objects.equals(lesson, l.lesson) || !java.util.Objects.equals(step, l.step);
        if (moved || l.stepSince == null) {
            l.lesson = lesson;
            l.step = step;
            l.stepSince = at;
            if (moved) {
                l.lastFailure = null;
            }
        }
    }

    /** Opens lessons up to {@code lesson} (course order) for the class. */
    public void open(String lesson) {
        saved.open = lesson;
    }

    public Message say(String text) {
        long id = saved.messages.isEmpty() ? 1 : saved.messages.get(saved.messages.size() - 1).id() + 1;
        Message m = new Message(id, text, clock.instant());
        add(m);
        return m;
    }

    private void add(Message m) {
        saved.messages.add(m);
        while (saved.messages.size() > MAX_MESSAGES) {
            saved.messages.remove(0);
        }
    }

    /** Messages after {@code seen} (the learner's last shown message id). */
    public List<Message> messagesAfter(long seen) {
        return saved.messages.stream().filter(m -> m.id() > seen).toList();
    }

    /** The class as the dashboard shows it: the learners stuck longest first, the finished ones last. */
    public Snapshot snapshot() {
        return ordered(capture());
    }

    /**
     * The class now with its rows in no particular order: the part of {@link #snapshot} that reads the learners (the
     * server holds its lock only for this; {@link #ordered} then runs without it).
     */
    public Snapshot capture() {
        Instant now = clock.instant();
        List<Row> rows = new ArrayList<>(saved.learners.size());
        Map<String, Integer> past = new java.util.HashMap<>();
        for (Learner l : saved.learners.values()) {
            long onStep = l.stepSince == null ? 0 : Math.max(0, Duration.between(l.stepSince, now).getSeconds());
            rows.add(new Row(l.id, l.name, l.preset, l.provider, l.lesson, l.step, state(l, now), l.lastFailure,
                    onStep, l.hints, l.lessonsDone.size(), List.copyOf(l.faults)));
            for (String done : l.lessonsDone) {
                past.merge(done, 1, Integer::sum);
            }
        }
        List<Bar> bars = new ArrayList<>();
        for (LessonRef ref : lessons) {
            bars.add(new Bar(ref.id(), ref.title(), past.getOrDefault(ref.id(), 0)));
        }
        return new Snapshot(now, saved.open, rows.size(), rows, bars, List.copyOf(saved.messages));
    }

    /** {@code s} with its rows in the dashboard's order: the learners stuck longest first, the finished ones last. */
    public static Snapshot ordered(Snapshot s) {
        List<Row> rows = new ArrayList<>(s.rows());
        rows.sort(Comparator.comparing((Row r) -> r.state().equals("done") ? 1 : 0)
                .thenComparing(Comparator.comparingLong(Row::secondsOnStep).reversed())
                .thenComparing(Row::name));
        return new Snapshot(s.at(), s.open(), s.learners(), rows, s.summary(), s.messages());
    }

    /** working / check failing / done / idle N min / offline N min. */
    String state(Learner l, Instant now) {
        if (l.lastSeen != null && Duration.between(l.lastSeen, now).compareTo(OFFLINE) > 0) {
            return "offline " + Duration.between(l.lastSeen, now).toMinutes() + " min";
        }
        boolean allDone = !lessons.isEmpty() && lessons.stream().allMatch(x -> l.lessonsDone.contains(x.id()));
        if (allDone || (l.step == null && l.lesson != null && l.lessonsDone.contains(l.lesson))) {
            return "done";
        }
        if (l.failing) {
            return "check failing";
        }
        if (l.lastEvent != null && Duration.between(l.lastEvent, now).compareTo(IDLE) >= 0) {
            return "idle " + Duration.between(l.lastEvent, now).toMinutes() + " min";
        }
        return "working";
    }
}
