package dev.hardway.lab.topology;

import dev.hardway.lab.topology.Topology.Group;
import dev.hardway.lab.topology.Topology.NodeBox;
import java.util.ArrayList;
import java.util.List;

/**
 * Draws a {@link Topology} as text, without ANSI codes (the shell adds colour). Two forms: {@link Style#PLAIN}
 * (ASCII only, words instead of symbols: for projectors, screen readers, logs) and {@link Style#FANCY} (box drawing
 * and a few single-width symbols). Deterministic: same topology, same text (snapshot-tested).
 */
public final class TopologyRenderer {

    public enum Style { PLAIN, FANCY }

    private TopologyRenderer() {
    }

    public static String render(Topology t, Style style) {
        return style == Style.PLAIN ? plain(t) : fancy(t);
    }

    // ------------------------------------------------------------------------------------------------ plain --

    static String plain(Topology t) {
        StringBuilder b = new StringBuilder();
        header(t, b, false);
        int nameW = nameWidth(t);
        for (Group g : t.groups()) {
            b.append('\n').append('[').append(g.title()).append(']').append(groupNote(t, g, false)).append('\n');
            for (NodeBox n : g.nodes()) {
                b.append("  ").append(row(n, nameW, false)).append('\n');
            }
        }
        footer(t, b, false);
        return ascii(b.toString());
    }

    /** Plain output is ASCII only: the few typographic characters of shared sentences are spelled out. */
    static String ascii(String s) {
        return s.replace("—", "-").replace("·", "-").replace("…", "...");
    }

    // ------------------------------------------------------------------------------------------------ fancy --

    static String fancy(Topology t) {
        StringBuilder b = new StringBuilder();
        header(t, b, true);
        int nameW = nameWidth(t);
        List<List<String>> bodies = new ArrayList<>();
        int width = 0;
        for (Group g : t.groups()) {
            List<String> lines = new ArrayList<>();
            for (NodeBox n : g.nodes()) {
                lines.add(row(n, nameW, true));
            }
            bodies.add(lines);
            for (String l : lines) {
                width = Math.max(width, l.length());
            }
            width = Math.max(width, (g.title() + groupNote(t, g, true)).length() + 3);
        }
        for (int i = 0; i < t.groups().size(); i++) {
            Group g = t.groups().get(i);
            String title = "─ " + g.title() + groupNote(t, g, true) + " ";
            b.append('\n').append('╭').append(title).append("─".repeat(Math.max(0, width + 2 - title.length())))
                    .append("╮\n");
            for (String l : bodies.get(i)) {
                b.append("│ ").append(l).append(" ".repeat(width - l.length())).append(" │\n");
            }
            b.append('╰').append("─".repeat(width + 2)).append("╯\n");
        }
        footer(t, b, true);
        return b.toString();
    }

    // ------------------------------------------------------------------------------------------------ parts --

    private static void header(Topology t, StringBuilder b, boolean fancy) {
        b.append("cluster ").append(t.cluster()).append(t.simulated() ? " (simulated)" : "")
                .append(fancy ? " · " : " - ").append("API ").append(t.endpoint()).append('\n');
        if (t.vip() != null) {
            b.append("VIP ").append(t.vip()).append(": ");
            if (t.vipHolders().isEmpty()) {
                b.append("held by no load balancer");
            } else if (t.splitBrain()) {
                b.append("SPLIT BRAIN, held by ").append(String.join(" and ", t.vipHolders()));
            } else {
                b.append("on ").append(t.vipHolders().get(0));
            }
            b.append('\n');
        }
        if (t.etcd() != null) {
            b.append("etcd: ").append(t.etcd());
            if (t.etcdLeader() != null) {
                b.append(", leader ").append(t.etcdLeader());
            }
            b.append('\n');
        }
    }

    /** The group's title extra: the VIP for the LB pair. */
    private static String groupNote(Topology t, Group g, boolean fancy) {
        if (g.title().equals("load balancers") && t.vip() != null) {
            return (fancy ? " · " : " - ") + "VIP " + t.vip();
        }
        if (g.title().equals("masters") && t.etcdLeader() == null && t.etcd() != null) {
            return (fancy ? " · " : " - ") + "etcd has NO LEADER";
        }
        return "";
    }

    private static void footer(Topology t, StringBuilder b, boolean fancy) {
        if (!t.faults().isEmpty()) {
            b.append('\n').append("faults (heal <node> or heal --all):").append('\n');
            for (String f : t.faults()) {
                b.append(fancy ? "  ✕ " : "  - ").append(f).append('\n');
            }
        }
        if (fancy) {
            b.append('\n').append("● up  ✕ down  ? unreachable  ◆ holds the VIP  ★ etcd leader  ⊘ cut off").append('\n');
        }
    }

    private static int nameWidth(Topology t) {
        return t.groups().stream().flatMap(g -> g.nodes().stream()).mapToInt(n -> n.name().length()).max().orElse(4);
    }

    /** "master2  10.240.0.12  DOWN" / "lb1  10.240.0.21  up  [VIP]  haproxy keepalived". */
    static String row(NodeBox n, int nameW, boolean fancy) {
        StringBuilder r = new StringBuilder();
        r.append(pad(n.name(), nameW)).append("  ").append(pad(n.ip(), 15)).append(' ');
        String state = switch (n.state()) {
            case "up" -> fancy ? "● up" : "up";
            case "down" -> fancy ? "✕ DOWN" : "DOWN";
            default -> fancy ? "? unreachable" : "UNREACHABLE";
        };
        r.append(pad(state, fancy ? 13 : 11));
        List<String> flags = new ArrayList<>();
        if (n.holdsVip()) {
            flags.add(fancy ? "◆ VIP" : "[VIP]");
        }
        if (n.etcdLeader()) {
            flags.add(fancy ? "★ leader" : "[etcd leader]");
        }
        if (n.partitioned()) {
            flags.add(fancy ? "⊘ cut off" : "[CUT OFF]");
        }
        if (!n.activeUnits().isEmpty()) {
            flags.add(String.join(" ", n.activeUnits()));
        }
        if (!n.stoppedUnits().isEmpty()) {
            flags.add((fancy ? "✕ stopped: " : "STOPPED: ") + String.join(" ", n.stoppedUnits()));
        }
        r.append(String.join("  ", flags));
        return r.toString().stripTrailing();
    }

    private static String pad(String s, int w) {
        return s.length() >= w ? s : s + " ".repeat(w - s.length());
    }
}
