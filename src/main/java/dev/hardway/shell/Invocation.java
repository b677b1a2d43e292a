package dev.hardway.shell;

import dev.hardway.Problem;
import dev.hardway.HardwayException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/**
 * One parsed command invocation as a command class sees it: positional arguments, options, the output writer and
 * the shell's styling. Commands write their output through {@link #out()} and warnings/notes through {@link #warn}
 * (stderr in one-shot mode, so {@code --json} output stays parseable).
 */
public record Invocation(String command, List<String> args, Map<String, String> options, PrintWriter out,
                         PrintWriter err, Style style, boolean interactive, Console console) {

    /** The i-th positional argument, or null. */
    public String arg(int i) {
        return i < args.size() ? args.get(i) : null;
    }

    public boolean flag(String name) {
        String v = options.get(name);
        return v != null && !v.equals("false");
    }

    public String option(String name) {
        return options.get(name);
    }

    public String option(String name, String dflt) {
        return options.getOrDefault(name, dflt);
    }

    public void println(String s) {
        out.println(s);
        out.flush();
    }

    /** A warning or note: to stderr, never mixed into the command's output. */
    public void warn(String s) {
        err.println(s);
        err.flush();
    }

    /** Asks a yes/no question in interactive mode; non-interactive callers must pass --yes. */
    public boolean confirm(String question) {
        if (flag("yes")) {
            return true;
        }
        if (!interactive || console == null) {
            throw HardwayException.badInput(Problem.error(question + " — refused: no terminal to confirm on", "add --yes"));
        }
        return console.confirm(question);
    }

    /** What a command may ask of the terminal. */
    public interface Console {
        boolean confirm(String question);

        /** Reads one line at a prompt (a demo's "Enter for the next beat"); null when there is no terminal. */
        default String readLine(String prompt) {
            return null;
        }
    }
}
