package dev.hardway.shell;

import java.util.List;

/** A class of related commands (the verbs of one noun: cluster, lesson, ...). Spring beans; registered at start. */
public interface CommandSet {
    List<HwCommand> commands();
}
