package dev.hardway.shell;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TableTest {

    @Test
    void plainTableIsExactText() {
        String out = new Table("node", "state").row("master1", "running").row("w1", "off").render(new Style(false));
        assertThat(out).isEqualTo("""
                node     state
                -------  -------
                master1  running
                w1       off
                """);
        assertThat(out).doesNotContain("\u001b");
    }

    @Test
    void colouredCellsLineUpLikePlainOnes() {
        Style c = new Style(true, "xterm");
        String out = new Table("node", "state", "x").row(c.ok("master1"), c.warn("off"), "1")
                .row("w1", "running", "2").render(c);
        assertThat(out).contains("\u001b[");
        String[] lines = out.split("\n");
        // the third column starts at the same screen column on every row
        int col = Style.columns(lines[2]) - 1;
        assertThat(Style.columns(lines[3]) - 1).isEqualTo(col);
        assertThat(Style.columns(lines[1])).isEqualTo(Style.columns(lines[2]));
    }

    @Test
    void wideCharactersTakeTwoColumns() {
        String out = new Table("名前", "b").row("日本語", "x").row("ab", "y").render(new Style(false));
        String[] lines = out.split("\n");
        // "日本語" is 6 columns wide: the second column starts at column 8 on every line
        assertThat(lines[0]).isEqualTo("名前    b");
        assertThat(lines[1]).isEqualTo("------  -");
        assertThat(lines[2]).isEqualTo("日本語  x");
        assertThat(lines[3]).isEqualTo("ab      y");
        assertThat(Table.visible("Привет")).isEqualTo(6);
    }
}
