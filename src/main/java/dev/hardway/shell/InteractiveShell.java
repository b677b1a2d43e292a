package dev.hardway.shell;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.List;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * The interactive loop on JLine 3: prompt, persistent history under {@code $HARDWAY_HOME}, Tab completion with
 * descriptions, Ctrl-C cancels the running command (and clears the line at the prompt), Ctrl-D or {@code exit}
 * leaves.
 */
final class InteractiveShell {

    private final CommandRunner runner;
    private final ShellSession session;
    private final Commands commands;
    private final PromptProvider prompt;
    private final boolean debug;

    InteractiveShell(CommandRunner runner, ShellSession session, Commands commands, PromptProvider prompt,
                     boolean debug) {
        this.runner = runner;
        this.session = session;
        this.commands = commands;
        this.prompt = prompt;
        this.debug = debug;
    }

    /**
     * The history file as JLine needs it: a damaged one (a directory, not UTF-8, oversize) is moved aside with a
     * note, like every other state file, instead of ending the shell.
     */
    private static void usableHistory(java.nio.file.Path file) {
        try {
            dev.hardway.progress.StateFiles.readOrSetAside(file, "the command history",
                    "the shell starts with an empty history", text -> text, () -> "", java.time.Clock.systemUTC());
        } catch (IOException e) {
            dev.hardway.progress.StateFiles.notice("the command history " + file + " cannot be used ("
                    + e.getMessage() + ")");
        }
    }

    int loop(String greeting) {
        // without a console (commands piped in) JLine falls back to a dumb terminal; that is expected, not a warning
        java.util.logging.Logger.getLogger("org.jline").setLevel(java.util.logging.Level.SEVERE);
        try (Terminal terminal = TerminalBuilder.builder().name("hardway").system(true).build()) {
            Files.createDirectories(session.home().root());
            usableHistory(session.home().history());
            // an unclosed quote must not make the reader wait for more lines (piped input: the rest of the session
            // would become one argument); the loop reports it instead
            DefaultParser parser = new DefaultParser();
            parser.setEofOnUnclosedQuote(false);
            DefaultParser strict = new DefaultParser();
            strict.setEofOnUnclosedQuote(true);
            LineReader reader = LineReaderBuilder.builder()
                    .terminal(terminal)
                    .appName("hardway")
                    .completer(new Completion(commands))
                    .parser(parser)
                    .variable(LineReader.HISTORY_FILE, session.home().history())
                    .variable(LineReader.HISTORY_SIZE, 2000)
                    .option(LineReader.Option.AUTO_LIST, true)
                    .option(LineReader.Option.LIST_PACKED, true)
                    .build();
            reader.unsetOpt(LineReader.Option.INSERT_TAB);
            PrintWriter out = terminal.writer();
            terminal.handle(Terminal.Signal.INT, s -> session.cancel());
            out.println(session.style().bold(greeting));
            for (String line : Greeting.get()) {
                out.println(line);
            }
            out.flush();
            Invocation.Console console = new Invocation.Console() {
                @Override
                public boolean confirm(String question) {
                    String answer = reader.readLine(question + " [y/N] ");
                    return answer != null && (answer.trim().equalsIgnoreCase("y")
                            || answer.trim().equalsIgnoreCase("yes"));
                }

                @Override
                public String readLine(String p) {
                    try {
                        return reader.readLine(p);
                    } catch (UserInterruptException | EndOfFileException e) {
                        return "q";
                    }
                }
            };
            while (true) {
                String line;
                for (String n : prompt.notices()) {
                    out.println(session.style().accent("» " + n));
                }
                out.flush();
                try {
                    line = reader.readLine(prompt.prompt(session.style()));
                } catch (UserInterruptException e) {
                    continue;
                } catch (EndOfFileException e) {
                    break;
                }
                try {
                    strict.parse(line, line.length(), org.jline.reader.Parser.ParseContext.ACCEPT_LINE);
                } catch (org.jline.reader.EOFError e) {
                    out.println("error: this line has an unclosed quote (" + e.getMissing() + "): nothing was run."
                            + " Try: close the quote, or put a backslash before a quote meant literally");
                    out.flush();
                    continue;
                }
                List<String> words = reader.getParsedLine().words().stream().filter(w -> !w.isEmpty()).toList();
                if (words.isEmpty()) {
                    continue;
                }
                if (words.size() == 1 && (words.get(0).equals("exit") || words.get(0).equals("quit"))) {
                    break;
                }
                runner.run(words, out, out, session.style(), true, console, debug);
                session.onCancel(null);
            }
            try {
                reader.getHistory().save();
            } catch (IOException e) {
                out.println("warning: could not save the command history to " + session.home().history() + ": "
                        + e.getMessage());
            }
            out.flush();
            return 0;
        } catch (IOException e) {
            System.err.println("error: cannot open the terminal: " + e.getMessage()
                    + ". Try: run one command at a time, e.g. ./hardway lesson list");
            return 4;
        }
    }
}
