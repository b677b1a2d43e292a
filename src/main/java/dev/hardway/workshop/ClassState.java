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
 * Made from the learners' events ({@link #apply}); saved by {@link WorkshopServer} after every change (so a restart
 * of the instructor's shell keeps the class, the tokens and what was already applied). Not thread-safe: the server
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

    public List<LessonRef> lessons() {
        return lessons;
    }

    /** The learner whose token this is ({@code <id>.<secret>}), or null: looked up by id, compared in constant time. */
    public Learner learnerByToken(String token) {
        if (token == null) {
            return null;
        }
        int dot = token.indexOf('.');
        if (dot <= 0) {
            return null;
        }
        Learner l = saved.learners.get(token.substring(0, dot));
        if (l == null) {
            return null;
        }
        return Tokens.matches(token, Base64.getDecoder().decode(l.tokenHash)) ? l : null;
    }

    public Learner byName(String name) {
        return saved.learners.values().stream().filter(l -> l.name.equals(name)).findFirst().orElse(null);
    }

    /** Adds a learner; returns its token (given once, stored only as a hash). */
    public String join(String name, String preset, String provider) {
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
        return token;
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
     * replayed after a restart, changes nothing). Returns the highest sequence number applied so far.
     */
    public long apply(Learner l, List<WireEvent> events) {
        List<WireEvent> sorted = new ArrayList<>(events);
        sorted.sort(Comparator.comparingLong(WireEvent::seq));
        for (WireEvent e : sorted) {
            if (e.seq() <= l.lastSeq) {
                continue;
            }
            applyOne(l, e);
            l.lastSeq = e.seq();
        }
        return l.lastSeq;
    }

    private void applyOne(Learner l, WireEvent e) {
        Instant at = e.at() == null ? clock.instant() : e.at();
        l.lastEvent = clock.instant();
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
        saved.messages.add(m);
        while (saved.messages.size() > MAX_MESSAGES) {
            saved.messages.remove(0);
        }
        return m;
    }

    /** Messages after {@code seen} (the learner's last shown message id). */
    public List<Message> messagesAfter(long seen) {
        return saved.messages.stream().filter(m -> m.id() > seen).toList();
    }

    /** The class as the dashboard shows it: the learners stuck longest first, the finished ones last. */
    public Snapshot snapshot() {
        Instant now = clock.instant();
        List<Row> rows = new ArrayList<>();
        for (Learner l : saved.learners.values()) {
            long onStep = l.stepSince == null ? 0 : Math.max(0, Duration.between(l.stepSince, now).getSeconds());
            rows.add(new Row(l.id, l.name, l.preset, l.provider, l.lesson, l.step, state(l, now), l.lastFailure,
                    onStep, l.hints, l.lessonsDone.size(), List.copyOf(l.faults)));
        }
        rows.sort(Comparator.comparing((Row r) -> r.state().equals("done") ? 1 : 0)
                .thenComparing(Comparator.comparingLong(Row::secondsOnStep).reversed())
                .thenComparing(Row::name));
        List<Bar> bars = new ArrayList<>();
        for (LessonRef ref : lessons) {
            int past = (int) saved.learners.values().stream().filter(l -> l.lessonsDone.contains(ref.id())).count();
            bars.add(new Bar(ref.id(), ref.title(), past));
        }
        return new Snapshot(now, saved.open, rows.size(), rows, bars, List.copyOf(saved.messages));
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
