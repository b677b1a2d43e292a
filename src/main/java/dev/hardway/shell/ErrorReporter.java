package dev.hardway.shell;

import dev.hardway.HardwayException;
import dev.hardway.target.TargetException;
import java.io.PrintWriter;
import java.util.List;
import java.util.function.Function;

/**
 * Turns any exception into a short message and an exit code. Engine exceptions carry user-facing messages (they
 * name the file/node and end with "Try:"); anything else is an internal error (exit 4) whose stack trace is shown
 * only with {@code --debug}.
 */
public final class ErrorReporter {

    /** Maps an engine exception type to its exit code; null = not this one. */
    private final List<Function<Throwable, Integer>> mappings;

    public ErrorReporter(List<Function<Throwable, Integer>> mappings) {
        this.mappings = mappings;
    }

    public static ErrorReporter standard() {
        return new ErrorReporter(List.of(
                t -> t instanceof TargetException ? HardwayException.UNREACHABLE : null,
                t -> t instanceof dev.hardway.cluster.ConfigException ? HardwayException.BAD_INPUT : null,
                t -> t instanceof dev.hardway.lesson.LessonException ? HardwayException.BAD_INPUT : null,
                t -> t instanceof dev.hardway.provider.ProviderException ? HardwayException.UNREACHABLE : null));
    }

    /** Prints the problem on {@code err} (stderr in one-shot mode) and returns its exit code. */
    public int report(Throwable t, PrintWriter out, Style style, boolean debug) {
        Throwable root = unwrap(t);
        if (root instanceof dev.hardway.Problem.Carrier c) {
            out.println(style.bad("error: ") + root.getMessage());
            if (debug) {
                root.printStackTrace(out);
            }
            return c.exitCode();
        }
        if (root instanceof java.nio.file.FileSystemException fs) {
            // a path the user gave (--out, export, HARDWAY_HOME) that cannot be written: their input, not a bug
            out.println(style.bad("error: ") + fileProblem(fs).render());
            return HardwayException.BAD_INPUT;
        }
        for (Function<Throwable, Integer> m : mappings) {
            Integer code = m.apply(root);
            if (code != null) {
                out.println(style.bad("error: ") + root.getMessage());
                if (debug) {
                    root.printStackTrace(out);
                }
                return code;
            }
        }
        out.println(style.bad("internal error: ") + root + " — this is a bug in hardway."
                + (debug ? "" : " Try: run again with --debug for the stack trace, and report it."));
        if (debug) {
            root.printStackTrace(out);
        }
        return HardwayException.INTERNAL;
    }

    static dev.hardway.Problem fileProblem(java.nio.file.FileSystemException e) {
        String file = e.getFile() == null ? "a file" : e.getFile();
        String why;
        if (e instanceof java.nio.file.NoSuchFileException) {
            why = "does not exist or cannot be created there";
        } else if (e instanceof java.nio.file.FileAlreadyExistsException) {
            why = "already exists and is not a directory hardway can write into";
        } else if (e instanceof java.nio.file.AccessDeniedException) {
            why = "is not writable (permission denied)";
        } else if (e instanceof java.nio.file.NotDirectoryException) {
            why = "is not a directory";
        } else {
            why = "cannot be used (" + (e.getReason() == null ? "file system error" : e.getReason()) + ")";
        }
        return dev.hardway.Problem.error(file + " " + why, "a path in a directory you can write to (for --out: a new"
                + " or existing directory, not a file)");
    }

    private static Throwable unwrap(Throwable t) {
        Throwable cur = t;
        while ((cur instanceof java.lang.reflect.InvocationTargetException
                || cur instanceof java.util.concurrent.ExecutionException
                || cur instanceof java.io.UncheckedIOException && cur.getCause() != null
                || cur.getClass() == RuntimeException.class && cur.getCause() != null)
                && cur.getCause() != null) {
            cur = cur.getCause();
        }
        return cur;
    }
}
