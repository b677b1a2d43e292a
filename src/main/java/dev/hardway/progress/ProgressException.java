package dev.hardway.progress;

/** The progress file cannot be used: the message names the file and the problem and ends with a "Try:" hint. */
public class ProgressException extends Exception {
    public ProgressException(String message, Throwable cause) {
        super(message, cause);
    }

    public ProgressException(String message) {
        super(message);
    }
}
