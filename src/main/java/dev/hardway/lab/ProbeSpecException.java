package dev.hardway.lab;

/**
 * A lesson's probe check is wrong: unknown type, unknown/missing/wrong-typed argument, or a node selector this
 * cluster does not have. It names the probe and the argument but not the file and line: the lesson validator knows
 * where the check sits and puts {@link #what()} and {@link #fix()} into a problem with that place.
 */
public class ProbeSpecException extends Exception {
    private final String what;
    private final String fix;

    /** @param fix what to do, without "Try:", or null */
    public ProbeSpecException(String what, String fix) {
        super(what + (fix == null ? "" : ". Try: " + fix));
        this.what = what;
        this.fix = fix;
    }

    public String what() {
        return what;
    }

    public String fix() {
        return fix;
    }
}
