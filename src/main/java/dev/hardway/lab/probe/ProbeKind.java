package dev.hardway.lab.probe;

/**
 * One probe kind (etcd, the VIP, the API server, a node, certificates, a service, a file, a port ...): what it
 * asks ({@code Q}: a lesson probe record, a node name, or {@code Void}) and what it answers ({@code R}: a report
 * or a {@link dev.hardway.lab.ProbeResult}), written once per lab kind. Every caller — lesson checks, {@code
 * inspect}, {@code check}, {@code topology}, the drills — goes through these, so the real and the simulated lab
 * cannot drift apart. docs/architecture.md, "Probes: layout and how to add one", has a worked example.
 *
 * @param <Q> what is asked
 * @param <R> what is answered
 */
public interface ProbeKind<Q, R> {

    /** On real nodes: the upstream tools over {@link dev.hardway.target.NodeTarget}s ({@link RealProbing}). */
    R real(RealProbing lab, Q query);

    /** In the simulated lab: derived from one snapshot of the model ({@link SimProbing}). */
    R sim(SimProbing lab, Q query);
}
