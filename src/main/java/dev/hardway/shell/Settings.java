package dev.hardway.shell;

import dev.hardway.progress.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The learner's shell settings ({@code $HARDWAY_HOME/settings.yaml}): feedback level and theme. A damaged file is
 * ignored with a warning rather than stopping the shell: settings are cosmetic.
 */
public final class Settings {

    public enum Feedback { VERBOSE, NORMAL, CONCISE }

    private final Path file;
    private Feedback feedback = Feedback.NORMAL;
    private String theme = "color";
    private String warning;

    public Settings(Path file) {
        this.file = file;
        load();
    }

    private void load() {
        try {
            Map<?, ?> m = dev.hardway.progress.StateFiles.readOrSetAside(file, "the settings file",
                    "default settings are used", text -> {
                        Object o = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
                        if (o == null) {
                            return Map.of();
                        }
                        if (!(o instanceof Map<?, ?> map)) {
                            throw new IllegalArgumentException("not a map of settings");
                        }
                        return map;
                    }, Map::of, java.time.Clock.systemUTC());
            Object f = m.get("feedback");
            if (f != null) {
                try {
                    feedback = Feedback.valueOf(f.toString().toUpperCase(java.util.Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    warning = file + ": feedback '" + dev.hardway.Problem.clip(f.toString()) + "' is not one of verbose,"
                            + " normal, concise; using normal. Try: set feedback normal";
                }
            }
            Object t = m.get("theme");
            if (t != null) {
                if (t.equals("color") || t.equals("plain")) {
                    theme = t.toString();
                } else {
                    warning = file + ": theme '" + dev.hardway.Problem.clip(t.toString()) + "' is not color or plain;"
                            + " using color. Try: set theme color";
                }
            }
        } catch (java.io.IOException e) {
            warning = file + " could not be read (" + dev.hardway.progress.StateFiles.firstLine(e.getMessage())
                    + "); using default settings. Try: check that HARDWAY_HOME is readable";
        }
    }

    public Feedback feedback() {
        return feedback;
    }

    public String theme() {
        return theme;
    }

    /** A message about a damaged settings file, or null. */
    public String warning() {
        return warning;
    }

    public void feedback(Feedback f) throws IOException {
        feedback = f;
        save();
    }

    public void theme(String t) throws IOException {
        theme = t;
        save();
    }

    private void save() throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("feedback", feedback.name().toLowerCase(java.util.Locale.ROOT));
        m.put("theme", theme);
        AtomicFiles.write(file, new Yaml().dump(m));
    }
}
