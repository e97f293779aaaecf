package io.gridhub.core.internal.driver;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import org.osgi.util.converter.Converters;

/**
 * Turns a configuration's properties into a typed settings annotation, as Declarative Services does for
 * components, and checks every attribute at once so that a bad value is a configuration error now, naming the
 * setting, rather than a surprise at the first use.
 */
public final class TypedSettings {
    private TypedSettings() {}

    public static <S> S convert(Class<S> type, Map<String, ?> properties) throws IllegalArgumentException {
        S settings = Converters.standardConverter().convert(properties).to(type);
        for (Method m : type.getDeclaredMethods()) {
            if (m.getParameterCount() != 0) {
                continue;
            }
            try {
                Object v = m.invoke(settings);
                if (v == null) {
                    throw new IllegalArgumentException("setting '" + m.getName() + "' is missing");
                }
            } catch (InvocationTargetException e) {
                Throwable c = e.getCause();
                String why = c instanceof NullPointerException || c.getMessage() == null ? "missing" : c.getMessage();
                throw new IllegalArgumentException(
                        "setting '" + m.getName() + "': " + why + " (given: " + properties.get(m.getName()) + ")", c);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
        return settings;
    }
}
