package dev.hardway.lab;

import dev.hardway.Problem;

import java.util.List;

/**
 * What a probe or script check found.
 *
 * @param summary   one line, e.g. "etcd: 3/3 members healthy, leader master2"
 * @param problems  one per failed condition, as data: what (naming the node), the fix where known, and the node in
 *                  {@link Problem#where()}; only the shell joins them into text
 * @param commands  the exact commands run (or, simulated, that would run), for {@code set feedback verbose}
 * @param skipped   true when the check cannot run here (script checks in the simulated lab)
 * @param subject   what was found without the node count ("etcd active" for "etcd active on 1/1 node"), so a view
 *                  that shows several nodes' results as one line needs no string surgery on {@code summary}
 */
public record ProbeResult(String type, boolean ok, String summary, List<Problem> problems, List<String> commands,
                          boolean skipped, String subject) {

    public ProbeResult {
        subject = subject == null ? summary : subject;
    }

    public static ProbeResult pass(String type, String summary, List<String> commands) {
        return new ProbeResult(type, true, summary, List.of(), commands, false, summary);
    }

    public static ProbeResult fail(String type, String summary, List<Problem> problems, List<String> commands) {
        return new ProbeResult(type, false, summary, problems, commands, false, summary);
    }

    public static ProbeResult skipped(String type, String why) {
        return new ProbeResult(type, true, why, List.of(), List.of(), true, why);
    }

    /** The problems as the one-line sentences a terminal shows ({@code what. Try: fix.}). */
    public List<String> problemLines() {
        return problems.stream().map(Problem::sentence).toList();
    }

    /** The same result with {@code subject} as its node-count-free finding. */
    public ProbeResult about(String subject) {
        return new ProbeResult(type, ok, summary, problems, commands, skipped, subject);
    }
}
