package io.gridhub.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What every tool shares, taken with {@code @Mixin Tool tool}: the command line's output streams (the ones
 * {@link Main#run(PrintWriter, PrintWriter, String...)} sets) and the one way a tool ends with a problem, a line on
 * the error stream and an exit code: {@value #FAILED} failure, {@value #UNUSABLE} unusable input or unreachable
 * peer (a tool may add its own, e.g. dispatch's 3 for an infeasible scenario).
 */
@Command // a mixin without options of its own (picocli wants the annotation)
public final class Tool {
    public static final int FAILED = 1;
    public static final int UNUSABLE = 2;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    public PrintWriter out() {
        return spec.commandLine().getOut();
    }

    public PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** Prints {@code gridhub TOOL: message} (the command's full name, e.g. {@code gridhub audit verify}). */
    public int fail(int code, String message) {
        return exit(code, spec.qualifiedName() + ": " + message);
    }

    /** Prints the line as it is (a tool whose lines name the file instead, e.g. {@code file:line: reason}). */
    public int exit(int code, String line) {
        PrintWriter err = err();
        err.println(line);
        err.flush();
        return code;
    }
}
