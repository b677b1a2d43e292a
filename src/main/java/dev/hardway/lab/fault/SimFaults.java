package dev.hardway.lab.fault;

import dev.hardway.Problem;
import dev.hardway.cluster.ClusterConfig.Node;
import dev.hardway.cluster.ClusterModel;
import dev.hardway.lab.ProbeCommands;
import dev.hardway.lab.inspect.Units;
import dev.hardway.lab.sim.SimLab;
import dev.hardway.lab.sim.SimModel;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Faults in the simulated lab: power maps to {@link SimLab#powerOff}/{@link SimLab#powerOn}, services to
 * {@link SimLab#stopUnits}/{@link SimLab#startUnits}, network to {@link SimLab#partition}, crash to
 * {@link SimLab#crash}. Every fault is also recorded in the {@link FaultStore}, so {@code heal} in another process
 * undoes exactly it. The commands a real node would run are reported.
 */
public final class SimFaults implements Faults {

    private final SimLab lab;
    private final FaultStore store;
    private final Clock clock;

    public SimFaults(SimLab lab, FaultStore store, Clock clock) {
        this.lab = lab;
        this.store = store;
        this.clock = clock;
    }

    private ClusterModel cluster() {
        return lab.cluster();
    }

    @Override
    public BreakResult breakNode(BreakRequest r) {
        Node node = FaultChecks.node(cluster(), r.node());
        String n = node.name();
        FaultChecks.notTwice(store, n, r.mode(), true);
        SimModel m = lab.model();
        if (!m.isUp(n) && r.mode() != FaultMode.POWER) {
            throw FaultException.badInput(Problem.error(n + " is powered off (simulated): there is nothing to " + r.mode().id() + "-break", "heal " + n));
        }
        List<String> done = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<String> commands = new ArrayList<>();
        List<String> units = List.of();
        List<String> peers = List.of();
        switch (r.mode()) {
            case POWER -> {
                if (!lab.powerOff(n)) {
                    throw FaultException.badInput(Problem.error(n + " is already powered off (simulated)", "heal " + n));
                }
                done.add("powered off " + n + " (hard power cut, simulated)");
                commands.add(ProbeCommands.on("provider", "power off " + n));
            }
            case SERVICES -> {
                List<String> active = Units.ALL.stream().filter(u -> m.isActive(n, u)).toList();
                List<String> target = FaultChecks.servicesToStop(n, r.service(), active, true);
                units = lab.stopUnits(n, target);
                done.add("stopped " + String.join(", ", units) + " on " + n + " (simulated)");
                commands.add(ProbeCommands.on(n, FaultCommands.stop(units)));
            }
            case NETWORK -> {
                peers = FaultChecks.peers(cluster(), node);
                if (!lab.partition(n)) {
                    throw FaultException.badInput(Problem.error(n + " is already cut off (simulated)", "heal " + n));
                }
                done.add("cut " + n + " off from " + peers.size() + " addresses of the other nodes (simulated);"
                        + " hardway's own connection still reaches it");
                FaultCommands.drop(peers).forEach(c -> commands.add(ProbeCommands.on(n, c)));
                notes.add(FaultChecks.ARP_NOTE);
            }
            case CRASH -> {
                List<String> active = Units.ALL.stream().filter(u -> m.isActive(n, u)).toList();
                String unit = FaultChecks.crashUnit(cluster(), node, r.service(), active, true);
                if (!lab.crash(n, unit)) {
                    throw FaultException.badInput(Problem.error(unit + " is not running on " + n + " (simulated)", "inspect node " + n));
                }
                units = List.of(unit);
                done.add("killed " + unit + " on " + n + " with SIGKILL (simulated): it could not clean up");
                commands.add(ProbeCommands.on(n, FaultCommands.kill(unit)));
                if (unit.equals("keepalived")) {
                    notes.add(FaultChecks.CRASH_NOTE.sentence());
                }
            }
            case CERT -> {
                String vip = CertFault.vipToDrop(cluster(), node);
                String path = CertFault.certPath();
                if (!lab.reissueWithout(n, path, path + CertFault.ASIDE, vip)) {
                    throw FaultException.badInput(n + " has no " + path + " yet (simulated): lesson"
                            + " 06-control-plane installs it. Try: lesson goto 06-control-plane");
                }
                peers = List.of(vip);
                String jump = cluster().jumpbox().map(Node::name).orElse("the jumpbox");
                done.add("re-issued " + path + " on " + n + " without IP:" + vip + " (signed on " + jump
                        + " by the lesson 02 CA; the original kept as " + CertFault.CERT + CertFault.ASIDE
                        + ") and restarted kube-apiserver (simulated)");
                commands.add(ProbeCommands.on(n, "openssl req -new -key " + CertFault.DIR + "/" + CertFault.KEY
                        + " -subj " + CertFault.SUBJECT));
                commands.add(ProbeCommands.on(jump, "openssl x509 -req -CA " + CertFault.PKI + "/ca.pem -CAkey "
                        + CertFault.PKI + "/ca-key.pem ... subjectAltName = " + CertFault.sansWithout(cluster(), vip)));
                commands.add(ProbeCommands.on(n, "cp -p " + path + " " + path + CertFault.ASIDE
                        + "; install the new " + CertFault.CERT + "; systemctl restart kube-apiserver"));
            }
            default -> throw new IllegalStateException();
        }
        Fault f = new Fault(n, r.mode(), units, peers, List.of(), clock.instant().toString(), true);
        store.add(f);
        return new BreakResult(true, f, done, notes, Suggestions.afterBreak(cluster(), f), commands);
    }

    @Override
    public HealResult heal(String node) {
        String n = FaultChecks.node(cluster(), node).name();
        return healWhere(f -> f.node().equals(n), n);
    }

    @Override
    public HealResult healAll() {
        return healWhere(f -> true, null);
    }

    private HealResult healWhere(java.util.function.Predicate<Fault> which, String node) {
        List<Fault> mine = active().stream().filter(which).toList();
        List<HealResult.Healed> healed = new ArrayList<>();
        List<String> commands = new ArrayList<>();
        for (int i = mine.size() - 1; i >= 0; i--) {
            Fault f = mine.get(i);
            List<String> done = new ArrayList<>();
            switch (f.mode()) {
                case POWER -> {
                    lab.powerOn(f.node());
                    done.add("powered on " + f.node() + " (simulated): its enabled units started again");
                    commands.add(ProbeCommands.on("provider", "power on " + f.node()));
                }
                case SERVICES, CRASH -> {
                    List<String> started = lab.startUnits(f.node(), f.units());
                    done.add("started " + (started.isEmpty() ? "nothing (already running: "
                            + String.join(", ", f.units()) + ")" : String.join(", ", started)) + " on " + f.node()
                            + " (simulated)");
                    commands.add(ProbeCommands.on(f.node(), FaultCommands.start(f.units())));
                }
                case CERT -> {
                    String path = CertFault.certPath();
                    boolean back = lab.restoreCert(f.node(), path, path + CertFault.ASIDE);
                    done.add(back ? "put the original " + path + " back on " + f.node() + " and restarted"
                            + " kube-apiserver (simulated)" : "the original " + path + " was not kept on " + f.node()
                            + " (simulated): nothing to restore");
                    commands.add(ProbeCommands.on(f.node(), "mv -f " + path + CertFault.ASIDE + " " + path
                            + "; systemctl restart kube-apiserver"));
                }
                case NETWORK -> {
                    lab.unpartition(f.node());
                    done.add("removed the DROP rules on " + f.node() + " (simulated)");
                    commands.add(ProbeCommands.on(f.node(), FaultCommands.undrop()));
                }
                default -> throw new IllegalStateException();
            }
            store.remove(f);
            healed.add(new HealResult.Healed(f, true, done, null));
        }
        if (healed.isEmpty() && node != null) {
            FaultChecks.nothingToHeal(node);
        }
        return new HealResult(true, healed, Suggestions.afterHeal(cluster(),
                healed.stream().map(HealResult.Healed::fault).toList()), commands);
    }

    @Override
    public List<Fault> active() {
        return store.all().stream().filter(Fault::simulated).toList();
    }
}
