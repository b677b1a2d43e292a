package dev.hardway.lab.fault;

import dev.hardway.HardwayException;

/** A break or heal that cannot be done; the message names the node and ends with a "Try:" hint. */
public final class FaultException extends HardwayException {

    public FaultException(int exitCode, String message) {
        super(exitCode, message);
    }

    public static FaultException badInput(String message) {
        return new FaultException(BAD_INPUT, message);
    }

    public static FaultException unreachable(String message) {
        return new FaultException(UNREACHABLE, message);
    }
}
