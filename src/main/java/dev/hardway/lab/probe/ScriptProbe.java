package dev.hardway.lab.probe;

import dev.hardway.Problem;
import dev.hardway.lab.ProbeCommands;
import dev.hardway.lab.ProbeResult;
import dev.hardway.lab.real.ToolOutput;
import dev.hardway.target.ExecResult;
import dev.hardway.target.TargetException;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A lesson's script check: a script's exit code on one node, and its stdout matched against a regular expression
 * when one is given. The simulated lab cannot run scripts: it answers skipped.
 */
public final class ScriptProbe implements ProbeKind<ScriptProbe.Query, ProbeResult> {

    public static final ScriptProbe INSTANCE = new ScriptProbe();

    /** @param expectRegex null: the exit code alone decides */
    public record Query(String node, String script, String expectRegex) {
    }

    private ScriptProbe() {
    }

    @Override
    public ProbeResult real(RealProbing lab, Query q) {
        String node = q.node();
        List<String> cmds = List.of(ProbeCommands.on(node, q.script().strip()));
        Pattern expect;
        try {
            expect = q.expectRegex() == null ? null : Pattern.compile(q.expectRegex(), Pattern.MULTILINE);
        } catch (PatternSyntaxException e) {
            return ProbeResult.fail("script", "script check on " + node + ": bad expect pattern",
                    List.of(Problem.error("expect /" + q.expectRegex() + "/ is not a valid regular expression: " + e.getDescription(), "fix the lesson's expect:")), cmds);
        }
        try {
            ExecResult r = lab.exec(node, q.script());
            if (!r.ok()) {
                String last = ToolOutput.lastLine(r.stderr().isBlank() ? r.stdout() : r.stderr());
                return ProbeResult.fail("script", "script check on " + node + ": exit " + r.exitCode(),
                        List.of(Problem.error(node + ": the check exited with " + r.exitCode() + (last.isEmpty() ? "" : ": "
                                + last), "run the check by hand on " + node + " (lesson render shows it)")),
                        cmds);
            }
            if (expect != null && !expect.matcher(r.stdout()).find()) {
                return ProbeResult.fail("script", "script check on " + node + ": unexpected output",
                        List.of(Problem.error(node + ": the output does not match /" + q.expectRegex() + "/: "
                                + ToolOutput.lastLine(r.stdout()), "run the check by hand on " + node
                                + " (lesson render shows it)")), cmds);
            }
            return ProbeResult.pass("script", "script check on " + node + ": ok", cmds);
        } catch (TargetException e) {
            return ProbeResult.fail("script", "script check on " + node + ": could not run", List.of(RealProbing.problemOf(e)),
                    cmds);
        }
    }

    @Override
    public ProbeResult sim(SimProbing lab, Query q) {
        return ProbeResult.skipped("script", "script checks run on real nodes only");
    }
}
