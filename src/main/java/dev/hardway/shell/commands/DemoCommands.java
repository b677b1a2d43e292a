package dev.hardway.shell.commands;

import dev.hardway.HardwayException;
import dev.hardway.Problem;
import dev.hardway.lesson.EngineResults.LessonInfo;
import dev.hardway.lesson.EngineResults.LessonState;
import dev.hardway.shell.CommandRunner;
import dev.hardway.shell.CommandSet;
import dev.hardway.shell.Commands;
import dev.hardway.shell.HwCommand;
import dev.hardway.shell.Invocation;
import dev.hardway.shell.LessonSession;
import dev.hardway.shell.ShellSession;
import dev.hardway.shell.Style;
import dev.hardway.shell.Table;
import dev.hardway.workshop.demo.DemoRunner;
import dev.hardway.workshop.demo.Scenario;
import dev.hardway.workshop.demo.ScenarioBinding;
import dev.hardway.workshop.demo.ScenarioCatalog;
import dev.hardway.render.RenderException;
import dev.hardway.render.Renderer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/** demo list | run: scripted, narrated demos for a projector (lessons/scenarios/*.yaml, docs/workshop.md). */
@Component
public class DemoCommands implements CommandSet {

    /** Seconds between beats with --auto. */
    static final int DELAY = 4;
    /** Command words a beat may not run: no demo inside a demo, no server or class changes from a script. */
    static final Set<String> FORBIDDEN = Set.of("demo", "workshop", "exit", "quit");

    private final ShellSession session;
    private final LessonSession lessons;
    private final ObjectProvider<CommandRunner> runner;
    private final ObjectProvider<Commands> commands;

    public DemoCommands(ShellSession session, LessonSession lessons, ObjectProvider<CommandRunner> runner,
                        ObjectProvider<Commands> commands) {
        this.session = session;
        this.lessons = lessons;
        this.runner = runner;
        this.commands = commands;
    }

    Path dir() {
        return lessons.lessonsDir().resolve("scenarios");
    }

    /** The scenarios, with the shell's own check of each beat's command added to the file problems. */
    ScenarioCatalog catalog() {
        ScenarioCatalog c = ScenarioCatalog.load(dir());
        List<Problem> problems = new ArrayList<>(c.problems());
        Commands all = commands.getObject();
        List<String> names = all.all().stream().map(HwCommand::getName).toList();
        for (Scenario s : c.scenarios()) {
            for (int i = 0; i < s.beats().size(); i++) {
                Scenario.Beat b = s.beats().get(i);
                if (b.words().isEmpty()) {
                    continue;
                }
                String path = "beats[" + i + "].run";
                if (FORBIDDEN.contains(b.words().get(0))) {
                    problems.add(new Problem(s.file(), b.line(), path, "a beat cannot run '" + b.words().get(0)
                            + " ...'", "a lab command: inspect, check, break, heal, topology, lesson ..."));
                } else if (all.longestMatch(b.words()) == null) {
                    String near = dev.hardway.EditDistance.closest(String.join(" ", b.words().subList(0,
                            Math.min(2, b.words().size()))), names);
                    problems.add(new Problem(s.file(), b.line(), path, "'" + Problem.clip(b.run()) + "' is no"
                            + " hardway command" + (near != null ? " (did you mean '" + near + "'?)" : ""),
                            "a command from help, e.g. check etcd"));
                }
            }
        }
        return new ScenarioCatalog(c.scenarios(), List.copyOf(problems));
    }

    private HwCommand.Candidates ids() {
        return HwCommand.dynamic(() -> {
            Map<String, String> m = new LinkedHashMap<>();
            ScenarioCatalog.load(dir()).scenarios().forEach(s -> m.put(s.id(), s.title()));
            return m;
        });
    }

    @Override
    public List<HwCommand> commands() {
        return List.of(
                HwCommand.builder("demo list").group("Workshop")
                        .description("The demo scenarios (lessons/scenarios/*.yaml)").run(this::list),
                HwCommand.builder("demo run").group("Workshop")
                        .description("Play a demo: narrated beats of commands, each checked against what it"
                                + " promises; Enter between beats")
                        .arg("scenario", "a scenario id (demo list)", ids())
                        .flag("auto", "go on by itself after each beat (--delay seconds)")
                        .flag("step", "also pause before each beat's command")
                        .option("delay", "seconds between beats with --auto (default " + DELAY + ")", null)
                        .examples("  demo run ha-failover\n  demo run etcd-quorum --auto --delay 6")
                        .run(this::run));
    }

    private ScenarioCatalog valid() {
        ScenarioCatalog c = catalog();
        if (!c.ok()) {
            StringBuilder sb = new StringBuilder();
            c.problems().forEach(p -> sb.append("\n  ").append(p.render()));
            throw HardwayException.badInput(c.problems().size() + " problem" + (c.problems().size() == 1 ? "" : "s")
                    + " in the demo scenarios:" + sb + "\n(each line says what to do)");
        }
        return c;
    }

    private int list(Invocation inv) {
        ScenarioCatalog c = valid();
        if (c.scenarios().isEmpty()) {
            inv.println("No scenarios in " + dir() + ".");
            return 0;
        }
        Table t = new Table("scenario", "title", "beats", "needs");
        c.scenarios().forEach(s -> t.row(s.id(), s.title(), s.beats().size(), String.join(", ", s.needs())));
        inv.out().print(t.render(inv.style()));
        inv.println("Try: demo run " + c.scenarios().get(0).id());
        return 0;
    }

    private int run(Invocation inv) throws Exception {
        ScenarioCatalog c = valid();
        Scenario named = c.scenario(inv.arg(0)).orElseThrow(() -> {
            String near = dev.hardway.EditDistance.closest(inv.arg(0), c.scenarios().stream().map(Scenario::id)
                    .toList());
            return HardwayException.badInput("demo run: no scenario '" + Problem.clip(inv.arg(0)) + "'"
                    + (near != null ? " (did you mean " + near + "?)" : ""), "demo list");
        });
        Renderer renderer = new Renderer();
        List<String> missing = ScenarioBinding.missingNodes(named, session.model(), renderer);
        if (!missing.isEmpty()) {
            throw HardwayException.badInput("demo run " + named.id() + ": cluster " + session.cluster().config().name()
                    + " has no " + String.join(", ", missing) + " (the nodes " + named.file() + " plays on)",
                    "cluster use ha (3 masters and an API load-balancer pair)");
        }
        Scenario s;
        try {
            s = ScenarioBinding.bind(named, session.model(), renderer);
        } catch (RenderException e) {
            throw HardwayException.badInput("demo run " + named.id() + ": " + e.template() + ": " + e.what()
                    + " (cluster " + session.cluster().config().name() + ")", e.fix());
        }
        int delay = DELAY;
        if (inv.option("delay") != null) {
            try {
                delay = Integer.parseInt(inv.option("delay"));
            } catch (NumberFormatException e) {
                delay = -1;
            }
            if (delay < 0 || delay > 600) {
                throw HardwayException.badInput("demo run: --delay " + Problem.clip(inv.option("delay")) + " is not"
                        + " a number of seconds", "--delay 4");
            }
        }
        ready(s);
        boolean auto = inv.flag("auto");
        boolean pausing = !auto && inv.interactive() && inv.console() != null;
        if (!auto && !pausing) {
            inv.warn("note: no terminal to press Enter on: the beats follow each other without pausing (--auto"
                    + " --delay N paces them)");
        }
        Style plain = new Style(false); // projectors: the plain theme, whatever the shell's
        PrintWriter out = inv.out();
        int wait = auto ? delay : 0;
        out.println(banner(s.title().toUpperCase(java.util.Locale.ROOT), '#'));
        if (s.about() != null) {
            s.about().strip().lines().forEach(l -> out.println("  " + l));
        }
        out.println();
        out.flush();
        DemoRunner.Stage stage = new DemoRunner.Stage() {
            @Override
            public void beat(int number, int total, Scenario.Beat b) {
                out.println(banner(number + "/" + total + "  " + b.title().toUpperCase(java.util.Locale.ROOT), '='));
                if (b.say() != null) {
                    b.say().strip().lines().forEach(l -> out.println("  " + l));
                }
                out.flush();
            }

            @Override
            public void command(Scenario.Beat b) {
                if (inv.flag("step") && pausing) {
                    pause(inv, "  [Enter] run it ");
                }
                out.println();
                out.println("  $ " + b.run());
                out.flush();
            }

            @Override
            public void kept(Scenario.Beat b) {
                out.println(plain.ok("  [as promised] ") + promise(b.expect()));
                out.println();
                out.flush();
            }

            @Override
            public void broken(Scenario.Beat b, String why) {
                out.println();
                out.println(banner("THE DEMO STOPS HERE", '!'));
                out.println("  '" + b.title() + "' (" + s.file() + ":" + b.line() + ") did not show what it promises: "
                        + why + ".");
                out.println("  It promised: " + promise(b.expect()));
                out.flush();
            }

            @Override
            public boolean next(Scenario.Beat b) {
                if (pausing) {
                    return pause(inv, "  [Enter] next beat, q to stop ");
                }
                int secs = b.pause() != null ? b.pause() : wait;
                if (secs > 0) {
                    try {
                        Thread.sleep(secs * 1000L);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return false;
                    }
                }
                return true;
            }
        };
        DemoRunner.Report r = DemoRunner.run(s, words -> runBeat(inv, words), stage, !session.lab().simulated());
        if (r.completed()) {
            out.println(banner("END — " + r.kept().size() + " OF " + r.total() + " BEATS AS PROMISED", '#'));
            out.println("Try: faults (should be empty), or demo list");
            out.flush();
            return 0;
        }
        if (r.stopped()) {
            out.println("Stopped after " + r.kept().size() + " of " + r.total() + " beats. Try: faults, heal --all");
            out.flush();
            return 0;
        }
        out.println("Try: faults, heal --all; then fix the lab or the scenario and demo run " + s.id() + " again");
        out.flush();
        return HardwayException.CHECK_FAILED;
    }

    /** The lab can play the scenario: the lessons it needs are done (its nodes were checked before binding). */
    private void ready(Scenario s) throws Exception {
        List<LessonInfo> list = lessons.engine().list();
        List<String> notDone = s.needs().stream().filter(id -> list.stream().noneMatch(l -> l.id().equals(id)
                && (l.state() == LessonState.DONE || l.state() == LessonState.SKIPPED))).toList();
        if (!notDone.isEmpty()) {
            throw HardwayException.badInput("demo run " + s.id() + ": this lab has not done " + String.join(", ",
                    notDone) + " yet, and the demo shows what they build", "lesson goto " + notDone.get(
                    notDone.size() - 1) + ", then lesson solve until it is done (or lesson next)");
        }
    }

    private static boolean pause(Invocation inv, String prompt) {
        String a = inv.console().readLine(prompt);
        return a == null || !a.trim().equalsIgnoreCase("q");
    }

    /** Runs one beat's command through the shell: output shown live, and kept for the promise check. */
    private DemoRunner.Result runBeat(Invocation inv, List<String> words) {
        StringWriter seen = new StringWriter();
        PrintWriter tee = new PrintWriter(new Tee(inv.out(), seen), true);
        int code = runner.getObject().run(words, tee, tee, new Style(false), false, null, false);
        tee.flush();
        return new DemoRunner.Result(code, seen.toString());
    }

    static String promise(Scenario.Expect e) {
        List<String> parts = new ArrayList<>();
        if (e.exit() != null) {
            parts.add("exit " + e.exit());
        }
        e.shows().forEach(x -> parts.add("shows '" + x + "'"));
        e.hides().forEach(x -> parts.add("does not show '" + x + "'"));
        return String.join(", ", parts);
    }

    /** A large heading: a full-width rule above and below (plain characters for projectors and recordings). */
    static String banner(String text, char rule) {
        int w = Math.max(60, text.length() + 4);
        String line = String.valueOf(rule).repeat(w);
        return line + "\n  " + text + "\n" + line;
    }

    /** Writes to two writers at once. */
    private static final class Tee extends Writer {
        private final Writer a;
        private final Writer b;

        Tee(Writer a, Writer b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(char[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }

        @Override
        public void flush() throws java.io.IOException {
            a.flush();
            b.flush();
        }

        @Override
        public void close() throws java.io.IOException {
            flush();
        }
    }
}
