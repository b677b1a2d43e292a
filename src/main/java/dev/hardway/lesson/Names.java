package dev.hardway.lesson;

import java.util.Collection;
import java.util.regex.Pattern;

/** Small helpers for names: did-you-mean suggestions and selector syntax. */
final class Names {

    private static final Pattern WORD = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?");

    private Names() {
    }

    /** The closest candidate within a small edit distance (a typo), or null. */
    static String nearest(String word, Collection<String> candidates) {
        String best = null;
        int bestD = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(word.toLowerCase(), c.toLowerCase());
            if (d < bestD) {
                bestD = d;
                best = c;
            }
        }
        // a third of the word, at least 2: "servics" -> services, but not "foo" -> "on"
        int limit = Math.max(2, word.length() / 3);
        return bestD <= limit ? best : null;
    }

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

    /** Words of a node selector: groups or node names (lowercase RFC 1123 labels), separated by commas/spaces. */
    static boolean isSelectorSyntax(String s) {
        if (s == null || s.isBlank()) {
            return false;
        }
        for (String w : s.trim().split("[,\\s]+")) {
            if (!WORD.matcher(w).matches()) {
                return false;
            }
        }
        return true;
    }
}
