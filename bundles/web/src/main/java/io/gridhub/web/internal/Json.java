package io.gridhub.web.internal;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.gridhub.api.model.PointId;
import io.gridhub.api.model.Quality;
import io.gridhub.api.settlement.SettlementRun;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * The one JSON mapper of the REST API: ISO-8601 instants and durations (a plan's step is {@code "PT15M"}, not a
 * number of seconds), point ids as plain strings. The model records stay free of Jackson; the mix-ins here say how
 * they look on the wire. A number that is not finite (NaN, ±Infinity) is written as {@code null}: it is not JSON,
 * and Jackson's default (the string {@code "NaN"}) breaks clients that expect a number. Every answer (the
 * servlet's and the access filter's) is written here, errors in the one form of RFC 9457,
 * {@code application/problem+json}: {@code {"type", "title", "status", "detail", "instance"}}.
 */
final class Json {
    static final String PROBLEM = "application/problem+json";
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .addModule(new SimpleModule("gridhub-finite")
                    .addSerializer(Double.class, new Finite<>(Double.class))
                    .addSerializer(Double.TYPE, new Finite<>(Double.class))
                    .addSerializer(double[].class, new FiniteDoubles())
                    .addSerializer(Float.class, new Finite<>(Float.class))
                    .addSerializer(Float.TYPE, new Finite<>(Float.class)))
            .addMixIn(PointId.class, PointIdMixin.class)
            .addMixIn(Quality.class, QualityMixin.class)
            .addMixIn(SettlementRun.class, SettlementRunMixin.class)
            .build();

    private Json() {}

    /** {@code text} as a JSON tree; text that is not JSON is a 400 that names it {@code what}. */
    static JsonNode tree(String text, String what) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ApiException(400, what + ": not JSON: " + e.getOriginalMessage());
        }
    }

    /** Writes one answer: the status, {@code body} as JSON, never cached. */
    static void write(HttpServletResponse resp, int status, Object body) throws IOException {
        write(resp, status, "application/json", body);
    }

    private static void write(HttpServletResponse resp, int status, String type, Object body) throws IOException {
        resp.setStatus(status);
        resp.setContentType(type);
        resp.setCharacterEncoding("UTF-8");
        resp.setHeader("Cache-Control", "no-store");
        MAPPER.writeValue(resp.getOutputStream(), body);
    }

    /**
     * Writes the API's one error form, an RFC 9457 problem: {@code type} {@code about:blank} (the status says it
     * all), {@code title} the status's phrase, {@code detail} what was wrong and what to do, {@code instance} the
     * path asked for.
     */
    static void problem(HttpServletRequest req, HttpServletResponse resp, int status, String detail)
            throws IOException {
        write(resp, status, PROBLEM, problem(status, detail, req.getRequestURI()));
    }

    /** The body of a problem answer. */
    static Map<String, Object> problem(int status, String detail, String instance) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "about:blank");
        m.put("title", title(status));
        m.put("status", status);
        m.put("detail", detail);
        m.put("instance", instance);
        return m;
    }

    static String title(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 406 -> "Not Acceptable";
            case 409 -> "Conflict";
            case 413 -> "Content Too Large";
            case 415 -> "Unsupported Media Type";
            case 500 -> "Internal Server Error";
            case 503 -> "Service Unavailable";
            default -> status >= 500 ? "Server Error" : "Client Error";
        };
    }

    abstract static class PointIdMixin {
        @JsonValue
        abstract String value();
    }

    abstract static class QualityMixin {
        @JsonIgnore
        abstract boolean isGood();
    }

    /** A settled run with who is in it and whether it is provisional (the console's statements page lists them). */
    abstract static class SettlementRunMixin {
        @JsonProperty
        abstract List<String> members();

        @JsonProperty
        abstract boolean provisional();
    }

    /** A {@code Double} or {@code Float}: the number when finite, else {@code null}. */
    static final class Finite<T extends Number> extends StdSerializer<T> {
        private static final long serialVersionUID = 1L;

        Finite(Class<T> type) {
            super(type);
        }

        @Override
        public void serialize(T v, JsonGenerator g, SerializerProvider p) throws IOException {
            if (v instanceof Float f && Float.isFinite(f)) {
                g.writeNumber(f);
            } else if (!(v instanceof Float) && Double.isFinite(v.doubleValue())) {
                g.writeNumber(v.doubleValue());
            } else {
                g.writeNull();
            }
        }
    }

    static final class FiniteDoubles extends StdSerializer<double[]> {
        private static final long serialVersionUID = 1L;

        FiniteDoubles() {
            super(double[].class);
        }

        @Override
        public void serialize(double[] values, JsonGenerator g, SerializerProvider p) throws IOException {
            g.writeStartArray(values, values.length);
            for (double v : values) {
                if (Double.isFinite(v)) {
                    g.writeNumber(v);
                } else {
                    g.writeNull();
                }
            }
            g.writeEndArray();
        }
    }
}
