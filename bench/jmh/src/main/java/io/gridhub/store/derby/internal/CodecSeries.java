package io.gridhub.store.derby.internal;

import io.gridhub.api.model.PointId;
import io.gridhub.api.model.Sample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * The series the block codec is measured on: every numeric column of the real files in {@code ../shared/data}
 * (empty cells left out), and one hour of 1 s device telemetry with realistic noise, generated from a fixed seed.
 */
final class CodecSeries {
    static final PointId P = PointId.of("bench.codec.p");
    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    private CodecSeries() {}

    /** Each numeric column of every data file in the folder (the {@code _meta} files left out), by "file:column". */
    static Map<String, List<Sample>> files(Path data) throws IOException {
        Map<String, List<Sample>> all = new LinkedHashMap<>();
        try (Stream<Path> s = Files.list(data)) {
            for (Path f : s.filter(
                            p -> p.toString().endsWith(".csv") && !p.toString().endsWith("_meta.csv"))
                    .sorted()
                    .toList()) {
                all.putAll(csv(f));
            }
        }
        return all;
    }

    /** Each numeric column of a CSV whose first column is the time, by "file:column". */
    static Map<String, List<Sample>> csv(Path file) throws IOException {
        List<String> rows = Files.readAllLines(file);
        String[] header = rows.get(0).split(",");
        String name = file.getFileName().toString().replaceFirst("\\.csv$", "");
        Map<String, List<Sample>> out = new LinkedHashMap<>();
        for (int col = 1; col < header.length; col++) {
            if (header[col].startsWith("timestamp")) {
                continue;
            }
            List<Sample> series = new ArrayList<>();
            for (int row = 1; row < rows.size(); row++) {
                String[] cells = rows.get(row).split(",", -1);
                if (!cells[col].isEmpty()) {
                    series.add(Sample.good(P, Double.parseDouble(cells[col]), time(cells[0])));
                }
            }
            out.put(name + ":" + header[col], series);
        }
        return out;
    }

    private static Instant time(String cell) {
        return cell.endsWith("Z")
                ? Instant.parse(cell)
                : LocalDateTime.parse(cell).toInstant(ZoneOffset.UTC);
    }

    /** One hour at 1 s of device telemetry, each series with the noise and resolution a real device gives. */
    static Map<String, List<Sample>> telemetry() {
        Random r = new Random(25);
        Map<String, List<Sample>> out = new LinkedHashMap<>();
        double wh = 12_345_678;
        double power = 4_000;
        double freq = 50;
        List<Sample> volts = new ArrayList<>();
        List<Sample> watts = new ArrayList<>();
        List<Sample> hertz = new ArrayList<>();
        List<Sample> register = new ArrayList<>();
        List<Sample> floats = new ArrayList<>();
        List<Sample> polled = new ArrayList<>();
        List<Sample> polledMillis = new ArrayList<>();
        List<Sample> stamped = new ArrayList<>();
        long pollNanos = 0;
        for (int i = 0; i < 3600; i++) {
            Instant t = T0.plusSeconds(i);
            power = Math.max(0, power + r.nextGaussian() * 40);
            double watt = power + r.nextGaussian() * 15;
            freq += (50 - freq) * 0.05 + r.nextGaussian() * 0.004;
            wh += watt / 3600;
            double volt = 230 + 3 * Math.sin(i / 600.0) + r.nextGaussian() * 0.4;
            volts.add(Sample.good(P, Math.round(volt * 10) / 10.0, t));
            watts.add(Sample.good(P, Math.round(watt), t));
            hertz.add(Sample.good(P, Math.round(freq * 1000) / 1000.0, t));
            register.add(Sample.good(P, Math.floor(wh) / 1000.0, t));
            floats.add(Sample.good(P, (float) watt, t));
            // No time from the device: the hub stamps the reading when the poll returns (ns clock, ms jitter).
            pollNanos += 1_000_000_000L + (long) (r.nextGaussian() * 2_000_000);
            polled.add(Sample.good(P, Math.round(volt * 10) / 10.0, T0.plusNanos(pollNanos)));
            polledMillis.add(Sample.good(P, Math.round(volt * 10) / 10.0, T0.plusMillis(pollNanos / 1_000_000)));
            // Device time in ms (IEC 104 CP56, Modbus gateways); the hub's receipt 1–5 ms later, ns clock.
            Instant received = t.plusNanos(1_000_000 + (long) (r.nextDouble() * 4_000_000));
            stamped.add(new Sample(P, Math.round(volt * 10) / 10.0, watts.get(0).quality(), t, received));
        }
        out.put("1 s voltage, 0.1 V (device time, received = source)", volts);
        out.put("1 s active power, W integer", watts);
        out.put("1 s frequency, mHz", hertz);
        out.put("1 s energy register, kWh with 3 decimals", register);
        out.put("1 s active power, float32 (OPC UA Float)", floats);
        out.put("1 s voltage, hub-stamped poll time (ns clock, ±2 ms jitter)", polled);
        out.put("1 s voltage, the same poll time stamped in ms", polledMillis);
        out.put("1 s voltage, device ms time + received 1–5 ms later (ns)", stamped);
        return out;
    }

    /** The series cut into blocks of a fixed width of time, as the store cuts them into windows. */
    static List<List<Sample>> blocks(List<Sample> series, Duration width) {
        long w = width.toNanos();
        List<List<Sample>> out = new ArrayList<>();
        int start = 0;
        for (int i = 1; i <= series.size(); i++) {
            if (i == series.size()
                    || Math.floorDiv(BlockCodec.nanos(series.get(i).sourceTime()), w)
                            != Math.floorDiv(BlockCodec.nanos(series.get(start).sourceTime()), w)) {
                out.add(series.subList(start, i));
                start = i;
            }
        }
        return out;
    }
}
