package dev.hardway.provider;

import dev.hardway.target.ssh.SshEndpoint;
import java.util.List;

/**
 * Machine lifecycle for one cluster: creates, stops and destroys the nodes (Vagrant VMs) or just tells where
 * existing ones are (SSH hosts). Implementations return data and report progress through a listener; they never
 * print. Failures are {@link ProviderException}s whose message ends with a "Try:" hint.
 */
public interface Provider {

    /** {@code vagrant}, {@code ssh}, ... as in the cluster config's {@code provider}. */
    String id();

    /** False for existing hosts: {@link #up}, {@link #down} and power control then only explain. */
    boolean createsMachines();

    /** Creates (first time) or starts every node and prepares its OS; returns when all are up. */
    void up(ProgressListener listener);

    /** Destroys every node. */
    void down(ProgressListener listener);

    /** Shuts every node down, keeping its disk. */
    void halt(ProgressListener listener);

    /** One row per node of the cluster, in config order where the provider knows it. */
    List<MachineStatus> status();

    /** Cuts the power of one node at once (a fault for the lessons: no clean shutdown). */
    void powerOff(String node);

    /** Starts one node again after {@link #powerOff}, without re-provisioning it. */
    void powerOn(String node);

    /** How hardway reaches each node over SSH from this machine. */
    List<SshEndpoint> sshEndpoints();
}
