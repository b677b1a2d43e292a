package dev.hardway;

import java.util.Collection;
import java.util.function.UnaryOperator;

/**
 * Levenshtein distance and the nearest of a set of words, for the "Did you mean ...?" hints of every part of
 * hardway. How close counts as a plausible typo, and how words are folded, stays with each caller: their messages
 * differ on purpose.
 */
public final class EditDistance {

    private EditDistance() {
    }

    /** The nearest candidate and its distance. */
    public record Match(String candidate, int distance) {
    }

    /**
     * The candidate nearest to {@code input}, measured as {@code distance(input, key.apply(candidate))}; on a tie
     * the first in iteration order wins. Null when there are no candidates.
     */
    public static Match nearest(String input, Collection<String> candidates, UnaryOperator<String> key) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(input, key.apply(c));
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        return best == null ? null : new Match(best, bestDistance);
    }

    /** The candidate nearest to {@code input} as it is spelt. */
    public static Match nearest(String input, Collection<String> candidates) {
        return nearest(input, candidates, UnaryOperator.identity());
    }

    /** Classic Levenshtein distance (insert, delete, substitute each cost 1). */
    public static int distance(String a, String b) {
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

    /**
     * The one "did you mean" of hardway: the candidate closest to {@code typed}, or null when none is close enough to
     * be a plausible typo. Case, camelCase and dashes are folded ({@code podCidr}, {@code pod-cidr} and
     * {@code POD_CIDR} all find {@code pod_cidr}); short words allow one edit, words of 4-7 characters two, longer
     * words a third of their length (at least 3); a candidate is never offered for a word it shares nothing with.
     */
    public static String closest(String typed, Collection<String> candidates) {
        if (typed == null || typed.isEmpty()) {
            return null;
        }
        String folded = fold(typed);
        Match m = nearest(folded, candidates, EditDistance::fold);
        if (m == null) {
            return null;
        }
        int shorter = Math.min(m.candidate().length(), folded.length());
        int allowed = shorter <= 3 ? 1 : folded.length() < 8 ? 2 : Math.max(3, folded.length() / 3);
        return m.distance() <= allowed && m.distance() < m.candidate().length() ? m.candidate() : null;
    }

    /** snake_case, lower case: the form words are compared in. */
    static String fold(String s) {
        return s.replaceAll("([a-z0-9])([A-Z])", "$1_$2").replace('-', '_').toLowerCase(java.util.Locale.ROOT);
    }
}
