package io.gridhub.api.model;

import java.util.regex.Pattern;

/** Checks the ids of topology elements: the same alphabet as a point id segment. */
final class Ids {
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private Ids() {}

    static String require(String id, String what) {
        if (id == null || !SEGMENT.matcher(id).matches()) {
            throw new IllegalArgumentException(
                    "invalid " + what + " '" + id + "': 1 to 64 letters, digits, '_' or '-'");
        }
        return id;
    }
}
