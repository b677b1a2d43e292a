package dev.hardway.lab.fault;

import java.util.List;

/**
 * What {@code break} did.
 *
 * @param fault       the fault as recorded
 * @param done        one line per action, for the learner ("stopped etcd on master2")
 * @param notes       caveats worth knowing (e.g. iptables does not stop ARP)
 * @param suggestions what to look at next: "inspect etcd", "check vip"... (the shell prints "Try: ...")
 * @param commands    {@code "node: command"} run (or, simulated, that would run)
 */
public record BreakResult(boolean simulated, Fault fault, List<String> done, List<String> notes,
                          List<String> suggestions, List<String> commands) {
    public BreakResult {
        done = List.copyOf(done);
        notes = List.copyOf(notes);
        suggestions = List.copyOf(suggestions);
        commands = List.copyOf(commands);
    }
}
