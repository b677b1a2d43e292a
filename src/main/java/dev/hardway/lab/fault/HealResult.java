package dev.hardway.lab.fault;

import java.util.List;

/**
 * What {@code heal <node>} / {@code heal --all} did, one entry per fault undone, in the order undone (reverse of
 * breaking). A fault that could not be undone stays recorded and is reported with its problem.
 */
public record HealResult(boolean simulated, List<Healed> healed, List<String> suggestions, List<String> commands) {

    /**
     * @param done    one line per action ("started etcd, kube-apiserver on master2")
     * @param problem why it could not be undone (the fault is kept in faults.yaml), else null
     */
    public record Healed(Fault fault, boolean ok, List<String> done, String problem) {
        public Healed {
            done = List.copyOf(done);
        }
    }

    public HealResult {
        healed = List.copyOf(healed);
        suggestions = List.copyOf(suggestions);
        commands = List.copyOf(commands);
    }

    public boolean ok() {
        return healed.stream().allMatch(Healed::ok);
    }
}
