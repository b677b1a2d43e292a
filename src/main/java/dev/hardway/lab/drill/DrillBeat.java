package dev.hardway.lab.drill;

/**
 * One entry of a step's {@code drive:}, rendered for a cluster.
 *
 * @param expect what an observation promises ({@link DrillExpect} with every field null for break/heal)
 * @param within seconds the promise may take to come true on real nodes (a VIP moves after a few adverts, etcd
 *               notices a lost member after its election timeout); asked again every {@link Settle#EVERY}. 0: once
 * @param line   the entry's line in the lesson file
 */
public record DrillBeat(DrillCommand command, DrillExpect expect, int within, int line) {

    public boolean observes() {
        return command instanceof DrillCommand.Look;
    }
}
