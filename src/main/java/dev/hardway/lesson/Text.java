package dev.hardway.lesson;

/**
 * A Freemarker text from a lesson file ({@code run}, {@code explain}, {@code when}, {@code fail}, a {@code to}
 * path, ...) with where it sits, so a render error can point into the YAML file.
 *
 * @param source the template text as written
 * @param line   1-based line in the lesson file of the text's first line (for block scalars {@code |}, the line
 *               after the key)
 */
public record Text(String source, int line) {

    /** True when the text contains Freemarker syntax and therefore must be rendered. */
    public boolean isTemplate() {
        return source.contains("${") || source.contains("<#") || source.contains("<@");
    }

    @Override
    public String toString() {
        return source;
    }
}
