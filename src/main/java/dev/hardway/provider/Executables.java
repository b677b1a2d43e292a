package dev.hardway.provider;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Finds programs the way a shell would, but on a given PATH (so tests can pass an empty one). */
final class Executables {

    private Executables() {
    }

    static boolean windows() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
    }

    /** The first executable file named {@code name} on {@code env}'s PATH (with PATHEXT on Windows). */
    static Optional<Path> find(String name, Map<String, String> env) {
        return find(name, env, List.of());
    }

    /** As {@link #find(String, Map)}, also trying {@code extraDirs} (install places not always on PATH). */
    static Optional<Path> find(String name, Map<String, String> env, List<String> extraDirs) {
        List<String> dirs = new ArrayList<>();
        String path = env.getOrDefault("PATH", env.getOrDefault("Path", ""));
        if (!path.isEmpty()) {
            dirs.addAll(List.of(path.split(File.pathSeparator)));
        }
        dirs.addAll(extraDirs);
        List<String> names = new ArrayList<>(List.of(name));
        if (windows()) {
            for (String ext : env.getOrDefault("PATHEXT", ".EXE;.BAT;.CMD").split(";")) {
                names.add(name + ext.toLowerCase(Locale.ROOT));
            }
        }
        for (String dir : dirs) {
            if (dir == null || dir.isBlank()) {
                continue; // an empty PATH entry means "current directory" to a shell; never trust that here
            }
            for (String n : names) {
                Path candidate = Path.of(dir.strip(), n);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }
}
