package dev.hardway.shell;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;
import org.springframework.shell.core.command.completion.CompletionProposal;

/**
 * Tab completion for hardway commands, with descriptions: command words, then each positional argument's and
 * option's candidates. Written here because Spring Shell 4.0.1's {@code CommandCompleter} stops proposing argument
 * values once a prefix is typed (it treats the partial word as part of the command name).
 */
public final class Completion implements Completer {

    private final Commands commands;

    public Completion(Commands commands) {
        this.commands = commands;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        List<String> words = line.words().subList(0, line.wordIndex());
        String current = line.word().substring(0, Math.min(line.wordCursor(), line.word().length()));
        for (Proposal p : propose(words, current)) {
            candidates.add(new Candidate(p.value(), p.value(), p.group(), p.description(), null, null, p.complete()));
        }
    }

    /** A completion candidate. {@code complete} = a space follows it. */
    public record Proposal(String value, String description, String group, boolean complete) {
    }

    /** The candidates for the word being typed after {@code before} (testable without a terminal). */
    public List<Proposal> propose(List<String> before, String current) {
        HwCommand cmd = commands.longestMatch(before);
        List<Proposal> out = new ArrayList<>();
        if (cmd == null || cmd.getName().split(" ").length > before.size()) {
            // still typing the command words: propose the next word of every command that starts with them
            String typed = String.join(" ", before);
            Map<String, String> next = new LinkedHashMap<>();
            for (HwCommand c : commands.all()) {
                String[] parts = c.getName().split(" ");
                if (parts.length > before.size() && (typed.isEmpty() || c.getName().startsWith(typed + " "))
                        && parts[before.size()].startsWith(current)) {
                    boolean leaf = parts.length == before.size() + 1;
                    next.merge(parts[before.size()], leaf ? c.getDescription() : "", (a, b) -> a.isEmpty() ? b : a);
                }
            }
            next.forEach((w, d) -> out.add(new Proposal(w, d, "commands", true)));
            return out;
        }
        int nameWords = cmd.getName().split(" ").length;
        List<String> rest = before.subList(nameWords, before.size());
        // completing the value of an option?
        if (!rest.isEmpty() && rest.get(rest.size() - 1).startsWith("--")) {
            String optName = rest.get(rest.size() - 1).substring(2);
            for (HwCommand.Opt o : cmd.opts()) {
                if (o.name().equals(optName) && !o.flag()) {
                    if (o.candidates() != null) {
                        for (CompletionProposal p : o.candidates().get(current)) {
                            out.add(new Proposal(p.value(), p.description(), o.name(), true));
                        }
                    }
                    return out;
                }
            }
        }
        if (current.startsWith("-")) {
            for (HwCommand.Opt o : cmd.opts()) {
                if (("--" + o.name()).startsWith(current) && !rest.contains("--" + o.name())) {
                    out.add(new Proposal("--" + o.name(), o.description(), "options", true));
                }
            }
            return out;
        }
        int position = positionalCount(cmd, rest);
        HwCommand.Arg arg = null;
        if (position < cmd.args().size()) {
            arg = cmd.args().get(position);
        } else if (!cmd.args().isEmpty() && cmd.args().get(cmd.args().size() - 1).repeat()) {
            arg = cmd.args().get(cmd.args().size() - 1);
        }
        if (arg != null && arg.candidates() != null) {
            for (CompletionProposal p : arg.candidates().get(current)) {
                out.add(new Proposal(p.value(), p.description(), arg.name(), true));
            }
        }
        if (current.isEmpty() && (arg == null || !arg.required())) {
            for (HwCommand.Opt o : cmd.opts()) {
                if (!rest.contains("--" + o.name())) {
                    out.add(new Proposal("--" + o.name(), o.description(), "options", true));
                }
            }
        }
        return out;
    }

    private static int positionalCount(HwCommand cmd, List<String> rest) {
        int n = 0;
        for (int i = 0; i < rest.size(); i++) {
            String w = rest.get(i);
            if (w.startsWith("--")) {
                String name = w.substring(2);
                boolean takesValue = cmd.opts().stream().anyMatch(o -> o.name().equals(name) && !o.flag())
                        && !name.contains("=");
                if (takesValue) {
                    i++;
                }
            } else {
                n++;
            }
        }
        return n;
    }
}
