package io.gridhub.web.internal;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.gridhub.api.model.PointId;
import io.gridhub.api.model.Quality;
import java.io.IOException;

/**
 * The one JSON mapper of the REST API: ISO-8601 instants and durations (a plan's step is {@code "PT15M"}, not a
 * number of seconds), point ids as plain strings. The model records stay free of Jackson; the mix-ins here say how
 * they look on the wire. A number that is not finite (NaN, ±Infinity) is written as {@code null}: it is not JSON,
 * and Jackson's default (the string {@code "NaN"}) breaks clients that expect a number.
 */
final class Json {
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .addModule(new SimpleModule("gridhub-finite")
                    .addSerializer(Double.class, new FiniteDouble())
                    .addSerializer(Double.TYPE, new FiniteDouble())
                    .addSerializer(double[].class, new FiniteDoubles())
                    .addSerializer(Float.class, new FiniteFloat())
                    .addSerializer(Float.TYPE, new FiniteFloat()))
            .addMixIn(PointId.class, PointIdMixin.class)
            .addMixIn(Quality.class, QualityMixin.class)
            .build();

    private Json() {}

    abstract static class PointIdMixin {
        @JsonValue
        abstract String value();
    }

    abstract static class QualityMixin {
        @JsonIgnore
        abstract boolean isGood();
    }

    static final class FiniteDouble extends StdSerializer<Double> {
        private static final long serialVersionUID = 1L;

        FiniteDouble() {
            super(Double.class);
        }

        @Override
        public void serialize(Double v, JsonGenerator g, SerializerProvider p) throws IOException {
            if (Double.isFinite(v)) {
                g.writeNumber(v);
            } else {
                g.writeNull();
            }
        }
    }

    static final class FiniteFloat extends StdSerializer<Float> {
        private static final long serialVersionUID = 1L;

        FiniteFloat() {
            super(Float.class);
        }

        @Override
        public void serialize(Float v, JsonGenerator g, SerializerProvider p) throws IOException {
            if (Float.isFinite(v)) {
                g.writeNumber(v);
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
