package dev.hardway.render;

/** A template failed to render; the message names the template and line and says what to fix. Exit code 2. */
public class RenderException extends Exception {
    private final String template;
    private final int line;

    public RenderException(String template, int line, String message, Throwable cause) {
        super(message, cause);
        this.template = template;
        this.line = line;
    }

    public String template() {
        return template;
    }

    public int line() {
        return line;
    }
}
