package dev.hardway.provider;

/**
 * One step of progress of one machine.
 *
 * @param machine the node name, or "" for messages about the whole run
 * @param stage   where the machine is now; {@link Stage#INFO} for a message that does not change it
 * @param message the provider's own words, one line, without its "==> node:" prefix
 */
public record ProgressEvent(String machine, Stage stage, String message) {

    public enum Stage {
        /** Queued: the provider named it but has not started on it. */
        WAITING,
        /** Importing or cloning the base image, creating the VM. */
        CREATING,
        /** Powering on and waiting for SSH. */
        BOOTING,
        /** Hostname, network interfaces, shared folders. */
        CONFIGURING,
        /** Running the provisioners (ansible/prepare.yml). */
        PROVISIONING,
        /** Up and ready. */
        READY,
        STOPPING,
        STOPPED,
        DESTROYING,
        DESTROYED,
        /** Something failed on this machine (the message says what). */
        FAILED,
        /** A message that does not change the stage. */
        INFO;

        /** Stages a live display may show as final for the machine. */
        public boolean terminal() {
            return this == READY || this == STOPPED || this == DESTROYED || this == FAILED;
        }
    }
}
