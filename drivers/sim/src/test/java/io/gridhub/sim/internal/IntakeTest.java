package io.gridhub.sim.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.gridhub.api.ingest.DeviceMapping;
import io.gridhub.camel.internal.MappingFileParser;
import io.gridhub.testkit.SteppingClock;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Weather pushed to an HTTP intake (a server on loopback standing in for the hub's) and day-ahead prices written into
 * an inbox, both in the formats of the demo's mapping files, on the simulated clock.
 */
@Timeout(30)
class IntakeTest {
    private final SteppingClock sim = SteppingClock.at(FieldFixture.T0);
    private final SteppingClock wall = SteppingClock.at(Instant.parse("2030-01-01T00:00:00Z"));

    @Test
    void weatherIsPushedOncePerSlotWithTheSliceValuesAndRetriedWhenRefused() throws Exception {
        List<String> bodies = new CopyOnWriteArrayList<>();
        List<String> auth = new CopyOnWriteArrayList<>();
        AtomicInteger answer = new AtomicInteger(503);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/ingest/demo-weather", x -> {
            bodies.add(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            auth.add(x.getRequestHeaders().getFirst("Authorization"));
            byte[] out = "{}".getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(answer.get(), out.length);
            x.getResponseBody().write(out);
            x.close();
        });
        server.start();
        try {
            URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1/ingest/demo-weather");
            CommunityData data =
                    CommunityData.read(FieldFixture.DEMO.resolve("data/community-2013-02.csv"), FieldFixture.SYDNEY);
            WeatherPush push = new WeatherPush(url, "field:secret", data, sim, wall);

            push.step(); // refused (503)
            push.step(); // not again within 5 s
            assertThat(bodies).hasSize(1);
            answer.set(200);
            wall.advance(Duration.ofSeconds(5));
            push.step();
            push.step(); // the slot is taken: nothing more
            assertThat(bodies).hasSize(2);
            sim.advance(Duration.ofMinutes(30));
            push.step();
            assertThat(bodies).hasSize(3);
            assertThat(auth)
                    .allMatch(a -> a.equals("Basic "
                            + Base64.getEncoder().encodeToString("field:secret".getBytes(StandardCharsets.UTF_8))));

            FieldFixture.Slice slice = new FieldFixture.Slice();
            Instant t = sim.instant();
            Map<String, Double> sent = new HashMap<>();
            for (JsonNode r : new ObjectMapper().readTree(bodies.get(2)).get("readings")) {
                sent.put(r.get("address").asText(), r.get("value").asDouble());
                assertThat(Instant.parse(r.get("time").asText())).isEqualTo(t);
            }
            assertThat(sent.get("temp_f"))
                    .isCloseTo(slice.value(t, "air_temperature_degC") * 9 / 5 + 32, within(0.006));
            assertThat(sent.get("rh_pct")).isCloseTo(slice.value(t, "relative_humidity_pct"), within(0.06));
            assertThat(sent.get("wind_kmh")).isCloseTo(slice.value(t, "wind_speed_km_h"), within(0.06));
            DeviceMapping m = MappingFileParser.device(FieldFixture.DEMO.resolve("mappings/demo-weather.json"));
            assertThat(sent.keySet())
                    .containsExactlyInAnyOrderElementsOf(m.channels().stream()
                            .map(DeviceMapping.Channel::address)
                            .toList());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void pricesOfTheSameWeekdayAreWrittenTodayAndTomorrowThenDailyAt13(@TempDir Path inbox) throws Exception {
        PriceFiles prices = new PriceFiles(
                FieldFixture.DEMO.resolve("data/prices_DE_LU_2024-02.csv"),
                LocalDate.of(2024, 2, 1),
                28,
                13,
                FieldFixture.SYDNEY,
                inbox,
                sim);
        prices.step(); // Monday 2026-12-07 09:15
        assertThat(names(inbox))
                .containsExactly("prices_DE_LU_field_2026-12-07.csv", "prices_DE_LU_field_2026-12-08.csv");
        sim.advance(Duration.ofMinutes(27 * 60 + 44)); // Tuesday 12:59
        prices.step();
        assertThat(names(inbox)).hasSize(2);
        sim.advance(Duration.ofMinutes(1)); // 13:00: Wednesday's prices are out
        prices.step();
        assertThat(names(inbox)).hasSize(3).contains("prices_DE_LU_field_2026-12-09.csv");

        // Monday 2026-12-07 takes Monday 2024-02-05, hour by hour, at the hours of the Sydney day.
        List<String> slice = Files.readAllLines(FieldFixture.DEMO.resolve("data/prices_DE_LU_2024-02.csv")).stream()
                .filter(l -> l.contains(",2024-02-05T"))
                .toList();
        List<String> written = Files.readAllLines(inbox.resolve("prices_DE_LU_field_2026-12-07.csv"));
        assertThat(written.get(0)).isEqualTo("timestamp_utc,timestamp_local,price_DE_LU_EUR_MWh");
        assertThat(written).hasSize(25);
        for (int h = 0; h < 24; h++) {
            String[] w = written.get(h + 1).split(",");
            assertThat(Instant.parse(w[0]))
                    .isEqualTo(ZonedDateTime.of(2026, 12, 7, h, 0, 0, 0, FieldFixture.SYDNEY)
                            .toInstant());
            assertThat(Double.parseDouble(w[2]))
                    .isEqualTo(Double.parseDouble(slice.get(h).split(",")[2]));
        }
        JsonNode mapping = FieldFixture.json(FieldFixture.DEMO.resolve("mappings/smard-prices.json"));
        var pattern = FileSystems.getDefault()
                .getPathMatcher("glob:" + mapping.at("/file/pattern").asText());
        assertThat(names(inbox)).allMatch(n -> pattern.matches(Path.of(n)));
        assertThat(written.get(0).split(","))
                .contains(
                        mapping.at("/file/timeColumn").asText(),
                        mapping.at("/points/0/address").asText());
    }

    private static List<String> names(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            List<String> n =
                    new ArrayList<>(s.map(p -> p.getFileName().toString()).toList());
            n.sort(null);
            return n;
        }
    }
}
