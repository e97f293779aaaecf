package io.gridhub.sim.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The weather station: once per simulated 30-minute slot it POSTs the slot's air temperature (°F, as the demo's
 * station reports it), relative humidity (%) and wind speed (km/h) to the hub's HTTP intake
 * ({@code POST /api/v1/ingest/<source>}, HTTP Basic), time-stamped with the simulated instant of sending. A push
 * the hub does not take (not up yet, 503) is tried again 5 s (wall time) later, for the slot of then.
 */
final class WeatherPush {
    private static final Logger LOG = LoggerFactory.getLogger(WeatherPush.class);
    private static final long RETRY_MILLIS = 5_000;

    private final URI url;
    private final String authorization;
    private final CommunityData data;
    private final Clock sim;
    private final Clock wall;
    private final HttpClient http;
    private long sentSlot = Long.MIN_VALUE;
    private long nextTryWallMillis;
    private boolean failing;

    /** @param user {@code USER:PASSWORD} for HTTP Basic, or null */
    WeatherPush(URI url, String user, CommunityData data, Clock sim, Clock wall) {
        this.url = url;
        this.authorization = user == null
                ? null
                : "Basic " + Base64.getEncoder().encodeToString(user.getBytes(StandardCharsets.UTF_8));
        this.data = data;
        this.sim = sim;
        this.wall = wall;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(3))
                .build();
    }

    /** The body for the instant: the three readings of its slot. */
    String body(long simMillis) {
        double f = data.temperatureC(simMillis) * 9 / 5 + 32;
        String time = Instant.ofEpochMilli(simMillis).toString();
        return String.format(
                Locale.ROOT,
                "{\"readings\": [{\"address\": \"temp_f\", \"time\": \"%s\", \"value\": %.2f}, "
                        + "{\"address\": \"rh_pct\", \"time\": \"%s\", \"value\": %.1f}, "
                        + "{\"address\": \"wind_kmh\", \"time\": \"%s\", \"value\": %.1f}]}",
                time,
                f,
                time,
                data.humidityPct(simMillis),
                time,
                data.windKmh(simMillis));
    }

    /** Pushes the current slot's weather unless it was taken already (blocks for the request). */
    void step() {
        long now = sim.millis();
        long slot = Math.floorDiv(now, CommunityData.SLOT_MILLIS);
        if (slot == sentSlot || wall.millis() < nextTryWallMillis) {
            return;
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(url)
                .timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body(now)));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        String problem;
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
                sentSlot = slot;
                if (failing) {
                    LOG.info("weather: {} takes the pushes again", url);
                    failing = false;
                }
                return;
            }
            problem = "HTTP " + r.statusCode() + " " + r.body();
        } catch (IOException e) {
            problem = e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        nextTryWallMillis = wall.millis() + RETRY_MILLIS;
        if (!failing) {
            LOG.warn("weather: {} does not take the push ({}); trying again every 5 s", url, problem);
            failing = true;
        }
    }
}
