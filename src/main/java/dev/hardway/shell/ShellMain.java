package dev.hardway.shell;

import dev.hardway.Version;
import java.io.PrintWriter;
import java.util.List;
import org.springframework.stereotype.Component;

/** Decides between one-shot mode ({@code hardway <command words>}) and the interactive shell. */
@Component
public class ShellMain {

    private final CommandRunner runner;
    private final ShellSession session;
    private final Commands commands;
    private final PromptProvider prompt;

    private final ShellApplication.Io io;

    public ShellMain(CommandRunner runner, ShellSession session, Commands commands, PromptProvider prompt,
                     ShellApplication.Io io) {
        this.io = io;
        this.runner = runner;
        this.session = session;
        this.commands = commands;
        this.prompt = prompt;
    }

    public int run(List<String> words, boolean debug) {
        PrintWriter out = new PrintWriter(io.out(), true);
        PrintWriter err = new PrintWriter(io.err(), true);
        if (session.settings().warning() != null) {
            err.println("warning: " + session.settings().warning());
        }
        if (words.equals(List.of("--help")) || words.equals(List.of("-h"))) {
            words = List.of("help");
        }
        if (!words.isEmpty()) {
            int code = runner.run(words, out, err, session.style(), false, null, debug);
            for (String n : prompt.notices()) {
                err.println(session.style().accent("» " + n));
            }
            return code;
        }
        return new InteractiveShell(runner, session, commands, prompt, debug).loop(
                "hardway " + Version.get() + " — Kubernetes the hard way, one step at a time.");
    }
}
