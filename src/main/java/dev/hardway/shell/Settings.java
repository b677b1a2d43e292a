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
        if (!Files.isRegularFile(file)) {
            return;
        }
        try {
            Object o = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
            if (o instanceof Map<?, ?> m) {
                if (m.get("feedback") instanceof String f) {
                    feedback = Feedback.valueOf(f.toUpperCase(java.util.Locale.ROOT));
                }
                if (m.get("theme") instanceof String t && (t.equals("color") || t.equals("plain"))) {
                    theme = t;
                }
            }
        } catch (IOException | RuntimeException e) {
            warning = file + " could not be read (" + e.getMessage() + "); using default settings. Try: set theme"
                    + " color to rewrite it.";
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
