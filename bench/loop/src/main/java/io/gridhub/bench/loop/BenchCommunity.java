package io.gridhub.bench.loop;

import io.gridhub.api.model.Asset;
import io.gridhub.api.model.AssetKind;
import io.gridhub.api.model.Community;
import io.gridhub.api.model.Feeder;
import io.gridhub.api.model.Member;
import io.gridhub.api.model.MemberType;
import io.gridhub.api.model.Participation;
import io.gridhub.api.model.Site;
import io.gridhub.api.model.Transformer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The benchmark's community and its real data. 50 members (one SGSC household's measured load each; rooftop PV of
 * 3.0–6.6 kWp shaped by the Ausgrid 300-home PV aggregate; a home battery of 5 kW / 10 kWh or 3.3 kW / 6.5 kWh;
 * a meter) on three feeders under one transformer, and a shared 30 kW / 60 kWh battery on f1. The source window
 * is 35 days from 2013-02-17T14:00Z (Monday 00:00 AEST), where every household has at least 97.6 % of its readings;
 * it is moved to the present by whole weeks, so that weekday and time of day stay as measured.
 */
final class BenchCommunity {
    static final String ID = "ec50";
    static final int MEMBERS = 50;
    static final Duration SLOT = Duration.ofMinutes(30);
    static final int SLOTS_PER_DAY = 48;
    static final int HISTORY_SLOTS = 28 * SLOTS_PER_DAY;
    static final int WINDOW_SLOTS = 35 * SLOTS_PER_DAY;
    /** Start of the household and PV window (SGSC is UTC; a Sunday 14:00 UTC). */
    static final Instant SOURCE_START = Instant.parse("2013-02-17T14:00:00Z");
    /** Start of the price window, the same weekday and time of day (DE-LU day-ahead, 2024). */
    static final Instant PRICE_START = Instant.parse("2024-05-19T14:00:00Z");

    static final ZoneId SYDNEY = ZoneId.of("Australia/Sydney");

    /** Per slot of the window: each member's load (W, NaN when not read), PV per kWp (W), price (EUR/kWh). */
    final double[][] loadW = new double[MEMBERS][WINDOW_SLOTS];

    final double[] pvPerKwpW = new double[WINDOW_SLOTS];
    final double[] priceEurPerKWh = new double[WINDOW_SLOTS];
    final Community community;
    /** The window's slot that holds "now", and the present-day start of that slot. */
    final int nowSlot;

    final Instant nowSlotStart;

    BenchCommunity(Path data, Instant now) {
        readHouseholds(data.resolve("households_sgsc50_nsw_2012-2013_30min.csv"));
        readPv(data.resolve("ausgrid300_aggregate_30min.csv"));
        readPrices(data.resolve("prices_DE_LU_dayahead_2024_60min.csv"));
        community = community();
        long slotMs = SLOT.toMillis();
        nowSlotStart = Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), slotMs) * slotMs);
        Instant historyEnd = SOURCE_START.plus(SLOT.multipliedBy(HISTORY_SLOTS));
        long slotsSince = Duration.between(historyEnd, nowSlotStart).toMillis() / slotMs;
        nowSlot = HISTORY_SLOTS + (int) Math.floorMod(slotsSince, 7L * SLOTS_PER_DAY);
    }

    /** The present-day instant of a window slot. */
    Instant at(int slot) {
        return nowSlotStart.plus(SLOT.multipliedBy(slot - nowSlot));
    }

    /** The window slot of a present-day instant (clamped to the window). */
    int slotOf(Instant t) {
        long d = Math.floorDiv(Duration.between(nowSlotStart, t).toMillis(), SLOT.toMillis());
        return (int) Math.max(0, Math.min(WINDOW_SLOTS - 1, nowSlot + d));
    }

    static String member(int i) {
        return String.format("m%02d", i + 1);
    }

    static double pvKwp(int i) {
        return 3.0 + (i * 7 % 37) * 0.1; // 3.0 … 6.6 kWp
    }

    static double batteryW(int i) {
        return i % 3 == 0 ? 3300 : 5000;
    }

    static double batteryWh(int i) {
        return i % 3 == 0 ? 6500 : 10_000;
    }

    private static Community community() {
        List<Member> members = new ArrayList<>();
        for (int i = 0; i < MEMBERS; i++) {
            String m = member(i);
            members.add(new Member(
                    m,
                    "household " + m,
                    MemberType.HOUSEHOLD,
                    List.of(new Site(
                            m + "-site",
                            null,
                            "f" + (i % 3 + 1),
                            List.of(
                                    new Asset(m + "-meter", null, AssetKind.METER, 0, 0),
                                    new Asset(m + "-load", null, AssetKind.LOAD, 0, 0),
                                    new Asset(m + "-pv", null, AssetKind.PV, pvKwp(i) * 1000, 0),
                                    new Asset(m + "-bat", null, AssetKind.BATTERY, batteryW(i), batteryWh(i))))),
                    List.of(new Participation(ID, 1.0))));
        }
        return new Community(
                ID,
                "50 households",
                members,
                List.of(new Asset("shared-bat", "community battery", AssetKind.BATTERY, 30_000, 60_000)),
                List.of(
                        new Feeder("f1", null, "t1", 80_000, 60_000),
                        new Feeder("f2", null, "t1", 60_000, 45_000),
                        new Feeder("f3", null, "t1", 60_000, 45_000)),
                List.of(new Transformer("t1", null, 250_000)));
    }

    private static Stream<String[]> rows(Path csv) {
        try {
            return Files.readAllLines(csv).stream().skip(1).map(l -> l.split(",", -1));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + csv, e);
        }
    }

    private int slot(Instant sourceStart, Instant t) {
        long d = Duration.between(sourceStart, t).toMillis();
        return d < 0 || d % SLOT.toMillis() != 0 ? -1 : (int) Math.min(Integer.MAX_VALUE, d / SLOT.toMillis());
    }

    private void readHouseholds(Path csv) {
        for (double[] m : loadW) {
            Arrays.fill(m, Double.NaN);
        }
        rows(csv).forEach(r -> {
            int s = slot(SOURCE_START, Instant.parse(r[0]));
            if (s < 0 || s >= WINDOW_SLOTS) {
                return;
            }
            for (int m = 0; m < MEMBERS; m++) {
                String v = r[2 + m];
                loadW[m][s] = v.isEmpty() ? Double.NaN : Double.parseDouble(v) * 2000; // kWh per 30 min -> W
            }
        });
    }

    private void readPv(Path csv) {
        Arrays.fill(pvPerKwpW, 0);
        rows(csv).forEach(r -> {
            int s = slot(SOURCE_START, LocalDateTime.parse(r[0]).atZone(SYDNEY).toInstant());
            if (s >= 0 && s < WINDOW_SLOTS) {
                pvPerKwpW[s] = Double.parseDouble(r[2]) * 2000 / 505; // 300 homes, 505 kWp in all
            }
        });
    }

    private void readPrices(Path csv) {
        Map<Instant, Double> hourly = new HashMap<>();
        rows(csv).forEach(r -> hourly.put(Instant.parse(r[0]), Double.parseDouble(r[2]) / 1000)); // EUR/MWh
        for (int s = 0; s < WINDOW_SLOTS; s++) {
            Instant t = PRICE_START.plus(SLOT.multipliedBy(s));
            Instant hour = Instant.ofEpochSecond(t.getEpochSecond() / 3600 * 3600);
            priceEurPerKWh[s] = hourly.getOrDefault(hour, Double.NaN);
        }
    }
}
