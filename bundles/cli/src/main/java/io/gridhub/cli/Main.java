package io.gridhub.cli;

import io.gridhub.cli.dispatch.DispatchCommand;
import io.gridhub.cli.dispatch.DispatchScenarioCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./gridhub <tool> …}: dispatches to one picocli subcommand per tool. */
@Command(name = "gridhub", mixinStandardHelpOptions = true,
        subcommands = {DispatchCommand.class, DispatchScenarioCommand.class},
        description = "gridhub command-line tools")
public final class Main implements Runnable {
    public static void main(String[] args) {
        // Library logging stays quiet: a tool's output is its result and one line per problem.
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
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
