package io.gridhub.driver.ocpp.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest meter values of one charge point, per connector, measurand and phase, in SI base units (a kW or kWh
 * the charger sends becomes W or Wh: the unit is in the message, so decoding it is the protocol's job, as a Modbus
 * float32 is). Written by the link's messages, read by the driver's connection from another thread.
 */
final class Measurements {
    /** One decoded sampled value. */
    record Value(int connector, String measurand, String phase, double value, Instant time) {}

    static final String DEFAULT_MEASURAND = "Energy.Active.Import.Register";

    private final Map<String, Value> latest = new ConcurrentHashMap<>();

    static String key(int connector, String measurand, String phase) {
        return connector + ":" + measurand + ":" + phase;
    }

    Optional<Value> get(int connector, String measurand, String phase) {
        return Optional.ofNullable(latest.get(key(connector, measurand, phase)));
    }

    /**
     * Takes a MeterValues (or StopTransaction transactionData) list of meterValue objects; returns what it decoded.
     * A value that is not a number (signed data, garbage the schema cannot catch) is left out.
     */
    List<Value> take(int connector, JsonNode meterValues, Instant now) {
        List<Value> out = new ArrayList<>();
        for (JsonNode mv : meterValues) {
            Instant time = instant(mv.path("timestamp").asText(), now);
            for (JsonNode sv : mv.path("sampledValue")) {
                if ("SignedData".equals(sv.path("format").asText())) {
                    continue;
                }
                double raw;
                try {
                    raw = Double.parseDouble(sv.path("value").asText());
                } catch (NumberFormatException e) {
                    continue;
                }
                if (!Double.isFinite(raw)) {
                    continue;
                }
                String measurand = sv.path("measurand").asText(DEFAULT_MEASURAND);
                String phase = sv.path("phase").asText("");
                Value v = new Value(
                        connector,
                        measurand,
                        phase,
                        raw * factor(sv.path("unit").asText("")),
                        time);
                latest.put(key(connector, measurand, phase), v);
                out.add(v);
            }
        }
        return out;
    }

    /** kW, kWh, kvar, kvarh, kVA are scaled to their base unit; everything else is already in it. */
    static double factor(String unit) {
        return unit.startsWith("k") ? 1000 : 1;
    }

    static Instant instant(String text, Instant fallback) {
        try {
            return text.isEmpty() ? fallback : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return fallback;
        }
    }
}
