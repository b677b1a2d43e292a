package dev.hardway.lab;

/**
 * A lesson's probe check is wrong: unknown type, unknown/missing/wrong-typed argument, or a node selector this
 * cluster does not have. It names the probe and the argument but not the file and line: the lesson validator knows
 * where the check sits and puts {@link #what()} and {@link #fix()} into a problem with that place.
 */
public class ProbeSpecException extends Exception implements dev.hardway.Problem.Carrier {
    private final dev.hardway.Problem problem;

    /** @param fix what to do, without "Try:", or null */
    public ProbeSpecException(String what, String fix) {
        super(dev.hardway.Problem.error(what, fix).sentence());
        this.problem = dev.hardway.Problem.error(what, fix);
    }

    @Override
    public dev.hardway.Problem problem() {
        return problem;
    }

    @Override
    public int exitCode() {
        return dev.hardway.HardwayException.BAD_INPUT;
    }

    public String what() {
        return problem.what();
    }

    public String fix() {
        return problem.fix();
    }
}
