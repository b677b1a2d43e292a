package dev.hardway.testbed;

/** The test bed cannot be used in this JVM; the message is the reason, worded for a skip or failure report. */
public final class TestBedUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TestBedUnavailableException(String reason) {
        super(reason);
    }
}
