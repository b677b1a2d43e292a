package dev.hardway.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class StyleTest {

    private static final Style PLAIN = new Style(false);
    private static final Style COLOR = new Style(true, "xterm-256color");

    @Test
    void plainEmitsNoEscapeBytes() {
        for (String s : new String[] {PLAIN.ok("a"), PLAIN.bad("a"), PLAIN.warn("a"), PLAIN.dim("a"),
                PLAIN.bold("a"), PLAIN.accent("a")}) {
            assertThat(s).isEqualTo("a");
        }
        assertThat(PLAIN.mark(true)).isEqualTo("[ok]");
        assertThat(PLAIN.mark(false)).isEqualTo("[FAIL]");
        assertThat(PLAIN.cursor()).isNull();
    }

    @Test
    void colourEmitsSgrSequences() {
        assertThat(COLOR.ok("ok")).isEqualTo("\u001b[32mok\u001b[0m");
        assertThat(COLOR.bad("x")).isEqualTo("\u001b[31mx\u001b[0m");
        assertThat(COLOR.warn("x")).isEqualTo("\u001b[33mx\u001b[0m");
        assertThat(COLOR.dim("x")).isEqualTo("\u001b[2mx\u001b[0m");
        assertThat(COLOR.bold("x")).isEqualTo("\u001b[1mx\u001b[0m");
        assertThat(COLOR.accent("x")).isEqualTo("\u001b[36mx\u001b[0m");
        assertThat(COLOR.mark(true)).contains("✔").contains("\u001b[");
    }

    @Test
    void nestedStylesStayAndColumnsIgnoreThem() {
        String s = COLOR.bold("a " + COLOR.ok("b") + " c");
        assertThat(s).contains("\u001b[").contains("a ").contains("b").contains(" c");
        assertThat(Style.columns(s)).isEqualTo(5);
    }

    @Test
    void columnsCountWideCharactersTwice() {
        assertThat(Style.columns("日本語")).isEqualTo(6);
        assertThat(Style.columns(COLOR.ok("日本語"))).isEqualTo(6);
        assertThat(Style.columns("Привет")).isEqualTo(6);
        assertThat(Style.columns("")).isZero();
    }

    @Test
    void truncateCutsOnColumns() {
        assertThat(Style.truncate("abcdef", 10)).isEqualTo("abcdef");
        assertThat(Style.truncate("abcdef", 4)).isEqualTo("abc…");
        assertThat(Style.columns(Style.truncate("日本語日本語", 5))).isLessThanOrEqualTo(5);
    }

    @Test
    void detectHonoursNoColorDumbAndPipes() {
        assertThat(Style.detect(Map.of("TERM", "xterm"), true).color()).isTrue();
        assertThat(Style.detect(Map.of("TERM", "xterm", "NO_COLOR", ""), true).color()).isFalse();
        assertThat(Style.detect(Map.of("TERM", "dumb"), true).color()).isFalse();
        assertThat(Style.detect(Map.of("TERM", "xterm"), false).color()).isFalse();
    }

    @Test
    void cursorComesFromTerminalCapabilities() {
        Style.Cursor c = new Style(true, "xterm-256color").cursor();
        assertThat(c).isNotNull();
        assertThat(c.up(3)).isEqualTo("\u001b[3A");
        assertThat(c.up(0)).isEmpty();
        assertThat(c.startOfLine()).isEqualTo("\r\u001b[K");
        // a terminal type JLine does not know is treated as ANSI, like the colours are
        assertThat(new Style(true, "some-new-terminal").cursor()).isNotNull();
        assertThat(new Style(true, null).cursor()).isNotNull();
        // colours but no cursor movement: plain lines
        assertThat(new Style(true, "dumb-color").cursor()).isNull();
    }
}
