package dev.hardway.cluster;

import dev.hardway.Problem;

import java.util.List;

/**
 * A cluster config that loaded, with the warnings found on the way (empty when the file is clean).
 *
 * @param config   the validated config
 * @param warnings WARNING problems in file order
 */
public record LoadResult(ClusterConfig config, List<Problem> warnings) {
    public LoadResult {
        warnings = List.copyOf(warnings);
    }
}
