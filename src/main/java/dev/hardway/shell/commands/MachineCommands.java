package dev.hardway.shell.commands;

import dev.hardway.Problem;
import dev.hardway.HardwayException;
import dev.hardway.provider.HostDoctor;
import dev.hardway.provider.MachineStatus;
import dev.hardway.provider.ProgressEvent;
import dev.hardway.provider.ProgressListener;
import dev.hardway.provider.Provider;
import dev.hardway.provider.ProviderException;
import dev.hardway.shell.CommandSet;
import dev.hardway.shell.HwCommand;
import dev.hardway.shell.Invocation;
import dev.hardway.shell.ShellSession;
import dev.hardway.shell.Style;
import dev.hardway.shell.Table;
import dev.hardway.target.NodeTarget;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** cluster up | down | halt | status | doctor: the machines of the active cluster. */
@Component
public class MachineCommands implements CommandSet {

    private final ShellSession session;

    public MachineCommands(ShellSession session, dev.hardway.shell.ShellApplication.Io io) {
        this.session = session;
        // a note, not output: stderr, so `cluster status --json` stays parseable on first contact too
        session.onHostKey((node, address, type, fp) -> io.err().println("first contact with " + node + " ("
                + address + "): " + type + " key " + fp + " — recorded in "
                + session.home().knownHosts(session.cluster().config().name())));
    }

    @Override
    public List<HwCommand> commands() {
        return List.of(
                HwCommand.builder("cluster up").group("Machines")
                        .description("Create and boot the machines (Vagrant), with a live line per VM")
                        .run(inv -> lifecycle(inv, "up")),
                HwCommand.builder("cluster down").group("Machines")
                        .description("Destroy the machines (Vagrant); asks first")
                        .flag("yes", "do not ask")
                        .run(inv -> {
                            if (!inv.confirm("Destroy every VM of " + session.cluster().config().name() + "?")) {
                                inv.println("Nothing destroyed.");
                                return 0;
                            }
                            return lifecycle(inv, "down");
                        }),
                HwCommand.builder("cluster halt").group("Machines")
                        .description("Shut the machines down, keeping their disks (Vagrant)")
                        .run(inv -> lifecycle(inv, "halt")),
                HwCommand.builder("cluster status").group("Machines")
                        .description("Each machine's state; for existing hosts a full check (OS, arch, memory,"
                                + " swap, time sync)")
                        .run(this::status),
                HwCommand.builder("cluster doctor").group("Machines")
                        .description("Check every node over SSH: reachable, OS, architecture, memory, swap off,"
                                + " time synchronised; exit 1 when something needs fixing")
                        .run(this::doctor));
    }

    private Provider requireProvider() {
        Provider p = session.provider();
        if (p == null) {
            throw HardwayException.badInput(Problem.error("the simulated lab has no machines: it is ready as it is", "cluster use " + session.cluster().config().name() + " --provider vagrant for real VMs"));
        }
        return p;
    }

    private int lifecycle(Invocation inv, String verb) {
        Provider p = requireProvider();
        LiveLines live = new LiveLines(inv, session.cluster().config().nodes().stream()
                .map(n -> n.name()).toList());
        try {
            switch (verb) {
                case "up" -> p.up(live);
                case "down" -> p.down(live);
                default -> p.halt(live);
            }
        } catch (ProviderException e) {
            live.finish();
            throw new HardwayException(HardwayException.UNREACHABLE, e.getMessage(), e);
        }
        live.finish();
        session.closeLab();
        inv.println(inv.style().mark(true) + " cluster " + verb + " done."
                + (verb.equals("up") ? " Next: cluster doctor, then lesson list." : ""));
        return 0;
    }

    private int status(Invocation inv) {
        Provider p = requireProvider();
        List<MachineStatus> machines;
        try {
            machines = p.status();
        } catch (ProviderException e) {
            throw new HardwayException(HardwayException.UNREACHABLE, e.getMessage(), e);
        }
        Table t = new Table("node", "state", "detail");
        boolean allRunning = true;
        for (MachineStatus m : machines) {
            boolean running = m.state() == MachineStatus.State.RUNNING;
            allRunning &= running;
            t.row(m.node(), running ? inv.style().ok(m.state().name().toLowerCase()) :
                    inv.style().warn(m.state().name().toLowerCase()), m.detail() == null ? "" : m.detail());
        }
        inv.out().print(t.render(inv.style()));
        if (!p.createsMachines()) {
            inv.println("");
            return doctor(inv);
        }
        return allRunning ? 0 : HardwayException.CHECK_FAILED;
    }

    private int doctor(Invocation inv) {
        requireProvider();
        Map<String, NodeTarget> targets = new LinkedHashMap<>();
        for (String node : session.pool().nodes()) {
            targets.put(node, session.pool().target(node));
        }
        HostDoctor.Report r = new HostDoctor().examine(targets);
        Table t = new Table("node", "reachable", "os", "arch", "memory", "swap", "time sync");
        for (HostDoctor.Facts f : r.hosts()) {
            if (!f.reachable()) {
                t.row(f.node(), inv.style().bad("no"), f.error(), "", "", "", "");
                continue;
            }
            t.row(f.node(), inv.style().ok("yes"), f.os(), f.arch(), f.memoryMiB() + " MiB",
                    f.swapOn() ? inv.style().warn("on") : "off", f.timeSync().name().toLowerCase());
        }
        inv.out().print(t.render(inv.style()));
        for (HostDoctor.Problem pr : r.problems()) {
            String line = pr.message(); // starts with the node already ("jumpbox: only 470 MiB ...")
            inv.println(pr.severity() == HostDoctor.Severity.ERROR ? inv.style().bad(line) : inv.style().warn(line));
        }
        return r.ok() ? 0 : HardwayException.CHECK_FAILED;
    }

    /**
     * One line per machine, redrawn in place on a colour terminal that can move its cursor (a live view rather
     * than a wall of text; the control sequences come from the terminal's capabilities through {@link
     * Style#cursor()}); elsewhere (pipes, NO_COLOR, the plain theme, a dumb terminal) a line per stage change.
     */
    static final class LiveLines implements ProgressListener {
        private final Invocation inv;
        private final Map<String, String> lines = new LinkedHashMap<>();
        private final Map<String, ProgressEvent.Stage> stages = new LinkedHashMap<>();
        private boolean drawn;

        LiveLines(Invocation inv, List<String> machines) {
            this.inv = inv;
            machines.forEach(m -> lines.put(m, "waiting"));
        }

        @Override
        public synchronized void onEvent(ProgressEvent e) {
            String machine = e.machine() == null || e.machine().isEmpty() ? "*" : e.machine();
            String text = e.stage().name().toLowerCase() + (e.message() == null || e.message().isBlank() ? ""
                    : "  " + e.message().strip());
            Style.Cursor cursor = inv.style().cursor();
            if (cursor == null) {
                if (stages.get(machine) != e.stage()) {
                    inv.println(String.format("%-10s %s", machine, text));
                }
                stages.put(machine, e.stage());
                return;
            }
            lines.put(machine, text);
            redraw(cursor);
        }

        private void redraw(Style.Cursor cursor) {
            StringBuilder sb = new StringBuilder();
            if (drawn) {
                sb.append(cursor.up(lines.size()));
            }
            lines.forEach((m, t) -> sb.append(cursor.startOfLine()).append(String.format("%-10s ", m))
                    .append(Style.truncate(t, 101)).append('\n'));
            inv.out().print(sb);
            inv.out().flush();
            drawn = true;
        }

        synchronized void finish() {
            inv.out().flush();
        }
    }
}
