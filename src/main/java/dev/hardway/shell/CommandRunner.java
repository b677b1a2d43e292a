package dev.hardway.shell;

import dev.hardway.Problem;
import dev.hardway.HardwayException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses a command line (already split into words) against the registered commands, runs the command and maps
 * every outcome to an exit code (DESIGN.md §3). User mistakes get a one- or two-line message with a "Try:" hint;
 * stack traces only with {@code --debug}.
 */
public final class CommandRunner {

    /** The longest command word hardway takes: far above any path or name, far below a pasted file. */
    static final int MAX_WORD = 4096;

    private final Commands commands;
    private final ErrorReporter errors;

    public CommandRunner(Commands commands, ErrorReporter errors) {
        this.commands = commands;
        this.errors = errors;
    }

    /** Runs one command line. Never throws: errors are printed and returned as exit codes. */
    public int run(List<String> words, PrintWriter out, PrintWriter err, Style style, boolean interactive,
                   Invocation.Console console, boolean debug) {
        try {
            return runOrThrow(words, out, err, style, interactive, console);
        } catch (Throwable t) {
            out.flush();
            return errors.report(t, err, style, debug);
        } finally {
            out.flush();
            // damaged state files moved aside during the command: said once, on stderr
            for (String n : dev.hardway.progress.StateFiles.drainNotices()) {
                err.println(style.warn("note: " + n));
            }
            err.flush();
        }
    }

    int runOrThrow(List<String> words, PrintWriter out, PrintWriter err, Style style, boolean interactive,
                   Invocation.Console console) throws Exception {
        if (words.isEmpty()) {
            return 0;
        }
        for (int i = 0; i < words.size(); i++) {
            if (words.get(i).length() > MAX_WORD) {
                throw HardwayException.badInput("word " + (i + 1) + " of the command is " + words.get(i).length()
                        + " characters long ('" + dev.hardway.Problem.clip(words.get(i)) + "'); hardway takes at most "
                        + MAX_WORD, "a shorter argument (a file name or preset, not its content)");
            }
        }
        HwCommand cmd = commands.longestMatch(words);
        if (cmd == null) {
            List<HwCommand> group = commands.startingWith(words.get(0));
            if (!group.isEmpty() && words.size() == 1) {
                err.println(style.bold(words.get(0)) + " — choose one of:");
                for (HwCommand c : group) {
                    err.printf("  %-44s %s%n", c.usage(), style.dim(c.getDescription()));
                }
                err.println("Try: " + group.get(0).getName() + " --help, or help " + words.get(0));
                return HardwayException.BAD_INPUT;
            }
            String typed = String.join(" ", words.subList(0, Math.min(2, words.size())));
            String near = dev.hardway.EditDistance.closest(typed, commands.all().stream().map(HwCommand::getName).toList());
            if (near == null && !group.isEmpty()) {
                near = dev.hardway.EditDistance.closest(typed, group.stream().map(HwCommand::getName).toList());
            }
            throw HardwayException.badInput(Problem.error("unknown command '" + String.join(" ", words) + "'."
                    + (near != null ? " Did you mean '" + near + "'?" : ""), "help"));
        }
        int nameWords = cmd.getName().split(" ").length;
        List<String> rest = words.subList(nameWords, words.size());
        if (rest.contains("--help") || rest.contains("-h")) {
            out.print(cmd.getHelp());
            return 0;
        }
        Invocation inv = parse(cmd, rest, out, err, style, interactive, console);
        return cmd.body().run(inv);
    }

    static Invocation parse(HwCommand cmd, List<String> rest, PrintWriter out, PrintWriter err, Style style,
                            boolean interactive, Invocation.Console console) {
        List<String> args = new ArrayList<>();
        Map<String, String> opts = new LinkedHashMap<>();
        boolean onlyArgs = false;
        for (int i = 0; i < rest.size(); i++) {
            String w = rest.get(i);
            if (!onlyArgs && w.equals("--")) {
                onlyArgs = true;
                continue;
            }
            if (!onlyArgs && w.startsWith("--") && w.length() > 2) {
                String name = w.substring(2);
                String value = null;
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    value = name.substring(eq + 1);
                    name = name.substring(0, eq);
                }
                HwCommand.Opt opt = findOpt(cmd, name);
                if (opt.flag()) {
                    opts.put(name, value == null ? "true" : value);
                } else {
                    if (value == null) {
                        if (i + 1 >= rest.size() || rest.get(i + 1).startsWith("--")) {
                            throw HardwayException.badInput(Problem.error(cmd.getName() + ": --" + name + " needs a value", cmd.usage()));
                        }
                        value = rest.get(++i);
                    }
                    if (value.isBlank()) {
                        throw HardwayException.badInput(cmd.getName() + ": --" + name + " was given an empty value",
                                cmd.usage());
                    }
                    opts.put(name, value);
                }
                continue;
            }
            args.add(w);
        }
        List<HwCommand.Arg> declared = cmd.args();
        boolean repeat = !declared.isEmpty() && declared.get(declared.size() - 1).repeat();
        if (!repeat && args.size() > declared.size()) {
            throw HardwayException.badInput(Problem.error(cmd.getName() + ": unexpected argument '" + args.get(declared.size()) + "'", cmd.usage()));
        }
        for (int i = 0; i < declared.size(); i++) {
            if (declared.get(i).required() && i >= args.size()) {
                throw HardwayException.badInput(Problem.error(cmd.getName() + ": missing <" + declared.get(i).name() + ">", cmd.usage()));
            }
        }
        return new Invocation(cmd.getName(), List.copyOf(args), Map.copyOf(opts), out, err, style, interactive,
                console);
    }

    private static HwCommand.Opt findOpt(HwCommand cmd, String name) {
        for (HwCommand.Opt o : cmd.opts()) {
            if (o.name().equals(name)) {
                return o;
            }
        }
        if (name.equals("yes")) {
            return new HwCommand.Opt("yes", "answer yes to confirmations", true, null);
        }
        String near = dev.hardway.EditDistance.closest(name, cmd.opts().stream().map(HwCommand.Opt::name).toList());
        throw HardwayException.badInput(cmd.getName() + ": unknown option --" + name + "."
                + (near != null ? " Did you mean --" + near + "?" : "") + " Try: " + cmd.usage());
    }

    /** For tests: runs a line and returns exit code, stdout and stderr apart, and both as one text. */
    public Result capture(List<String> words) {
        StringWriter so = new StringWriter();
        StringWriter se = new StringWriter();
        int code = run(words, new PrintWriter(so), new PrintWriter(se), new Style(false), false, null, false);
        return new Result(code, so.toString(), se.toString());
    }

    /** Exit code and what was printed: {@code stdout}, {@code stderr}, and {@link #output()} both together. */
    public record Result(int exit, String stdout, String stderr) {
        public String output() {
            return stdout + stderr;
        }
    }
}
