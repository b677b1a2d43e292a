package dev.hardway.lab.drill;

import dev.hardway.Problem;
import dev.hardway.HardwayException;
import dev.hardway.lab.Lab;
import dev.hardway.lab.check.Checks;
import dev.hardway.lab.check.Verdict;
import dev.hardway.lab.fault.BreakRequest;
import dev.hardway.lab.fault.BreakResult;
import dev.hardway.lab.fault.Fault;
import dev.hardway.lab.fault.FaultMode;
import dev.hardway.lab.fault.Faults;
import dev.hardway.lab.fault.HealResult;
import dev.hardway.lab.inspect.Inspector;
import dev.hardway.lab.inspect.Report;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The lab commands a lesson step drives ({@code drive:}): the same {@link Faults} as {@code break}/{@code heal} and
 * the same {@link Inspector} + {@link Checks} as {@code inspect}/{@code check}, called directly and judged on their
 * typed results. Returns data; never prints.
 */
public final class DrillLab {

    /** Opens the drill commands of a lab (the shell's faults and inspector; the author test's scratch ones). */
    @FunctionalInterface
    public interface Opener {
        DrillLab open(Lab lab);
    }

    private final Faults faults;
    private final Inspector inspector;
    private final Settle settle;

    public DrillLab(Faults faults, Inspector inspector, Settle settle) {
        this.faults = faults;
        this.inspector = inspector;
        this.settle = settle;
    }

    /** Over the lab's own faults and inspector, settling on real nodes. */
    public static DrillLab of(Faults faults, Inspector inspector) {
        return new DrillLab(faults, inspector, Settle.of(inspector.simulated()));
    }

    /** Runs one beat: break/heal act (and keep their promise when they succeed), observations are judged. */
    public BeatResult run(DrillBeat b) {
        if (b.command() instanceof DrillCommand.Break br) {
            return breakNode(b, br.request());
        }
        if (b.command() instanceof DrillCommand.Heal h) {
            return heal(b, h.node());
        }
        return observe(b);
    }

    /** Asks the beat's question (until its {@code within} on real nodes) and judges the answer. */
    public BeatResult observe(DrillBeat b) {
        DrillCommand.Look look = (DrillCommand.Look) b.command();
        Observation seen = settle.until(b.within(), () -> look(look.subject()), o -> b.expect().broken(o).isEmpty());
        String what = look.subject() == DrillCommand.Subject.VIP ? "lb" : look.subject().id();
        List<Problem> why = b.expect().broken(seen).stream().map(w -> Problem.error(w, "inspect " + what)).toList();
        return new BeatResult(b, why.isEmpty(), seen.verdict().headline(), why, null, null, seen,
                seen.verdict().commands());
    }

    private Observation look(DrillCommand.Subject s) {
        Report r;
        Verdict v;
        switch (s) {
            case ETCD -> {
                var e = inspector.etcd();
                r = e;
                v = Checks.etcd(e);
            }
            case VIP -> {
                var l = inspector.lb();
                r = l;
                v = Checks.vip(l);
            }
            default -> {
                var a = inspector.apiserver();
                r = a;
                v = Checks.apiserver(a);
            }
        }
        return new Observation(s, r, v);
    }

    private BeatResult breakNode(DrillBeat b, BreakRequest req) {
        Optional<Fault> already = faults.active().stream().filter(f -> f.node().equals(req.node())
                && f.mode() == req.mode() && (req.mode() != FaultMode.SERVICES || req.service() == null
                || f.units().contains(req.service()))).findFirst();
        if (already.isPresent()) {
            // a step runs again (lesson run twice): the fault it leaves is in place, which is what it promises
            return new BeatResult(b, true, "already broken: " + already.get().describe(), List.of(), null, null,
                    null, List.of());
        }
        try {
            BreakResult r = faults.breakNode(req);
            return new BeatResult(b, true, String.join("; ", r.done()), List.of(), r, null, null, r.commands());
        } catch (HardwayException e) {
            return new BeatResult(b, false, b.command().line() + " was refused", List.of(e.problem()), null,
                    null, null, List.of());
        }
    }

    private BeatResult heal(DrillBeat b, String node) {
        try {
            HealResult r = node == null ? faults.healAll() : faults.heal(node);
            List<String> done = new ArrayList<>();
            List<Problem> problems = new ArrayList<>();
            for (HealResult.Healed h : r.healed()) {
                done.addAll(h.done());
                if (!h.ok()) {
                    problems.add(Problem.error(h.fault().describe() + ": " + h.problem(), "faults, then heal "
                            + h.fault().node() + " again"));
                }
            }
            String summary = done.isEmpty() ? "nothing to heal" + (node == null ? "" : " on " + node)
                    : String.join("; ", done);
            return new BeatResult(b, r.ok(), summary, problems, null, r, null, r.commands());
        } catch (HardwayException e) {
            return new BeatResult(b, false, b.command().line() + " failed", List.of(e.problem()), null, null,
                    null, List.of());
        }
    }
}
