package io.gridhub.web.internal;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.gridhub.api.model.PointId;
import io.gridhub.api.model.Quality;

/**
 * The one JSON mapper of the REST API: ISO-8601 instants and durations (a plan's step is {@code "PT15M"}, not a
 * number of seconds), point ids as plain strings. The model records stay free of Jackson; the mix-ins here say how
 * they look on the wire.
 */
final class Json {
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .addMixIn(PointId.class, PointIdMixin.class)
            .addMixIn(Quality.class, QualityMixin.class)
            .build();

    private Json() {
    }

    abstract static class PointIdMixin {
        @JsonValue
        abstract String value();
    }

    abstract static class QualityMixin {
        @JsonIgnore
        abstract boolean isGood();
    }
}
