package dev.hardway.workshop.demo;

import java.util.List;

/**
 * A demo scenario ({@code lessons/scenarios/<id>.yaml}, docs/workshop.md): narrated beats, each one shell command
 * with the outcome it promises.
 *
 * @param needs lessons this lab must have finished (the runner checks before the first beat)
 * @param nodes nodes the cluster must have (the beats name them)
 */
public record Scenario(String id, String title, String about, List<String> needs, List<String> nodes,
                       List<Beat> beats, String file) {

    /**
     * One beat.
     *
     * @param run   the command line, or null for narration only
     * @param words the command line split into words (quotes group), empty without {@code run}
     * @param pause  seconds to wait after it with {@code --auto}, or null for the runner's default
     * @param within seconds the promise may take to come true (real nodes: a VIP moves after a few adverts); the
     *               command is run again every {@link DemoRunner#RETRY} until then. 0: at once
     * @param line   the beat's line in the file
     */
    public record Beat(String title, String say, String run, List<String> words, Expect expect, Integer pause,
                       int within, int line) {
    }

    /**
     * What a beat promises: the exit code (null: any) and texts the output must show, or must not.
     */
    public record Expect(Integer exit, List<String> shows, List<String> hides) {
        public static final Expect NONE = new Expect(null, List.of(), List.of());

        /** Why {@code exitCode}/{@code output} break the promise, or null when they keep it. */
        public String broken(int exitCode, String output) {
            if (exit != null && exit != exitCode) {
                return "it exited " + exitCode + ", the scenario promises " + exit;
            }
            for (String s : shows) {
                if (!output.contains(s)) {
                    return "its output does not show '" + s + "'";
                }
            }
            for (String s : hides) {
                if (output.contains(s)) {
                    return "its output shows '" + s + "', which the scenario promises it does not";
                }
            }
            return null;
        }
    }
}
