package dev.hardway.shell.commands;

import dev.hardway.Problem;
import dev.hardway.HardwayException;
import dev.hardway.Version;
import dev.hardway.shell.CommandSet;
import dev.hardway.shell.Commands;
import dev.hardway.shell.HwCommand;
import dev.hardway.shell.Settings;
import dev.hardway.shell.ShellSession;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/** help, version, set feedback, set theme. */
@Component
public class BuiltinCommands implements CommandSet {

    private final ShellSession session;
    private final ObjectProvider<Commands> commandsProvider;

    public BuiltinCommands(ShellSession session, ObjectProvider<Commands> commands) {
        this.session = session;
        this.commandsProvider = commands;
    }

    @Override
    public List<HwCommand> commands() {
        // resolved at run time: the registry is built from this very list
        java.util.function.Supplier<Commands> lazy = commandsProvider::getObject;
        return List.of(
                HwCommand.builder("help").group("Shell").description("List commands, or show one command's help")
                        .restArgs("command", "a command, e.g. cluster use", prefix -> commandWords(prefix))
                        .run(inv -> {
                            if (!inv.args().isEmpty()) {
                                String name = String.join(" ", inv.args());
                                var exact = lazy.get().longestMatch(inv.args());
                                if (exact != null && exact.getName().equals(name)) {
                                    inv.out().print(exact.getHelp());
                                    inv.out().flush();
                                    return 0;
                                }
                                var group = lazy.get().startingWith(name);
                                if (group.isEmpty()) {
                                    throw HardwayException.badInput(Problem.error("no command '" + name + "'", "help"));
                                }
                                group.forEach(c -> inv.println(String.format("  %-46s %s", c.usage(),
                                        inv.style().dim(c.getDescription()))));
                                return 0;
                            }
                            inv.println(inv.style().bold("hardway " + Version.get())
                                    + " — Kubernetes the hard way, one step at a time.");
                            Map<String, List<HwCommand>> byGroup = new TreeMap<>();
                            for (HwCommand c : lazy.get().all()) {
                                byGroup.computeIfAbsent(c.getGroup(), g -> new java.util.ArrayList<>()).add(c);
                            }
                            byGroup.forEach((g, cs) -> {
                                inv.println("");
                                inv.println(inv.style().bold(g));
                                cs.forEach(c -> inv.println(String.format("  %-46s %s", c.usage(),
                                        inv.style().dim(c.getDescription()))));
                            });
                            inv.println("");
                            inv.println("Run one command: ./hardway <command words>   Help on one: help <command>"
                                    + " or <command> --help");
                            inv.println("Exit codes: 0 ok, 1 a check found a problem, 2 bad input, 3 node or"
                                    + " provider unreachable, 4 internal error.");
                            return 0;
                        }),
                HwCommand.builder("version").group("Shell").description("Print the hardway version")
                        .run(inv -> {
                            inv.println("hardway " + Version.get());
                            return 0;
                        }),
                HwCommand.builder("set feedback").group("Shell")
                        .description("How much a step shows: every command and probe, normal, or results only")
                        .arg("level", "verbose | normal | concise", HwCommand.values(
                                "verbose", "show every command and probe command",
                                "normal", "explanations, output and results",
                                "concise", "results only"))
                        .run(inv -> {
                            String level = inv.arg(0);
                            Settings.Feedback f;
                            try {
                                f = Settings.Feedback.valueOf(level.toUpperCase(Locale.ROOT));
                            } catch (IllegalArgumentException e) {
                                throw HardwayException.badInput(Problem.error("set feedback: '" + level + "' is not a level.", "set feedback verbose|normal|concise"));
                            }
                            session.settings().feedback(f);
                            inv.println("feedback: " + level);
                            return 0;
                        }),
                HwCommand.builder("set theme").group("Shell").description("Colours on or off (plain for projectors"
                                + " and screen readers; NO_COLOR is honoured too)")
                        .arg("theme", "color | plain", HwCommand.values("color", "ANSI colours and symbols",
                                "plain", "no colours, words instead of symbols"))
                        .run(inv -> {
                            String t = inv.arg(0);
                            if (!t.equals("color") && !t.equals("plain")) {
                                throw HardwayException.badInput(Problem.error("set theme: '" + t + "' is not a theme", "set theme color|plain"));
                            }
                            session.settings().theme(t);
                            inv.style().color(t.equals("color") && !session.env().containsKey("NO_COLOR"));
                            inv.println("theme: " + t);
                            return 0;
                        }));
    }

    private List<org.springframework.shell.core.command.completion.CompletionProposal> commandWords(String prefix) {
        return commandsProvider.getObject().all().stream().map(c -> c.getName().split(" ")[0]).distinct()
                .filter(w -> w.startsWith(prefix))
                .map(w -> new org.springframework.shell.core.command.completion.CompletionProposal(w)).toList();
    }
}
