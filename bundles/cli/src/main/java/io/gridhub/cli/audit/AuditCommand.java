package io.gridhub.cli.audit;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ./gridhub audit …}: the hub's audit trail (see docs/security.md). */
@Command(
        name = "audit",
        mixinStandardHelpOptions = true,
        description = "The hub's audit trail.",
        subcommands = {AuditVerifyCommand.class})
public final class AuditCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }
}
