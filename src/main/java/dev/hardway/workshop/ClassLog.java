package dev.hardway.workshop;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The class's append-only change log (docs/workshop.md, "Persistence"): every change of the class (a learner
 * joined or left, events applied, a lesson opened, a message said) is one JSON line with a log sequence number
 * ({@code lsn}), and the server answers a request only once its line is on disk. The compacted class file
 * ({@code class.json}) says up to which lsn it includes; on start the server reads it and applies the newer lines
 * ({@link #open}). Lines go to segment files {@code log-<first lsn>.jsonl}; a compaction starts a new segment
 * ({@link #rotate}) and, once the class file covers them, deletes the older ones ({@link #dropThrough}).
 *
 * <p>Group commit: {@link #append} (called under the server's class lock, so the log's order is the order the
 * changes were applied in) only numbers the entry and queues it. {@link #awaitDurable} (called without that lock,
 * before the answer) writes: the first request to find no write under way takes everything queued (its own entry
 * and those of the requests that came meanwhile), writes it with one {@code write} and one {@code fdatasync} and
 * wakes the others; a request whose entry went with it returns, one that queued later takes the next turn. No
 * thread hand-off for a lone request, one fsync per turn for a busy class. A crash in the middle of a write leaves
 * at most a torn last line, which {@link #open} ignores and cuts off: its request was never answered, so its
 * learner still has the events queued and sends them again.
 */
public final class ClassLog implements AutoCloseable {

    /** One change of the class, as a log line. Fields, not a record: Jackson reads and writes it. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static final class Entry {
        public long lsn;
        /** join, leave, events, open, say. */
        public String op;
        /** The server's time when the change was applied (replay uses it, not the clock). */
        public Instant at;
        /** The learner's id (leave, events). */
        public String learner;
        /** The learner as joined (join): id, name, token hash, preset, provider. */
        public ClassState.Learner joined;
        /** The events applied (events): only those that were new, in order. */
        public List<WireEvent> events;
        /** The lesson opened (open). */
        public String lesson;
        /** What was said (say). */
        public ClassState.Message message;

        public static Entry of(String op, Instant at) {
            Entry e = new Entry();
            e.op = op;
            e.at = at;
            return e;
        }
    }

    /** What {@link #open} read: how many lines were applied and what was skipped (for a notice). */
    public record Replayed(long applied, long lastLsn, int tornLines, List<String> problems) {
    }

    static final Pattern SEGMENT = Pattern.compile("log-(\\d{20})\\.jsonl");
    static final Duration WRITE_TIMEOUT = Duration.ofSeconds(10);

    private final Path dir;
    private final ObjectMapper json;
    private final ReentrantLock mon = new ReentrantLock();
    /** Signalled when a write turn ends (entries became durable, or the write failed). */
    private final Condition written = mon.newCondition();
    /** Queued, not yet written (guarded by mon). */
    private List<Entry> pending = new ArrayList<>();
    private long lastAssigned;
    private long durable;
    /** A request is writing (guarded by mon): the others wait for its turn to end. */
    private boolean writing;
    /** Compactions asked for a new segment so many times; the last write turn started one for rotatedAt. */
    private long rotations = 1;
    private long rotatedAt;
    private boolean closed;
    private IOException failure;
    /** Held by the writing request while it writes and by {@link #dropThrough}: a segment is never deleted mid-write. */
    private final Object segLock = new Object();
    /** The segment being written (guarded by segLock). */
    private FileChannel out;
    private Path outPath;

    private ClassLog(Path dir, ObjectMapper json, long lastLsn) {
        this.dir = dir;
        this.json = json;
        this.lastAssigned = lastLsn;
        this.durable = lastLsn;
    }

    /**
     * Applies, in order, every entry in {@code dir}'s segments with an lsn above {@code after} (what the class
     * file already includes), then opens the log for appending after the last one. A line that cannot be read at
     * the end of a segment is a write torn by a crash and skipped; one in the middle is damage: it is skipped and
     * named in {@link Replayed#problems()}.
     */
    public static ClassLog open(Path dir, ObjectMapper json, long after, Consumer<Entry> apply,
                                Consumer<Replayed> replayed) throws IOException {
        Files.createDirectories(dir);
        long last = after;
        long applied = 0;
        int torn = 0;
        List<String> problems = new ArrayList<>();
        for (Path seg : segments(dir)) {
            byte[] all = Files.readAllBytes(seg);
            int start = 0;
            int lineNo = 0;
            int goodEnd = 0;
            while (start < all.length) {
                int nl = indexOf(all, (byte) '\n', start);
                boolean complete = nl >= 0;
                int end = complete ? nl : all.length;
                lineNo++;
                String line = new String(all, start, end - start, StandardCharsets.UTF_8);
                start = end + 1;
                if (line.isBlank()) {
                    goodEnd = Math.min(start, all.length);
                    continue;
                }
                Entry e;
                try {
                    e = complete ? json.readValue(line, Entry.class) : null;
                } catch (IOException x) {
                    e = null;
                }
                if (e == null || e.op == null || e.lsn <= 0) {
                    if (start >= all.length) {
                        // the last line of a segment: a write the crash cut short, never acknowledged; cut off,
                        // so what is appended next is not glued to it
                        torn++;
                        try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.WRITE)) {
                            ch.truncate(goodEnd);
                            ch.force(false);
                        }
                    } else {
                        problems.add(seg.getFileName() + ":" + lineNo + " cannot be read and is skipped");
                    }
                    continue;
                }
                goodEnd = Math.min(start, all.length);
                if (e.lsn <= last) {
                    continue; // already in the class file (or a segment the last compaction had not deleted)
                }
                apply.accept(e);
                last = e.lsn;
                applied++;
            }
        }
        replayed.accept(new Replayed(applied, last, torn, List.copyOf(problems)));
        return new ClassLog(dir, json, last);
    }

    /** The segment files, oldest first. */
    static List<Path> segments(Path dir) throws IOException {
        List<Path> segs = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return segs;
        }
        try (var s = Files.list(dir)) {
            s.filter(p -> SEGMENT.matcher(p.getFileName().toString()).matches()).sorted().forEach(segs::add);
        }
        return segs;
    }

    private static long firstLsn(Path seg) {
        Matcher m = SEGMENT.matcher(seg.getFileName().toString());
        return m.matches() ? Long.parseLong(m.group(1)) : Long.MAX_VALUE;
    }

    private static int indexOf(byte[] b, byte x, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == x) {
                return i;
            }
        }
        return -1;
    }

    /** Numbers the entry and queues it (written by the next {@link #awaitDurable}); returns its lsn. Call in the order changes are applied. */
    public long append(Entry e) {
        mon.lock();
        try {
            if (closed) {
                throw new IllegalStateException("the class log is closed");
            }
            e.lsn = ++lastAssigned;
            pending.add(e);
            return e.lsn;
        } finally {
            mon.unlock();
        }
    }

    /** The lsn of the last entry appended (written or not). */
    public long lastAssigned() {
        mon.lock();
        try {
            return lastAssigned;
        } finally {
            mon.unlock();
        }
    }

    /**
     * Returns once every entry up to {@code lsn} is on disk, writing them itself when no other request is writing
     * (see the class comment); an I/O error if they cannot be written (the entries stay queued, and the next
     * caller tries again).
     */
    public void awaitDurable(long lsn) throws IOException {
        long left = WRITE_TIMEOUT.toNanos();
        mon.lock();
        try {
            while (durable < lsn) {
                if (!writing) {
                    if (pending.isEmpty()) {
                        throw new IllegalArgumentException("no entry " + lsn + " was appended");
                    }
                    writeTurn(); // returns with the lock held
                    if (durable < lsn && failure != null) {
                        throw new IOException("the class log could not be written: " + failure.getMessage(),
                                failure);
                    }
                    continue;
                }
                if (left <= 0) {
                    throw new IOException("the class log could not be written in " + WRITE_TIMEOUT.toSeconds()
                            + " s" + (failure == null ? "" : ": " + failure.getMessage()), failure);
                }
                try {
                    left = written.awaitNanos(left);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while the class log was written", ie);
                }
            }
        } finally {
            mon.unlock();
        }
    }

    /**
     * One write turn, entered and left with {@code mon} held (released while writing): everything queued goes to
     * the disk with one write and one fdatasync; on failure it is queued again, first.
     */
    private void writeTurn() {
        List<Entry> batch = pending;
        pending = new ArrayList<>();
        long rotation = rotations;
        writing = true;
        mon.unlock();
        IOException failed = null;
        try {
            write(batch, rotation != rotatedAt);
            rotatedAt = rotation;
        } catch (IOException e) {
            failed = e;
        } catch (RuntimeException e) {
            failed = new IOException(e.toString(), e);
        } finally {
            if (failed != null) {
                closeOut();
            }
            mon.lock();
        }
        writing = false;
        if (failed == null) {
            durable = batch.get(batch.size() - 1).lsn;
            failure = null;
        } else {
            failure = failed;
            List<Entry> again = new ArrayList<>(batch);
            again.addAll(pending);
            pending = again;
        }
        written.signalAll();
    }

    /** The next write goes to a new segment (a compaction is about to cover everything before it). */
    public void rotate() {
        mon.lock();
        try {
            rotations++;
        } finally {
            mon.unlock();
        }
    }

    private long durable() {
        mon.lock();
        try {
            return durable;
        } finally {
            mon.unlock();
        }
    }

    /**
     * Deletes the segments whose entries are all at or below {@code lsn} (the class file now includes them). The
     * segment being written is kept, and no write runs meanwhile.
     */
    public void dropThrough(long lsn) throws IOException {
        synchronized (segLock) {
            List<Path> segs = segments(dir);
            long written = durable();
            for (int i = 0; i < segs.size(); i++) {
                Path s = segs.get(i);
                if (out != null && s.equals(outPath)) {
                    continue;
                }
                long lastInIt = i + 1 < segs.size() ? firstLsn(segs.get(i + 1)) - 1 : written;
                if (lastInIt <= lsn) {
                    Files.deleteIfExists(s);
                }
            }
        }
    }

    private void write(List<Entry> batch, boolean newSegment) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream(batch.size() * 256);
        for (Entry e : batch) {
            buf.write(json.writeValueAsBytes(e));
            buf.write('\n');
        }
        synchronized (segLock) {
            if (newSegment || out == null) {
                closeOut();
                Path p = dir.resolve(String.format("log-%020d.jsonl", batch.get(0).lsn));
                out = create(p);
                outPath = p;
                if (out.size() > 0) {
                    ByteBuffer last = ByteBuffer.allocate(1);
                    out.read(last, out.size() - 1);
                    if (last.get(0) != '\n') {
                        // a write that failed before left part of a line: end it, so the first entry here is whole
                        out.write(ByteBuffer.wrap(new byte[] {'\n'}));
                    }
                }
            }
            ByteBuffer b = ByteBuffer.wrap(buf.toByteArray());
            while (b.hasRemaining()) {
                out.write(b);
            }
            out.force(false);
        }
    }

    /** A segment only its owner can read (it holds the learners' token hashes), from the first byte on. */
    private static FileChannel create(Path p) throws IOException {
        Set<StandardOpenOption> opts = Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileChannel ch;
        try {
            ch = FileChannel.open(p, opts, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            ch = FileChannel.open(p, opts);
        }
        ch.position(ch.size()); // appends: only this thread writes it
        return ch;
    }

    private void closeOut() {
        synchronized (segLock) {
            if (out != null) {
                try {
                    out.close();
                } catch (IOException ignored) {
                    // the next write opens a new segment
                }
                out = null;
            }
        }
    }

    /** Writes what is queued (waiting for a write under way), then takes no more entries. */
    @Override
    public void close() {
        try {
            awaitDurable(lastAssigned());
        } catch (IOException ignored) {
            // what could not be written was never acknowledged
        }
        mon.lock();
        try {
            closed = true;
        } finally {
            mon.unlock();
        }
        closeOut();
    }
}
