package dev.hardway.lab.drill;

import dev.hardway.lab.fault.BreakRequest;
import dev.hardway.lab.fault.FaultMode;
import java.util.List;
import java.util.Locale;

/**
 * One of the lab commands a lesson step drives itself ({@code drive:}, docs/lesson-format.md): {@code break},
 * {@code heal}, {@code check} or {@code inspect}, typed — never a command line to parse. {@link #line()} is what
 * the learner would type for the same thing, shown before it runs.
 */
public sealed interface DrillCommand {

    /** The command words of the lesson format, in the order the docs list them. */
    List<String> VERBS = List.of("break", "heal", "check", "inspect");

    /** The shell command line doing the same ({@code break master1 --mode services}). */
    String line();

    /** {@code break <node> [--mode M] [--service U]}. */
    record Break(BreakRequest request) implements DrillCommand {
        @Override
        public String line() {
            BreakRequest r = request;
            return "break " + r.node() + (r.mode() == FaultMode.POWER ? "" : " --mode " + r.mode().id())
                    + (r.service() == null ? "" : " --service " + r.service());
        }
    }

    /** {@code heal <node>}, or {@code heal --all} when {@code node} is null. */
    record Heal(String node) implements DrillCommand {
        @Override
        public String line() {
            return node == null ? "heal --all" : "heal " + node;
        }
    }

    /**
     * {@code check <subject>} or {@code inspect <subject>}: an observation of the lab, judged by the beat's
     * {@link DrillExpect} on the typed report and verdict (both verbs see both; they differ in what the shell shows).
     */
    record Look(String verb, Subject subject) implements DrillCommand {
        @Override
        public String line() {
            return verb + " " + subject.id();
        }
    }

    /** What a {@link Look} observes. */
    enum Subject {
        ETCD, VIP, APISERVER;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The subject of {@code word}, or null (the parser names the valid ones). */
        public static Subject of(String word) {
            String w = word == null ? "" : word.trim().toLowerCase(Locale.ROOT);
            if (w.equals("lb")) {
                return VIP; // inspect lb and inspect vip are one report
            }
            for (Subject s : values()) {
                if (s.id().equals(w)) {
                    return s;
                }
            }
            return null;
        }

        public static List<String> ids() {
            return java.util.Arrays.stream(values()).map(Subject::id).toList();
        }
    }
}
