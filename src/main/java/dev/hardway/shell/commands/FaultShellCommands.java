package dev.hardway.shell.commands;

import dev.hardway.Problem;
import dev.hardway.lab.fault.BreakRequest;
import dev.hardway.lab.fault.BreakResult;
import dev.hardway.lab.fault.Fault;
import dev.hardway.lab.fault.FaultMode;
import dev.hardway.lab.fault.HealResult;
import dev.hardway.lab.topology.Topology;
import dev.hardway.lab.topology.TopologyRenderer;
import dev.hardway.shell.CommandSet;
import dev.hardway.shell.HwCommand;
import dev.hardway.shell.Invocation;
import dev.hardway.shell.Settings;
import dev.hardway.shell.ShellSession;
import dev.hardway.shell.Style;
import java.util.List;
import org.springframework.stereotype.Component;

/** break, heal, faults and topology: failure drills and the picture of the lab. */
@Component
public class FaultShellCommands implements CommandSet {

    private final ShellSession session;
    private final InspectCommands inspect;
    private final dev.hardway.shell.WorkshopLink workshop;

    public FaultShellCommands(ShellSession session, InspectCommands inspect, dev.hardway.shell.WorkshopLink workshop) {
        this.session = session;
        this.inspect = inspect;
        this.workshop = workshop;
    }

    @Override
    public List<HwCommand> commands() {
        return List.of(
                HwCommand.builder("break").group("Drills")
                        .description("Break a node: power it off, stop its services, cut its network, crash a"
                                + " service, or give it a certificate without the VIP (recorded, so heal undoes"
                                + " exactly this)")
                        .arg("node", "the node to break", inspect.nodes())
                        .option("mode", "power (default), services, network, crash, or cert", HwCommand.values(
                                "power", "hard power cut (Vagrant VM or test bed node)",
                                "services", "stop the node's active hardway units",
                                "network", "drop traffic with the other cluster nodes (hardway keeps its own path)",
                                "crash", "kill -9 a service (keepalived on an LB): the VIP stays behind",
                                "cert", "re-issue a master's kube-apiserver certificate without the VIP SAN"))
                        .option("service", "only this unit (services and crash modes)", HwCommand.values(
                                "etcd", "the etcd member", "haproxy", "the API load balancer",
                                "keepalived", "the VIP", "kube-apiserver", "the API server",
                                "containerd", "the container runtime", "kubelet", "the node agent"))
                        .examples("  break master2\n  break lb1 --mode services\n  break master1 --mode network\n"
                                + "  break lb1 --mode crash --service keepalived\n  break master1 --mode cert")
                        .run(this::breakNode),
                HwCommand.builder("heal").group("Drills")
                        .description("Undo what break did to a node, or --all (newest first)")
                        .optionalArg("node", "a broken node", HwCommand.dynamic(() -> {
                            var m = new java.util.LinkedHashMap<String, String>();
                            session.faults().active().forEach(f -> m.put(f.node(), f.describe()));
                            return m;
                        }))
                        .flag("all", "every recorded fault").run(this::heal),
                HwCommand.builder("faults").group("Drills").description("What is broken now (recorded by break)")
                        .run(this::faults),
                HwCommand.builder("topology").group("Explore")
                        .description("A picture of the lab: nodes by role, VIP holder, etcd leader, what is down")
                        .flag("plain", "ASCII only (projectors, screen readers)").run(this::topology));
    }

    private int breakNode(Invocation inv) {
        FaultMode mode = FaultMode.of(inv.option("mode", "power"));
        if (inv.option("service") != null && mode != FaultMode.SERVICES && mode != FaultMode.CRASH) {
            throw dev.hardway.HardwayException.badInput("break: --service picks the unit that --mode services stops"
                    + " or --mode crash kills; it means nothing with --mode " + mode.id(), "break " + inv.arg(0)
                    + " --mode services --service " + inv.option("service") + ", or drop --service");
        }
        BreakResult r = session.faults().breakNode(new BreakRequest(inv.arg(0), mode, inv.option("service")));
        workshop.drill("break", r.fault().describe());
        Style st = inv.style();
        inv.println(st.warn("broke " + r.fault().describe()) + (r.simulated() ? st.dim("  (simulated)") : ""));
        r.done().forEach(d -> inv.println("   " + d));
        r.notes().forEach(n -> inv.println("   " + st.dim(n)));
        verbose(inv, r.commands());
        if (!r.suggestions().isEmpty()) {
            inv.println("Try: " + String.join(", ", r.suggestions()));
        }
        return 0;
    }

    private int heal(Invocation inv) {
        HealResult r;
        if (inv.flag("all")) {
            r = session.faults().healAll();
        } else {
            if (inv.arg(0) == null) {
                throw dev.hardway.HardwayException.badInput(Problem.error("heal: name a node or --all", "faults, then heal <node>"));
            }
            r = session.faults().heal(inv.arg(0));
        }
        if (!r.healed().isEmpty()) {
            workshop.drill("heal", inv.flag("all") ? "all" : inv.arg(0));
        }
        Style st = inv.style();
        if (r.healed().isEmpty()) {
            inv.println("Nothing to heal: no recorded faults" + (inv.arg(0) == null ? "" : " on " + inv.arg(0)) + ".");
        }
        for (HealResult.Healed h : r.healed()) {
            inv.println(st.mark(h.ok()) + " healed " + h.fault().describe()
                    + (h.problem() == null ? "" : ": " + st.bad(h.problem())));
            h.done().forEach(d -> inv.println("   " + d));
        }
        verbose(inv, r.commands());
        if (!r.suggestions().isEmpty()) {
            inv.println("Try: " + String.join(", ", r.suggestions()));
        }
        return r.ok() ? 0 : dev.hardway.HardwayException.UNREACHABLE;
    }

    private int faults(Invocation inv) {
        List<Fault> active = session.faults().active();
        if (active.isEmpty()) {
            inv.println("No faults: nothing was broken with break (or everything was healed).");
            return 0;
        }
        for (Fault f : active) {
            inv.println(inv.style().warn(f.describe()) + inv.style().dim("  since " + f.since()));
        }
        inv.println("Try: heal <node>, or heal --all");
        return 0;
    }

    private int topology(Invocation inv) {
        var report = session.inspector().cluster();
        Topology t = Topology.of(session.model(), report);
        boolean plain = inv.flag("plain") || !inv.style().color();
        String picture = TopologyRenderer.render(t, plain ? TopologyRenderer.Style.PLAIN : TopologyRenderer.Style.FANCY);
        inv.out().print(picture.endsWith("\n") ? picture : picture + "\n");
        inv.out().flush();
        return 0;
    }

    private void verbose(Invocation inv, List<String> commands) {
        if (session.settings().feedback() == Settings.Feedback.VERBOSE) {
            commands.forEach(c -> inv.println(inv.style().dim("  $ " + c)));
        }
    }
}
