package dev.hardway.cluster;

import dev.hardway.Problem;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A cluster config that cannot be used. Carries every problem found (errors and the warnings found alongside
 * them), not just the first, so the learner can fix the file in one go. {@link #getMessage()} is the rendered
 * list, one problem per line.
 */
public class ConfigException extends Exception {

    private final transient List<Problem> problems;

    public ConfigException(List<Problem> problems) {
        super(render(problems));
        this.problems = List.copyOf(problems);
    }

    /** All problems, in file order; at least one is an ERROR. */
    public List<Problem> problems() {
        return problems;
    }

    /** Only the problems that refused the config. */
    public List<Problem> errors() {
        return problems.stream().filter(Problem::isError).toList();
    }

    private static String render(List<Problem> problems) {
        return problems.stream().map(Problem::render).collect(Collectors.joining("\n"));
    }
}
