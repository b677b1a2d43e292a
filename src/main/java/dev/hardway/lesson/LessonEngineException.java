package dev.hardway.lesson;

/**
 * A lesson command cannot be carried out as asked (unknown lesson or step, no lesson started, unreadable progress):
 * the message says why and ends with a "Try:" hint. The shell reports it as bad input (exit code 2).
 */
public class LessonEngineException extends Exception {
    public LessonEngineException(String message) {
        super(message);
    }

    public LessonEngineException(String message, Throwable cause) {
        super(message, cause);
    }
}
