package dev.hardway.lesson;

import dev.hardway.lab.StepAction;
import dev.hardway.lesson.EngineResults.RenderResult;
import dev.hardway.progress.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Writes rendered steps out for {@code lesson render}: {@code <lesson>/<step>/<node>/run.sh} and its files. */
final class LessonFiles {

    private LessonFiles() {
    }

    static RenderResult write(List<LessonEngine.PlannedStep> steps, Path out, String cluster)
            throws LessonEngineException {
        List<Path> written = new ArrayList<>();
        try {
            for (LessonEngine.PlannedStep p : steps) {
                Path stepDir = out.resolve(p.lesson()).resolve(p.step());
                if (!p.applies()) {
                    Path skipped = stepDir.resolve("SKIPPED");
                    AtomicFiles.write(skipped, "does not apply to " + cluster + "\n");
                    written.add(skipped);
                    continue;
                }
                for (StepAction.NodeAction a : p.actions()) {
                    Path nodeDir = stepDir.resolve(a.node());
                    StringBuilder sh = new StringBuilder("#!/usr/bin/env bash\n# " + p.lesson() + "/" + p.step()
                            + " on " + a.node() + ": " + oneLine(p.title()) + "\nset -euo pipefail\n");
                    for (StepAction.FileWrite f : a.files()) {
                        Path local = nodeDir.resolve("files").resolve(f.path().replaceFirst("^/+", ""));
                        AtomicFiles.write(local, f.content());
                        written.add(local);
                        sh.append("# file ").append(f.path()).append(" (mode ").append(f.mode()).append(") = ")
                                .append(out.relativize(local)).append('\n');
                    }
                    for (StepAction.FileCopy c : a.copies()) {
                        sh.append("# copy ").append(c.fromNode()).append(':').append(c.fromPath()).append(" -> ")
                                .append(c.toPath()).append(" (mode ").append(c.mode()).append(")\n");
                    }
                    sh.append(a.script() == null ? "" : a.script());
                    Path run = nodeDir.resolve("run.sh");
                    AtomicFiles.write(run, sh.toString());
                    written.add(run);
                }
            }
        } catch (IOException e) {
            throw new LessonEngineException(dev.hardway.Problem.error("lesson render: cannot write under " + out + ": "
                    + e.getMessage(), "--out a directory you can write to"), e);
        }
        return new RenderResult(out, List.copyOf(written));
    }

    /** A title is one header line even when its template spans several. */
    private static String oneLine(String title) {
        return title == null ? "" : title.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
