package dev.hardway.lab.fault;

import dev.hardway.Problem;
import dev.hardway.cluster.ClusterConfig.Node;
import dev.hardway.cluster.ClusterModel;
import dev.hardway.lab.ProbeCommands;
import dev.hardway.lab.inspect.Units;
import dev.hardway.target.ExecOptions;
import dev.hardway.target.ExecResult;
import dev.hardway.target.OutputListener;
import dev.hardway.target.TargetException;
import dev.hardway.target.TargetPool;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Faults on real nodes. power: the {@link PowerControl} (the provider's; the test bed's own; none for existing
 * hosts, which refuse). services: {@code systemctl stop} of the active hardway units, remembered exactly. network:
 * iptables DROP rules, tagged {@value FaultCommands#COMMENT}, for every other node's address (and the VIP) except
 * the address hardway's own SSH connection comes from, so the shell keeps reaching the node. crash:
 * {@code systemctl kill --signal=KILL}. Each fault is recorded in the {@link FaultStore} only once it is done, and
 * removed only once it is undone.
 */
public final class RealFaults implements Faults {

    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final ClusterModel c;
    private final TargetPool pool;
    private final FaultStore store;
    private final PowerControl power;
    private final Clock clock;

    public RealFaults(ClusterModel cluster, TargetPool pool, FaultStore store, PowerControl power, Clock clock) {
        this.c = cluster;
        this.pool = pool;
        this.store = store;
        this.power = power == null ? PowerControl.NONE : power;
        this.clock = clock;
    }

    /** Lists the hardway units active on the node, one per line (one round trip). */
    static String activeUnitsScript() {
        return "for u in " + String.join(" ", Units.ALL) + "; do systemctl is-active --quiet \"$u\" && echo \"$u\";"
                + " done; true";
    }

    /**
     * Adds the DROP rules for each peer, except the address(es) hardway's SSH connection comes from
     * ({@code $SSH_CONNECTION}, or, when sudo dropped it, the peers of established connections to sshd's port).
     * Prints {@code dropped:IP} / {@code kept:IP} lines.
     */
    static String networkScript(List<String> peers, int sshPort) {
        StringBuilder b = new StringBuilder();
        b.append("command -v iptables >/dev/null || { echo 'iptables: command not found' >&2; exit 127; }\n");
        b.append("mgmt=\"${SSH_CONNECTION%% *}\"\n");
        b.append("if [ -z \"$mgmt\" ]; then mgmt=$(ss -Htn state established '( sport = :").append(sshPort)
                .append(" )' 2>/dev/null | awk '{print $NF}' | sed -e 's/^\\[::ffff://' -e 's/\\]//' -e 's/:[0-9]*$//'"
                        + " | sort -u); fi\n");
        b.append("for p in ").append(String.join(" ", peers)).append("; do\n");
        b.append("  if printf '%s\\n' $mgmt | grep -qxF \"$p\"; then echo \"kept:$p\"; continue; fi\n");
        List<String> rules = FaultCommands.dropRules("\"$p\"");
        b.append("  ").append(rules.get(0)).append(" && ").append(rules.get(1)).append(" && echo \"dropped:$p\"\n");
        b.append("done\n");
        return b.toString();
    }

    private ExecResult exec(String node, String script, String what) {
        try {
            return pool.target(node).exec(script, ExecOptions.timeout(TIMEOUT), OutputListener.NONE);
        } catch (TargetException e) {
            Problem p = e.problem();
            throw FaultException.unreachable((p.fix() != null ? p : p.withFix("cluster status"))
                    .prefixed("cannot " + what + " on " + node + ": "));
        }
    }

    private List<String> activeUnits(String node) {
        ExecResult r = exec(node, activeUnitsScript(), "list the running units");
        return r.stdout().lines().map(String::strip).filter(Units.ALL::contains).toList();
    }

    // --------------------------------------------------------------------------------------------- break --

    @Override
    public BreakResult breakNode(BreakRequest r) {
        Node node = FaultChecks.node(c, r.node());
        String n = node.name();
        FaultChecks.notTwice(store, n, r.mode(), false);
        if (r.mode() != FaultMode.POWER && active().stream().anyMatch(f -> f.node().equals(n)
                && f.mode() == FaultMode.POWER)) {
            throw FaultException.badInput(Problem.error(n + " is powered off (break " + n + " --mode power): there is nothing to "
                    + r.mode().id() + "-break", "heal " + n));
        }
        List<String> done = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<String> commands = new ArrayList<>();
        List<String> units = List.of();
        List<String> peers = List.of();
        List<String> kept = List.of();
        switch (r.mode()) {
            case POWER -> {
                if (!power.available()) {
                    throw PowerControl.refusal(n);
                }
                commands.add(ProbeCommands.on("provider", "power off " + n));
                power.powerOff(n);
                done.add("powered off " + n + " (hard power cut, no clean shutdown)");
            }
            case SERVICES -> {
                commands.add(ProbeCommands.on(n, activeUnitsScript()));
                List<String> target = FaultChecks.servicesToStop(n, r.service(), activeUnits(n), false);
                String cmd = FaultCommands.stop(target);
                commands.add(ProbeCommands.on(n, cmd));
                ExecResult x = exec(n, cmd, "stop " + String.join(", ", target));
                if (!x.ok()) {
                    throw new FaultException(FaultException.CHECK_FAILED, Problem.error(n + ": " + cmd + " failed (exit "
                            + x.exitCode() + "): " + last(x), "systemctl status " + String.join(" ", target)
                            + " (on " + n + ")"));
                }
                units = target;
                done.add("stopped " + String.join(", ", target) + " on " + n);
            }
            case NETWORK -> {
                List<String> all = FaultChecks.peers(c, node);
                String script = networkScript(all, c.config().ssh().port());
                FaultCommands.drop(all).forEach(cmd -> commands.add(ProbeCommands.on(n, cmd)));
                ExecResult x = exec(n, script, "add the iptables rules");
                List<String> dropped = prefixed(x.stdout(), "dropped:");
                kept = prefixed(x.stdout(), "kept:");
                if (!dropped.isEmpty()) {
                    // record what is in place before anything else can fail, so heal can remove it
                    peers = dropped;
                }
                if (!x.ok() || dropped.size() + kept.size() < all.size()) {
                    if (!dropped.isEmpty()) {
                        store.add(new Fault(n, FaultMode.NETWORK, List.of(), dropped, kept, now(), false));
                    }
                    throw new FaultException(FaultException.CHECK_FAILED, Problem.error(n + ": adding the iptables rules failed"
                            + " (exit " + x.exitCode() + "): " + last(x), "iptables -S on " + n
                            + (dropped.isEmpty() ? "" : "; heal " + n + " removes the " + dropped.size()
                            + " addresses already dropped")));
                }
                done.add("cut " + n + " off from " + dropped.size() + " addresses of the other nodes"
                        + " (iptables DROP, comment " + FaultCommands.COMMENT + ")");
                if (!kept.isEmpty()) {
                    done.add("kept " + String.join(", ", kept) + ": hardway's own connection to " + n
                            + " comes from there");
                }
                notes.add(FaultChecks.ARP_NOTE);
            }
            case CRASH -> {
                commands.add(ProbeCommands.on(n, activeUnitsScript()));
                String unit = FaultChecks.crashUnit(c, node, r.service(), activeUnits(n), false);
                String cmd = FaultCommands.kill(unit);
                commands.add(ProbeCommands.on(n, cmd));
                ExecResult x = exec(n, cmd, "kill " + unit);
                if (!x.ok()) {
                    throw new FaultException(FaultException.CHECK_FAILED, Problem.error(n + ": " + cmd + " failed: " + last(x), "systemctl status " + unit + " (on " + n + ")"));
                }
                units = List.of(unit);
                done.add("killed " + unit + " on " + n + " with SIGKILL: it could not clean up");
                if (unit.equals("keepalived")) {
                    notes.add(FaultChecks.CRASH_NOTE.sentence());
                }
            }
            case CERT -> {
                String vip = CertFault.vipToDrop(c, node);
                peers = List.of(vip);
                done.addAll(reissueWithout(n, vip, commands));
            }
            default -> throw new IllegalStateException();
        }
        Fault f = new Fault(n, r.mode(), units, peers, kept, now(), false);
        store.add(f);
        return new BreakResult(false, f, done, notes, Suggestions.afterBreak(c, f), commands);
    }

    /**
     * The cert fault: a request from the master's key, signed on the jumpbox (the CA key stays there), installed on
     * the master with the original kept aside. Recorded only once installed.
     */
    private List<String> reissueWithout(String n, String vip, List<String> commands) {
        String jump = c.jumpbox().map(Node::name).orElseThrow(() -> FaultException.badInput("cluster " + c.name()
                + " has no jumpbox, where lesson 02-pki keeps the CA that signs the certificate. Try: another mode"));
        String csrCmd = CertFault.csrScript(CertFault.DIR);
        commands.add(ProbeCommands.on(n, "openssl req -new -key " + CertFault.DIR + "/" + CertFault.KEY
                + " -subj " + CertFault.SUBJECT));
        ExecResult x = exec(n, csrCmd, "make a certificate request");
        String csr = CertFault.pem(x.stdout(), CertFault.BEGIN_CSR);
        if (!x.ok() || csr == null) {
            throw new FaultException(FaultException.CHECK_FAILED, n + ": no certificate request from "
                    + CertFault.DIR + "/" + CertFault.KEY + " (exit " + x.exitCode() + "): " + last(x)
                    + ". Try: lesson 06-control-plane installs the API certificate on the masters");
        }
        String sans = CertFault.sansWithout(c, vip);
        commands.add(ProbeCommands.on(jump, "openssl x509 -req -CA " + CertFault.PKI + "/ca.pem -CAkey "
                + CertFault.PKI + "/ca-key.pem ... subjectAltName = " + sans));
        ExecResult y = exec(jump, CertFault.signScript(CertFault.PKI, csr, sans), "sign the certificate");
        String pem = CertFault.pem(y.stdout(), CertFault.BEGIN_CERT);
        if (!y.ok() || pem == null) {
            throw new FaultException(FaultException.CHECK_FAILED, jump + ": signing with " + CertFault.PKI
                    + "/ca-key.pem failed (exit " + y.exitCode() + "): " + last(y) + ". Try: lesson 02-pki");
        }
        commands.add(ProbeCommands.on(n, "cp -p " + CertFault.certPath() + " " + CertFault.certPath()
                + CertFault.ASIDE + "; install the new " + CertFault.CERT + "; systemctl restart kube-apiserver"));
        ExecResult z = exec(n, CertFault.installScript(CertFault.DIR, pem), "install the certificate");
        if (!z.ok() || !z.stdout().contains("installed")) {
            throw new FaultException(FaultException.CHECK_FAILED, n + ": installing the certificate failed (exit "
                    + z.exitCode() + "): " + last(z) + ". Try: ls -l " + CertFault.DIR + " (on " + n + ")");
        }
        List<String> done = new ArrayList<>();
        done.add("re-issued " + CertFault.certPath() + " on " + n + " without IP:" + vip + " (signed on " + jump
                + " by the lesson 02 CA; the original kept as " + CertFault.CERT + CertFault.ASIDE + ")");
        done.add(z.stdout().contains("restarted") ? "restarted kube-apiserver on " + n + ": it serves the new"
                + " certificate" : "kube-apiserver is not running on " + n + ": it serves the certificate when it"
                + " starts");
        return done;
    }

    private String now() {
        return clock.instant().toString();
    }

    private static List<String> prefixed(String out, String prefix) {
        return out.lines().map(String::strip).filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length()))
                .toList();
    }

    private static String last(ExecResult x) {
        String s = x.stderr().isBlank() ? x.stdout() : x.stderr();
        List<String> l = s.lines().filter(t -> !t.isBlank()).toList();
        return l.isEmpty() ? "no output" : l.get(l.size() - 1).strip();
    }

    // ---------------------------------------------------------------------------------------------- heal --

    @Override
    public HealResult heal(String node) {
        String n = FaultChecks.node(c, node).name();
        return healWhere(f -> f.node().equals(n), n);
    }

    @Override
    public HealResult healAll() {
        return healWhere(f -> true, null);
    }

    private HealResult healWhere(Predicate<Fault> which, String node) {
        List<Fault> mine = active().stream().filter(which).toList();
        if (mine.isEmpty() && node != null) {
            FaultChecks.nothingToHeal(node);
        }
        List<HealResult.Healed> healed = new ArrayList<>();
        List<String> commands = new ArrayList<>();
        for (int i = mine.size() - 1; i >= 0; i--) {
            Fault f = mine.get(i);
            try {
                List<String> done = undo(f, commands);
                store.remove(f);
                healed.add(new HealResult.Healed(f, true, done, null));
            } catch (RuntimeException e) {
                healed.add(new HealResult.Healed(f, false, List.of(), e.getMessage()));
            }
        }
        return new HealResult(false, healed, Suggestions.afterHeal(c, healed.stream().filter(HealResult.Healed::ok)
                .map(HealResult.Healed::fault).toList()), commands);
    }

    private List<String> undo(Fault f, List<String> commands) {
        String n = f.node();
        return switch (f.mode()) {
            case POWER -> {
                if (!power.available()) {
                    throw PowerControl.refusal(n);
                }
                commands.add(ProbeCommands.on("provider", "power on " + n));
                power.powerOn(n);
                yield List.of("powered on " + n + ": its enabled units start by themselves");
            }
            case SERVICES, CRASH -> {
                String cmd = FaultCommands.start(f.units());
                commands.add(ProbeCommands.on(n, cmd));
                ExecResult x = exec(n, cmd, "start " + String.join(", ", f.units()));
                if (!x.ok()) {
                    throw new FaultException(FaultException.CHECK_FAILED, Problem.error(n + ": " + cmd + " failed: " + last(x), "systemctl status " + String.join(" ", f.units()) + "; journalctl -xe (on " + n
                            + ")"));
                }
                yield List.of("started " + String.join(", ", f.units()) + " on " + n);
            }
            case CERT -> {
                commands.add(ProbeCommands.on(n, "mv -f " + CertFault.certPath() + CertFault.ASIDE + " "
                        + CertFault.certPath() + "; systemctl restart kube-apiserver"));
                ExecResult x = exec(n, CertFault.healScript(CertFault.DIR), "restore the certificate");
                if (!x.ok()) {
                    throw new FaultException(FaultException.CHECK_FAILED, n + ": restoring " + CertFault.certPath()
                            + " failed: " + last(x) + ". Try: lesson 06-control-plane installs it again");
                }
                yield List.of("put the original " + CertFault.certPath() + " back on " + n
                        + (x.stdout().contains("restarted") ? " and restarted kube-apiserver" : ""));
            }
            case NETWORK -> {
                String cmd = FaultCommands.undrop() + "; " + FaultCommands.listRules();
                commands.add(ProbeCommands.on(n, FaultCommands.undrop()));
                ExecResult x = exec(n, cmd, "remove the iptables rules");
                if (!x.stdout().isBlank()) {
                    throw new FaultException(FaultException.CHECK_FAILED, Problem.error(n + ": iptables rules tagged "
                            + FaultCommands.COMMENT + " are still there after removing them: " + last(x), "iptables -S | grep " + FaultCommands.COMMENT + " (on " + n + ")"));
                }
                yield List.of("removed the DROP rules (" + f.peers().size() + " addresses) on " + n);
            }
        };
    }

    @Override
    public List<Fault> active() {
        return store.all().stream().filter(f -> !f.simulated()).toList();
    }
}
