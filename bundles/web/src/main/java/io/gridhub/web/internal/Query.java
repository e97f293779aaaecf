package io.gridhub.web.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.function.Function;

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

    /** A range {@code [from, to)} of time a request asks for. */
    record Range(Instant from, Instant to) {}

    /**
     * The range of the parameters {@code from} and {@code to}: {@code to} defaults to {@code now}, {@code from} to
     * {@code back} before {@code to}; 400 when either does not parse or {@code from} is not before {@code to}.
     */
    static Range range(Function<String, String> params, Instant now, Duration back) {
        Instant to = instant("to", params.apply("to"), now);
        Instant from = instant("from", params.apply("from"), to.minus(back));
        if (!from.isBefore(to)) {
            throw new ApiException(400, "from (" + from + ") must be before to (" + to + ")");
        }
        return new Range(from, to);
    }

    /** A path segment as sent (percent-encoded). */
    static String segment(String raw) {
        return URLDecoder.decode(raw, StandardCharsets.UTF_8);
    }
}
