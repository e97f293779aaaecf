package io.gridhub.cli.backtest;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A regular series read from a CSV file: one row per interval, a time column (ISO-8601, with or without offset)
 * and numeric columns. Times without offset are local wall-clock time and are kept on a wall-clock index line
 * (as if UTC), so every local day has the same number of steps; times with offset are true instants.
 *
 * <p>What stops reading (an {@link InputException} with the line): a missing column, a time that does not
 * parse, a time off the interval grid, a time not after the previous row's. What is reported and kept as a
 * missing value ({@code NaN}): missing rows (gaps) and empty or non-numeric values. Missing values are never
 * filled in: the backtest does not score them and the models do not train on them.
 *
 * @param local whether times are local wall-clock times without offset (then the index line is wall-clock "UTC")
 * @param timeText the time of each index as the input writes it, null in gaps
 * @param problems gaps and bad values, one line each, in file order
 * @param rows data rows read
 */
public record CsvSeries(
        Path file,
        boolean local,
        DateTimeFormatter format,
        long startSeconds,
        long stepSeconds,
        double[] target,
        Map<String, double[]> features,
        String[] timeText,
        List<String> problems,
        int rows) {
    private static final Pattern ISO =
            Pattern.compile("\\d{4}-\\d{2}-\\d{2}([T ])\\d{2}:\\d{2}(:\\d{2})?(Z|[+-]\\d{2}:\\d{2})?");

    public static CsvSeries read(
            Path file, String timeColumn, String targetColumn, List<String> featureColumns, long stepSeconds)
            throws InputException, IOException {
        if (!Files.isRegularFile(file)) {
            throw new InputException(file + ": no such file");
        }
        CSVFormat csv = CSVFormat.DEFAULT
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .setTrim(true)
                .build();
        try (Reader in = Files.newBufferedReader(file);
                CSVParser parser = csv.parse(in)) {
            List<String> header = parser.getHeaderNames();
            List<String> wanted = new ArrayList<>();
            wanted.add(timeColumn);
            wanted.add(targetColumn);
            wanted.addAll(featureColumns);
            for (String c : wanted) {
                if (!header.contains(c)) {
                    throw new InputException(file + ", line 1: no column '" + c + "' (the header has "
                            + String.join(", ", header) + ")");
                }
            }
            List<String> problems = new ArrayList<>();
            List<Long> secs = new ArrayList<>();
            List<String> texts = new ArrayList<>();
            List<double[]> values = new ArrayList<>();
            List<Long> lines = new ArrayList<>();
            Boolean local = null;
            DateTimeFormatter format = null;
            for (CSVRecord r : parser) {
                long line = r.getRecordNumber() + 1; // the header is line 1
                if (r.size() < header.size()) {
                    throw new InputException(
                            file + ", line " + line + ": " + r.size() + " fields, the header has " + header.size());
                }
                String text = r.get(timeColumn);
                if (format == null) {
                    Matcher m = ISO.matcher(text);
                    if (!m.matches()) {
                        throw new InputException(file + ", line " + line + ", column " + timeColumn + ": time '" + text
                                + "' is not ISO-8601 (yyyy-MM-ddTHH:mm[:ss][Z|±hh:mm])");
                    }
                    local = m.group(3) == null;
                    format = DateTimeFormatter.ofPattern(
                            "uuuu-MM-dd" + (m.group(1).equals("T") ? "'T'" : " ") + "HH:mm"
                                    + (m.group(2) != null ? ":ss" : "") + (local ? "" : "XXX"));
                }
                long sec;
                try {
                    sec = local
                            ? LocalDateTime.parse(text, format).toEpochSecond(ZoneOffset.UTC)
                            : OffsetDateTime.parse(text, format).toEpochSecond();
                } catch (DateTimeParseException e) {
                    throw new InputException(file + ", line " + line + ", column " + timeColumn + ": time '" + text
                            + "' does not parse like the first row's (" + e.getMessage() + ")");
                }
                if (!secs.isEmpty()) {
                    long prev = secs.get(secs.size() - 1);
                    if (sec <= prev) {
                        throw new InputException(file + ", line " + line + ": time " + text
                                + " is not after the previous row's " + texts.get(texts.size() - 1) + " (line "
                                + lines.get(lines.size() - 1) + "): duplicate or out of order");
                    }
                    if ((sec - secs.get(0)) % stepSeconds != 0) {
                        throw new InputException(file + ", line " + line + ": time " + text + " is not on the "
                                + stepSeconds / 60 + "-minute grid that starts at " + texts.get(0)
                                + " (check --interval)");
                    }
                    long missing = (sec - prev) / stepSeconds - 1;
                    if (missing > 0) {
                        problems.add("lines " + lines.get(lines.size() - 1) + "–" + line + ": gap of " + missing
                                + " missing interval" + (missing == 1 ? "" : "s") + " between "
                                + texts.get(texts.size() - 1) + " and " + text);
                    }
                }
                double[] v = new double[1 + featureColumns.size()];
                v[0] = number(r, targetColumn, line, problems);
                for (int k = 0; k < featureColumns.size(); k++) {
                    v[k + 1] = number(r, featureColumns.get(k), line, problems);
                }
                secs.add(sec);
                texts.add(text);
                values.add(v);
                lines.add(line);
            }
            if (secs.size() < 2) {
                throw new InputException(file + ": needs at least two data rows, has " + secs.size());
            }
            long start = secs.get(0);
            int n = (int) ((secs.get(secs.size() - 1) - start) / stepSeconds) + 1;
            double[] target = new double[n];
            Arrays.fill(target, Double.NaN);
            Map<String, double[]> features = new LinkedHashMap<>();
            for (String c : featureColumns) {
                double[] a = new double[n];
                Arrays.fill(a, Double.NaN);
                features.put(c, a);
            }
            String[] timeText = new String[n];
            for (int i = 0; i < secs.size(); i++) {
                int idx = (int) ((secs.get(i) - start) / stepSeconds);
                double[] v = values.get(i);
                target[idx] = v[0];
                for (int k = 0; k < featureColumns.size(); k++) {
                    features.get(featureColumns.get(k))[idx] = v[k + 1];
                }
                timeText[idx] = texts.get(i);
            }
            return new CsvSeries(
                    file, local, format, start, stepSeconds, target, features, timeText, problems, secs.size());
        }
    }

    private static double number(CSVRecord r, String column, long line, List<String> problems) {
        String raw = r.get(column);
        try {
            double v = Double.parseDouble(raw);
            if (Double.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add("line " + line + ", column " + column + ": '" + raw + "' is not a number (kept as missing)");
        return Double.NaN;
    }

    /** Steps on the index line, rows and gaps together. */
    public int length() {
        return target.length;
    }

    /** Epoch second of index {@code i} on the index line. */
    public long seconds(int i) {
        return startSeconds + i * stepSeconds;
    }

    /** The time of index {@code i} written as the input writes it. */
    public String timeText(int i, ZoneId zone) {
        if (i >= 0 && i < timeText.length && timeText[i] != null) {
            return timeText[i];
        }
        long s = seconds(i);
        return local
                ? format.format(LocalDateTime.ofEpochSecond(s, 0, ZoneOffset.UTC))
                : format.format(OffsetDateTime.ofInstant(Instant.ofEpochSecond(s), zone));
    }
}
