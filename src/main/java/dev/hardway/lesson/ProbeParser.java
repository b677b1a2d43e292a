package dev.hardway.lesson;

import dev.hardway.cluster.ClusterModel;
import dev.hardway.lab.Probe;
import java.util.List;
import java.util.Map;

/**
 * Turns a {@code probe:} check of a lesson into a {@link Probe}, and says what is wrong with one. The lesson
 * engine and the catalog validator only talk to probes through this seam, so the probe table lives in one place.
 */
public interface ProbeParser {

    /** A problem with a probe check; {@code arg} is null when the type itself is wrong. */
    record ArgProblem(String arg, String message, String fix) {
    }

    /** Every probe type, in documentation order. */
    List<String> types();

    /** The argument names a type accepts (besides {@code probe} and {@code fail}). */
    List<String> arguments(String type);

    /** Problems with the type and the arguments as written (unrendered); empty when fine. */
    List<ArgProblem> check(String type, Map<String, String> args);

    /**
     * For probes that check nodes one by one ({@code service-active}, {@code file-exists}, {@code node-ready}):
     * the node selector to check — the {@code on} argument, else the type's default (the step's nodes, or workers).
     * Null for cluster-wide probes.
     */
    String perNodeSelector(String type, Map<String, String> args, String stepOn);

    /**
     * Builds the probe from arguments already rendered for {@code nodes} (for per-node probes, one node).
     *
     * @throws IllegalArgumentException naming the argument when a rendered value is unusable
     */
    Probe build(String type, Map<String, String> renderedArgs, List<String> nodes, ClusterModel cluster);
}
