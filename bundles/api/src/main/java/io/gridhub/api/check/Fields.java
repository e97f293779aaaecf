package io.gridhub.api.check;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a record's compact constructor checks and normalizes, written once: required fields are not {@code null}
 * (the exception names the field, as {@link Objects#requireNonNull(Object, String)} does), optional text is
 * {@code ""} rather than {@code null}, and collections are immutable copies, empty rather than {@code null}.
 * Records built for every reading ({@code Sample}, {@code RawReading}) keep {@link Objects#requireNonNull}: no
 * varargs array per reading.
 */
public final class Fields {
    private Fields() {}

    /**
     * Throws a {@link NullPointerException} whose message is the name of the first value that is {@code null}.
     *
     * @param names  the values' names, separated by single spaces, in the order of {@code values}
     * @param values the values to check
     */
    public static void require(String names, Object... values) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) {
                String[] each = names.split(" ");
                if (each.length != values.length) {
                    throw new IllegalArgumentException(
                            each.length + " names (" + names + ") for " + values.length + " values");
                }
                throw new NullPointerException(each[i]);
            }
        }
    }

    /** The text, or {@code ""} for {@code null}. */
    public static String orEmpty(String text) {
        return text == null ? "" : text;
    }

    /** An immutable copy of the list; empty for {@code null}. */
    public static <T> List<T> copyOf(List<T> list) {
        return list == null ? List.of() : List.copyOf(list);
    }

    /** An immutable copy of the set; empty for {@code null}. */
    public static <T> Set<T> copyOf(Set<T> set) {
        return set == null ? Set.of() : Set.copyOf(set);
    }

    /** An immutable copy of the map; empty for {@code null}. */
    public static <K, V> Map<K, V> copyOf(Map<K, V> map) {
        return map == null ? Map.of() : Map.copyOf(map);
    }
}
