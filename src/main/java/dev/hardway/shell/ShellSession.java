package dev.hardway.shell;

import dev.hardway.HardwayHome;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The state one shell process works with: where user state lives, settings, styling, and the cancel hook of the
 * command running now (Ctrl-C). Engines are opened from here lazily, so {@code --version}-like commands stay fast.
 */
public final class ShellSession {

    private final HardwayHome home;
    private final Map<String, String> env;
    private final Settings settings;
    private final Style style;
    private final AtomicReference<Runnable> cancelHook = new AtomicReference<>();

    public ShellSession(HardwayHome home, Map<String, String> env, boolean terminal) {
        this.home = home;
        this.env = env;
        this.settings = new Settings(home.settings());
        this.style = Style.detect(env, terminal);
        if (settings.theme().equals("plain")) {
            style.color(false);
        }
    }

    public HardwayHome home() {
        return home;
    }

    public Map<String, String> env() {
        return env;
    }

    public Settings settings() {
        return settings;
    }

    public Style style() {
        return style;
    }

    /** Registers what Ctrl-C should do while a command runs (null when nothing is running). */
    public void onCancel(Runnable hook) {
        cancelHook.set(hook);
    }

    /** Called by the terminal's INT handler. */
    public void cancel() {
        Runnable r = cancelHook.get();
        if (r != null) {
            r.run();
        }
    }
}
