package dev.hardway.shell;

/**
 * Output styling: ANSI colours when the theme is {@code color} and the output is a terminal without
 * {@code NO_COLOR}; plain text otherwise (projectors, screen readers, pipes, tests).
 */
public final class Style {

    private volatile boolean color;

    public Style(boolean color) {
        this.color = color;
    }

    /** Colour unless NO_COLOR is set (any value, https://no-color.org) or there is no terminal. */
    public static Style detect(java.util.Map<String, String> env, boolean terminal) {
        return new Style(terminal && !env.containsKey("NO_COLOR") && !"dumb".equals(env.get("TERM")));
    }

    public boolean color() {
        return color;
    }

    public void color(boolean on) {
        this.color = on;
    }

    private String wrap(String code, String s) {
        return color ? "\u001b[" + code + "m" + s + "\u001b[0m" : s;
    }

    public String ok(String s) {
        return wrap("32", s);
    }

    public String bad(String s) {
        return wrap("31", s);
    }

    public String warn(String s) {
        return wrap("33", s);
    }

    public String dim(String s) {
        return wrap("2", s);
    }

    public String bold(String s) {
        return wrap("1", s);
    }

    public String accent(String s) {
        return wrap("36", s);
    }

    /** ✔ or "ok" / ✘ or "FAIL": symbols only with colour, words otherwise (screen readers read words). */
    public String mark(boolean ok) {
        if (color) {
            return ok ? ok("✔") : bad("✘");
        }
        return ok ? "[ok]" : "[FAIL]";
    }
}
