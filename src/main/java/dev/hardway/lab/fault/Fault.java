package dev.hardway.lab.fault;

import java.util.List;

/**
 * One active fault, as recorded in {@code $HARDWAY_HOME/labs/<cluster>/faults.yaml} so that {@code heal} (also from
 * another process) undoes exactly what {@code break} did.
 *
 * @param units     SERVICES: the units that were active and were stopped (heal starts exactly these); CRASH: the
 *                  killed unit; else empty
 * @param peers     NETWORK: the addresses whose traffic is dropped (the other nodes, the VIP); CERT: the VIP left
 *                  out of the certificate; else empty
 * @param kept      NETWORK: addresses deliberately NOT dropped because hardway's own connection comes from them
 * @param since     when it was broken (ISO-8601)
 * @param simulated recorded by the simulated lab (a real lab of the same cluster name ignores it, and vice versa)
 */
public record Fault(String node, FaultMode mode, List<String> units, List<String> peers, List<String> kept,
                    String since, boolean simulated) {

    public Fault {
        units = List.copyOf(units);
        peers = List.copyOf(peers);
        kept = List.copyOf(kept);
    }

    /** "master2: services stopped (etcd, kube-apiserver)". */
    public String describe() {
        return node + ": " + switch (mode) {
            case POWER -> "powered off";
            case SERVICES -> "services stopped (" + String.join(", ", units) + ")";
            case NETWORK -> "cut off from the other nodes (" + peers.size() + " address"
                    + (peers.size() == 1 ? "" : "es") + " dropped)";
            case CRASH -> String.join(", ", units) + " killed (SIGKILL)";
            case CERT -> CertFault.describe(this);
        };
    }
}
