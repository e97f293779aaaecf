package io.gridhub.web.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One HTTP route of the hub and what it takes: the roles that may call it ({@code admin} may call everything),
 * whether anonymous callers may, whose data it serves, the largest body it accepts and the content types of that
 * body. {@code pattern} is a path with {@code {name}} segments, e.g. {@code /api/v1/statements/{member}}.
 */
record Route(
        String method,
        String pattern,
        Set<String> roles,
        Anonymous anonymous,
        Owner owner,
        long maxBody,
        Set<String> contentTypes,
        Served served) {
    /** Who may call it without credentials. */
    enum Anonymous {
        NO,
        YES,
        /** Callers on the same host (127.0.0.1, ::1) only. */
        LOOPBACK
    }

    /** Whose data it serves, beyond what the roles allow. */
    enum Owner {
        NONE,
        /** The {@code {member}} of the path: that member may call it too. */
        MEMBER,
        /**
         * The {@code {point}} of the path: when the point belongs to a member's asset, only that member and the
         * staff roles (operator, governance lead) may call it; other points are for the route's roles.
         */
        MEMBER_POINT
    }

    /** Which servlet answers it. */
    enum Served {
        API,
        /** The ingest bundle's push servlet ({@code /api/v1/ingest/*}). */
        INGEST,
        /** The console's pages and files ({@link ConsoleServlet}). */
        CONSOLE,
        /** The console's sign-in ({@link SessionServlet}): {@code /api/v1/login}, {@code logout}, {@code session}. */
        SESSION,
        /** The metrics bundle's Prometheus scrape ({@code /metrics}): not REST API, not in the OpenAPI document. */
        METRICS
    }

    Route {
        roles = Set.copyOf(roles);
        contentTypes = Set.copyOf(contentTypes);
    }

    /** {@code METHOD pattern}: the route's id, and the key of its handler. */
    String id() {
        return method + " " + pattern;
    }

    boolean write() {
        return !method.equals("GET");
    }

    /** A POST or a PUT: a write whose body (if its route takes one) has a type and a size to check. */
    boolean takesBody() {
        return method.equals("POST") || method.equals("PUT");
    }

    /** The path variables when {@code segments} (decoded path segments) fit the pattern, else null. */
    Map<String, String> match(List<String> segments) {
        List<String> parts = segments(pattern);
        if (parts.size() != segments.size()) {
            return null;
        }
        Map<String, String> vars = new LinkedHashMap<>();
        for (int i = 0; i < parts.size(); i++) {
            String p = parts.get(i);
            if (p.startsWith("{") && p.endsWith("}")) {
                vars.put(p.substring(1, p.length() - 1), segments.get(i));
            } else if (!p.equals(segments.get(i))) {
                return null;
            }
        }
        return vars;
    }

    /** The non-empty segments of a path: {@code /a//b/} is {@code [a, b]}, {@code /} is {@code []}. */
    static List<String> segments(String path) {
        List<String> out = new ArrayList<>();
        for (String s : path.split("/")) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }

    Route anonymous(Anonymous a) {
        return new Route(method, pattern, roles, a, owner, maxBody, contentTypes, served);
    }

    Route owner(Owner o) {
        return new Route(method, pattern, roles, anonymous, o, maxBody, contentTypes, served);
    }

    Route served(Served s) {
        return new Route(method, pattern, roles, anonymous, owner, maxBody, contentTypes, s);
    }

    /** A write taking at most {@code bytes} of one of {@code types}. */
    Route body(long bytes, String... types) {
        return new Route(method, pattern, roles, anonymous, owner, bytes, Set.of(types), served);
    }
}
