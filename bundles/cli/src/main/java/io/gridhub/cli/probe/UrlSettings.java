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
     */
    public static <S> S of(URI url, Class<S> type, int defaultPort, Map<String, String> aliases) throws ProbeException {
        if (url.getHost() == null || url.getHost().isBlank()) {
            throw new ProbeException(
                    "bad URL '" + url + "': no host (e.g. " + url.getScheme() + "://127.0.0.1:" + defaultPort + ")");
        }
        Set<String> known = new TreeSet<>();
        Arrays.stream(type.getDeclaredMethods()).forEach(m -> known.add(m.getName()));
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("host", url.getHost());
        props.put("port", url.getPort() < 0 ? defaultPort : url.getPort());
        String query = url.getRawQuery();
        if (query != null && !query.isEmpty()) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "true" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                String name = aliases.getOrDefault(key, key);
                if (!known.contains(name)) {
                    Set<String> all = new TreeSet<>(known);
                    all.addAll(aliases.keySet());
                    all.removeAll(Set.of("host", "port"));
                    throw new ProbeException("bad URL '" + url + "': unknown parameter '" + key + "' (known: "
                            + String.join(", ", all) + ")");
                }
                props.put(name, value);
            }
        }
        S settings = Converters.standardConverter().convert(props).to(type);
        for (Method m : type.getDeclaredMethods()) {
            try {
                if (m.invoke(settings) == null) {
                    throw new ProbeException("bad URL '" + url + "': setting '" + m.getName() + "' is missing");
                }
            } catch (InvocationTargetException e) {
                String key = aliases.entrySet().stream()
                        .filter(a -> a.getValue().equals(m.getName()))
                        .map(Map.Entry::getKey)
                        .findFirst()
                        .orElse(m.getName());
                throw new ProbeException(
                        "bad URL '" + url + "': '" + key + "' cannot be '" + props.get(m.getName()) + "'",
                        e.getCause());
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
        return settings;
    }
}
