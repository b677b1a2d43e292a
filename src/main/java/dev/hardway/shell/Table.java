package dev.hardway.shell;

import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table with auto-sized columns. Cells may be styled ({@link Style}): widths are the screen columns
 * JLine measures ({@code AttributedString.columnLength()}), so coloured and plain output line up the same, and so
 * do Japanese or Russian cells.
 */
public final class Table {

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    public Table(String... header) {
        this.header = List.of(header);
    }

    public Table row(Object... cells) {
        List<String> r = new ArrayList<>();
        for (Object c : cells) {
            r.add(c == null ? "" : c.toString());
        }
        rows.add(r);
        return this;
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    /** Renders with two spaces between columns and a dim rule under the header. */
    public String render(Style style) {
        int n = header.size();
        int[] w = new int[n];
        for (int i = 0; i < n; i++) {
            w[i] = visible(header.get(i));
        }
        for (List<String> r : rows) {
            for (int i = 0; i < Math.min(n, r.size()); i++) {
                w[i] = Math.max(w[i], visible(r.get(i)));
            }
        }
        StringBuilder sb = new StringBuilder();
        line(sb, header.stream().map(style::bold).toList(), w);
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < n; i++) {
            rule.append("─".repeat(w[i])).append(i < n - 1 ? "  " : "");
        }
        sb.append(style.dim(style.color() ? rule.toString() : rule.toString().replace('─', '-'))).append('\n');
        for (List<String> r : rows) {
            line(sb, r, w);
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, List<String> cells, int[] w) {
        StringBuilder l = new StringBuilder();
        for (int i = 0; i < w.length; i++) {
            String c = i < cells.size() ? cells.get(i) : "";
            l.append(c);
            if (i < w.length - 1) {
                l.append(" ".repeat(w[i] - visible(c) + 2));
            }
        }
        sb.append(l.toString().stripTrailing()).append('\n');
    }

    /** Screen columns of a cell: styles do not count, a wide (CJK) character counts two. */
    static int visible(String s) {
        return Style.columns(s);
    }

    /** A progress bar such as {@code [####----] 9/24}. */
    public static String bar(int done, int total, int width) {
        int filled = total == 0 ? 0 : (int) Math.round((double) done * width / total);
        return "[" + "#".repeat(filled) + "-".repeat(width - filled) + "] " + done + "/" + total;
    }
}
