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
 */
public record Step(int index, String id, String title, Text on, Text when, Text explain, List<FileSpec> files,
                   List<CopySpec> copies, Text run, List<Text> creates, List<String> services, int timeout,
                   List<Check> checks, List<Text> hints, int line, List<FileSpec> manifests) {

    public Step {
        manifests = manifests == null ? List.of() : List.copyOf(manifests);
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
