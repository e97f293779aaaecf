package io.gridhub.cli;

import io.gridhub.cli.backtest.BacktestCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** gridhub's command-line tools: {@code java -jar gridhub-cli.jar <tool> …}, run by {@code ./gridhub <tool>}. */
@Command(name = "gridhub", mixinStandardHelpOptions = true, version = "gridhub tools",
        description = "gridhub command-line tools (plain Java, no hub needed).",
        subcommands = {BacktestCommand.class, CommandLine.HelpCommand.class})
public final class Main {
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code (0 ok, 1 failure, 2 bad usage or input). */
    public static int run(String... args) {
        return new CommandLine(new Main()).execute(args);
    }

    /** Runs a command line with its output and errors written to the given writers. */
    public static int run(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
        return new CommandLine(new Main()).setOut(out).setErr(err).execute(args);
    }
}
