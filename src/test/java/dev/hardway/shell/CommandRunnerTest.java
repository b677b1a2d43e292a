package dev.hardway.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.shell.core.command.Command;
import org.springframework.shell.core.command.CommandRegistry;

class CommandRunnerTest {

    private final HwCommand use = HwCommand.builder("cluster use").description("pick a cluster")
            .arg("preset", "preset or file", HwCommand.values("ha", "3 masters", "default", "1 master"))
            .option("provider", "sim|vagrant|ssh", HwCommand.values("sim", "simulated", "vagrant", "VMs", "ssh", "hosts"))
            .flag("all", "everything")
            .run(inv -> {
                inv.println("use " + inv.arg(0) + " provider=" + inv.option("provider", "-") + " all=" + inv.flag("all"));
                return 0;
            });
    private final HwCommand show = HwCommand.builder("cluster show").description("show").run(inv -> {
        throw new IllegalStateException("boom");
    });
    private final Commands commands = new Commands(new CommandRegistry(Set.<Command>of(use, show)));
    private final CommandRunner runner = new CommandRunner(commands, ErrorReporter.standard());

    @Test
    void parsesArgumentsOptionsAndFlagsOfSubCommands() {
        var r = runner.capture(List.of("cluster", "use", "ha", "--provider", "vagrant", "--all"));
        assertThat(r.exit()).isZero();
        assertThat(r.output()).isEqualTo("use ha provider=vagrant all=true\n");
        assertThat(runner.capture(List.of("cluster", "use", "--provider=ssh", "ha")).output())
                .isEqualTo("use ha provider=ssh all=false\n");
    }

    @Test
    void userMistakesAreOneLineWithATryHintAndExitTwo() {
        var r = runner.capture(List.of("cluster", "use"));
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.output()).isEqualTo("error: cluster use: missing <preset>. Try: cluster use <preset>"
                + " [--provider <v>] [--all].\n");
        assertThat(runner.capture(List.of("cluster", "use", "ha", "--provder", "x")).output())
                .isEqualTo("error: cluster use: unknown option --provder. Did you mean --provider? Try: cluster use"
                        + " <preset> [--provider <v>] [--all]\n");
        assertThat(runner.capture(List.of("cluster", "use", "ha", "extra")).output())
                .contains("unexpected argument 'extra'");
        assertThat(runner.capture(List.of("clustr", "use")).output())
                .isEqualTo("error: unknown command 'clustr use'. Did you mean 'cluster use'? Try: help.\n");
    }

    @Test
    void internalErrorsExitFourWithoutAStackTrace() {
        var r = runner.capture(List.of("cluster", "show"));
        assertThat(r.exit()).isEqualTo(4);
        assertThat(r.output()).startsWith("internal error: java.lang.IllegalStateException: boom")
                .doesNotContain("\tat ");
    }

    @Test
    void aGroupWordListsItsCommands() {
        var r = runner.capture(List.of("cluster"));
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.output()).contains("cluster use <preset>", "cluster show");
    }

    @Test
    void helpOptionShowsTheCommandsHelp() {
        var r = runner.capture(List.of("cluster", "use", "--help"));
        assertThat(r.exit()).isZero();
        assertThat(r.output()).startsWith("cluster use <preset> [--provider <v>] [--all]\n  pick a cluster");
    }

    @Test
    void completionProposesCommandWordsArgumentsAndOptionValuesWithDescriptions() {
        Completion c = new Completion(commands);
        assertThat(c.propose(List.of(), "cl")).extracting(Completion.Proposal::value).containsExactly("cluster");
        assertThat(c.propose(List.of("cluster"), "")).extracting(Completion.Proposal::value)
                .containsExactlyInAnyOrder("use", "show");
        assertThat(c.propose(List.of("cluster", "use"), "h")).extracting(Completion.Proposal::value,
                Completion.Proposal::description).containsExactly(org.assertj.core.groups.Tuple.tuple("ha", "3 masters"));
        assertThat(c.propose(List.of("cluster", "use", "ha", "--provider"), "v"))
                .extracting(Completion.Proposal::value).containsExactly("vagrant");
        assertThat(c.propose(List.of("cluster", "use", "ha"), "--p")).extracting(Completion.Proposal::value)
                .containsExactly("--provider");
    }
}
