package io.gridhub.camel.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.gridhub.api.ingest.IngestResult;
import io.gridhub.api.ingest.RawReading;
import io.gridhub.api.model.Point;
import io.gridhub.api.model.PointId;
import io.gridhub.api.model.PointKind;
import io.gridhub.api.model.Quality;
import io.gridhub.api.model.Quantity;
import io.gridhub.api.model.Sample;
import io.gridhub.testkit.FakeRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NormalizerTest {
    static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");
    static final String MAPPING = """
            {
              "source": "meter7",
              "time": {"use": "source", "maxSkew": "PT1M", "onSkew": "quarantine"},
              "quality": {"SUBST": "QUESTIONABLE:SUBSTITUTED", "BAD": "INVALID:DEVICE_FAILURE", "LOCAL": "QUARANTINE"},
              "points": [
                {"address": "40001", "point": "t.m7.p", "unit": "kW", "scale": 0.1, "invert": true, "dedupe": true},
                {"address": "40003", "point": "t.m7.e_imp", "unit": "kWh", "deadband": 10},
                {"address": "temp", "point": "t.ws.temperature", "unit": "degF", "offset": -1, "min": -40, "max": 60},
                {"address": "price", "point": "t.market.price", "unit": "EUR/MWh", "quantity": "PRICE",
                 "asset": "market", "description": "day-ahead price"}
              ]
            }
            """;

    @TempDir
    Path dir;

    FakeRegistry registry = new FakeRegistry();
    Normalizer normalizer;

    @BeforeEach
    void setUp() throws Exception {
        registry.register(Point.of(PointId.of("t.m7.p"), "m7", PointKind.MEASUREMENT, Quantity.ACTIVE_POWER, null));
        registry.register(
                Point.of(PointId.of("t.m7.e_imp"), "m7", PointKind.ENERGY_COUNTER, Quantity.ACTIVE_ENERGY, null));
        registry.register(
                Point.of(PointId.of("t.ws.temperature"), "ws", PointKind.MEASUREMENT, Quantity.TEMPERATURE, null));
        Path f = dir.resolve("meter7.json");
        Files.writeString(f, MAPPING);
        SourceMapping m = MappingFiles.parse(f);
        normalizer = new Normalizer(s -> s.equals("meter7") ? Optional.of(m) : Optional.empty(), registry);
        normalizer.loaded(m);
    }

    /** Normalizes and, as the route does after the bus took the batch, records what was published. */
    private Normalized run(RawReading... readings) {
        Normalized n = normalizer.normalize(RawCycle.of("meter7", List.of(readings), NOW));
        var exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setBody(n);
        normalizer.published(exchange);
        return n;
    }

    private static RawReading r(String address, double value, Instant t, String quality) {
        return new RawReading("meter7", address, value, t, quality);
    }

    @Test
    void scalesConvertsUnitsAndAppliesTheSignConvention() {
        Normalized n = run(
                r("40001", 123, NOW.minusSeconds(1), ""),
                r("40003", 2.5, NOW, ""),
                r("temp", 213, NOW, ""),
                r("price", 78.5, NOW, ""));
        assertThat(n.quarantined()).isEmpty();
        assertThat(n.samples())
                .extracting(s -> s.point().value())
                .containsExactly("t.m7.p", "t.m7.e_imp", "t.ws.temperature", "t.market.price");
        // 123 × 0.1 kW = 12.3 kW = 12,300 W, exported by the meter's convention, so inverted.
        assertThat(n.samples().get(0).value()).isCloseTo(-12_300, within(1e-9));
        assertThat(n.samples().get(0).sourceTime()).isEqualTo(NOW.minusSeconds(1));
        assertThat(n.samples().get(0).receivedTime()).isEqualTo(NOW);
        assertThat(n.samples().get(1).value()).isCloseTo(2500, within(1e-9));
        assertThat(n.samples().get(2).value()).isCloseTo(100, within(1e-9)); // (213 − 1) °F = 100 °C
        assertThat(n.samples().get(3).value()).isCloseTo(0.0785, within(1e-12)); // EUR/MWh → EUR/kWh
        assertThat(registry.point(PointId.of("t.market.price")).orElseThrow().quantity())
                .isEqualTo(Quantity.PRICE);
    }

    @Test
    void mapsQualityCodesAndQuarantinesUnknownOnes() {
        Normalized n = run(
                r("40001", 1, NOW, "SUBST"),
                r("40003", Double.NaN, NOW, "BAD"),
                r("40003", 1, NOW.plusSeconds(1), "COMMUNICATION_FAILURE"),
                r("temp", 50, NOW, "LOCAL"),
                r("temp", 50, NOW, "??"));
        assertThat(n.samples())
                .extracting(Sample::quality)
                .extracting(Quality::status, Quality::reason)
                .containsExactly(
                        Tuple.tuple(Quality.Status.QUESTIONABLE, Quality.Reason.SUBSTITUTED),
                        Tuple.tuple(Quality.Status.INVALID, Quality.Reason.DEVICE_FAILURE),
                        Tuple.tuple(Quality.Status.INVALID, Quality.Reason.COMMUNICATION_FAILURE));
        assertThat(n.quarantined())
                .extracting(e -> e.reason())
                .containsExactly(
                        "quality code 'LOCAL' is mapped to QUARANTINE",
                        "unknown quality code '??' (map it in 'quality')");
        assertThat(n.quarantined().get(1).raw()).isEqualTo("50.0 (quality '??')");
    }

    @Test
    void outOfRangeValuesAreMarkedInvalidNotDropped() {
        Normalized n = run(r("temp", 500, NOW, ""));
        assertThat(n.samples()).hasSize(1);
        assertThat(n.samples().get(0).quality().reason()).isEqualTo(Quality.Reason.OUT_OF_RANGE);
    }

    @Test
    void quarantinesWhatCannotBeNormalizedWithItsRawInputAndReason() {
        Normalizer other = new Normalizer(s -> Optional.empty(), registry);
        Normalized unknownSource = other.normalize(RawCycle.of("nobody", List.of(r("1", 1, NOW, "")), NOW));
        assertThat(unknownSource.quarantined())
                .singleElement()
                .satisfies(e -> assertThat(e.reason()).isEqualTo("no mapping for source 'nobody'"));

        Normalized n =
                run(r("49999", 7, NOW, ""), r("40001", Double.NaN, NOW, ""), r("40001", 1, NOW.plusSeconds(120), ""));
        assertThat(n.samples()).isEmpty();
        assertThat(n.result().total()).isEqualTo(3);
        assertThat(n.quarantined())
                .extracting(e -> e.reason())
                .satisfiesExactly(
                        r -> assertThat(r).isEqualTo("no mapping for address '49999' of source 'meter7'"),
                        r -> assertThat(r).isEqualTo("raw value NaN is not a number"),
                        r -> assertThat(r)
                                .contains("is PT2M from received time")
                                .contains("(limit PT1M)"));
        assertThat(n.quarantined().get(0).raw()).isEqualTo("7.0");
    }

    @Test
    void deadbandAndDeduplicationSuppressButCount() {
        Normalized first = run(r("40003", 1.000, NOW, ""), r("40001", 5, NOW, ""));
        assertThat(first.samples()).hasSize(2);
        // 1.005 kWh is 5 Wh away: inside the 10 Wh deadband; the same 40001 reading again is a duplicate.
        Normalized second = run(r("40003", 1.005, NOW.plusSeconds(1), ""), r("40001", 5, NOW, ""));
        assertThat(second.samples()).isEmpty();
        assertThat(second.suppressed()).isEqualTo(2);
        Normalized third = run(r("40003", 1.020, NOW.plusSeconds(2), ""), r("40001", 6, NOW, ""));
        assertThat(third.samples()).hasSize(2); // beyond the deadband; same time but another value
        assertThat(third.result()).isEqualTo(new IngestResult(2, 0, 0));
    }

    @Test
    void aReadingWithoutSourceTimeTakesTheReceivedTime() {
        Normalized n = run(r("40001", 5, null, ""));
        assertThat(n.samples().get(0).sourceTime()).isEqualTo(NOW);
    }
}
