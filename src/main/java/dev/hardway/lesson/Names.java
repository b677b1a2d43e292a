package dev.hardway.lesson;

import dev.hardway.EditDistance;
import java.util.Collection;
import java.util.regex.Pattern;

/** Small helpers for names: did-you-mean suggestions and selector syntax. */
final class Names {

    private static final Pattern WORD = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?");

    private Names() {
    }

    /** The closest candidate within a small edit distance (a typo), or null. */
    static String nearest(String word, Collection<String> candidates) {
        EditDistance.Match m = EditDistance.nearest(word.toLowerCase(), candidates, c -> c.toLowerCase());
        // a third of the word, at least 2: "servics" -> services, but not "foo" -> "on"
        int limit = Math.max(2, word.length() / 3);
        return m != null && m.distance() <= limit ? m.candidate() : null;
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
