package dev.hardway.lab.check;

import java.util.List;

/**
 * What a {@code check} decided: a headline, detail lines (problems rendered from their what and fix), and the
 * exit code the shell returns (DESIGN.md §3: 0 ok, 1 a check found a problem).
 *
 * @param check    vip, etcd, apiserver or cluster
 * @param lines    detail, one line each; for a failed check the problems come first
 * @param commands {@code "node: command"} run (or, simulated, that would run)
 */
public record Verdict(String check, boolean ok, String headline, List<String> lines, boolean simulated,
                      List<String> commands) {

    public Verdict {
        lines = List.copyOf(lines);
        commands = List.copyOf(commands);
    }

    public int exitCode() {
        return ok ? 0 : 1;
    }
}
