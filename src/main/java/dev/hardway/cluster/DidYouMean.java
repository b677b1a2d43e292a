package dev.hardway.cluster;

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
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(folded, c);
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        if (best == null) {
            return Optional.empty();
        }
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
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
