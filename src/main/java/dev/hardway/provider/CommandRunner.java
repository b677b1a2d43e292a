package dev.hardway.provider;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs a local command (the {@code vagrant} CLI) and hands its output to a consumer line by line. A seam so the
 * providers' logic can be tested by replaying recorded output.
 */
@FunctionalInterface
public interface CommandRunner {

    /**
     * @param command the program and its arguments
     * @param dir     working directory
     * @param env     variables to set on top of this process's environment (a null value removes a variable)
     * @param lines   gets stdout and stderr lines merged, in order, as they come
     * @return the exit code
     * @throws IOException          when the program cannot be started
     * @throws InterruptedException when the calling thread is interrupted; the command is then killed
     */
    int run(List<String> command, Path dir, Map<String, String> env, Consumer<String> lines)
            throws IOException, InterruptedException;

    /** The real thing: {@link ProcessBuilder}. */
    CommandRunner PROCESS = (command, dir, env, lines) -> {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        env.forEach((k, v) -> {
            if (v == null) {
                pb.environment().remove(k);
            } else {
                pb.environment().put(k, v);
            }
        });
        Process process = pb.start();
        process.getOutputStream().close(); // vagrant must never wait for input (--machine-readable refuses to ask)
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.accept(line);
                }
            } catch (IOException e) {
                // stream closed because the process was killed: nothing more to read
            }
        }, "vagrant-output");
        reader.setDaemon(true);
        reader.start();
        try {
            int exit = process.waitFor();
            reader.join();
            return exit;
        } catch (InterruptedException e) {
            // Vagrant traps SIGTERM and cleans up; its children (VBoxManage, ssh) go with it.
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            throw e;
        }
    };
}
