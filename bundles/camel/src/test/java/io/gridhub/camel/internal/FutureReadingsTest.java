package io.gridhub.camel.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridhub.api.ingest.RawReading;
import io.gridhub.api.model.Sample;
import io.gridhub.testkit.FakeRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reading dated ahead of its receipt would become its point's latest value until real time caught up (what the
 * IEC 104 and OPC UA servers and the loop read): beyond the tolerance it goes to the quarantine, unless its mapping
 * declares that the source dates ahead (day-ahead prices, forecasts).
 */
class FutureReadingsTest {
    static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");

    @TempDir
    Path dir;

    FakeRegistry registry = new FakeRegistry();

    private Normalizer normalizer(Duration tolerance, String... files) throws Exception {
        Map<String, SourceMapping> bySource = new HashMap<>();
        for (int i = 0; i < files.length; i++) {
            Path f = dir.resolve("m" + i + ".json");
            Files.writeString(f, files[i]);
            SourceMapping m = MappingFiles.parse(f);
            bySource.put(m.source(), m);
        }
        Normalizer n = new Normalizer(s -> Optional.ofNullable(bySource.get(s)), registry, tolerance);
        bySource.values().forEach(n::loaded);
        return n;
    }

    private static final String METER = """
            {"source": "meter", "points": [{"address": "p", "point": "t.m.p", "unit": "kW", "quantity": "ACTIVE_POWER",
              "asset": "m"}]}
            """;
    private static final String DAY_AHEAD = """
            {"source": "day-ahead", "time": {"use": "source", "future": "PT48H"},
             "points": [{"address": "price", "point": "t.market.price", "unit": "EUR/MWh", "quantity": "PRICE",
              "asset": "market"}]}
            """;

    private static RawReading at(String source, String address, double v, Instant t) {
        return new RawReading(source, address, v, t, "");
    }

    @Test
    void aReadingDatedBeyondTheToleranceIsQuarantinedWithTheReason() throws Exception {
        Normalizer n = normalizer(Duration.ofMinutes(5), METER);
        Normalized out = n.normalize(RawCycle.of(
                "meter",
                List.of(
                        at("meter", "p", 1, NOW.plusSeconds(299)),
                        at("meter", "p", 2, NOW.plus(Duration.ofDays(365))),
                        at("meter", "p", 3, NOW.minusSeconds(3600))),
                NOW));
        assertThat(out.samples()).extracting(Sample::value).containsExactly(1000.0, 3000.0);
        assertThat(out.quarantined()).singleElement().satisfies(e -> {
            assertThat(e.reason())
                    .isEqualTo("source time 2027-05-01T12:00:00Z is PT8760H ahead of received time "
                            + "2026-05-01T12:00:00Z (limit PT5M; a source of market data or forecasts declares "
                            + "time.future "
                            + "in its mapping)");
            assertThat(e.sourceTime()).isEqualTo(NOW.plus(Duration.ofDays(365)));
            assertThat(e.source()).isEqualTo("meter");
        });
    }

    @Test
    void theToleranceIsASetting() throws Exception {
        Normalizer n = normalizer(Duration.ZERO, METER);
        assertThat(n.normalize(RawCycle.of("meter", List.of(at("meter", "p", 1, NOW.plusSeconds(1))), NOW))
                        .quarantined())
                .hasSize(1);
        assertThat(n.normalize(RawCycle.of("meter", List.of(at("meter", "p", 1, NOW)), NOW))
                        .samples())
                .hasSize(1);
    }

    @Test
    void aMappingDeclaresHowFarAheadItsSourceDates() throws Exception {
        Normalizer n = normalizer(Duration.ofMinutes(5), DAY_AHEAD);
        Normalized out = n.normalize(RawCycle.of(
                "day-ahead",
                List.of(
                        at("day-ahead", "price", 80, NOW.plus(Duration.ofHours(36))),
                        at("day-ahead", "price", 90, NOW.plus(Duration.ofHours(49)))),
                NOW));
        assertThat(out.samples()).extracting(Sample::sourceTime).containsExactly(NOW.plus(Duration.ofHours(36)));
        assertThat(out.quarantined())
                .singleElement()
                .satisfies(e -> assertThat(e.reason()).endsWith("(limit PT48H, the mapping's time.future)"));
    }

    @Test
    void aNegativeFutureIsRefusedWithTheKey() throws Exception {
        Path f = dir.resolve("bad.json");
        Files.writeString(f, DAY_AHEAD.replace("PT48H", "-PT1H"));
        assertThatThrownBy(() -> MappingFiles.parse(f))
                .hasMessageContaining("($.time.future)")
                .hasMessageContaining("'future' must be zero or positive");
    }

    @Test
    void theDemoPricesMappingAllowsTwoDaysAhead() throws Exception {
        Path demo = Path.of("../../config/demo/mappings/smard-prices.json");
        assertThat(MappingFiles.parse(demo).time().future()).isEqualTo(Duration.ofHours(48));
    }
}
