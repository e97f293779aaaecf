package io.gridhub.camel.internal;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.gridhub.api.ingest.DeviceMapping;
import io.gridhub.api.model.PointId;
import io.gridhub.api.model.PointKind;
import io.gridhub.api.model.Quality;
import io.gridhub.api.model.Quantity;
import java.time.Duration;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One mapping file: how the readings of one source become samples. Parsed by Jackson; every check that needs only
 * the file runs in the constructors, so that a refusal names the file, line and key (Jackson adds them).
 *
 * @param source  the device id or source name the file is for
 * @param time    the timestamp policy
 * @param quality    source quality codes to qualities, for every point of the source (a point's own map wins)
 * @param pollGroups for a device: poll group → interval in ms, read by the driver host (a point's {@code group});
 *                   {@code default} is the device's own interval unless listed
 * @param points     address → point, with scale, unit, sign, deadband, ...
 * @param file       present when the source delivers files into the inbox
 */
record SourceMapping(
        String source,
        String description,
        TimePolicy time,
        Map<String, String> quality,
        Map<String, Long> pollGroups,
        List<PointMapping> points,
        FileSpec file) {
    SourceMapping {
        if (source == null || source.isBlank()) {
            throw new InvalidKey("source", "'source' is missing");
        }
        time = time == null ? TimePolicy.DEFAULT : time;
        quality = QualityCodes.of(quality);
        if (points == null || points.isEmpty()) {
            throw new InvalidKey("points", "'points' is missing or empty");
        }
        points = List.copyOf(points);
        pollGroups = pollGroups == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(pollGroups));
        pollGroups.forEach((name, ms) -> {
            if (ms == null || ms < 1) {
                throw new InvalidKey("pollGroups", "poll group '" + name + "' needs an interval ≥ 1 ms, got " + ms);
            }
        });
        Set<String> addresses = new HashSet<>();
        for (PointMapping p : points) {
            if (!addresses.add(p.address())) {
                throw new InvalidKey("points", "address '" + p.address() + "' is mapped twice");
            }
            if (!p.group().equals(DeviceMapping.DEFAULT_GROUP) && !pollGroups.containsKey(p.group())) {
                throw new InvalidKey(
                        "points",
                        "point " + p.point() + " names poll group '" + p.group()
                                + "', which pollGroups does not define (defined: " + pollGroups.keySet() + ")");
            }
        }
        description = description == null ? "" : description;
    }

    /**
     * Which time a sample carries, and how far a source clock may be off.
     *
     * @param future how far ahead of its received time a reading may be dated (market data, forecasts: e.g.
     *               {@code PT48H}); null: the ingest's {@code futureToleranceSeconds}. A reading dated further ahead
     *               goes to the quarantine: it would stay the point's latest value until real time caught up.
     */
    record TimePolicy(Use use, Duration maxSkew, OnSkew onSkew, Duration future) {
        static final TimePolicy DEFAULT = new TimePolicy(Use.SOURCE, null, OnSkew.QUARANTINE, null);

        enum Use {
            SOURCE,
            RECEIVED
        }

        /** What a reading whose source time is further than maxSkew from its received time becomes. */
        enum OnSkew {
            /** goes to the quarantine */
            QUARANTINE,
            /** keeps its source time, marked QUESTIONABLE / CLOCK_SKEW */
            FLAG,
            /** takes the received time, marked QUESTIONABLE / CLOCK_SKEW */
            RECEIVED
        }

        TimePolicy {
            use = use == null ? Use.SOURCE : use;
            onSkew = onSkew == null ? OnSkew.QUARANTINE : onSkew;
            if (maxSkew != null && (maxSkew.isNegative() || maxSkew.isZero())) {
                throw new InvalidKey("maxSkew", "'maxSkew' must be positive, got " + maxSkew);
            }
            if (future != null && future.isNegative()) {
                throw new InvalidKey("future", "'future' must be zero or positive, got " + future);
            }
        }
    }

    /** The part the driver host reads: what to poll, in which group, as which point. */
    DeviceMapping device() {
        return new DeviceMapping(
                source,
                pollGroups,
                points.stream()
                        .map(p -> new DeviceMapping.Channel(p.address(), p.point(), p.group()))
                        .toList());
    }

    /**
     * @param address   the source's name of the value (register, column, ...)
     * @param point     the point it becomes
     * @param group     for a device: the poll group it is read in ({@code default} when absent)
     * @param unit      the unit the source delivers it in (after scale and offset); empty: the point's own unit
     * @param scale     multiplies the raw value (default 1)
     * @param offset    added after scaling (default 0)
     * @param invert    flips the sign to the hub's convention (+ = import from the grid, battery discharge)
     * @param deadband  a change smaller than this (in the point's unit) is not published
     * @param heartbeat publish anyway when the last published value is this old
     * @param dedupe    leave out a reading equal to the last one published (same time, value and quality)
     * @param min       values below are INVALID / OUT_OF_RANGE
     * @param max       values above are INVALID / OUT_OF_RANGE
     * @param quantity  for a point the hub does not know yet: registered with this quantity
     */
    record PointMapping(
            String address,
            PointId point,
            String group,
            String unit,
            Double scale,
            Double offset,
            Boolean invert,
            Double deadband,
            Duration heartbeat,
            Boolean dedupe,
            Double min,
            Double max,
            Map<String, String> quality,
            Quantity quantity,
            String asset,
            PointKind kind,
            String description) {
        PointMapping {
            if (address == null || address.isBlank()) {
                throw new InvalidKey("address", "'address' is missing");
            }
            if (point == null) {
                throw new InvalidKey("point", "'point' is missing");
            }
            group = group == null || group.isBlank() ? DeviceMapping.DEFAULT_GROUP : group.trim();
            if (unit == null) {
                throw new InvalidKey("unit", "no unit given (\"\" when the source delivers the point's own unit)");
            }
            String u = unit.trim();
            unit = u;
            if (!u.isEmpty()) {
                check("unit", () -> UnitCatalog.unit(u));
            }
            scale = scale == null ? 1.0 : scale;
            offset = offset == null ? 0.0 : offset;
            if (!Double.isFinite(scale) || scale == 0 || !Double.isFinite(offset)) {
                throw new InvalidKey(
                        Double.isFinite(offset) ? "scale" : "offset",
                        "'scale' must be a non-zero number and 'offset' a number");
            }
            invert = invert != null && invert;
            deadband = deadband == null ? 0.0 : deadband;
            if (!(deadband >= 0)) {
                throw new InvalidKey("deadband", "'deadband' must be ≥ 0, got " + deadband);
            }
            dedupe = dedupe == null || dedupe;
            if (min != null && max != null && min > max) {
                throw new InvalidKey("min", "'min' " + min + " is above 'max' " + max);
            }
            quality = QualityCodes.of(quality);
            if (quantity != null) {
                Quantity qty = quantity;
                check("unit", () -> UnitCatalog.converter(u.isEmpty() ? qty.unit() : u, qty.unit()));
                if (asset == null || asset.isBlank()) {
                    throw new InvalidKey("asset", "'asset' is needed with 'quantity'");
                }
            }
            kind = kind == null ? PointKind.MEASUREMENT : kind;
            description = description == null ? "" : description;
        }
    }

    /**
     * How files of this source look.
     *
     * @param pattern    file names it takes, a glob such as {@code prices_*.csv}
     * @param format     {@code csv} (one column per address), {@code json} (readings) or {@code open-meteo} (a weather
     *                   forecast in Open-Meteo's JSON: one address per variable, e.g. {@code temperature_2m})
     * @param delimiter  CSV column separator (default {@code ,})
     * @param timeColumn the CSV column with the ISO-8601 instant of each row
     * @param onBadRows  {@code reject-file} (default: all or nothing) or {@code keep-good-rows}
     */
    record FileSpec(String pattern, Format format, String delimiter, String timeColumn, OnBadRows onBadRows) {
        enum Format {
            CSV,
            JSON,
            @JsonProperty("open-meteo")
            OPEN_METEO
        }

        enum OnBadRows {
            @JsonProperty("reject-file")
            REJECT_FILE,
            @JsonProperty("keep-good-rows")
            KEEP_GOOD_ROWS
        }

        FileSpec {
            if (pattern == null || pattern.isBlank()) {
                throw new InvalidKey("pattern", "'pattern' is missing");
            }
            format = format == null
                    ? (pattern.toLowerCase(Locale.ROOT).endsWith(".json") ? Format.JSON : Format.CSV)
                    : format;
            delimiter = delimiter == null ? "," : delimiter;
            if (delimiter.length() != 1) {
                throw new InvalidKey("delimiter", "'delimiter' must be one character, got '" + delimiter + "'");
            }
            if ("\r\n\"".indexOf(delimiter.charAt(0)) >= 0) {
                throw new InvalidKey("delimiter", "'delimiter' cannot be a line break or the quote character \"");
            }
            if (format == Format.CSV && (timeColumn == null || timeColumn.isBlank())) {
                throw new InvalidKey("timeColumn", "'timeColumn' is needed for CSV files");
            }
            onBadRows = onBadRows == null ? OnBadRows.REJECT_FILE : onBadRows;
        }
    }

    /** A refusal that names the key it is about, so that the message says {@code $.points[2].unit}. */
    static final class InvalidKey extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        final String key;

        InvalidKey(String key, String message) {
            super(message);
            this.key = key;
        }
    }

    /** Runs a check of one key and names the key when it fails. */
    static <T> T check(String key, Supplier<T> check) {
        try {
            return check.get();
        } catch (InvalidKey e) {
            throw e;
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new InvalidKey(key, e.getMessage());
        }
    }

    /** Quality codes: {@code GOOD}, {@code QUESTIONABLE:<reason>}, {@code INVALID:<reason>} or {@code QUARANTINE}. */
    static final class QualityCodes {
        static final String QUARANTINE = "QUARANTINE";

        private QualityCodes() {}

        /** The table as given (empty when absent) with every code checked; a bad one fails as key "quality". */
        static Map<String, String> of(Map<String, String> codes) {
            Map<String, String> table = codes == null ? Map.of() : Map.copyOf(codes);
            return check("quality", () -> {
                table.values().forEach(QualityCodes::parse);
                return table;
            });
        }

        /** The quality a code's target names; null for QUARANTINE. */
        static Quality parse(String target) {
            String t = target == null ? "" : target.trim().toUpperCase(Locale.ROOT);
            if (t.equals("GOOD")) {
                return Quality.GOOD;
            }
            if (t.equals(QUARANTINE)) {
                return null;
            }
            int colon = t.indexOf(':');
            try {
                if (colon > 0) {
                    Quality.Status status = Quality.Status.valueOf(t.substring(0, colon));
                    Quality.Reason reason = Quality.Reason.valueOf(t.substring(colon + 1));
                    if (status != Quality.Status.GOOD && reason != Quality.Reason.NONE) {
                        return new Quality(status, reason, "");
                    }
                }
            } catch (IllegalArgumentException e) {
                // falls through to the message below
            }
            throw new IllegalArgumentException("quality '" + target + "' is not GOOD, QUARANTINE, "
                    + "QUESTIONABLE:<reason> or INVALID:<reason> (reasons: "
                    + List.of(Quality.Reason.values()).subList(1, Quality.Reason.values().length) + ")");
        }

        /** The source-level map overlaid with the point's own. */
        static Map<String, String> merge(Map<String, String> source, Map<String, String> point) {
            Map<String, String> m = new LinkedHashMap<>(source);
            m.putAll(point);
            return m;
        }
    }
}
