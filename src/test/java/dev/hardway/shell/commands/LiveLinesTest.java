package dev.hardway.shell.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hardway.provider.ProgressEvent;
import dev.hardway.shell.Invocation;
import dev.hardway.shell.Style;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LiveLinesTest {

    private static String drive(Style style) {
        StringWriter out = new StringWriter();
        Invocation inv = new Invocation("cluster up", List.of(), Map.of(), new PrintWriter(out),
                new PrintWriter(new StringWriter()), style, false, null);
        MachineCommands.LiveLines live = new MachineCommands.LiveLines(inv, List.of("m1", "m2"));
        live.onEvent(new ProgressEvent("m1", ProgressEvent.Stage.CREATING, "importing box"));
        live.onEvent(new ProgressEvent("m1", ProgressEvent.Stage.CREATING, "cloning"));
        live.onEvent(new ProgressEvent("m2", ProgressEvent.Stage.BOOTING, ""));
        live.finish();
        return out.toString();
    }

    @Test
    void plainModePrintsOneLinePerStageChangeWithoutEscapes() {
        String nl = System.lineSeparator();
        assertThat(drive(new Style(false))).isEqualTo(
                "m1         creating  importing box" + nl + "m2         booting" + nl);
    }

    @Test
    void dumbColourTerminalGetsPlainLines() {
        assertThat(drive(new Style(true, "dumb-color"))).doesNotContain("\u001b");
    }

    @Test
    void colourTerminalRedrawsInPlaceWithItsCapabilities() {
        String s = drive(new Style(true, "xterm-256color"));
        assertThat(s).contains("\u001b[2A").contains("\r\u001b[K").contains("m1         creating  cloning");
        assertThat(s).startsWith("\r\u001b[Km1         creating  importing box\n");
    }

    @Test
    void longLinesAreCutOnScreenColumns() {
        StringWriter out = new StringWriter();
        Invocation inv = new Invocation("cluster up", List.of(), Map.of(), new PrintWriter(out),
                new PrintWriter(new StringWriter()), new Style(true, "xterm"), false, null);
        MachineCommands.LiveLines live = new MachineCommands.LiveLines(inv, List.of("m1"));
        live.onEvent(new ProgressEvent("m1", ProgressEvent.Stage.INFO, "日".repeat(200)));
        String line = out.toString().replace("\r\u001b[K", "").strip();
        assertThat(Style.columns(line)).isLessThanOrEqualTo(11 + 101);
        assertThat(line).endsWith("…");
    }
}
