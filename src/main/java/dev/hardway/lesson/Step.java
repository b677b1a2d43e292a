package dev.hardway.lesson;

import java.util.List;

/**
 * One step of a lesson (docs/lesson-format.md). Texts carry their line so render errors point into the file.
 *
 * @param index    0-based position in the lesson (the YAML path is {@code steps[index]})
 * @param on       node selector ({@code masters}, {@code master1, master2}, ...)
 * @param when     renders to true/false; null = always
 * @param run      the bash script (rendered per node, shell-quoted interpolation), or null
 * @param creates  paths (templates) the script creates on each node
 * @param services units the step leaves active on its nodes
 * @param timeout  seconds per node
 * @param line     the line of the step's first key
 * @param manifests Kubernetes manifests (templates) uploaded like {@code files} and applied by {@code run}; the
 *                 simulated lab records the objects they declare
 * @param drive    hardway's own lab commands the step drives (break, heal, check, inspect), in order; a drive step
 *                 has no {@code on}, files or script (its commands name their nodes)
 */
public record Step(int index, String id, String title, Text on, Text when, Text explain, List<FileSpec> files,
                   List<CopySpec> copies, Text run, List<Text> creates, List<String> services, int timeout,
                   List<Check> checks, List<Text> hints, int line, List<FileSpec> manifests, List<DriveSpec> drive) {

    public Step {
        manifests = manifests == null ? List.of() : List.copyOf(manifests);
        drive = drive == null ? List.of() : List.copyOf(drive);
    }

    public Step(int index, String id, String title, Text on, Text when, Text explain, List<FileSpec> files,
                List<CopySpec> copies, Text run, List<Text> creates, List<String> services, int timeout,
                List<Check> checks, List<Text> hints, int line, List<FileSpec> manifests) {
        this(index, id, title, on, when, explain, files, copies, run, creates, services, timeout, checks, hints, line,
                manifests, List.of());
    }

    /**
     * The step leaves faults on purpose (its last action is a break): what it promises holds until a later step
     * heals, so {@code lesson check --all} does not re-verify it.
     */
    public boolean leavesFaults() {
        return drive.stream().filter(d -> !d.observes()).reduce((a, b) -> b).map(d -> d.verb().equals("break"))
                .orElse(false);
    }

    /** The step drives lab commands instead of running a script on nodes. */
    public boolean drives() {
        return !drive.isEmpty();
    }

    /**
     * One {@code drive:} entry as written (docs/lesson-format.md): a command word and its target, rendered per
     * cluster by {@code Rendering.drive}.
     *
     * @param verb    break, heal, check or inspect
     * @param target  break/heal: the node (a template; heal: {@code all} for every fault); check/inspect: the subject
     * @param mode    break: the fault mode (power, services, network, crash), or null
     * @param service break: the one unit to stop or kill, or null
     * @param when    renders to true/false; false drops the entry on this cluster (null: always)
     * @param expect  check/inspect: the promised fields (keys of {@code DrillExpect.KEYS}), values as templates
     * @param within  check/inspect: seconds the promise may take on real nodes
     * @param index   position in the step's {@code drive:} list as written (for the YAML path in messages)
     */
    public record DriveSpec(String verb, Text target, String mode, String service, Text when,
                            java.util.Map<String, Text> expect, int within, int line, int index) {
        public DriveSpec {
            expect = expect == null ? java.util.Map.of() : java.util.Collections.unmodifiableMap(
                    new java.util.LinkedHashMap<>(expect));
        }

        public boolean observes() {
            return verb.equals("check") || verb.equals("inspect");
        }
    }

    public static final int DEFAULT_TIMEOUT = 120;

    /** YAML path of this step, for messages. */
    public String path() {
        return "steps[" + index + "]";
    }

    /** A file rendered from a template and uploaded before {@code run}. */
    public record FileSpec(String template, Text to, String mode, String owner, int line) {
    }

    /** A file copied from another node (default: the jumpbox) before {@code run}. */
    public record CopySpec(Text from, String fromNode, Text to, String mode, String owner, int line) {
    }
}
