package dev.hardway;

import dev.hardway.shell.ShellApplication;

/**
 * Entry point. {@code --version} answers without starting Spring (it is what scripts and the startup benchmark
 * call most); everything else starts the shell application.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            System.out.println("hardway " + Version.get());
            return;
        }
        System.exit(ShellApplication.run(args));
    }
}
