package io.gridhub.allocation.internal.data;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads meter data in long format {@code timestamp,member,consumption_kWh,generation_kWh} into a
 * {@link MeterTable}, refusing what cannot be allocated with {@code source:line: reason}: unknown members,
 * overlapping or off-grid intervals, negative or non-numeric energy, mixed resolutions.
 */
public final class MeterCsv {
    static final String[] COLUMNS = {"timestamp", "member", "consumption_kWh", "generation_kWh"};

    private MeterCsv() {}

    /**
     * @param known members the policy knows; empty accepts every member
     * @param notes receives what the reader should know (missing rows counted as 0, offset-less timestamps)
     */
    public static MeterTable read(String source, Reader in, Set<String> known, List<String> notes)
            throws InputException {
        return read(source, in, known, notes, InputLimits.current());
    }

    /** @param limits rows, intervals and cells the input may have (checked before the table is allocated) */
    public static MeterTable read(String source, Reader in, Set<String> known, List<String> notes, InputLimits limits)
            throws InputException {
        CSVFormat format = CSVFormat.DEFAULT
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .setIgnoreSurroundingSpaces(true)
                .setIgnoreEmptyLines(true)
                .setTrim(true)
                .build();
        Map<String, Integer> members = new LinkedHashMap<>();
        Map<Instant, Integer> times = new HashMap<>();
        List<Instant> timeList = new ArrayList<>();
        List<String> labelList = new ArrayList<>();
        List<Long> timeLine = new ArrayList<>();
        // Rows as parallel growable arrays: a year of 15-minute data for 1,000 members is 35 M rows.
        int rows = 0;
        int[] rt = new int[1024];
        int[] rm = new int[1024];
        double[] rc = new double[1024];
        double[] rg = new double[1024];
        long[] rl = new long[1024];
        boolean localTimes = false;
        try (CSVParser p = CSVParser.parse(in, format)) {
            Map<String, Integer> header = new HashMap<>();
            p.getHeaderMap().forEach((k, v) -> header.put(k.toLowerCase(Locale.ROOT), v));
            int[] col = new int[COLUMNS.length];
            for (int k = 0; k < COLUMNS.length; k++) {
                Integer c = header.get(COLUMNS[k].toLowerCase(Locale.ROOT));
                if (c == null) {
                    throw new InputException(
                            source,
                            1,
                            "missing column '" + COLUMNS[k] + "' (the header must be " + String.join(",", COLUMNS)
                                    + ")");
                }
                col[k] = c;
            }
            // A header naming a column twice maps it to its last place: a row must reach the furthest one used.
            int needed = Math.max(header.size(), Arrays.stream(col).max().orElse(0) + 1);
            for (CSVRecord r : p) {
                long line = p.getCurrentLineNumber();
                if (rows >= limits.maxRows()) {
                    throw new InputException(
                            source,
                            line,
                            "more than " + limits.maxRows() + " meter rows "
                                    + "(maxRows): split the period or the members");
                }
                if (r.size() < needed) {
                    throw new InputException(source, line, "expected " + needed + " fields, found " + r.size());
                }
                String ts = r.get(col[0]);
                String member = r.get(col[1]);
                if (member.isEmpty()) {
                    throw new InputException(source, line, "empty member");
                }
                if (!known.isEmpty() && !known.contains(member)) {
                    throw new InputException(
                            source,
                            line,
                            "unknown member '" + member + "' (the policy lists " + known.size() + " members)");
                }
                Instant at;
                try {
                    at = OffsetDateTime.parse(ts.replace(' ', 'T')).toInstant();
                } catch (DateTimeParseException e) {
                    try {
                        at = LocalDateTime.parse(ts.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
                        localTimes = true;
                    } catch (DateTimeParseException e2) {
                        throw new InputException(
                                source, line, "bad timestamp '" + ts + "' (ISO-8601, e.g. 2013-01-15T13:00:00Z)");
                    }
                }
                double c = energy(source, line, r.get(col[2]), COLUMNS[2]);
                double g = energy(source, line, r.get(col[3]), COLUMNS[3]);
                Integer ti = times.get(at);
                if (ti == null) {
                    ti = timeList.size();
                    times.put(at, ti);
                    timeList.add(at);
                    labelList.add(ts);
                    timeLine.add(line);
                }
                Integer mi = members.computeIfAbsent(member, k -> members.size());
                if (rows == rt.length) {
                    int cap = rows * 2;
                    rt = Arrays.copyOf(rt, cap);
                    rm = Arrays.copyOf(rm, cap);
                    rc = Arrays.copyOf(rc, cap);
                    rg = Arrays.copyOf(rg, cap);
                    rl = Arrays.copyOf(rl, cap);
                }
                rt[rows] = ti;
                rm[rows] = mi;
                rc[rows] = c;
                rg[rows] = g;
                rl[rows] = line;
                rows++;
            }
        } catch (IOException e) {
            throw new InputException(source, 0, "cannot read: " + e.getMessage());
        } catch (UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
            // Commons CSV reports malformed quoting and duplicate headers this way.
            throw new InputException(source, 0, e.getMessage());
        }
        if (rows == 0) {
            throw new InputException(source, 0, "no meter rows");
        }
        if (localTimes) {
            notes.add(source + ": timestamps without an offset were read as UTC");
        }
        // Order the intervals by time; the step is the most common gap between two starts (ties: the longer), so
        // that one off-grid row shows up as an overlap instead of redefining the grid.
        int tt = timeList.size();
        Integer[] order = new Integer[tt];
        for (int k = 0; k < tt; k++) {
            order[k] = k;
        }
        Arrays.sort(order, (a, b) -> timeList.get(a).compareTo(timeList.get(b)));
        Map<Long, Integer> gaps = new HashMap<>();
        for (int k = 1; k < tt; k++) {
            gaps.merge(
                    Duration.between(timeList.get(order[k - 1]), timeList.get(order[k]))
                            .getSeconds(),
                    1,
                    Integer::sum);
        }
        Duration step = gaps.entrySet().stream()
                .max(Map.Entry.<Long, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                .map(e -> Duration.ofSeconds(e.getKey()))
                .orElse(null);
        if (step == null) {
            step = Duration.ofMinutes(60);
            notes.add(source + ": a single interval; its length was taken as 60 minutes");
        }
        Instant first = timeList.get(order[0]);
        Instant last = timeList.get(order[tt - 1]);
        long stepS = Math.max(1, step.getSeconds());
        // Bounded before anything the size of the grid is allocated; the line named is the one that ends the span.
        long grid = Duration.between(first, last).getSeconds() / stepS + 1;
        long lastLine = timeLine.get(order[tt - 1]);
        limits.checkGrid(
                source, lastLine, rows, grid, members.size(), "from " + first + " to " + last + " every " + step);
        if (step.getSeconds() < 60 || step.getNano() != 0 || stepS % 60 != 0) {
            throw new InputException(
                    source,
                    timeLine.get(order[1]),
                    "intervals are " + step + " apart: meter " + "intervals must be whole minutes");
        }
        InputLimits.checkHeap(source, lastLine, grid, members.size());
        int slots = (int) grid;
        int[] rank = new int[tt];
        for (int k = 0; k < tt; k++) {
            long off = Duration.between(first, timeList.get(order[k])).getSeconds();
            if (off % stepS != 0) {
                throw new InputException(
                        source,
                        timeLine.get(order[k]),
                        "interval starting " + labelList.get(order[k]) + " overlaps the " + step.toMinutes()
                                + "-minute interval before it");
            }
        }
        // Empty slots in the grid are kept: an interval nobody metered is still part of the period.
        Instant[] starts = new Instant[slots];
        String[] labels = new String[slots];
        for (int s = 0; s < slots; s++) {
            starts[s] = first.plusSeconds(s * stepS);
            labels[s] = starts[s].toString();
        }
        for (int k = 0; k < tt; k++) {
            int s = (int) (Duration.between(first, timeList.get(k)).getSeconds() / stepS);
            rank[k] = s;
            labels[s] = labelList.get(k);
        }
        int n = members.size();
        double[] c = new double[slots * n];
        double[] g = new double[slots * n];
        long[] seen = new long[slots * n];
        for (int r = 0; r < rows; r++) {
            int cell = rank[rt[r]] * n + rm[r];
            if (seen[cell] != 0) {
                throw new InputException(
                        source,
                        rl[r],
                        "overlapping interval: member '" + name(members, rm[r])
                                + "' already has an interval starting " + labels[rank[rt[r]]] + " (line " + seen[cell]
                                + ")");
            }
            seen[cell] = rl[r];
            c[cell] = rc[r];
            g[cell] = rg[r];
        }
        checkResolution(source, members, seen, slots, n, step);
        int missing = 0;
        for (long l : seen) {
            if (l == 0) {
                missing++;
            }
        }
        if (missing > 0) {
            notes.add(source + ": " + missing + " member-intervals have no row and count as 0 kWh");
        }
        return new MeterTable(members.keySet().toArray(String[]::new), starts, labels, step, c, g, missing);
    }

    /** A member metered at a coarser step than the others would be read as 15-minute values: refuse it. */
    private static void checkResolution(
            String source, Map<String, Integer> members, long[] seen, int slots, int n, Duration step)
            throws InputException {
        for (int i = 0; i < n; i++) {
            int last = -1;
            int minGap = Integer.MAX_VALUE;
            long secondLine = 0;
            for (int s = 0; s < slots; s++) {
                if (seen[s * n + i] != 0) {
                    if (last >= 0 && s - last < minGap) {
                        minGap = s - last;
                        secondLine = seen[s * n + i];
                    }
                    last = s;
                }
            }
            if (minGap != Integer.MAX_VALUE && minGap > 1) {
                throw new InputException(
                        source,
                        secondLine,
                        "member '" + name(members, i) + "' is metered every "
                                + step.toMinutes() * minGap + " minutes, other members every " + step.toMinutes()
                                + ": its intervals overlap the grid; resample to one resolution");
            }
        }
    }

    private static String name(Map<String, Integer> members, int index) {
        return members.entrySet().stream()
                .filter(e -> e.getValue() == index)
                .map(Map.Entry::getKey)
                .findFirst()
                .orElse("?");
    }

    private static double energy(String source, long line, String raw, String column) throws InputException {
        double v;
        try {
            v = Double.parseDouble(raw);
        } catch (NumberFormatException e) {
            throw new InputException(source, line, column + " '" + raw + "' is not a number");
        }
        if (!Double.isFinite(v)) {
            throw new InputException(source, line, column + " must be finite, got " + raw);
        }
        if (v < 0) {
            throw new InputException(
                    source,
                    line,
                    "negative energy: " + column + " " + raw + " (consumption and generation are both ≥ 0)");
        }
        return v;
    }
}
