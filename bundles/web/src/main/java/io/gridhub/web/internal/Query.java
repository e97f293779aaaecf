package io.gridhub.web.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Reading a request's path segments and query parameters, with 400 answers that say what was expected. */
final class Query {
    private Query() {}

    /**
     * An ISO-8601 instant named {@code name} (a parameter or a body field): {@code fallback} when absent or blank;
     * 400 when it does not parse.
     */
    static Instant instant(String name, String raw, Instant fallback) {
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            return Instant.parse(raw.trim());
        } catch (DateTimeParseException e) {
            throw new ApiException(
                    400, name + " must be an ISO-8601 instant such as 2026-01-01T00:00:00Z, got '" + raw + "'");
        }
    }

    /** A path segment as sent (percent-encoded). */
    static String segment(String raw) {
        return URLDecoder.decode(raw, StandardCharsets.UTF_8);
    }
}
