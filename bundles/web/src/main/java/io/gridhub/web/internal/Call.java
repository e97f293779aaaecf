package io.gridhub.web.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * One request as the access filter matched it: its route and path variables, and the caller. What a resource's
 * handler reads; the answer goes to {@code resp}.
 */
record Call(HttpServletRequest req, HttpServletResponse resp, Route route, Map<String, String> vars, Caller caller) {
    /** A path variable as sent (percent-encoded). */
    String var(String name) {
        return vars.get(name);
    }

    /** A path variable, percent-decoded. */
    String decoded(String name) {
        return Query.segment(vars.get(name));
    }

    /** A query parameter, null when absent. */
    String param(String name) {
        return req.getParameter(name);
    }

    /** The body, at most the route's limit (413 beyond; the filter's bounded stream refuses earlier). */
    String body() throws IOException {
        return new String(bytes(), StandardCharsets.UTF_8);
    }

    /**
     * The body as a JSON object with no other fields than {@code fields}; else 400: the body is a JSON object
     * {@code shape}, or which fields it may have.
     */
    JsonNode object(String shape, List<String> fields) throws IOException {
        JsonNode n = Json.tree(body(), "request body");
        if (n == null || !n.isObject()) {
            throw new ApiException(400, "the body is a JSON object " + shape);
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!fields.contains(f)) {
                throw new ApiException(400, "unknown field '" + f + "': only " + String.join(" and ", fields));
            }
        }
        return n;
    }

    /** The body as sent, at most the route's limit (413 beyond). */
    byte[] bytes() throws IOException {
        long max = route.maxBody();
        byte[] b = req.getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
        if (b.length > max) {
            throw new ApiException(413, route.id() + " takes at most " + max + " bytes of body");
        }
        return b;
    }
}
