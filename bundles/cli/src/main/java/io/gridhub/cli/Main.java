package io.gridhub.cli;

import io.gridhub.cli.allocate.AllocateCommand;
import io.gridhub.cli.audit.AuditCommand;
import io.gridhub.cli.backtest.BacktestCommand;
import io.gridhub.cli.dispatch.DispatchCommand;
import io.gridhub.cli.dispatch.DispatchScenarioCommand;
import io.gridhub.cli.drill.DrillCommand;
import io.gridhub.cli.probe.ProbeCommand;
import java.io.PrintWriter;
import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./gridhub <tool> …}: the command-line tools, one subcommand each. */
@Command(
        name = "gridhub",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "gridhub command-line tools",
        subcommands = {
            ProbeCommand.class,
            AllocateCommand.class,
            BacktestCommand.class,
            DispatchCommand.class,
            DispatchScenarioCommand.class,
            DrillCommand.class,
            AuditCommand.class
        })
public final class Main implements Runnable {
    @Override
    public void run() {
        new CommandLine(this).usage(System.err);
    }

    public static void main(String[] args) {
        // Library logging (j2mod) stays quiet unless a tool's --verbose asks for it; set before any logger exists.
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            boolean verbose = Arrays.asList(args).contains("--verbose");
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "debug" : "off");
        }
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code (0 ok, 1 failure, 2 unusable input or unreachable peer). */
    public static int run(String... args) {
        return new CommandLine(new Main()).execute(args);
    }

    /** The same, writing to the given streams (tests). */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return new CommandLine(new Main()).setOut(out).setErr(err).execute(args);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"gridhub " + (v == null ? "(development build)" : v)};
        }
    }
}
