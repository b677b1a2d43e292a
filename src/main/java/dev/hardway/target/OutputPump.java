package dev.hardway.target;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;

/**
 * Reads one output stream of a running command until EOF: hands each line to an {@link OutputListener} as soon as
 * it is complete and keeps the bytes for the {@link ExecResult}. Shared by the SSH target and the tests' local
 * one; not part of the seam.
 */
public final class OutputPump implements Runnable {

    /** Keeps a runaway command (a `journalctl -f` by mistake) from eating the heap; the listener still sees all. */
    static final int MAX_COLLECTED = 16 * 1024 * 1024;

    private final InputStream in;
    private final String node;
    private final OutputListener.Stream stream;
    private final OutputListener listener;
    private final Predicate<String> firstLineInterceptor;
    private final ByteArrayOutputStream collected = new ByteArrayOutputStream();
    private volatile boolean truncated;
    private volatile IOException failure;

    /**
     * @param firstLineInterceptor sees the first line before anyone else; when it returns true the line is
     *                             swallowed (used for the process-group marker the SSH target writes); may be null
     */
    public OutputPump(InputStream in, String node, OutputListener.Stream stream, OutputListener listener,
                      Predicate<String> firstLineInterceptor) {
        this.in = in;
        this.node = node;
        this.stream = stream;
        this.listener = listener == null ? OutputListener.NONE : listener;
        this.firstLineInterceptor = firstLineInterceptor;
    }

    @Override
    public void run() {
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        byte[] buf = new byte[8192];
        boolean first = true;
        try {
            int n;
            while ((n = in.read(buf)) >= 0) {
                int start = 0;
                for (int i = 0; i < n; i++) {
                    if (buf[i] == '\n') {
                        line.write(buf, start, i - start + 1);
                        start = i + 1;
                        deliver(line, first);
                        first = false;
                        line.reset();
                    }
                }
                line.write(buf, start, n - start);
            }
        } catch (IOException e) {
            // The channel or process was torn down under us (cancel, timeout, lost connection): the caller
            // decides what that means; keep what was read.
            failure = e;
        } finally {
            if (line.size() > 0) {
                deliver(line, first);
            }
        }
    }

    private void deliver(ByteArrayOutputStream lineBytes, boolean first) {
        byte[] bytes = lineBytes.toByteArray();
        int end = bytes.length;
        if (end > 0 && bytes[end - 1] == '\n') {
            end--;
        }
        if (end > 0 && bytes[end - 1] == '\r') {
            end--;
        }
        String text = new String(bytes, 0, end, StandardCharsets.UTF_8);
        if (first && firstLineInterceptor != null && firstLineInterceptor.test(text)) {
            return;
        }
        synchronized (collected) {
            if (collected.size() + bytes.length <= MAX_COLLECTED) {
                collected.write(bytes, 0, bytes.length);
            } else {
                truncated = true;
            }
        }
        listener.line(node, stream, text);
    }

    /** Everything collected so far (complete after {@link #run()} returned). */
    public String text() {
        synchronized (collected) {
            String s = collected.toString(StandardCharsets.UTF_8);
            return truncated ? s + "\n[hardway: output truncated at " + MAX_COLLECTED / (1024 * 1024) + " MiB]\n" : s;
        }
    }

    /** The read error that ended the pump early, or null when it reached EOF. */
    public IOException failure() {
        return failure;
    }
}
