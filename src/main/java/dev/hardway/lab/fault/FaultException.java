package dev.hardway.lab.fault;

import dev.hardway.HardwayException;
import dev.hardway.Problem;

/** A break or heal that cannot be done: the {@link Problem} names the node and says what to do instead. */
public final class FaultException extends HardwayException {

    public FaultException(int exitCode, String message) {
        super(exitCode, message);
    }

    public FaultException(int exitCode, Problem problem) {
        super(exitCode, problem);
    }

    public static FaultException badInput(Problem problem) {
        return new FaultException(BAD_INPUT, problem);
    }

    public static FaultException unreachable(Problem problem) {
        return new FaultException(UNREACHABLE, problem);
    }

    public static FaultException badInput(String message) {
        return new FaultException(BAD_INPUT, message);
    }

    public static FaultException unreachable(String message) {
        return new FaultException(UNREACHABLE, message);
    }
}
