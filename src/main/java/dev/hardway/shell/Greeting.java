package dev.hardway.shell;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/** Lines printed under the interactive shell's greeting (the lab in use, where you left off). */
public final class Greeting {
    private static final List<Supplier<String>> SOURCES = new CopyOnWriteArrayList<>();

    private Greeting() {
    }

    public static void add(Supplier<String> s) {
        SOURCES.add(s);
    }

    static List<String> get() {
        return SOURCES.stream().map(s -> {
            try {
                return s.get();
            } catch (RuntimeException e) {
                return null;
            }
        }).filter(s -> s != null && !s.isBlank()).toList();
    }
}
