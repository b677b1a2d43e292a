package dev.hardway.workshop.demo;

import dev.hardway.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Every scenario under {@code lessons/scenarios/}, with every problem of every file. */
public record ScenarioCatalog(List<Scenario> scenarios, List<Problem> problems) {

    public static ScenarioCatalog load(Path dir) {
        List<Scenario> out = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return new ScenarioCatalog(List.of(), List.of());
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().matches(".+\\.ya?ml")).sorted().toList();
        } catch (IOException e) {
            return new ScenarioCatalog(List.of(), List.of(Problem.error("cannot list " + dir + ": " + e.getMessage(),
                    "check the directory is readable")));
        }
        for (Path f : files) {
            String name = dir.getParent() == null ? f.toString()
                    : dir.getParent().getParent() == null ? f.toString()
                    : dir.getParent().getParent().relativize(f).toString();
            Scenario sc = new ScenarioParser(name, problems).parse(f);
            if (sc != null) {
                out.add(sc);
            }
        }
        return new ScenarioCatalog(List.copyOf(out), List.copyOf(problems));
    }

    public boolean ok() {
        return problems.stream().noneMatch(Problem::isError);
    }

    public Optional<Scenario> scenario(String id) {
        return scenarios.stream().filter(s -> s.id().equals(id)).findFirst();
    }
}
