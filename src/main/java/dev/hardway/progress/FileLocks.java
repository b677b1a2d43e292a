package dev.hardway.progress;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Exclusive access to a state file across threads and processes: an in-JVM lock per path (a JVM cannot take the
 * same {@link FileLock} twice, and a file lock is held per JVM, not per thread) plus an OS lock on
 * {@code <file>.lock}, so a read-modify-write in one hardway process never interleaves with one in another.
 */
public final class FileLocks {

    private static final Map<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

    private FileLocks() {
    }

    /** What runs under the lock; may throw an I/O error and one other exception type of the caller's. */
    @FunctionalInterface
    public interface IoBody<T, E extends Exception> {
        T run() throws IOException, E;
    }

    /**
     * Runs {@code body} holding the JVM lock of {@code file} and the file lock on {@code <file>.lock} (the parent
     * directory is created first). I/O errors, of locking or of the body, are thrown for the caller to explain.
     */
    public static <T, E extends Exception> T withLock(Path file, IoBody<T, E> body) throws IOException, E {
        Path abs = file.toAbsolutePath();
        ReentrantLock jvm = LOCKS.computeIfAbsent(abs, k -> new ReentrantLock());
        jvm.lock();
        try {
            Files.createDirectories(abs.getParent());
            Path lockFile = abs.resolveSibling(abs.getFileName() + ".lock");
            try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = ch.lock()) {
                return body.run();
            }
        } finally {
            jvm.unlock();
        }
    }
}
