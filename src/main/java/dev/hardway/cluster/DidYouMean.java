package dev.hardway.cluster;

import dev.hardway.EditDistance;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** Suggests the known word closest to a misspelt one (Levenshtein distance), for "Did you mean ...?" hints. */
final class DidYouMean {

    private DidYouMean() {
    }

    /**
     * The candidate closest to {@code input}, if it is close enough to be a plausible typo. camelCase and
     * dashes are folded to snake_case first, so {@code podCidr} and {@code pod-cidr} both find {@code pod_cidr}.
     */
    static Optional<String> closest(String input, Collection<String> candidates) {
        String folded = fold(input);
        EditDistance.Match m = EditDistance.nearest(folded, candidates);
        if (m == null) {
            return Optional.empty();
        }
        String best = m.candidate();
        int bestDistance = m.distance();
        // Short words are all close to each other; only allow one edit there, two for longer words.
        int allowed = Math.min(best.length(), folded.length()) <= 3 ? 1 : 2;
        if (folded.length() >= 8) {
            allowed = 3;
        }
        return bestDistance <= allowed && bestDistance < best.length() ? Optional.of(best) : Optional.empty();
    }

    static String fold(String s) {
        return s.replaceAll("([a-z0-9])([A-Z])", "$1_$2").replace('-', '_').toLowerCase(Locale.ROOT);
    }

    /** Classic Levenshtein distance (insert, delete, substitute each cost 1). */
    static int distance(String a, String b) {
        return EditDistance.distance(a, b);
    }
}
