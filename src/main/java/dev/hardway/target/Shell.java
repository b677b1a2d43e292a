package dev.hardway.target;

import java.util.regex.Pattern;

/** Small helpers for the few command lines hardway builds itself (never for lesson scripts, which go on stdin). */
public final class Shell {

    private static final Pattern MODE = Pattern.compile("[0-7]{3,4}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");

    private Shell() {
    }

    /** Single-quotes {@code s} for bash: {@code it's} becomes {@code 'it'\''s'}. */
    public static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** Checks an octal file mode such as {@code 0644}; throws IllegalArgumentException otherwise. */
    public static String mode(String mode) {
        if (mode == null || !MODE.matcher(mode).matches()) {
            throw new IllegalArgumentException("file mode must be octal like 0644, not: " + mode);
        }
        return mode;
    }

    /**
     * Splits {@code user[:group]} into its parts (group may be null); throws IllegalArgumentException for anything
     * that is not a plain user/group name.
     */
    public static String[] owner(String owner) {
        String[] parts = owner.split(":", -1);
        if (parts.length > 2 || !NAME.matcher(parts[0]).matches()
                || (parts.length == 2 && !NAME.matcher(parts[1]).matches())) {
            throw new IllegalArgumentException("owner must be user or user:group, not: " + owner);
        }
        return new String[] {parts[0], parts.length == 2 ? parts[1] : null};
    }
}
