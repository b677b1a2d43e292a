package dev.hardway.shell;

import java.util.Comparator;
import java.util.List;
import org.springframework.shell.core.command.CommandRegistry;

/** The registered hardway commands (Spring Shell's {@link CommandRegistry}), looked up by their words. */
public final class Commands {

    private final CommandRegistry registry;

    public Commands(CommandRegistry registry) {
        this.registry = registry;
    }

    public List<HwCommand> all() {
        return registry.getCommands().stream().filter(HwCommand.class::isInstance).map(HwCommand.class::cast)
                .sorted(Comparator.comparing(HwCommand::getName)).toList();
    }

    /** The command whose name is the longest prefix of {@code words}, or null. */
    public HwCommand longestMatch(List<String> words) {
        for (int n = words.size(); n > 0; n--) {
            var c = registry.getCommandByName(String.join(" ", words.subList(0, n)));
            if (c instanceof HwCommand hw) {
                return hw;
            }
        }
        return null;
    }

    /** Commands whose name starts with the given words (for "did you mean" and group help). */
    public List<HwCommand> startingWith(String prefix) {
        return all().stream().filter(c -> c.getName().equals(prefix) || c.getName().startsWith(prefix + " ")).toList();
    }
}
