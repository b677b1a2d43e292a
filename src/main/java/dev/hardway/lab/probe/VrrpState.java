package dev.hardway.lab.probe;

/**
 * keepalived's VRRP state as hardway reports it, derived in one place ({@link #of}) for the real and the
 * simulated lab. MASTER, BACKUP and FAULT are keepalived's own; the others say why there is no VRRP state.
 */
public enum VrrpState {
    /** Holds the VIP with keepalived running. */
    MASTER,
    /** Running and healthy, the peer holds the VIP. */
    BACKUP,
    /** Running, but its track script (haproxy) fails: it gives up the VIP. */
    FAULT,
    /** keepalived is not running and the node does not hold the VIP. */
    STOPPED,
    /** keepalived was killed and the address stayed behind: a holder that is not ok. */
    CRASHED,
    /** The node is powered off. */
    DOWN,
    /** The node could not be asked. */
    UNKNOWN;

    /**
     * @param holds        the VIP is on the node's interface
     * @param keepalived   keepalived runs
     * @param haproxy      haproxy runs (keepalived's track script)
     * @param loggedFault  keepalived's journal last said "Entering FAULT STATE"
     */
    public static VrrpState of(boolean holds, boolean keepalived, boolean haproxy, boolean loggedFault) {
        if (holds) {
            return keepalived ? MASTER : CRASHED;
        }
        if (!keepalived) {
            return STOPPED;
        }
        return !haproxy || loggedFault ? FAULT : BACKUP;
    }

    /** The one rule for a holder: a VIP left on a node whose keepalived is dead is not ok (issue 8, finding 11). */
    public boolean holderOk() {
        return this != CRASHED;
    }
}
