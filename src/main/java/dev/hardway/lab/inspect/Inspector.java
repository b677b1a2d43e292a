package dev.hardway.lab.inspect;

/**
 * The engine behind {@code inspect}, {@code check} and {@code topology}: the same records from the simulated lab
 * ({@link SimInspector}) and from real nodes ({@link RealInspector}). Never prints; never throws for a node that
 * cannot be reached (its row says so, naming the node, with a "Try:").
 */
public interface Inspector {

    boolean simulated();

    /** {@code inspect etcd} (and {@code check etcd}). */
    EtcdReport etcd();

    /** {@code inspect apiserver} (and {@code check apiserver}). */
    ApiserverReport apiserver();

    /** {@code inspect vip} / {@code inspect lb} (and {@code check vip}). */
    LbReport lb();

    /**
     * {@code inspect node <name>}.
     *
     * @throws IllegalArgumentException for a node not in the cluster (message with a "Try:")
     */
    NodeReport node(String name);

    /** {@code inspect certs [<node>]}: one node, or every node when {@code node} is null. */
    CertReport certs(String node);

    /** {@code inspect cluster} (and {@code check cluster}, {@code topology}). */
    ClusterReport cluster();
}
