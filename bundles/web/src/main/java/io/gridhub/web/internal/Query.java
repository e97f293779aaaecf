package io.gridhub.web.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** Reading a request's path segments and query parameters, with 400 answers that say what was expected. */
final class Query {
    private Query() {}

    /** {@code ?limit=N}: {@code fallback} when absent, at least 1 and at most {@code max}; 400 when not a number. */
    static int limit(String raw, int fallback, int max) {
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            return Math.max(1, Math.min(max, Integer.parseInt(raw.trim())));
        } catch (NumberFormatException e) {
            throw new ApiException(400, "limit must be a number, got '" + raw + "'");
        }
    }

    /** A path segment as sent (percent-encoded). */
    static String segment(String raw) {
        return URLDecoder.decode(raw, StandardCharsets.UTF_8);
    }
}
