package dev.hardway.shell;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.jline.utils.AttributedCharSequence;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;
import org.jline.utils.Curses;
import org.jline.utils.InfoCmp;

/**
 * Output styling through JLine's {@link AttributedStyle}: colours when the theme is {@code color} and the output is
 * a terminal without {@code NO_COLOR}; plain text otherwise (projectors, screen readers, pipes, tests), in which
 * case every method returns its argument unchanged.
 */
public final class Style {

    private static final AttributedStyle OK = AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN);
    private static final AttributedStyle BAD = AttributedStyle.DEFAULT.foreground(AttributedStyle.RED);
    private static final AttributedStyle WARN = AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW);
    private static final AttributedStyle DIM = AttributedStyle.DEFAULT.faint();
    private static final AttributedStyle BOLD = AttributedStyle.DEFAULT.bold();
    private static final AttributedStyle ACCENT = AttributedStyle.DEFAULT.foreground(AttributedStyle.CYAN);

    private volatile boolean color;
    private final String term;
    private volatile Cursor cursor;
    private volatile boolean cursorLooked;

    public Style(boolean color) {
        this(color, null);
    }

    /** @param term the terminal type ({@code $TERM}) whose capabilities {@link #cursor()} uses; null for ANSI */
    public Style(boolean color, String term) {
        this.color = color;
        this.term = term;
    }

    /** Colour unless NO_COLOR is set (any value, https://no-color.org) or there is no terminal. */
    public static Style detect(java.util.Map<String, String> env, boolean terminal) {
        return new Style(terminal && !env.containsKey("NO_COLOR") && !"dumb".equals(env.get("TERM")),
                env.get("TERM"));
    }

    public boolean color() {
        return color;
    }

    public void color(boolean on) {
        this.color = on;
    }

    private String wrap(AttributedStyle st, String s) {
        if (!color) {
            return s;
        }
        // ansiAppend keeps the styles already inside s (a coloured word in a bold line)
        AttributedStringBuilder b = new AttributedStringBuilder().style(st);
        b.ansiAppend(s);
        return b.toAnsi(256, AttributedCharSequence.ForceMode.None);
    }

    public String ok(String s) {
        return wrap(OK, s);
    }

    public String bad(String s) {
        return wrap(BAD, s);
    }

    public String warn(String s) {
        return wrap(WARN, s);
    }

    public String dim(String s) {
        return wrap(DIM, s);
    }

    public String bold(String s) {
        return wrap(BOLD, s);
    }

    public String accent(String s) {
        return wrap(ACCENT, s);
    }

    /** ✔ or "ok" / ✘ or "FAIL": symbols only with colour, words otherwise (screen readers read words). */
    public String mark(boolean ok) {
        if (color) {
            return ok ? ok("✔") : bad("✘");
        }
        return ok ? "[ok]" : "[FAIL]";
    }

    /**
     * Terminal columns the text takes on screen: styles do not count, wide (CJK) characters count two, combining
     * marks none.
     */
    public static int columns(String s) {
        return AttributedString.fromAnsi(s).columnLength();
    }

    /** The first {@code max} columns of s (styles kept), with "…" when something was cut. */
    public static String truncate(String s, int max) {
        AttributedString a = AttributedString.fromAnsi(s);
        if (a.columnLength() <= max) {
            return s;
        }
        return a.columnSubSequence(0, max - 1).toAnsi(256, AttributedCharSequence.ForceMode.None) + "…";
    }

    /**
     * Moving the cursor to redraw lines in place, from the terminfo capabilities JLine bundles for the terminal
     * type ({@code $TERM}; ANSI for a type it does not know). Null without colour (not a terminal, NO_COLOR, plain
     * theme) or when the terminal cannot move the cursor ({@code dumb}, {@code dumb-color}): print lines instead.
     */
    public Cursor cursor() {
        if (!color) {
            return null;
        }
        if (!cursorLooked) {
            cursor = Cursor.of(term);
            cursorLooked = true;
        }
        return cursor;
    }

    /** The control sequences a live view needs, as the terminal's capabilities spell them. */
    public static final class Cursor {
        private final String up;
        private final String clearToEnd;
        private final String carriageReturn;

        private Cursor(String up, String clearToEnd, String carriageReturn) {
            this.up = up;
            this.clearToEnd = clearToEnd;
            this.carriageReturn = carriageReturn;
        }

        static Cursor of(String term) {
            String caps = term == null || term.isBlank() ? null : InfoCmp.getDefaultInfoCmp(term);
            if (caps == null) {
                caps = InfoCmp.getDefaultInfoCmp("ansi");
            }
            if (caps == null) {
                return null;
            }
            Set<InfoCmp.Capability> bools = new HashSet<>();
            Map<InfoCmp.Capability, Integer> ints = new HashMap<>();
            Map<InfoCmp.Capability, String> strings = new HashMap<>();
            InfoCmp.parseInfoCmp(caps, bools, ints, strings);
            String up = strings.get(InfoCmp.Capability.parm_up_cursor);
            String el = strings.get(InfoCmp.Capability.clr_eol);
            String cr = strings.getOrDefault(InfoCmp.Capability.carriage_return, "\r");
            return up == null || el == null ? null : new Cursor(up, el, cr);
        }

        /** Moves the cursor n lines up. */
        public String up(int n) {
            return n <= 0 ? "" : Curses.tputs(up, n);
        }

        /** Goes to the start of the current line and blanks it. */
        public String startOfLine() {
            return Curses.tputs(carriageReturn) + Curses.tputs(clearToEnd);
        }
    }
}
