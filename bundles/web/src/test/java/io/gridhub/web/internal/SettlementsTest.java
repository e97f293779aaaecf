package io.gridhub.web.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridhub.api.model.AllocationLine;
import io.gridhub.api.model.MeterInterval;
import io.gridhub.api.model.PolicyRef;
import io.gridhub.api.settlement.InvalidInputException;
import io.gridhub.api.settlement.MemberStatement;
import io.gridhub.api.settlement.SettlementDiff;
import io.gridhub.api.settlement.SettlementException;
import io.gridhub.api.settlement.SettlementInput;
import io.gridhub.api.settlement.SettlementLedger;
import io.gridhub.api.settlement.SettlementRun;
import io.gridhub.api.settlement.SettlementService;
import io.gridhub.testkit.FakeLedger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettlementsTest {
    private static final Instant T = Instant.parse("2024-06-01T10:00:00Z");
    private static final PolicyRef P = new PolicyRef("p", 1);

    /** Allocates A's whole consumption; refuses a body containing "bad". */
    private static SettlementService service(SettlementLedger ledger) {
        return new SettlementService() {
            @Override
            public SettlementRun settle(SettlementInput in) throws InvalidInputException {
                if (in.metersCsv().contains("bad")) {
                    throw new InvalidInputException(in.metersName() + ":2: negative energy");
                }
                double c = Double.parseDouble(in.metersCsv().trim());
                try {
                    return ledger.append(new SettlementRun(
                            in.communityId(),
                            "P1",
                            0,
                            null,
                            in.method(),
                            null,
                            P,
                            List.of(new MeterInterval(T, Duration.ofMinutes(15), "A", c, 0)),
                            List.of(new AllocationLine(T, Duration.ofMinutes(15), "A", c, 0.1, P, "dynamic")),
                            null,
                            List.of()));
                } catch (SettlementException e) {
                    throw new IllegalStateException(e);
                }
            }

            @Override
            public List<String> methods() {
                return List.of("dynamic");
            }
        };
    }

    @Test
    void postTwiceThenReadTheDiffAndTheStatement() throws Exception {
        FakeLedger ledger = new FakeLedger(Clock.fixed(T, ZoneOffset.UTC));
        SettlementService s = service(ledger);
        Map<String, String> q = Map.of("method", "dynamic", "community", "demo");
        Map<String, Object> first = Settlements.post(s, ledger, "text/csv", "1000", q::get);
        assertThat(first).containsEntry("version", 1).doesNotContainKey("changesFromPreviousVersion");
        Map<String, Object> second = Settlements.post(
                s,
                ledger,
                "application/json",
                "{\"method\":\"dynamic\",\"community\":\"demo\",\"meters\":\"1500\"}",
                x -> null);
        assertThat(second)
                .containsEntry("version", 2)
                .containsEntry("changesFromPreviousVersion", Map.of("lines", 1, "shares", 0));
        assertThat(Json.MAPPER.writeValueAsString(Settlements.allocation(ledger, "demo", x -> null)))
                .contains("\"version\":2", "\"members\":[\"A\"]", "\"provisional\":false");
        SettlementDiff d = Settlements.diff(ledger, "demo", x -> null);
        assertThat(d.lines())
                .singleElement()
                .satisfies(l -> assertThat(l.allocatedWhAfter()).isEqualTo(1500));
        MemberStatement st = Settlements.statement(ledger, "A", Map.of("version", "1")::get);
        assertThat(st.allocatedWh()).isEqualTo(1000);
        assertThat(st.lines())
                .singleElement()
                .satisfies(l -> assertThat(l.rule()).isEqualTo("dynamic"));
        assertThat(st.previousVersion()).isNull();
        // The latest statement shows what changed against version 1, and the JSON carries it.
        MemberStatement latest = Settlements.statement(ledger, "A", x -> null);
        assertThat(latest.version()).isEqualTo(2);
        assertThat(latest.previousVersion()).isEqualTo(1);
        assertThat(latest.changes()).singleElement().satisfies(c -> {
            assertThat(c.consumptionWhBefore()).isEqualTo(1000);
            assertThat(c.consumptionWhAfter()).isEqualTo(1500);
        });
        assertThat(Json.MAPPER.writeValueAsString(latest))
                .contains(
                        "\"previousVersion\":1",
                        "\"changes\":[{",
                        "\"allocatedWhBefore\":1000.0",
                        "\"allocatedWhAfter\":1500.0");
        assertThatThrownBy(() -> Settlements.statement(ledger, "A", Map.of("against", "7")::get))
                .isInstanceOf(ApiException.class)
                .hasMessage("no version 7 of demo P1 to compare with");
        assertThat(Settlements.list(ledger, PageTest.page(Map.of())).toString()).contains("demo", "P1");
    }

    @Test
    void badInputAndUnknownThingsAreClientErrors() {
        FakeLedger ledger = new FakeLedger(Clock.fixed(T, ZoneOffset.UTC));
        SettlementService s = service(ledger);
        assertThatThrownBy(() -> Settlements.post(s, ledger, "text/csv", "bad", Map.of("method", "x")::get))
                .isInstanceOf(ApiException.class)
                .hasMessage("request body:2: negative energy");
        assertThatThrownBy(() -> Settlements.post(s, ledger, "text/csv", "1", x -> null))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("method is required");
        assertThatThrownBy(() -> Settlements.statement(ledger, "A", x -> null))
                .isInstanceOf(ApiException.class)
                .hasMessage("nothing settled yet");
    }
}
