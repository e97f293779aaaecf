package io.gridhub.core.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;

/**
 * Says where a JSON configuration file went wrong, for every file the hub reads (community definitions, point
 * maps): line and column, the JSON path of the field, and the first line of the reason — the validation message
 * of a model record when that is what refused the value.
 */
public final class JsonFiles {
    private JsonFiles() {}

    /** {@code " at line L, column C ($.path): reason"} for a parse or mapping failure. */
    public static String describe(JsonProcessingException e) {
        Throwable root = e.getCause() instanceof IllegalArgumentException iae ? iae : e;
        String where = e.getLocation() == null
                ? ""
                : " at line " + e.getLocation().getLineNr() + ", column "
                        + e.getLocation().getColumnNr();
        String field = e instanceof JsonMappingException jme && !jme.getPath().isEmpty() ? " (" + path(jme) + ")" : "";
        String msg = root == e ? e.getOriginalMessage() : root.getMessage();
        return where + field + ": " + firstLine(msg);
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder("$");
        for (JsonMappingException.Reference ref : e.getPath()) {
            sb.append(ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]");
        }
        return sb.toString();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "invalid";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
