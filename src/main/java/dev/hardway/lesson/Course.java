package dev.hardway.lesson;

import dev.hardway.cluster.ClusterModel;
import dev.hardway.render.Renderer;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The catalog as one cluster sees it: which lessons and steps apply, lesson look-up by id or short name, and the
 * course order. No lab, no progress: shared by the engine, the step runner and the author test.
 */
final class Course {

    private final LessonCatalog catalog;
    private final Rendering render;
    private final Map<String, Boolean> appliesCache = new HashMap<>();

    Course(LessonCatalog catalog, Renderer renderer, ClusterModel cluster) {
        this.catalog = catalog;
        this.render = new Rendering(cluster, renderer, catalog.rootName());
    }

    LessonCatalog catalog() {
        return catalog;
    }

    Rendering render() {
        return render;
    }

    ClusterModel cluster() {
        return render.cluster();
    }

    List<Lesson> lessons() {
        return catalog.lessons();
    }

    /** A lesson whose {@code applies} cannot be rendered counts as applying, so its error shows when it runs. */
    synchronized boolean applies(Lesson l) {
        return appliesCache.computeIfAbsent(l.id(), k -> {
            try {
                return render.applies(l);
            } catch (LessonException e) {
                return true;
            }
        });
    }

    boolean stepApplies(Lesson l, Step s) {
        try {
            return render.when(l, s);
        } catch (LessonException e) {
            return true;
        }
    }

    List<Step> applicableSteps(Lesson l) {
        if (!applies(l)) {
            return List.of();
        }
        return l.steps().stream().filter(s -> stepApplies(l, s)).toList();
    }

    /**
     * The rendered step title. A title that does not render here (it names values this cluster lacks, in a lesson
     * that does not apply) is shown as written without its template parts, or as the step id.
     */
    String title(Lesson l, Step s) {
        try {
            return render.title(l, s);
        } catch (LessonException e) {
            String plain = withoutTemplate(s.title());
            return plain.isEmpty() ? s.id() : plain;
        }
    }

    /**
     * A title as written without its template parts: each {@code ${...}} becomes "…", directives ({@code <#if>},
     * {@code </#list>}) go, spaces are collapsed. "Download etcd ${cluster.versions.etcd}" → "Download etcd …".
     */
    static String withoutTemplate(String title) {
        return title.replaceAll("\\$\\{[^}]*}", "…").replaceAll("</?#[^>]*>", " ").replaceAll("\\s+", " ").strip();
    }

    List<String> hints(Lesson l, Step s) {
        try {
            return render.hints(l, s, render.nodes(l, s));
        } catch (LessonException e) {
            return List.of();
        }
    }

    Lesson lesson(String id) throws LessonEngineException {
        if (id == null || id.isBlank()) {
            throw new LessonEngineException("no lesson given", "lesson list");
        }
        Optional<Lesson> l = catalog.lesson(id.trim());
        if (l.isPresent()) {
            return l.get();
        }
        List<String> ids = catalog.lessons().stream().map(Lesson::id).toList();
        // "05" or "etcd" are enough when they name one lesson
        List<Lesson> partial = catalog.lessons().stream().filter(x -> x.id().startsWith(id.trim() + "-")
                || x.id().endsWith("-" + id.trim())).toList();
        if (partial.size() == 1) {
            return partial.get(0);
        }
        String near = dev.hardway.EditDistance.closest(id.trim(), ids);
        throw new LessonEngineException("no lesson '" + id + "'", near != null ? "lesson start " + near
                : "one of " + String.join(", ", ids));
    }

    /**
     * Every lesson of the course before {@code l} (course order), each after the lessons it needs, then {@code l}:
     * what a learner who reached {@code l} has done (issue 8, finding 2: goto 07 must leave etcd built even when 07
     * names only 06 in its needs).
     */
    List<Lesson> upTo(Lesson l) {
        LinkedHashSet<Lesson> chain = new LinkedHashSet<>();
        for (Lesson x : catalog.lessons()) {
            if (x.id().equals(l.id())) {
                break;
            }
            chain.addAll(catalog.prerequisites(x.id()));
            chain.add(x);
        }
        chain.addAll(catalog.prerequisites(l.id()));
        chain.add(l);
        return List.copyOf(chain);
    }

    /** A sentence and its fix, without the doubled period of "...done.. Try:" when the sentence ends with one. */
    static String sentence(String what, String fix) {
        String w = what == null ? "" : what.strip();
        while (w.endsWith(".")) {
            w = w.substring(0, w.length() - 1);
        }
        return fix == null || fix.isBlank() ? w : w + ". Try: " + fix;
    }
}
