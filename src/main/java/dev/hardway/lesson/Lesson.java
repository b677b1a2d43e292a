package dev.hardway.lesson;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One lesson ({@code lessons/NN-slug/lesson.yaml}, docs/lesson-format.md), as loaded by {@link LessonCatalog}.
 *
 * @param explainTemplate the explanation template's file name beside lesson.yaml, or null
 * @param applies         renders to true/false for a cluster; null = always applies
 * @param dir             the lesson's directory (templates resolve against it)
 * @param file            the lesson file as shown in messages ({@code lessons/05-etcd/lesson.yaml})
 */
public record Lesson(String id, String title, List<String> needs, String explainTemplate, Text applies,
                     List<Step> steps, Path dir, String file) {

    public Optional<Step> step(String stepId) {
        return steps.stream().filter(s -> s.id().equals(stepId)).findFirst();
    }

    public int indexOf(String stepId) {
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).id().equals(stepId)) {
                return i;
            }
        }
        return -1;
    }

    /** The name the {@link dev.hardway.render.Renderer} knows a template of this lesson by ({@code 05-etcd/x.ftl}). */
    public String templateName(String fileName) {
        return dir.getFileName() + "/" + fileName;
    }
}
