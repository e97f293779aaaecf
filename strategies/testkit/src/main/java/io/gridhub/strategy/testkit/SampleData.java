package io.gridhub.strategy.testkit;

import io.gridhub.api.forecast.GeoLocation;
import io.gridhub.api.model.TimeSeries;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * Real measured profiles the contracts run strategies on, five weeks per season from a Monday (resources of this
 * kit; sources and licences in its README): one Sydney home's gross load and PV (Ausgrid customer 12, 30 minutes,
 * from 2011-07-04 in AEST and from 2012-01-09 in AEDT, no change of offset within either) and the German day-ahead
 * price (SMARD, hourly, from 2024-01-08 and from 2024-04-15, spring with negative prices). Series are in UTC.
 */
public final class SampleData {
    /** Which week. */
    public enum Season {
        WINTER,
        SUMMER
    }

    /** Where the home is. */
    public static final ZoneId SYDNEY = ZoneId.of("Australia/Sydney");

    public static final GeoLocation HOME_LOCATION = new GeoLocation(-33.87, 151.21, SYDNEY);
    /** Where the prices are. */
    public static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    public static final Duration HALF_HOUR = Duration.ofMinutes(30);
    public static final Duration HOUR = Duration.ofHours(1);
    /** Days per season. */
    public static final int DAYS = 35;

    private static final int HOME_VALUES = DAYS * 48;
    private static final int PRICE_VALUES = DAYS * 24;

    private static final List<String[]> HOME = read("home-30min.csv");
    private static final List<String[]> PRICES = read("prices-60min.csv");

    private SampleData() {}

    /** The home's gross consumption in W over the season's five weeks, from Monday 00:00 local time. */
    public static TimeSeries homeLoadW(Season season) {
        return home(season, 1);
    }

    /** The home's gross PV generation in W over the five weeks (1.7 kWp, a summer peak near 0.9 kW). */
    public static TimeSeries homePvW(Season season) {
        return home(season, 2);
    }

    /** The day-ahead price in EUR/kWh over the five weeks, from Monday 00:00 in Berlin. */
    public static TimeSeries dayAheadEurPerKWh(Season season) {
        int first = season.ordinal() * PRICE_VALUES;
        double[] v = new double[PRICE_VALUES];
        for (int i = 0; i < v.length; i++) {
            v[i] = Double.parseDouble(PRICES.get(first + i)[1]) / 1000;
        }
        Instant start = Instant.parse(PRICES.get(first)[0]);
        return new TimeSeries(start, HOUR, "EUR/kWh", start, v);
    }

    /** {@code n} values of a series from index {@code from}, re-timed to start at {@code start}. */
    public static TimeSeries slice(TimeSeries ts, int from, int n, Instant start) {
        double[] v = new double[n];
        System.arraycopy(ts.values(), from, v, 0, n);
        return new TimeSeries(start, ts.step(), ts.unit(), start.plus(ts.step().multipliedBy(n)), v);
    }

    /** A series' values scaled by a factor. */
    public static TimeSeries scaled(TimeSeries ts, double factor) {
        double[] v = ts.values();
        for (int i = 0; i < v.length; i++) {
            v[i] *= factor;
        }
        return new TimeSeries(ts.start(), ts.step(), ts.unit(), ts.issueTime(), v);
    }

    private static TimeSeries home(Season season, int column) {
        int first = season.ordinal() * HOME_VALUES;
        double[] v = new double[HOME_VALUES];
        for (int i = 0; i < v.length; i++) {
            // kWh per half hour to the mean power in W.
            v[i] = Double.parseDouble(HOME.get(first + i)[column]) * 2000;
        }
        Instant start = LocalDateTime.parse(HOME.get(first)[0]).atZone(SYDNEY).toInstant();
        return new TimeSeries(start, HALF_HOUR, "W", start.plus(HALF_HOUR.multipliedBy(HOME_VALUES)), v);
    }

    /** The data rows of a CSV resource (comments and header left out). */
    private static List<String[]> read(String name) {
        List<String[]> rows = new ArrayList<>();
        try (InputStream in = SampleData.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " missing from the strategy test kit");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line = r.readLine();
            while (line != null && line.startsWith("#")) {
                line = r.readLine();
            }
            for (line = r.readLine(); line != null; line = r.readLine()) {
                rows.add(line.split(","));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }
}
