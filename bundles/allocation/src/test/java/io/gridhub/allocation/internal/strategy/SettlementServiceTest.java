package io.gridhub.allocation.internal.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridhub.allocation.internal.run.Method;
import io.gridhub.api.allocation.AllocationRequest;
import io.gridhub.api.allocation.AllocationResult;
import io.gridhub.api.allocation.Allocator;
import io.gridhub.api.settlement.InvalidInputException;
import io.gridhub.api.settlement.MemberStatement;
import io.gridhub.api.settlement.SettlementDiff;
import io.gridhub.api.settlement.SettlementInput;
import io.gridhub.api.settlement.SettlementLedger;
import io.gridhub.api.settlement.SettlementListener;
import io.gridhub.api.settlement.SettlementRun;
import io.gridhub.store.derby.internal.LedgerDatabase;
import io.gridhub.testkit.FakeLedger;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Settling through the service, recorded in the in-memory ledger and the store's JDBC ledger on embedded Derby. */
class SettlementServiceTest {
    private static final AtomicInteger DB = new AtomicInteger();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T12:00:00Z"), ZoneOffset.UTC);
    private static final String METERS = "timestamp,member,consumption_kWh,generation_kWh\n"
            + "2024-06-01T10:00:00Z,A,2,0\n2024-06-01T10:00:00Z,B,4,0\n2024-06-01T10:00:00Z,P,0,3\n"
            + "2024-06-01T10:15:00Z,A,1,0\n2024-06-01T10:15:00Z,B,1,0\n2024-06-01T10:15:00Z,P,0,5\n";

    static Stream<SettlementLedger> ledgers() throws Exception {
        // The store's ledger on an in-memory Derby, migrated by the store's Flyway scripts.
        return Stream.of(
                new FakeLedger(CLOCK),
                LedgerDatabase.open("memory:ledger" + DB.incrementAndGet(), CLOCK)
                        .ledger());
    }

    private static SettlementServiceImpl service(SettlementLedger ledger) {
        SettlementServiceImpl s = new SettlementServiceImpl(ledger);
        s.addAllocator(new MethodAllocator(Method.DYNAMIC));
        s.addAllocator(new MethodAllocator(Method.SHAPLEY));
        s.addAllocator(new MethodAllocator(Method.CACER));
        return s;
    }

    private static SettlementInput input(String method, String meters) {
        return new SettlementInput(
                "demo", method, "meters.csv", meters, null, null, 0.30, 0.10, null, null, null, null);
    }

    @ParameterizedTest
    @MethodSource("ledgers")
    void aRerunWithCorrectedMetersIsANewVersionAndTheDiffShowsTheChange(SettlementLedger ledger) throws Exception {
        SettlementServiceImpl service = service(ledger);
        SettlementRun v1 = service.settle(input("dynamic", METERS));
        assertThat(v1.version()).isEqualTo(1);
        assertThat(v1.period()).isEqualTo("2024-06-01T10:00:00Z/2024-06-01T10:30:00Z");
        // Corrected: B consumed 2 kWh, not 4, in the first quarter hour.
        SettlementRun v2 = service.settle(input("dynamic", METERS.replace("10:00:00Z,B,4,0", "10:00:00Z,B,2,0")));
        assertThat(v2.version()).isEqualTo(2);
        assertThat(ledger.versions("demo", v1.period()))
                .extracting(SettlementRun::version)
                .containsExactly(1, 2);
        assertThat(ledger.periods("demo")).containsExactly(v1.period());
        assertThat(ledger.communities()).containsExactly("demo");
        // Version 1 is untouched.
        SettlementRun again = ledger.version("demo", v1.period(), 1).orElseThrow();
        assertThat(again.lines()).isEqualTo(v1.lines());
        assertThat(again.inputs()).isEqualTo(v1.inputs());
        SettlementDiff d = ledger.diff("demo", v1.period(), 1, 2);
        // G=3: before C=6 (A 1, B 2); after C=4 (A 1.5, B 1.5).
        assertThat(d.lines()).hasSize(2);
        SettlementDiff.LineChange b = d.lines().stream()
                .filter(l -> l.memberId().equals("B"))
                .findFirst()
                .orElseThrow();
        assertThat(b.consumptionWhBefore()).isEqualTo(4000);
        assertThat(b.consumptionWhAfter()).isEqualTo(2000);
        assertThat(b.allocatedWhBefore()).isEqualTo(2000);
        assertThat(b.allocatedWhAfter()).isEqualTo(1500);
        MemberStatement st =
                MemberStatement.of(ledger.latest("demo", v1.period()).orElseThrow(), "A");
        assertThat(st.version()).isEqualTo(2);
        assertThat(st.lines()).hasSize(2);
        assertThat(st.allocatedWh()).isEqualTo(2500);
        assertThat(st.lines().get(0).rule()).contains("c_i·min(1, G/C)");
        assertThat(st.policy().toString()).isEqualTo("default-dynamic@v1");
    }

    @Test
    void listenersAreToldOfEveryRecordedRunAndOneThatThrowsFailsNothing() throws Exception {
        SettlementServiceImpl service = service(new FakeLedger(CLOCK));
        List<SettlementRun> told = new ArrayList<>();
        service.addListener(run -> {
            throw new IllegalStateException("a broken listener (test)");
        });
        SettlementListener recording = told::add;
        service.addListener(recording);
        SettlementRun v1 = service.settle(input("dynamic", METERS));
        SettlementRun v2 = service.settle(input("dynamic", METERS.replace("10:00:00Z,B,4,0", "10:00:00Z,B,2,0")));
        assertThat(told).containsExactly(v1, v2);
        service.removeListener(recording);
        service.settle(input("dynamic", METERS));
        assertThat(told).hasSize(2);
    }

    @Test
    void shapleySharesAddUpToTheValuesOfTheLines() throws Exception {
        // What the settlement checks (SHARES_MISMATCH in bundles/core) rely on.
        SettlementRun run = service(new FakeLedger(CLOCK)).settle(input("shapley", METERS));
        double shares = run.shares().stream().mapToDouble(s -> s.valueEur()).sum();
        double lines = run.lines().stream().mapToDouble(l -> l.valueEur()).sum();
        assertThat(shares).isCloseTo(lines, Offset.offset(1e-9));
    }

    @ParameterizedTest
    @MethodSource("ledgers")
    void sharesAreKeptAndDiffed(SettlementLedger ledger) throws Exception {
        SettlementServiceImpl service = service(ledger);
        SettlementRun v1 = service.settle(input("shapley", METERS));
        SettlementRun v2 = service.settle(input("shapley", METERS.replace("10:15:00Z,P,0,5", "10:15:00Z,P,0,1")));
        assertThat(ledger.latest("demo", v1.period()).orElseThrow().shares()).isEqualTo(v2.shares());
        assertThat(v1.shares().stream().mapToDouble(s -> s.valueEur()).sum()).isCloseTo(1.0, Offset.offset(1e-9));
        assertThat(ledger.diff("demo", v1.period(), 1, 2).shares()).isNotEmpty();
        assertThat(MemberStatement.of(v2, "P").shareEur()).isNotNull();
    }

    @ParameterizedTest
    @MethodSource("ledgers")
    void badInputIsRefusedAndNothingIsRecorded(SettlementLedger ledger) throws Exception {
        SettlementServiceImpl service = service(ledger);
        assertThatThrownBy(() -> service.settle(input("dynamic", METERS + "2024-06-01T10:15:00Z,A,-1,0\n")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("meters.csv:8: negative energy: "
                        + "consumption_kWh -1 (consumption and generation are both ≥ 0)");
        assertThatThrownBy(() -> service.settle(input("static", METERS)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("no allocation strategy 'static'");
        assertThat(ledger.communities()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("ledgers")
    void cacerSettlesHourlyAndTheStatementSumsTheQuarterHours(SettlementLedger ledger) throws Exception {
        StringBuilder m = new StringBuilder("timestamp,member,consumption_kWh,generation_kWh\n");
        for (int q = 0; q < 4; q++) {
            String ts = "2024-06-01T10:" + String.format("%02d", 15 * q) + ":00Z";
            m.append(ts)
                    .append(",A,1,0\n")
                    .append(ts)
                    .append(",B,1,0\n")
                    .append(ts)
                    .append(",P,0,1\n");
        }
        String policy = "{\"id\":\"cer\",\"version\":3,\"method\":\"cacer\",\"memberTypes\":{\"B\":\"BUSINESS\"},"
                + "\"nonBusinessMinShare\":0.5,\"incentiveEurPerKWh\":0.1}";
        SettlementRun run = service(ledger)
                .settle(new SettlementInput(
                        "cer", "cacer", "m.csv", m.toString(), "p.json", policy, null, null, null, null, null, null));
        MemberStatement a = MemberStatement.of(run, "A");
        assertThat(a.lines()).singleElement().satisfies(l -> {
            assertThat(l.consumptionWh()).isEqualTo(4000);
            assertThat(l.allocatedWh()).isEqualTo(2000);
            assertThat(l.policy().toString()).isEqualTo("cer@v3");
        });
        // Incentive 0.4 EUR: half reserved for A (the only non-business consumer), half shared by shared energy.
        assertThat(a.valueEur()).isCloseTo(0.3, Offset.offset(1e-12));
        assertThat(MemberStatement.of(run, "B").valueEur()).isCloseTo(0.1, Offset.offset(1e-12));
    }

    /** The dynamic method's strategy reporting another version, as a second bundle of it would. */
    private record Dynamic(String version) implements Allocator {
        @Override
        public String name() {
            return "dynamic";
        }

        @Override
        public AllocationResult allocate(AllocationRequest r) {
            return new MethodAllocator(Method.DYNAMIC).allocate(r);
        }
    }

    @Test
    void aCallerRunsTheAllocationWithTheChosenAllocatorAndTheOthersNewestFirstAndItsResultIsRecorded()
            throws Exception {
        FakeLedger ledger = new FakeLedger(CLOCK);
        SettlementServiceImpl service = service(ledger);
        Dynamic older = new Dynamic("0.9.0");
        Dynamic oldest = new Dynamic("0.1.0");
        service.addAllocator(oldest);
        service.addAllocator(older);
        List<Allocator> seen = new ArrayList<>();
        SettlementRun run = service.settle(input("dynamic", METERS), (request, chosen, others) -> {
            seen.add(chosen);
            seen.addAll(others);
            AllocationResult r = older.allocate(request);
            return new AllocationResult("dynamic@0.9.0", r.policy(), r.lines(), r.shares(), r.notes());
        });
        assertThat(seen).extracting(Allocator::version).containsExactly(Method.VERSION, "0.9.0", "0.1.0");
        assertThat(run.strategy()).isEqualTo("dynamic@0.9.0");
        assertThat(ledger.latest("demo", run.period()).orElseThrow().strategy()).isEqualTo("dynamic@0.9.0");
        assertThat(MemberStatement.of(run, "A").strategy()).isEqualTo("dynamic@0.9.0");
        assertThatThrownBy(() -> service.settle(input("dynamic", METERS), (request, chosen, others) -> {
                    throw new InvalidInputException("every allocator failed");
                }))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("every allocator failed");
        assertThat(ledger.versions("demo", run.period())).hasSize(1);
    }
}
