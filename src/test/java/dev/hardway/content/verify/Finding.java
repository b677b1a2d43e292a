package dev.hardway.content.verify;

/**
 * One thing a render verifier refuses: where (a rendered file, or a file a lesson step made in the sandbox, with its
 * line) and what.
 */
public record Finding(String file, int line, String what) {

    @Override
    public String toString() {
        return file + ":" + line + ": " + what;
    }
}
