package dev.hardway.shell.commands;

import dev.hardway.HardwayException;
import dev.hardway.lesson.Lesson;
import dev.hardway.shell.CommandSet;
import dev.hardway.shell.HwCommand;
import dev.hardway.shell.Invocation;
import dev.hardway.shell.LessonSession;
import dev.hardway.shell.ShellSession;
import dev.hardway.shell.Style;
import dev.hardway.shell.Table;
import dev.hardway.shell.WorkshopLink;
import dev.hardway.workshop.ClassState;
import dev.hardway.workshop.InstructorApi;
import dev.hardway.workshop.WorkshopClient;
import dev.hardway.workshop.WorkshopServer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/** workshop ...: the instructor's server and class view, and a learner's join/leave (docs/workshop.md). */
@Component
public class WorkshopCommands implements CommandSet, DisposableBean {

    /** The default port of {@code workshop serve}. */
    public static final int PORT = 8080;

    private final ShellSession session;
    private final LessonSession lessons;
    private final WorkshopLink link;
    private WorkshopServer server;

    public WorkshopCommands(ShellSession session, LessonSession lessons, WorkshopLink link) {
        this.session = session;
        this.lessons = lessons;
        this.link = link;
    }

    private Path serveDir() {
        return session.home().root().resolve("workshop").resolve("serve");
    }

    private HwCommand.Candidates lessonIds() {
        return HwCommand.dynamic(() -> {
            Map<String, String> m = new LinkedHashMap<>();
            for (Lesson l : lessons.catalog().lessons()) {
                m.put(l.id(), l.title());
            }
            return m;
        });
    }

    @Override
    public List<HwCommand> commands() {
        return List.of(
                HwCommand.builder("workshop serve").group("Workshop")
                        .description("Start the instructor's server in this shell: the class dashboard and the"
                                + " learners' API; prints the join command and the dashboard URL")
                        .option("port", "TCP port (default " + PORT + "; 0 picks a free one)", null)
                        .option("bind", "address to listen on (default 0.0.0.0: every interface)", HwCommand.values(
                                "0.0.0.0", "every interface (a classroom network)", "127.0.0.1", "this machine only"))
                        .option("mirror", "also serve release archives from this directory (upstream layout)", null)
                        .examples("  workshop serve\n  workshop serve --port 9000 --bind 192.168.1.10\n"
                                + "  workshop serve --mirror ~/hardway-mirror")
                        .run(this::serve),
                HwCommand.builder("workshop stop").group("Workshop").description("Stop the server this shell runs")
                        .run(this::stop),
                HwCommand.builder("workshop status").group("Workshop")
                        .description("The class (instructor), or your link to the instructor (learner)")
                        .run(this::status),
                HwCommand.builder("workshop open").group("Workshop")
                        .description("Open lessons up to this one for the class (later ones stay closed)")
                        .arg("lesson", "the last lesson learners may start", lessonIds()).run(this::open),
                HwCommand.builder("workshop say").group("Workshop")
                        .description("Show a message in every learner's shell at their next prompt")
                        .restArgs("text", "the message", null).run(this::say),
                HwCommand.builder("workshop join").group("Workshop")
                        .description("Join the instructor's class: your progress is shown on their dashboard")
                        .arg("url", "the server's address the instructor's shell printed", null)
                        .option("name", "your name as the class sees it", null)
                        .option("token", "the class token the instructor's shell printed", null)
                        .examples("  workshop join http://192.168.1.10:8080 --name ada --token 3q2-…")
                        .run(this::join),
                HwCommand.builder("workshop leave").group("Workshop")
                        .description("Leave the class: stop sending progress and forget the join").run(this::leave));
    }

    private int serve(Invocation inv) throws Exception {
        if (server != null) {
            throw HardwayException.badInput("workshop serve: this shell serves already at " + server.started().url(),
                    "workshop status, or workshop stop first");
        }
        int port = PORT;
        if (inv.option("port") != null) {
            try {
                port = Integer.parseInt(inv.option("port"));
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 0 || port > 65535) {
                throw HardwayException.badInput("workshop serve: --port " + dev.hardway.Problem.clip(inv.option(
                        "port")) + " is not a port number", "--port 8080 (0 to 65535; 0 picks a free one)");
            }
        }
        String bind = inv.option("bind", "0.0.0.0");
        Path mirror = inv.option("mirror") == null ? null : Path.of(inv.option("mirror")).toAbsolutePath();
        List<ClassState.LessonRef> course = lessons.catalog().lessons().stream()
                .map(l -> new ClassState.LessonRef(l.id(), l.title())).toList();
        WorkshopServer s = WorkshopServer.open(serveDir(), course, mirror, Clock.systemUTC());
        WorkshopServer.Started st;
        try {
            st = s.start(bind, port);
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
        server = s;
        Style y = inv.style();
        inv.println(y.bold("Workshop server at " + st.url()) + (st.resumed() ? y.dim("  (the class of last time: "
                + st.learners() + " learner" + (st.learners() == 1 ? "" : "s") + ", same tokens)") : ""));
        inv.println("Learners type:   " + y.accent(st.joinCommand()));
        inv.println("Dashboard:       " + st.dashboardUrl());
        if (mirror != null) {
            inv.println("Mirror:          " + st.url() + "/mirror/ (from " + mirror + ")");
        }
        inv.println(y.dim("Keep the dashboard URL to yourself: its token lets anyone see the class."));
        if (!inv.interactive()) {
            // one-shot: the server lives as long as this command; Ctrl-C stops it
            inv.println("Serving until Ctrl-C.");
            Thread hook = new Thread(this::closeServer, "workshop-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                Thread.currentThread().join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                closeServer();
            }
            return 0;
        }
        inv.println("Try: workshop status, workshop open <lesson>, workshop say <text>, workshop stop");
        return 0;
    }

    private synchronized void closeServer() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    private int stop(Invocation inv) {
        if (server == null) {
            throw HardwayException.badInput("workshop stop: this shell runs no workshop server",
                    "workshop serve (a server started in another shell stops there, or when that shell ends)");
        }
        String url = server.started().url();
        closeServer();
        inv.println("Stopped the workshop server at " + url + ". The class is kept in " + serveDir().resolve(
                "class.json") + ": workshop serve picks it up again.");
        return 0;
    }

    private InstructorApi api(String what) {
        InstructorApi api = InstructorApi.find(serveDir());
        if (api == null) {
            throw HardwayException.badInput(what + ": no workshop server is running for this $HARDWAY_HOME",
                    "workshop serve");
        }
        return api;
    }

    private int status(Invocation inv) {
        InstructorApi api = InstructorApi.find(serveDir());
        WorkshopClient.Joined j = link.client().state();
        if (api == null && j == null) {
            inv.println("Not in a workshop. Try: workshop serve (instructor), or workshop join <url> --name <n>"
                    + " --token <t> (learner)");
            return 0;
        }
        if (api != null) {
            classTable(inv, api.snapshot(), api.url());
        }
        if (j != null) {
            link.client().flush(Duration.ofSeconds(3)); // what the link is now, not as of the last send
            j = link.client().state();
        }
        if (j != null) {
            Style y = inv.style();
            int waiting = link.client().waiting();
            inv.println(y.bold("Joined " + j.url + " as " + j.name) + ".");
            inv.println("Open lessons: " + (j.open == null ? "every lesson" : "up to " + j.open));
            inv.println("Events waiting to be sent: " + waiting + (j.lastError == null ? ""
                    : y.warn("  (last try: " + j.lastError + ")")));
            if (j.mirror != null) {
                inv.println("The instructor's mirror: " + j.mirror);
            }
        }
        return 0;
    }

    private void classTable(Invocation inv, ClassState.Snapshot s, String url) {
        Style y = inv.style();
        inv.println(y.bold("Class at " + url) + "   " + s.learners() + " learner" + (s.learners() == 1 ? "" : "s")
                + "   open: " + (s.open() == null ? "every lesson" : "up to " + s.open()));
        if (s.rows().isEmpty()) {
            inv.println("No learner has joined yet.");
        } else {
            Table t = new Table("learner", "lab", "lesson/step", "state", "on step", "hints", "last failure");
            for (ClassState.Row r : s.rows()) {
                String state = r.state().equals("check failing") ? y.bad(r.state()) : r.state().equals("done")
                        ? y.ok(r.state()) : r.state().startsWith("idle") || r.state().startsWith("offline")
                        ? y.warn(r.state()) : r.state();
                t.row(plain(r.name()), plain(join(r.preset(), r.provider())), r.lesson() == null ? "not started"
                        : r.lesson() + (r.step() == null ? " (done)" : "/" + r.step()), state,
                        LessonCommands.human(Duration.ofSeconds(r.secondsOnStep())), r.hints() == 0 ? "" : r.hints(),
                        r.lastFailure() == null ? "" : clip(plain(r.lastFailure()), 60));
            }
            inv.out().print(t.render(y));
        }
        int max = Math.max(1, s.learners());
        for (ClassState.Bar b : s.summary()) {
            inv.println(String.format("  %-18s %s", b.lesson(), Table.bar(b.past(), max, 20)));
        }
    }

    private static String join(String a, String b) {
        return (a == null || a.isBlank() ? "" : a) + (b == null || b.isBlank() ? "" : " on " + b);
    }

    /** Learner text in the terminal: control characters (escape sequences) shown as '?'. */
    static String plain(String s) {
        return s == null ? "" : s.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }

    private static String clip(String s, int n) {
        String one = s.lines().findFirst().orElse("");
        return one.length() <= n ? one : one.substring(0, n - 1) + "…";
    }

    private int open(Invocation inv) {
        String lesson = inv.arg(0);
        if (lessons.catalog().lesson(lesson).isEmpty()) {
            String near = dev.hardway.EditDistance.closest(lesson, lessons.catalog().lessons().stream()
                    .map(Lesson::id).toList());
            throw HardwayException.badInput("workshop open: no lesson '" + dev.hardway.Problem.clip(lesson) + "'"
                    + (near != null ? " (did you mean " + near + "?)" : ""), "lesson list shows the ids");
        }
        api("workshop open").open(lesson);
        inv.println("Opened lessons up to " + lesson + ": learners see it at their next prompt.");
        return 0;
    }

    private int say(Invocation inv) {
        String text = String.join(" ", inv.args()).strip();
        if (text.isEmpty()) {
            throw HardwayException.badInput("workshop say: nothing to say", "workshop say Break until 11:00");
        }
        api("workshop say").say(text);
        inv.println("Said to the class: " + text);
        return 0;
    }

    private int join(Invocation inv) {
        String name = inv.option("name");
        String token = inv.option("token");
        if (name == null || token == null) {
            throw HardwayException.badInput("workshop join: --name and --token are both needed",
                    "workshop join " + inv.arg(0) + " --name <your-name> --token <the class token>");
        }
        String preset = null;
        String provider = null;
        try {
            preset = session.cluster().config().name();
            provider = session.cluster().config().provider().name().toLowerCase(java.util.Locale.ROOT);
        } catch (RuntimeException e) {
            // no active cluster yet: the dashboard shows the lab once one is used
        }
        String before = downloads();
        WorkshopClient.Joined j = link.client().join(inv.arg(0), name, token, preset, provider);
        link.connect();
        inv.println("Joined " + j.url + " as " + j.name + ": your progress now shows on the instructor's dashboard.");
        inv.println("Open lessons: " + (j.open == null ? "every lesson" : "up to " + j.open) + ".");
        if (j.mirror != null) {
            session.clusterChanged(); // the next use loads the cluster with the instructor's mirror
            inv.println("Downloads now come from the instructor's mirror " + j.mirror + " (instead of " + before
                    + "): lesson 01-jumpbox fetches the release archives from it. workshop leave goes back.");
        }
        return 0;
    }

    /** The active cluster's download source in words ("upstream", "the mirror X", "the directory X on ..."). */
    private String downloads() {
        try {
            var d = session.cluster().config().downloads();
            return d == null || d.mirror() == null && d.dir() == null ? "upstream" : d.mirror() != null
                    ? "the mirror " + d.mirror() : "the directory " + d.dir() + " on the jumpbox";
        } catch (RuntimeException e) {
            return "the cluster file's downloads";
        }
    }

    private int leave(Invocation inv) {
        link.disconnect();
        boolean mirrored = session.workshopMirror() != null;
        WorkshopClient.Flush f = link.client().leave();
        inv.println("Left the workshop" + (f.error() == null ? "." : "; the server was not told (" + f.error()
                + ")."));
        if (mirrored) {
            session.clusterChanged();
            inv.println("Downloads come from " + downloads() + " again, as the cluster file says.");
        }
        return 0;
    }

    @Override
    public void destroy() {
        closeServer();
    }

    /** For tests in this JVM: the running server's port, or -1. */
    public int port() {
        return server == null ? -1 : server.port();
    }
}
