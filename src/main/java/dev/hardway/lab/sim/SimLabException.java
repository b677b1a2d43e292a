package dev.hardway.lab.sim;

/** The saved simulated lab cannot be used (corrupt, or from a newer hardway). The message names the file. */
public class SimLabException extends RuntimeException {

    public SimLabException(String message, Throwable cause) {
        super(message, cause);
    }
}
