package dev.hardway.target;

import java.nio.charset.StandardCharsets;
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

    /**
     * What a target writes to the stdin of {@code bash -s}: {@code preamble}, then the script inside one
     * {@code { ... }} group (bash reads the whole script before running any of it, so the script's own stdin, which
     * follows, is left for the script to read), then {@code stdin} (may be null).
     */
    public static byte[] bashStdin(String preamble, String script, byte[] stdin) {
        String wrapped = preamble + "{\n" + script + (script.endsWith("\n") ? "" : "\n") + "}\n";
        byte[] head = wrapped.getBytes(StandardCharsets.UTF_8);
        if (stdin == null || stdin.length == 0) {
            return head;
        }
        byte[] all = new byte[head.length + stdin.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(stdin, 0, all, head.length, stdin.length);
        return all;
    }
}
