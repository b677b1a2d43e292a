package dev.hardway.progress;

import dev.hardway.HardwayHome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A profile's progress file ({@code $HARDWAY_HOME/progress/<profile>.yaml}, DESIGN.md §3 "Progress").
 *
 * <p>Crash safety: every write goes through {@link AtomicFiles} (a temp file in the same directory, forced to disk,
 * renamed over the file atomically), so a reader (or a process killed mid-write) sees either the old or the new
 * version, never a mix. Concurrency: reads and writes hold {@link FileLocks#withLock} (an exclusive file lock on
 * {@code <name>.lock} plus an in-process lock), so two hardway processes never interleave; {@link #update} is
 * read-modify-write under one lock.
 *
 * <p>A file that cannot be parsed is never silently reset: it is moved aside to {@code <name>.corrupt-<timestamp>}
 * and a notice saying so is returned ({@link Loaded#notice()}, {@link #takeNotices()}).
 */
public final class ProgressStore {

    public static final String DEFAULT_PROFILE = "default";

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final Path file;
    private final String defaultCluster;
    private final Clock clock;
    private final List<String> notices = new ArrayList<>();

    /**
     * @param file           the progress file
     * @param defaultCluster the cluster name recorded in a fresh file
     */
    public ProgressStore(Path file, String defaultCluster, Clock clock) {
        this.file = file.toAbsolutePath();
        this.defaultCluster = defaultCluster;
        this.clock = clock;
    }

    public ProgressStore(Path file, String defaultCluster) {
        this(file, defaultCluster, Clock.systemUTC());
    }

    /** {@code $HARDWAY_HOME/progress/<profile>.yaml}; profile null or blank means "default". */
    public static ProgressStore of(HardwayHome home, String profile, String cluster) {
        String p = profile == null || profile.isBlank() ? DEFAULT_PROFILE : profile;
        return new ProgressStore(home.progressFile(p), cluster);
    }

    public Path file() {
        return file;
    }

    public Clock clock() {
        return clock;
    }

    /**
     * What {@link #load()} found.
     *
     * @param notice non-null when the file was corrupt and moved aside: says where, and how to get it back
     */
    public record Loaded(Progress progress, String notice) {
    }

    /** Reads the progress (a missing file is fresh progress). */
    public Loaded load() throws ProgressException {
        return locked(() -> {
            int before = notices.size();
            Progress p = readOrSetAside();
            String notice = notices.size() > before ? notices.get(notices.size() - 1) : null;
            return new Loaded(p, notice);
        });
    }

    /** Replaces the progress. */
    public void save(Progress p) throws ProgressException {
        locked(() -> {
            AtomicFiles.write(file, ProgressCodec.write(p));
            return null;
        });
    }

    /** Reads, changes and writes the progress under one lock, so concurrent hardway processes lose no update. */
    public Progress update(UnaryOperator<Progress> change) throws ProgressException {
        return locked(() -> {
            Progress p = change.apply(readOrSetAside());
            AtomicFiles.write(file, ProgressCodec.write(p));
            return p;
        });
    }

    /** Notices about corrupt files set aside since the last call (for callers of {@link #update}). */
    public synchronized List<String> takeNotices() {
        List<String> out = List.copyOf(notices);
        notices.clear();
        return out;
    }

    /** Writes the current progress to {@code target} (same format, written atomically). */
    public void exportTo(Path target) throws ProgressException {
        Progress p = load().progress();
        try {
            Path abs = target.toAbsolutePath();
            if (Files.isDirectory(abs) || abs.getFileName() == null) {
                throw new ProgressException(dev.hardway.Problem.error(target + " is a directory",
                        "a file name, e.g. progress export my-progress.yaml"));
            }
            if (abs.getParent() != null) {
                Files.createDirectories(abs.getParent());
            }
            AtomicFiles.write(abs, ProgressCodec.write(p));
        } catch (IOException e) {
            throw new ProgressException(dev.hardway.Problem.error("cannot write " + target + ": " + e.getMessage(),
                    "a path in a writable directory"), e);
        }
    }

    /**
     * Replaces the progress with the one in {@code source} after validating it completely; a bad file is refused
     * with the problem named, and the current progress stays as it was.
     */
    public Progress importFrom(Path source) throws ProgressException {
        return importFrom(source, p -> {
        });
    }

    /** What an import must agree with (the cluster, the lesson and step ids); throws to refuse. */
    @FunctionalInterface
    public interface ImportCheck {
        void check(Progress p) throws ProgressException;
    }

    /** As {@link #importFrom(Path)}, refusing what {@code check} refuses before anything is replaced. */
    public Progress importFrom(Path source, ImportCheck check) throws ProgressException {
        String text;
        try {
            text = StateFiles.readText(source, StateFiles.MAX_STATE_BYTES).orElseThrow(() -> new NoSuchFileException(
                    source.toString()));
        } catch (NoSuchFileException e) {
            throw ProgressException.at(source.toString(), 0, "", "no such file", "the path given to progress export");
        } catch (StateFiles.Unreadable e) {
            throw new ProgressException(dev.hardway.Problem.error(source + " " + e.getMessage() + ", not a progress export",
                    "the file written by progress export"), e);
        } catch (IOException e) {
            throw new ProgressException(new dev.hardway.Problem(source.toString(), 0, "", "cannot be read ("
                    + StateFiles.firstLine(e.getMessage()) + ")", "check the path and its permissions"), e);
        }
        Progress p = ProgressCodec.read(text, source.toString());
        check.check(p);
        save(p);
        return p;
    }

    // ---- internals ------------------------------------------------------------------------------------------

    private <T> T locked(FileLocks.IoBody<T, ProgressException> body) throws ProgressException {
        try {
            return FileLocks.withLock(file, body);
        } catch (IOException e) {
            throw new ProgressException(dev.hardway.Problem.error("cannot use " + file + ": " + e.getMessage(),
                    "check that HARDWAY_HOME is writable"), e);
        }
    }

    private Progress readOrSetAside() throws IOException {
        List<String> before = StateFiles.drainNotices();
        Progress p = StateFiles.readOrSetAside(file, "progress file", "progress starts fresh",
                aside -> "progress import " + aside + " after fixing it, or progress import <an export>",
                text -> ProgressCodec.read(text, file.getFileName().toString()), () -> Progress.empty(defaultCluster),
                clock);
        List<String> mine = StateFiles.drainNotices();
        before.forEach(StateFiles::notice);
        mine.forEach(StateFiles::notice);
        synchronized (this) {
            notices.addAll(mine);
        }
        return p;
    }
}
