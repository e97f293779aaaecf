package io.gridhub.cli;

import io.gridhub.cli.allocate.AllocateCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./gridhub <tool> …}: dispatches to one picocli subcommand per tool. */
@Command(name = "gridhub", mixinStandardHelpOptions = true, subcommands = {AllocateCommand.class},
        description = "gridhub command-line tools")
public final class Main implements Runnable {
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code (2 for bad usage or bad input). */
    public static int run(String... args) {
        return new CommandLine(new Main()).execute(args);
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }
}
