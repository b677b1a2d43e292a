package dev.hardway;

/** The version printed by {@code hardway --version}, from the jar manifest (Maven sets it). */
public final class Version {
    private Version() {
    }

    public static String get() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
