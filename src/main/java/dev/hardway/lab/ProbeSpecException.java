package dev.hardway.lab;

/**
 * A lesson's probe check is wrong: unknown type, unknown/missing/wrong-typed argument, or a node selector this
 * cluster does not have. The message names the probe and the argument but not the file and line: the lesson
 * validator knows where the check sits and prefixes it ({@code lessons/05-etcd/lesson.yaml:42 steps[2].check[0]: ...}).
 */
public class ProbeSpecException extends Exception {

    public ProbeSpecException(String message) {
        super(message);
    }
}
