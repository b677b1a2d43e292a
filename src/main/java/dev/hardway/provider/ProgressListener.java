package dev.hardway.provider;

/**
 * Receives per-machine progress while a provider works, so the shell can keep one live line per machine instead
 * of a wall of text. Called from the provider's reader thread, in the order the events happened.
 */
@FunctionalInterface
public interface ProgressListener {

    void onEvent(ProgressEvent event);

    ProgressListener NONE = event -> { };
}
