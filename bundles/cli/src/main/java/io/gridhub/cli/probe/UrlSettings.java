package io.gridhub.cli.probe;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.osgi.util.converter.Converters;

/**
 * A URL's host, port and query parameters as a driver's typed settings, converted the way the hub converts a
 * device configuration, with short aliases ({@code unit} for {@code unitId}).
 */
public final class UrlSettings {
    private UrlSettings() {}

    /**
     * @param aliases short query names to settings names
     * @throws ProbeException for a URL without host, an unknown parameter, a value of the wrong type, a missing
     *     setting, or a port outside 1..65535
     */
    public static <S> S of(URI url, Class<S> type, int defaultPort, Map<String, String> aliases) throws ProbeException {
        if (url.getHost() == null || url.getHost().isBlank()) {
            throw bad(url, "no host (e.g. " + url.getScheme() + "://127.0.0.1:" + defaultPort + ")");
        }
        Set<String> known = new TreeSet<>();
        Arrays.stream(type.getDeclaredMethods()).forEach(m -> known.add(m.getName()));
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("host", url.getHost());
        props.put("port", url.getPort() < 0 ? defaultPort : url.getPort());
        for (Map.Entry<String, String> p : query(url).entrySet()) {
            String key = p.getKey();
            String name = aliases.getOrDefault(key, key);
            if (!known.contains(name)) {
                Set<String> all = new TreeSet<>(known);
                all.addAll(aliases.keySet());
                all.removeAll(Set.of("host", "port"));
                throw bad(url, "unknown parameter '" + key + "' (known: " + String.join(", ", all) + ")");
            }
            props.put(name, p.getValue());
        }
        S settings = Converters.standardConverter().convert(props).to(type);
        for (Method m : type.getDeclaredMethods()) {
            try {
                if (m.invoke(settings) == null) {
                    throw bad(url, "setting '" + m.getName() + "' is missing");
                }
            } catch (InvocationTargetException e) {
                String key = aliases.entrySet().stream()
                        .filter(a -> a.getValue().equals(m.getName()))
                        .map(Map.Entry::getKey)
                        .findFirst()
                        .orElse(m.getName());
                throw new ProbeException(
                        problem(url, "'" + key + "' cannot be '" + props.get(m.getName()) + "'"), e.getCause());
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
        int port = Converters.standardConverter().convert(props.get("port")).to(int.class);
        if (port < 1 || port > 65535) {
            throw bad(url, "port " + port + " out of 1..65535");
        }
        return settings;
    }

    /**
     * A URL's query parameters in their order, decoded; a parameter without {@code =} is {@code true}. A name given
     * twice keeps its last value.
     */
    static Map<String, String> query(URI url) {
        Map<String, String> params = new LinkedHashMap<>();
        String query = url.getRawQuery();
        if (query != null && !query.isEmpty()) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "true" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                params.put(key, value);
            }
        }
        return params;
    }

    /** The one form of a URL problem: {@code bad URL 'URL': REASON}. */
    static String problem(Object url, String reason) {
        return "bad URL '" + url + "': " + reason;
    }

    static ProbeException bad(Object url, String reason) {
        return new ProbeException(problem(url, reason));
    }
}
