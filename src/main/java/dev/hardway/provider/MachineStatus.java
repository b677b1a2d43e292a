package dev.hardway.provider;

import java.util.Locale;

/**
 * The state of one node as its provider sees it.
 *
 * @param node     the node name
 * @param state    normalized state
 * @param rawState the provider's own word ({@code running}, {@code poweroff}, {@code shutoff}, ...)
 * @param detail   a human sentence from the provider, or "" when it has none
 */
public record MachineStatus(String node, State state, String rawState, String detail) {

    public enum State {
        RUNNING, STOPPED, SUSPENDED, NOT_CREATED, UNREACHABLE, UNKNOWN;

        /** Maps Vagrant's state ids (VirtualBox and libvirt providers) to a state. */
        public static State fromVagrant(String id) {
            return switch (id == null ? "" : id.toLowerCase(Locale.ROOT)) {
                case "running" -> RUNNING;
                case "poweroff", "shutoff", "stopped", "aborted", "shutdown" -> STOPPED;
                case "saved", "paused", "suspended" -> SUSPENDED;
                case "not_created" -> NOT_CREATED;
                case "inaccessible" -> UNREACHABLE;
                default -> UNKNOWN;
            };
        }
    }
}
