package dev.hardway.shell;

import dev.hardway.HardwayHome;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
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

    /** Starts the context, runs the interactive shell or one command, and returns the process exit code. */
    public static int run(String[] args) {
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
            System.err.println("internal error: hardway could not start: " + e.getMessage()
                    + (debug ? "" : ". Try: run again with --debug, and report it."));
            if (debug) {
                e.printStackTrace();
            }
            return 4;
        }
    }

    @Bean(destroyMethod = "closeLab")
    ShellSession shellSession() {
        return new ShellSession(HardwayHome.fromEnv(), System.getenv(), System.console() != null);
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
