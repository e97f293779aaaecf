package io.gridhub.testkit;

import java.util.LinkedHashMap;
import java.util.Map;
import org.osgi.util.converter.Converters;

/**
 * Typed settings from a few properties, converted the way Declarative Services and the driver host convert a
 * configuration (the OSGi standard converter): no hand-written stand-ins for a {@code Config} annotation or a
 * driver's settings interface. Absent keys take the type's defaults.
 */
public final class Settings {
    private Settings() {}

    /** {@code Settings.of(ModbusSettings.class, "host", "127.0.0.1", "port", port)}: later keys win. */
    public static <S> S of(Class<S> type, Object... keyValues) {
        return of(type, map(keyValues));
    }

    public static <S> S of(Class<S> type, Map<String, ?> properties) {
        return Converters.standardConverter().convert(properties).to(type);
    }

    /** Properties from key, value pairs, in order (a later pair replaces an earlier one with the same key). */
    public static Map<String, Object> map(Object... keyValues) {
        if (keyValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values come in pairs, got " + keyValues.length + " items");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            if (!(keyValues[i] instanceof String key)) {
                throw new IllegalArgumentException("key " + (i / 2 + 1) + " is not a string: " + keyValues[i]);
            }
            m.put(key, keyValues[i + 1]);
        }
        return m;
    }
}
