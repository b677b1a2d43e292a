package dev.hardway.lesson;

import java.util.regex.Pattern;

/** Selector syntax (did-you-mean is {@link dev.hardway.EditDistance#closest}). */
final class Names {

    private static final Pattern WORD = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\[\\d{1,3}])?");

    private Names() {
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
