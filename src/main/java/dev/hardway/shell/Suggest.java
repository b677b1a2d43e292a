package dev.hardway.shell;

import dev.hardway.EditDistance;
import java.util.Collection;

/** "Did you mean" by edit distance. */
public final class Suggest {
    private Suggest() {
    }

    /** The closest candidate within a distance that still looks like a typo, or null. */
    public static String closest(String typed, Collection<String> candidates) {
        return EditDistance.closest(typed, candidates);
    }
}
