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

    /** The closest candidate within a distance that still looks like a typo, or null: the one "did you mean". */
    public static String closest(String typed, Collection<String> candidates) {
        Match m = nearest(typed, candidates);
        return m != null && m.distance() <= Math.max(2, typed.length() / 3) ? m.candidate() : null;
    }
}
