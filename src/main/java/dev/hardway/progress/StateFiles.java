package dev.hardway.progress;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Reading the state files under {@code $HARDWAY_HOME} (progress, the simulated lab, faults, settings, the active
 * cluster) so that a damaged one never blocks hardway: a file that cannot be used is moved aside to
 * {@code <name>.corrupt-<timestamp>} (never deleted), a one-line notice says so, and the caller goes on with a fresh
 * state. Notices are data: they are queued here and the shell prints them (on stderr) after the command, once.
 *
 * <p>Also the one place that reads user-named files safely: {@link #readText} refuses what is not a regular file
 * (a directory, a FIFO that would block, a device), a file larger than the limit (no OutOfMemoryError), and bytes
 * that are not UTF-8, each with a sentence saying so.
 */
public final class StateFiles {

    /** State files hardway writes are small; anything above this is not one of them. */
    public static final long MAX_STATE_BYTES = 8L << 20;

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private static final List<String> NOTICES = new ArrayList<>();

    private StateFiles() {
    }

    /** A file that cannot be read as text; {@link #getMessage()} is the reason, for a sentence ("is a directory"). */
    public static final class Unreadable extends IOException {
        public Unreadable(String reason) {
            super(reason);
        }
    }

    /** Parses a state file's text; any exception means the file is unusable (its message says why). */
    @FunctionalInterface
    public interface Parser<T> {
        T parse(String text) throws Exception;
    }

    /**
     * The text of {@code file}, or empty when it does not exist.
     *
     * @throws Unreadable when it is not a regular file, is larger than {@code maxBytes}, or is not UTF-8
     * @throws IOException when reading fails otherwise (permissions)
     */
    public static Optional<String> readText(Path file, long maxBytes) throws IOException {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        if (a.isDirectory()) {
            throw new Unreadable("is a directory, not a file");
        }
        if (!a.isRegularFile()) {
            throw new Unreadable("is not a regular file (a FIFO, socket or device)");
        }
        if (a.size() > maxBytes) {
            throw new Unreadable("is " + a.size() + " bytes, more than the " + maxBytes + " this file may have");
        }
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length > maxBytes) {
            throw new Unreadable("is more than " + maxBytes + " bytes");
        }
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            throw new Unreadable("is not UTF-8 text");
        }
    }

    /**
     * Reads and parses a state file; when it cannot be used, moves it aside, queues a notice and returns
     * {@code fresh}. A missing file is {@code fresh} without a notice.
     *
     * @param what        the file's role for the notice, e.g. "the simulated lab"
     * @param consequence what starting fresh means, e.g. "the simulated lab starts from fresh machines"
     * @throws IOException only when the file cannot even be moved aside (the notice then names the problem)
     */
    public static <T> T readOrSetAside(Path file, String what, String consequence, Parser<T> parser,
                                       Supplier<T> fresh, Clock clock) throws IOException {
        return readOrSetAside(file, what, consequence, aside -> "look at " + aside.getFileName() + ", or delete it",
                parser, fresh, clock);
    }

    /** As above, with the {@code Try:} for the moved file ({@code fix} gets where it went). */
    public static <T> T readOrSetAside(Path file, String what, String consequence,
                                       java.util.function.Function<Path, String> fix, Parser<T> parser,
                                       Supplier<T> fresh, Clock clock) throws IOException {
        String why = "unreadable";
        Optional<String> text;
        try {
            text = readText(file, MAX_STATE_BYTES);
        } catch (Unreadable e) {
            text = null;
            why = "it " + e.getMessage();
        }
        if (text != null) {
            if (text.isEmpty()) {
                return fresh.get();
            }
            try {
                T value = parser.parse(text.get());
                if (value != null) {
                    return value;
                }
                why = "it is empty or null";
            } catch (Exception e) {
                why = firstLine(e.getMessage());
            }
        }
        Path aside = setAside(file, clock);
        notice(what + " " + file + " could not be read (" + why + "); it was moved to " + aside + " and "
                + consequence + ". Try: " + fix.apply(aside));
        return fresh.get();
    }

    /** Moves {@code file} (a file or a directory) to {@code <name>.corrupt-<timestamp>} and returns where. */
    public static Path setAside(Path file, Clock clock) throws IOException {
        Path aside = file.resolveSibling(file.getFileName() + ".corrupt-" + STAMP.format(clock.instant()));
        for (int i = 2; Files.exists(aside, LinkOption.NOFOLLOW_LINKS); i++) {
            aside = file.resolveSibling(file.getFileName() + ".corrupt-" + STAMP.format(clock.instant()) + "-" + i);
        }
        Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
        return aside;
    }

    /** Queues a notice for the shell to show once. */
    public static void notice(String text) {
        synchronized (NOTICES) {
            if (!NOTICES.contains(text)) {
                NOTICES.add(text);
            }
        }
    }

    /** The notices queued since the last call (the shell prints them after each command). */
    public static List<String> drainNotices() {
        synchronized (NOTICES) {
            List<String> out = List.copyOf(NOTICES);
            NOTICES.clear();
            return out;
        }
    }

    /** The first line of an exception message, at most 160 characters (a parser's dump is not for the user). */
    public static String firstLine(String s) {
        if (s == null || s.isBlank()) {
            return "unreadable";
        }
        String line = s.strip().lines().findFirst().orElse("").strip();
        return line.length() > 160 ? line.substring(0, 157) + "..." : line;
    }
}
