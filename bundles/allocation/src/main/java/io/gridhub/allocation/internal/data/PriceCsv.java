package io.gridhub.allocation.internal.data;

import io.gridhub.api.allocation.Prices;
import java.io.IOException;
import java.io.Reader;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a price file {@code timestamp,import_EUR_per_kWh[,export_EUR_per_kWh]}: each price holds from its
 * timestamp until the next, so hourly prices cover 15-minute intervals. Without an export column the export
 * price is the flat one given (or 0).
 */
public final class PriceCsv {
    private PriceCsv() {}

    public static Prices read(String source, Reader in, double flatExport) throws InputException {
        return read(source, in, flatExport, InputLimits.current());
    }

    /** @param limits {@link InputLimits#maxPriceRows()} bounds the rows */
    public static Prices read(String source, Reader in, double flatExport, InputLimits limits) throws InputException {
        CSVFormat format = CSVFormat.DEFAULT
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .setTrim(true)
                .setIgnoreEmptyLines(true)
                .build();
        List<Prices.Step> steps = new ArrayList<>();
        try (CSVParser p = CSVParser.parse(in, format)) {
            Map<String, Integer> h = new HashMap<>();
            p.getHeaderMap().forEach((k, v) -> h.put(k.toLowerCase(Locale.ROOT), v));
            Integer ts = h.get("timestamp");
            Integer imp = h.get("import_eur_per_kwh");
            Integer exp = h.get("export_eur_per_kwh");
            if (ts == null || imp == null) {
                throw new InputException(
                        source, 1, "the header must be timestamp,import_EUR_per_kWh" + "[,export_EUR_per_kWh]");
            }
            for (CSVRecord r : p) {
                long line = p.getCurrentLineNumber();
                if (steps.size() >= limits.maxPriceRows()) {
                    throw new InputException(
                            source,
                            line,
                            "more than " + limits.maxPriceRows() + " price rows "
                                    + "(maxPriceRows): give the prices of the metered period only");
                }
                Instant at;
                String raw = r.get(ts).replace(' ', 'T');
                try {
                    at = OffsetDateTime.parse(raw).toInstant();
                } catch (DateTimeParseException e) {
                    try {
                        at = LocalDateTime.parse(raw).toInstant(ZoneOffset.UTC);
                    } catch (DateTimeParseException e2) {
                        throw new InputException(source, line, "bad timestamp '" + r.get(ts) + "'");
                    }
                }
                double pi = number(source, line, r.get(imp), "import_EUR_per_kWh");
                double pe = exp == null ? flatExport : number(source, line, r.get(exp), "export_EUR_per_kWh");
                steps.add(new Prices.Step(at, pi, pe));
            }
        } catch (IOException e) {
            throw new InputException(source, 0, "cannot read: " + e.getMessage());
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new InputException(source, 0, e.getMessage());
        }
        if (steps.isEmpty()) {
            throw new InputException(source, 0, "no price rows");
        }
        return Prices.steps(steps);
    }

    private static double number(String source, long line, String raw, String column) throws InputException {
        try {
            double v = Double.parseDouble(raw);
            if (Double.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InputException(source, line, column + " '" + raw + "' is not a finite number");
    }
}
