package dev.hardway.lesson;

import java.util.Map;

/** A step's check: a typed probe (real and simulated) or a script (real nodes only). */
public sealed interface Check {

    /** Index in the step's {@code check:} list. */
    int index();

    /** The optional failure message (Freemarker; {@code ${node}} is the failing node), or null. */
    Text fail();

    int line();

    /**
     * {@code probe: <type>} with its arguments as written (scalars as strings; {@code path}/{@code host} are
     * templates rendered per node).
     */
    record ProbeCheck(int index, String type, Map<String, Text> args, Text fail, int line) implements Check {
    }

    /**
     * {@code run: <script>}: passes on exit code 0 and, if {@code expect} is set, stdout matching the regex.
     *
     * @param on node selector, or null for the step's nodes
     */
    record ScriptCheck(int index, Text run, Text on, String expect, Text fail, int line) implements Check {
    }
}
