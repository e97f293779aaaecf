package io.gridhub.web.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * One page of a list answer, from {@code ?limit=} (1 to {@value #MAX_LIMIT}; each list has its default) and
 * {@code ?offset=} (0 or more, default 0); anything else is a 400 naming the parameter. The answer keeps its list
 * under its own name ({@code "points"}, {@code "events"}, …) and has beside it {@code total} (the whole list's
 * size, where the source can count it), {@code limit}, {@code offset} and {@code next}: the path and query of the
 * following page, null on the last.
 *
 * @param path  the request's path, for {@code next}
 * @param query the request's query string (null when none), kept in {@code next} but for limit and offset
 */
record Page(int limit, int offset, String path, String query) {
    static final int MAX_LIMIT = 10_000;
    /** The default of lists that are catalogs (points, devices, strategies, …): all of a large community's. */
    static final int CATALOG = 1_000;
    /** The default of logs read newest first (events, audit, quarantine). */
    static final int LOG = 100;
    /** How far back a log read newest first can be paged: offset + limit at most this. */
    static final int MAX_WINDOW = 20_000;

    /** The page a call asks for. */
    static Page of(Call c, int defaultLimit) {
        return parse(c::param, defaultLimit, c.req().getRequestURI(), c.req().getQueryString());
    }

    static Page parse(Function<String, String> params, int defaultLimit, String path, String query) {
        return new Page(
                number(params, "limit", defaultLimit, 1, MAX_LIMIT),
                number(params, "offset", 0, 0, Integer.MAX_VALUE),
                path,
                query);
    }

    static int number(Function<String, String> params, String name, int fallback, int min, int max) {
        String raw = params.apply(name);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        long v;
        try {
            v = Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            throw new ApiException(400, name + " must be a whole number, got '" + raw + "'");
        }
        if (v < min || v > max) {
            throw new ApiException(400, name + " must be " + min + " to " + max + ", got " + v);
        }
        return (int) v;
    }

    /** The page of a whole list, under {@code field}. */
    Map<String, Object> of(String field, Collection<?> all) {
        List<?> list = all instanceof List<?> l ? l : new ArrayList<>(all);
        int from = Math.min(offset, list.size());
        int to = (int) Math.min((long) offset + limit, list.size());
        return body(field, list.subList(from, to), (long) list.size(), to < list.size());
    }

    /**
     * The page of a list read newest first: {@code newest} gives the newest {@code n} entries, {@code total} the
     * whole list's size (null when the source cannot count it). Reads one entry more than the page to know whether
     * another follows.
     */
    <T> Map<String, Object> window(String field, IntFunction<List<T>> newest, Long total) {
        if ((long) offset + limit > MAX_WINDOW) {
            throw new ApiException(
                    400,
                    "offset must be at most " + (MAX_WINDOW - limit) + " with limit " + limit + ": this list is read "
                            + "newest first, and only its newest " + MAX_WINDOW + " entries can be paged");
        }
        List<T> got = newest.apply(offset + limit + 1);
        int from = Math.min(offset, got.size());
        int to = Math.min(offset + limit, got.size());
        return body(field, got.subList(from, to), total, got.size() > offset + limit);
    }

    /** {@code items} under {@code field}, then the paging fields. */
    Map<String, Object> body(String field, List<?> items, Long total, boolean more) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(field, items);
        if (total != null) {
            m.put("total", total);
        }
        m.put("limit", limit);
        m.put("offset", offset);
        m.put("next", more ? next() : null);
        return m;
    }

    /** This request's path and query, with the following page's offset. */
    String next() {
        return link(
                path, query, Map.of("limit", String.valueOf(limit), "offset", String.valueOf((long) offset + limit)));
    }

    /** {@code path} and {@code query} with the parameters of {@code set} replaced (added at the end). */
    static String link(String path, String query, Map<String, String> set) {
        StringBuilder q = new StringBuilder();
        if (query != null) {
            for (String part : query.split("&")) {
                String name = part.contains("=") ? part.substring(0, part.indexOf('=')) : part;
                if (!part.isEmpty() && !set.containsKey(name)) {
                    q.append(part).append('&');
                }
            }
        }
        new TreeMap<>(set)
                .forEach((k, v) -> q.append(k)
                        .append('=')
                        .append(URLEncoder.encode(v, StandardCharsets.UTF_8))
                        .append('&'));
        return path + "?" + q.substring(0, q.length() - 1);
    }
}
