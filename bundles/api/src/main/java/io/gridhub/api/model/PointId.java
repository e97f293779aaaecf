package io.gridhub.api.model;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The stable identity of a point, e.g. {@code demo.m01.meter.p}. Dot-separated segments of letters, digits,
 * {@code _} and {@code -}; it is what the store, REST paths and the northbound servers key on.
 */
public record PointId(String value) implements Comparable<PointId> {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");

    public PointId {
        Objects.requireNonNull(value, "point id");
        if (value.length() > 200 || !VALID.matcher(value).matches()) {
            throw new IllegalArgumentException("invalid point id '" + value
                    + "': dot-separated segments of letters, digits, '_' and '-', at most 200 characters");
        }
    }

    public static PointId of(String value) {
        return new PointId(value);
    }

    @Override
    public int compareTo(PointId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
