package dev.hardway.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * The prompt {@code hardway[<provider> <cluster> | <lesson> <step>/<n>]> }. Parts are contributed by the command
 * sets that know them (cluster selection, lesson position) and computed fresh for every prompt.
 */
@Component
public class PromptProvider {

    private final List<Supplier<String>> parts = new ArrayList<>();
    private final List<Supplier<List<String>>> notices = new ArrayList<>();

    /** Adds a source of lines shown once above the next prompt (a workshop instructor's message). */
    public void addNotices(Supplier<List<String>> source) {
        notices.add(source);
    }

    /** The lines to show above this prompt; a failing source shows nothing. */
    public List<String> notices() {
        List<String> out = new ArrayList<>();
        for (Supplier<List<String>> n : notices) {
            try {
                out.addAll(n.get());
            } catch (RuntimeException e) {
                // the prompt must never fail
            }
        }
        return out;
    }

    /** Adds a part; parts that return null or blank are left out. */
    public void add(Supplier<String> part) {
        parts.add(part);
    }

    public String prompt(Style style) {
        List<String> shown = new ArrayList<>();
        for (Supplier<String> p : parts) {
            try {
                String s = p.get();
                if (s != null && !s.isBlank()) {
                    shown.add(s);
                }
            } catch (RuntimeException e) {
                shown.add("?");
            }
        }
        String inner = String.join(" | ", shown);
        return style.accent("hardway") + (inner.isEmpty() ? "" : "[" + inner + "]") + "> ";
    }
}
