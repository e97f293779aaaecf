package io.gridhub.camel.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.gridhub.api.ingest.DeviceMapping;
import io.gridhub.api.ingest.IngestResult;
import io.gridhub.api.ingest.RawReading;
import io.gridhub.api.model.Point;
import io.gridhub.api.model.PointId;
import io.gridhub.api.model.PointKind;
import io.gridhub.api.model.Quality;
import io.gridhub.api.model.Quantity;
import io.gridhub.api.model.Sample;
import io.gridhub.api.store.StoreException;
import io.gridhub.testkit.FakeBus;
import io.gridhub.testkit.FakeRegistry;
import io.gridhub.testkit.FakeStore;
import io.gridhub.testkit.Waits;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.camel.Route;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The routes on a real (plain, non-OSGi) Camel context, with in-memory bus, store and registry. */
class RoutesTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static final String DEVICE = """
            {"source": "meter7", "time": {"maxSkew": "PT1H"},
             "points": [
               {"address": "40001", "point": "t.m7.p", "unit": "kW"},
               {"address": "40003", "point": "t.m7.e_imp", "unit": "kWh"}
             ]}
            """;
    private static final String PRICES = """
            {"source": "smard-prices",
             "file": {"pattern": "prices_*.csv", "timeColumn": "timestamp_utc", "onBadRows": "%s"},
             "points": [
               {"address": "price_DE_LU_EUR_MWh", "point": "t.market.price", "unit": "EUR/MWh",
                "quantity": "PRICE", "asset": "market"}
             ]}
            """;
    private static final String CSV_HEAD = "timestamp_utc,timestamp_local,price_DE_LU_EUR_MWh\n";

    @TempDir
    Path dir;

    FakeBus bus = new FakeBus();
    FakeStore store = new FakeStore();
    FakeRegistry registry = new FakeRegistry();
    IngestEngine engine;
    Path inbox;
    Path done;
    Path error;

    @BeforeEach
    void start() throws Exception {
        registry.register(Point.of(PointId.of("t.m7.p"), "m7", PointKind.MEASUREMENT, Quantity.ACTIVE_POWER, null));
        registry.register(
                Point.of(PointId.of("t.m7.e_imp"), "m7", PointKind.ENERGY_COUNTER, Quantity.ACTIVE_ENERGY, null));
        Path mappings = Files.createDirectories(dir.resolve("mappings"));
        Files.writeString(mappings.resolve("meter7.json"), DEVICE);
        Files.writeString(mappings.resolve("prices.json"), PRICES.formatted("reject-file"));
        inbox = dir.resolve("inbox");
        done = dir.resolve("done");
        error = dir.resolve("error");
        engine = new IngestEngine(
                new DefaultCamelContext(),
                bus,
                registry,
                () -> store,
                new IngestEngine.Settings(
                        mappings,
                        0,
                        inbox,
                        done,
                        error,
                        dir.resolve("taken.txt"),
                        100,
                        dir.resolve("quarantine.jsonl")),
                Clock.systemUTC());
    }

    @AfterEach
    void stop() throws Exception {
        engine.close();
    }

    @Test
    void everyRouteHasItsId() {
        assertThat(engine.camel().getRoutes())
                .extracting(Route::getRouteId)
                .containsExactlyInAnyOrder(
                        "gridhub-normalize", "gridhub-normalize-durable", "gridhub-file-inbox", "gridhub-http-push");
    }

    @Test
    void aPollCycleIsOneExchangeAndOneBusPublication() {
        Instant t = Instant.now();
        IngestResult r = engine.ingest(
                "meter7",
                List.of(
                        RawReading.of("meter7", "40001", 1.5, t),
                        RawReading.of("meter7", "40003", 10, t),
                        RawReading.of("meter7", "49999", 3, t)));
        assertThat(r).isEqualTo(new IngestResult(2, 1, 0));
        assertThat(bus.batches())
                .singleElement()
                .satisfies(b -> assertThat(b).extracting(Sample::value).containsExactly(1500.0, 10_000.0));
        assertThat(store.stored())
                .as("device cycles are stored by the store's bus subscription")
                .isEmpty();
        assertThat(engine.quarantine().recent(10))
                .singleElement()
                .satisfies(e -> assertThat(e.reason()).contains("no mapping for address '49999'"));
        assertThat(engine.quarantine().total()).isEqualTo(1);
    }

    @Test
    void aFutureDatedReadingGoesToTheQuarantineNotTheBus() {
        Instant t = Instant.now();
        // Within the mapping's maxSkew (1 h) but beyond the future tolerance (5 min).
        IngestResult r = engine.ingest(
                "meter7",
                List.of(
                        RawReading.of("meter7", "40001", 1.5, t.plusSeconds(600)),
                        RawReading.of("meter7", "40003", 10, t)));
        assertThat(r).isEqualTo(new IngestResult(1, 1, 0));
        assertThat(bus.all()).extracting(Sample::point).containsExactly(PointId.of("t.m7.e_imp"));
        assertThat(engine.quarantine().recent(1).get(0).reason()).contains("ahead of received time", "(limit PT5M");
        assertThat(engine.ingest("meter7", List.of(RawReading.of("meter7", "40001", 3, t.plus(Duration.ofDays(3650))))))
                .isEqualTo(new IngestResult(0, 1, 0));
        assertThat(bus.all()).hasSize(1);
    }

    /** A device as the driver host polls it: poll groups, an offset, an inverted point. */
    private static final String BAT = """
            {"source": "bat", "pollGroups": {"fast": 500},
             "points": [
               {"address": "hr:0", "point": "t.m7.p", "group": "fast", "unit": "kW", "scale": 0.5},
               {"address": "hr:2", "point": "t.m7.e_imp", "unit": ""},
               {"address": "hr:4", "point": "t.bat.p_set", "unit": "kW", "scale": 0.1, "offset": -1, "invert": true,
                "quantity": "ACTIVE_POWER", "asset": "bat", "kind": "SETPOINT"}
             ]}
            """;

    private void writeBat() throws Exception {
        Files.writeString(dir.resolve("mappings").resolve("bat.json"), BAT);
        engine.mappings().refresh();
    }

    @Test
    void aDeviceIsDescribedByItsMappingFileForTheDriverHostAndNormalization() throws Exception {
        assertThat(engine.mapping("bat")).isEmpty();
        writeBat();
        DeviceMapping m = engine.mapping("bat").orElseThrow();
        assertThat(m.pollGroups()).containsExactly(Map.entry("fast", 500L));
        assertThat(m.channels())
                .containsExactly(
                        new DeviceMapping.Channel("hr:0", PointId.of("t.m7.p"), "fast"),
                        DeviceMapping.Channel.of("hr:2", PointId.of("t.m7.e_imp")),
                        DeviceMapping.Channel.of("hr:4", PointId.of("t.bat.p_set")));
        Instant t = Instant.now();
        IngestResult r = engine.ingest(
                "bat",
                List.of(
                        RawReading.of("bat", "hr:0", 3, t),
                        RawReading.of("bat", "hr:2", 42, t),
                        RawReading.of("bat", "hr:9", 1, t),
                        new RawReading(
                                "bat",
                                "hr:0",
                                Double.NaN,
                                t.plusSeconds(1),
                                RawReading.code(
                                        Quality.invalid(Quality.Reason.COMMUNICATION_FAILURE, "connection lost")))));
        assertThat(r).isEqualTo(new IngestResult(3, 1, 0));
        List<Sample> batch = bus.batches().get(0);
        assertThat(batch.get(0).value()).as("3 × 0.5 kW in W").isEqualTo(1500.0);
        assertThat(batch.get(1).value()).as("no unit: the point's own").isEqualTo(42.0);
        assertThat(batch.get(2).quality())
                .isEqualTo(Quality.invalid(Quality.Reason.COMMUNICATION_FAILURE, "connection lost"));
        assertThat(engine.quarantine().recent(1).get(0).reason()).contains("no mapping for address 'hr:9'");
        assertThat(engine.ingest("bat", List.of(RawReading.of("bat", "hr:2", 42, t))))
                .as("a repeat of the same reading is a duplicate")
                .isEqualTo(new IngestResult(0, 0, 1));
    }

    @Test
    void aWriteIsTurnedIntoItsRawValueByTheSameMappingBackwards() throws Exception {
        writeBat();
        assertThat(engine.toRaw("bat", PointId.of("t.m7.p"), 1500))
                .as("1.5 kW / 0.5")
                .isEqualTo(3.0);
        // + discharge 2 kW is -2 kW at the device (inverted), then (-2 - -1) / 0.1 = -10.
        assertThat(engine.toRaw("bat", PointId.of("t.bat.p_set"), 2000)).isCloseTo(-10.0, within(1e-9));
        Instant t = Instant.now();
        engine.ingest("bat", List.of(RawReading.of("bat", "hr:4", -10, t)));
        assertThat(bus.all().get(0).value()).as("and reads back as written").isCloseTo(2000.0, within(1e-9));
        assertThatThrownBy(() -> engine.toRaw("bat", PointId.of("t.m7.q"), 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has no point t.m7.q");
        assertThatThrownBy(() -> engine.toRaw("nobody", PointId.of("t.m7.p"), 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no mapping file")
                .hasMessageContaining("'nobody'");
    }

    @Test
    void aDeviceWithoutAMappingIsQuarantinedAndASecondDescriptionIsRefused() throws Exception {
        Instant t = Instant.now();
        assertThat(engine.ingest("bat", List.of(RawReading.of("bat", "hr:0", 3, t))))
                .isEqualTo(new IngestResult(0, 1, 0));
        assertThat(engine.quarantine().recent(1).get(0).reason()).contains("no mapping for source 'bat'");
        writeBat();
        Files.writeString(dir.resolve("mappings").resolve("zz-bat-again.json"), BAT.replace("0.5", "5"));
        engine.mappings().refresh();
        assertThat(engine.mappings().errors())
                .singleElement()
                .satisfies(e -> assertThat(e).contains("zz-bat-again.json").contains("already mapped"));
        assertThat(engine.toRaw("bat", PointId.of("t.m7.p"), 1500))
                .as("the first description stays")
                .isEqualTo(3.0);
    }

    @Test
    void theQuarantineSurvivesARestartOfThePipeline() throws Exception {
        Instant t = Instant.now();
        engine.ingest(
                "meter7", List.of(RawReading.of("meter7", "49998", 7, t), RawReading.of("meter7", "49999", 8, t)));
        engine.close();
        engine = new IngestEngine(
                new DefaultCamelContext(),
                bus,
                registry,
                () -> store,
                new IngestEngine.Settings(
                        dir.resolve("mappings"), 0, null, null, null, null, 100, dir.resolve("quarantine.jsonl")),
                Clock.systemUTC());
        assertThat(engine.quarantine().total()).isEqualTo(2);
        assertThat(engine.quarantine().recent(10)).extracting(e -> e.address()).containsExactly("49999", "49998");
        assertThat(engine.quarantine().recent(10).get(0).sourceTime()).isEqualTo(t);
    }

    @Test
    void aGoodCsvFileIsStoredThenPublishedAndMovedToDone() throws Exception {
        drop(
                "prices_2024-01.csv",
                CSV_HEAD
                        + "2023-12-31T23:00:00Z,2024-01-01T00:00:00+01:00,0.10\n"
                        + "2024-01-01T00:00:00Z,2024-01-01T01:00:00+01:00,-135.45\n"
                        + "2024-01-01T01:00:00Z,2024-01-01T02:00:00+01:00,\n");
        Waits.until(WAIT, () -> store.stored().size() == 2 && filesIn(done) == 1, "two prices stored, the file done");
        assertThat(store.stored()).extracting(Sample::value).containsExactly(0.0001, -0.13545);
        assertThat(store.stored().get(1).sourceTime()).isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
        assertThat(bus.all()).containsExactlyInAnyOrderElementsOf(store.stored());
        assertThat(registry.point(PointId.of("t.market.price"))).isPresent();
        assertThat(Files.exists(error)).isFalse();
    }

    @Test
    void aBadCsvFileIsRejectedToTheErrorFolderWithAReportOfLineAndReason() throws Exception {
        drop(
                "prices_bad.csv",
                CSV_HEAD + "2024-01-01T00:00:00Z,x,10\n" + "2024-01-01T01:00:00Z,x,ten\n" + "yesterday,x,12\n");
        Waits.until(
                WAIT,
                () -> Files.exists(error.resolve("prices_bad.csv.report.txt"))
                        && Files.exists(error.resolve("prices_bad.csv")),
                "the bad file and its report in the error folder");
        String report = Files.readString(error.resolve("prices_bad.csv.report.txt"));
        assertThat(report)
                .contains("rejected, nothing ingested")
                .contains("2 of 3 rows refused")
                .contains("line 3: 'ten' in column price_DE_LU_EUR_MWh is not a number")
                .contains("line 4: time 'yesterday' in column timestamp_utc is not an ISO-8601 instant");
        assertThat(store.stored()).isEmpty();
        assertThat(bus.batches()).isEmpty();
    }

    @Test
    void keepGoodRowsStoresTheGoodOnesAndReportsTheBadOnes() throws Exception {
        Files.writeString(dir.resolve("mappings/prices.json"), PRICES.formatted("keep-good-rows"));
        engine.mappings().refresh();
        Files.setLastModifiedTime(
                dir.resolve("mappings/prices.json"), FileTime.from(Instant.now().plusSeconds(5)));
        engine.mappings().refresh();
        drop(
                "prices_partly.csv",
                CSV_HEAD
                        + "2024-01-01T00:00:00Z,x,10\n"
                        + "2024-01-01T01:00:00Z,x,ten\n"
                        + "2024-01-01T02:00:00Z,x,12\n");
        Waits.until(
                WAIT,
                () -> store.stored().size() == 2 && Files.exists(error.resolve("prices_partly.csv.report.txt")),
                "two good rows stored and a report");
        assertThat(Files.readString(error.resolve("prices_partly.csv.report.txt")))
                .contains("good rows ingested")
                .contains("rows refused: 1 of 3")
                .contains("line 3: 'ten'");
        Waits.until(WAIT, () -> filesIn(done) == 1, "the file done");
    }

    @Test
    void aFileNoMappingTakesIsRejectedWithTheReason() throws Exception {
        drop("weather.csv", "a,b\n1,2\n");
        Waits.until(WAIT, () -> Files.exists(error.resolve("weather.csv.report.txt")), "the report on weather.csv");
        assertThat(Files.readString(error.resolve("weather.csv.report.txt")))
                .contains("no mapping file has a 'file.pattern' that matches 'weather.csv'");
    }

    @Test
    void aPushIsAcknowledgedOnlyAfterTheStoreCommitted() throws Exception {
        String body = """
                {"readings": [
                  {"address": "40001", "time": "%s", "value": 2.0},
                  {"address": "40003", "value": 7, "quality": "SUBSTITUTED"}
                ]}""".formatted(Instant.now());
        IngestResult r = engine.push("meter7", body.getBytes(StandardCharsets.UTF_8));
        assertThat(r).isEqualTo(new IngestResult(2, 0, 0));
        assertThat(store.stored()).hasSize(2);
        assertThat(bus.all()).containsExactlyInAnyOrderElementsOf(store.stored());

        store.failWith(new StoreException("disk full (test)"));
        assertThatThrownBy(() -> engine.push("meter7", body.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(StoreException.class);
        assertThat(bus.all()).hasSize(2); // nothing published that was not stored

        // The refused batch must not count as published for de-duplication: its retry is stored.
        String retry = body.replace("\"value\": 2.0", "\"value\": 3.0");
        store.failWith(new StoreException("disk full (test)"));
        assertThatThrownBy(() -> engine.push("meter7", retry.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(StoreException.class);
        store.failWith(null);
        // Both readings again: 40001 at 3.0 is no duplicate of a stored value (the refused batch left no trace).
        assertThat(engine.push("meter7", retry.getBytes(StandardCharsets.UTF_8)).published())
                .isEqualTo(2);
        assertThat(store.stored()).hasSize(4).extracting(Sample::value).contains(3000.0);
    }

    @Test
    void aBadPushIsRefusedWholeWithLineAndReason() {
        String body = """
                {"readings": [
                  {"address": "40001", "value": 2.0},
                  {"address": "40003", "value": "seven"}
                ]}""";
        assertThatThrownBy(() -> engine.push("meter7", body.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(
                        SourceParseException.class,
                        e -> assertThat(e.problems())
                                .containsExactly("line 3: 'value' of 40003 is missing or not a number: \"seven\""));
        assertThat(store.stored()).isEmpty();
    }

    @Test
    void filesWaitInTheInboxWhileThereIsNoStore() throws Exception {
        engine.close();
        FakeStore[] current = {null};
        engine = new IngestEngine(
                new DefaultCamelContext(),
                bus,
                registry,
                () -> current[0],
                new IngestEngine.Settings(dir.resolve("mappings"), 0, inbox, done, error, null, 100, null),
                Clock.systemUTC());
        drop("prices_wait.csv", CSV_HEAD + "2024-01-01T00:00:00Z,x,10\n");
        Thread.sleep(2500);
        assertThat(Files.exists(inbox.resolve("prices_wait.csv"))).isTrue();
        assertThat(Files.exists(error)).isFalse();
        current[0] = store;
        engine.storeChanged();
        Waits.until(WAIT, () -> store.stored().size() == 1 && filesIn(done) == 1, "the waiting file stored and done");
    }

    private void drop(String name, String content) throws Exception {
        Path tmp = dir.resolve(name + ".tmp");
        Files.writeString(tmp, content);
        Files.createDirectories(inbox);
        Files.move(tmp, inbox.resolve(name)); // appears whole, as a delivery should
    }

    private static long filesIn(Path folder) {
        try (var s = Files.list(folder)) {
            return s.count();
        } catch (Exception e) {
            return 0;
        }
    }
}
