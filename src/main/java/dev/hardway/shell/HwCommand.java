package dev.hardway.shell;

import java.util.ArrayList;
import java.util.List;
import org.springframework.shell.core.command.Command;
import org.springframework.shell.core.command.CommandContext;
import org.springframework.shell.core.command.CommandOption;
import org.springframework.shell.core.command.ExitStatus;
import org.springframework.shell.core.command.completion.CompletionProposal;

/**
 * A hardway command: a Spring Shell {@link Command} with declared positional arguments and options, each with
 * completion candidates, executed through {@link CommandRunner} (which parses, reports errors and maps exit codes).
 * Command classes build these with {@link #builder(String)} and stay thin: they call an engine and format its data.
 */
public final class HwCommand implements Command {

    /** Produces completion candidates (value + description) for the word being typed. */
    @FunctionalInterface
    public interface Candidates {
        List<CompletionProposal> get(String prefix);
    }

    /** A positional argument. {@code repeat} swallows the rest of the words (e.g. files...). */
    public record Arg(String name, String description, boolean required, boolean repeat, Candidates candidates) {
    }

    /** An option: {@code --name value}, or a flag when {@code flag}. */
    public record Opt(String name, String description, boolean flag, Candidates candidates) {
    }

    /** The body of a command: returns the exit code. */
    @FunctionalInterface
    public interface Body {
        int run(Invocation inv) throws Exception;
    }

    private final String name;
    private final String description;
    private final String group;
    private final List<Arg> args;
    private final List<Opt> opts;
    private final Body body;
    private final String examples;

    private HwCommand(Builder b) {
        this.name = b.name;
        this.description = b.description;
        this.group = b.group;
        this.args = List.copyOf(b.args);
        this.opts = List.copyOf(b.opts);
        this.body = b.body;
        this.examples = b.examples;
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public String getDescription() {
        return description;
    }

    @Override
    public String getGroup() {
        return group;
    }

    @Override
    public String getHelp() {
        StringBuilder sb = new StringBuilder();
        sb.append(usage()).append("\n  ").append(description).append('\n');
        if (!args.isEmpty()) {
            sb.append("\nArguments:\n");
            for (Arg a : args) {
                sb.append(String.format("  %-18s %s%n", "<" + a.name() + ">" + (a.repeat() ? "..." : ""), a.description()));
            }
        }
        if (!opts.isEmpty()) {
            sb.append("\nOptions:\n");
            for (Opt o : opts) {
                sb.append(String.format("  %-18s %s%n", "--" + o.name() + (o.flag() ? "" : " <v>"), o.description()));
            }
        }
        if (examples != null) {
            sb.append("\nExamples:\n").append(examples.stripTrailing()).append('\n');
        }
        return sb.toString();
    }

    /** One-line synopsis, e.g. {@code cluster use <preset|file> [--provider <v>]}. */
    public String usage() {
        StringBuilder sb = new StringBuilder(name);
        for (Arg a : args) {
            String w = "<" + a.name() + ">" + (a.repeat() ? "..." : "");
            sb.append(' ').append(a.required() ? w : "[" + w + "]");
        }
        for (Opt o : opts) {
            sb.append(" [--").append(o.name()).append(o.flag() ? "" : " <v>").append(']');
        }
        return sb.toString();
    }

    public List<Arg> args() {
        return args;
    }

    public List<Opt> opts() {
        return opts;
    }

    Body body() {
        return body;
    }

    @Override
    public List<CommandOption> getOptions() {
        List<CommandOption> out = new ArrayList<>();
        for (Opt o : opts) {
            out.add(CommandOption.with().longName(o.name()).description(o.description())
                    .type(o.flag() ? boolean.class : String.class).build());
        }
        return out;
    }

    /** Spring Shell's own runners are not used (see docs/architecture.md); {@link CommandRunner} runs commands. */
    @Override
    public ExitStatus execute(CommandContext commandContext) {
        throw new UnsupportedOperationException("run hardway commands through CommandRunner");
    }

    /** Builds a command. */
    public static final class Builder {
        private final String name;
        private String description = "";
        private String group = "";
        private final List<Arg> args = new ArrayList<>();
        private final List<Opt> opts = new ArrayList<>();
        private Body body;
        private String examples;

        Builder(String name) {
            this.name = name;
        }

        public Builder description(String d) {
            this.description = d;
            return this;
        }

        public Builder group(String g) {
            this.group = g;
            return this;
        }

        public Builder arg(String name, String description, Candidates candidates) {
            args.add(new Arg(name, description, true, false, candidates));
            return this;
        }

        public Builder optionalArg(String name, String description, Candidates candidates) {
            args.add(new Arg(name, description, false, false, candidates));
            return this;
        }

        public Builder restArgs(String name, String description, Candidates candidates) {
            args.add(new Arg(name, description, false, true, candidates));
            return this;
        }

        public Builder option(String name, String description, Candidates candidates) {
            opts.add(new Opt(name, description, false, candidates));
            return this;
        }

        public Builder flag(String name, String description) {
            opts.add(new Opt(name, description, true, null));
            return this;
        }

        public Builder examples(String examples) {
            this.examples = examples;
            return this;
        }

        public HwCommand run(Body body) {
            this.body = body;
            return new HwCommand(this);
        }
    }

    /** Fixed candidates with descriptions: {@code values("sim", "simulated lab", "vagrant", "VMs")}. */
    public static Candidates values(String... valueDescriptionPairs) {
        List<CompletionProposal> all = new ArrayList<>();
        for (int i = 0; i < valueDescriptionPairs.length; i += 2) {
            all.add(new CompletionProposal(valueDescriptionPairs[i]).description(valueDescriptionPairs[i + 1]));
        }
        return prefix -> all.stream().filter(p -> p.value().startsWith(prefix)).toList();
    }

    /** Candidates computed at completion time from (value, description) pairs. */
    public static Candidates dynamic(java.util.function.Supplier<java.util.Map<String, String>> source) {
        return prefix -> source.get().entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
                .map(e -> new CompletionProposal(e.getKey()).description(e.getValue())).toList();
    }
}
