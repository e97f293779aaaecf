package io.gridhub.cli.allocate;

import io.gridhub.allocation.internal.run.Conversions;
import io.gridhub.allocation.internal.run.Method;
import io.gridhub.allocation.internal.run.Outcome;
import io.gridhub.api.allocation.AllocationResult;
import io.gridhub.api.settlement.SettlementDiff;
import io.gridhub.api.settlement.SettlementException;
import io.gridhub.api.settlement.SettlementLedger;
import io.gridhub.api.settlement.SettlementRun;
import io.gridhub.store.derby.internal.LedgerDatabase;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * {@code allocate --ledger DIR}: records the run in a durable settlement ledger (the store's Derby database in
 * DIR/db, same schema and migrations as the hub's store) as the next version of its period, and writes
 * {@code diff.csv} against the previous version when there is one.
 */
final class LedgerFiles {
    private LedgerFiles() {}

    /** The run as recorded, and what changed against the version before (null for version 1). */
    record Recorded(SettlementRun run, SettlementDiff diff) {}

    static Recorded record(Path ledgerDir, Outcome o, String community) throws SettlementException, IOException {
        Files.createDirectories(ledgerDir);
        System.setProperty(
                "derby.stream.error.file", ledgerDir.resolve("derby.log").toString());
        try (LedgerDatabase db = LedgerDatabase.open(ledgerDir.resolve("db"), Clock.systemUTC())) {
            SettlementLedger ledger = db.ledger();
            AllocationResult r = Conversions.result(o, o.method().id() + "@" + Method.VERSION);
            SettlementRun run = ledger.append(new SettlementRun(
                    community,
                    o.table().period(),
                    0,
                    null,
                    o.method().id(),
                    r.strategy(),
                    r.policy(),
                    Conversions.intervals(o.table()),
                    r.lines(),
                    r.shares(),
                    r.notes()));
            SettlementDiff diff =
                    run.version() > 1 ? ledger.diff(community, run.period(), run.version() - 1, run.version()) : null;
            return new Recorded(run, diff);
        }
    }

    static void writeDiff(SettlementDiff d, Path out) throws IOException {
        diff(d, out.resolve("diff.csv"));
    }

    private static void diff(SettlementDiff d, Path file) throws IOException {
        try (Writer w = Files.newBufferedWriter(file);
                CSVPrinter p = new CSVPrinter(
                        w, CSVFormat.DEFAULT.builder().setRecordSeparator("\n").build())) {
            p.printRecord(
                    "timestamp",
                    "member",
                    "consumption_kWh_before",
                    "consumption_kWh_after",
                    "generation_kWh_before",
                    "generation_kWh_after",
                    "allocated_kWh_before",
                    "allocated_kWh_after",
                    "value_EUR_before",
                    "value_EUR_after");
            for (SettlementDiff.LineChange c : d.lines()) {
                p.printRecord(
                        c.intervalStart(),
                        c.memberId(),
                        c.consumptionWhBefore() / 1000,
                        c.consumptionWhAfter() / 1000,
                        c.generationWhBefore() / 1000,
                        c.generationWhAfter() / 1000,
                        c.allocatedWhBefore() / 1000,
                        c.allocatedWhAfter() / 1000,
                        c.valueEurBefore(),
                        c.valueEurAfter());
            }
            for (SettlementDiff.ShareChange c : d.shares()) {
                p.printRecord("share", c.memberId(), "", "", "", "", "", "", c.valueEurBefore(), c.valueEurAfter());
            }
        }
    }
}
