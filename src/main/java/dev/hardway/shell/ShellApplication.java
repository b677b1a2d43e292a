package dev.hardway.shell;

import dev.hardway.HardwayHome;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.shell.core.command.Command;
import org.springframework.shell.core.command.CommandRegistry;

/**
 * The Spring application behind the shell. No auto-configuration: the few beans hardway needs are declared here
 * (see docs/architecture.md for why Spring Shell's own runners are not used), which also keeps start-up short.
 */
@SpringBootConfiguration
@ComponentScan(basePackages = "dev.hardway.shell")
public class ShellApplication {

    /** Where one run reads its environment and writes its output (the process's own, or a test's). */
    public record Io(Map<String, String> env, java.io.PrintStream out, java.io.PrintStream err, boolean tty) {
    }

    private static volatile Io io = new Io(System.getenv(), System.out, System.err, System.console() != null);

    /** Starts the context, runs the interactive shell or one command, and returns the process exit code. */
    public static int run(String[] args) {
        return run(args, new Io(System.getenv(), System.out, System.err, System.console() != null));
    }

    /**
     * One run in this JVM with the given environment and streams (the bad-input corpus runs hundreds of commands
     * this way instead of starting a JVM for each). Not for concurrent use.
     */
    static synchronized int run(String[] args, Io with) {
        io = with;
        try {
            return start(args);
        } finally {
            io = new Io(System.getenv(), System.out, System.err, System.console() != null);
        }
    }

    private static int start(String[] args) {
        List<String> words = new ArrayList<>(List.of(args));
        boolean debug = words.remove("--debug");
        SpringApplication app = new SpringApplication(ShellApplication.class);
        app.setBannerMode(Banner.Mode.OFF);
        app.setLogStartupInfo(false);
        app.setWebApplicationType(org.springframework.boot.WebApplicationType.NONE);
        app.setRegisterShutdownHook(false);
        try (ConfigurableApplicationContext ctx = app.run()) {
            ShellMain main = ctx.getBean(ShellMain.class);
            return main.run(words, debug);
        } catch (RuntimeException e) {
            // a failure to start is a bug in hardway, never a user mistake: one line unless --debug
            io.err().println("internal error: hardway could not start: " + e.getMessage()
                    + (debug ? "" : ". Try: run again with --debug, and report it."));
            if (debug) {
                e.printStackTrace(io.err());
            }
            return 4;
        }
    }

    @Bean(destroyMethod = "closeLab")
    ShellSession shellSession() {
        return new ShellSession(HardwayHome.fromEnv(io.env()), io.env(), io.tty());
    }

    @Bean
    Io io() {
        return io;
    }

    @Bean
    CommandRegistry commandRegistry(List<CommandSet> sets) {
        Set<Command> all = new HashSet<>();
        for (CommandSet s : sets) {
            all.addAll(s.commands());
        }
        return new CommandRegistry(all);
    }

    @Bean
    Commands commands(CommandRegistry registry) {
        return new Commands(registry);
    }

    @Bean
    CommandRunner commandRunner(Commands commands) {
        return new CommandRunner(commands, ErrorReporter.standard());
    }
}
