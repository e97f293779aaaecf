package io.gridhub.driver.ocpp.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One OCPP-J message: CALL {@code [2, id, action, payload]}, CALLRESULT {@code [3, id, payload]} or CALLERROR
 * {@code [4, id, code, description, details]}. {@link #parse} refuses what is not one with a FormationViolation that
 * names the message id when it can be read, so that the caller still gets an answer.
 */
record Frame(int type, String id, String action, JsonNode payload, String errorCode, String errorDescription) {
    static final int CALL = 2;
    static final int RESULT = 3;
    static final int ERROR = 4;
    static final ObjectMapper JSON = new ObjectMapper();
    /** What an unreadable frame is answered under (the id cannot be known). */
    static final String UNKNOWN_ID = "-1";

    private static final int MAX_ID = 36;
    private static final Pattern LEADING_ID = Pattern.compile("^\\s*\\[\\s*[234]\\s*,\\s*\"([^\"\\\\]{1,36})\"");

    /** A frame that cannot be parsed, with the id to answer under. */
    static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;
        final String id;
        final OcppError error;

        Malformed(String id, OcppError error) {
            super(error.getMessage());
            this.id = id;
            this.error = error;
        }
    }

    static Frame call(String id, String action, JsonNode payload) {
        return new Frame(CALL, id, action, payload, null, null);
    }

    static Frame parse(String text) throws Malformed {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw malformed(idIn(text), "not JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isArray() || node.size() < 3) {
            throw malformed(idIn(text), "an OCPP-J message is a JSON array of 3 to 5 items");
        }
        JsonNode idNode = node.get(1);
        boolean idReadable = idNode.isTextual() && idNode.asText().length() <= MAX_ID;
        String id = idReadable ? idNode.asText() : UNKNOWN_ID;
        if (!node.get(0).isInt() || !idReadable) {
            throw malformed(id, "the message type must be a number and the message id a string of at most 36");
        }
        int type = node.get(0).asInt();
        switch (type) {
            case CALL -> {
                if (node.size() != 4 || !node.get(2).isTextual() || !node.get(3).isObject()) {
                    throw malformed(id, "a CALL is [2, id, action, {payload}]");
                }
                return new Frame(CALL, id, node.get(2).asText(), node.get(3), null, null);
            }
            case RESULT -> {
                if (node.size() != 3 || !node.get(2).isObject()) {
                    throw malformed(id, "a CALLRESULT is [3, id, {payload}]");
                }
                return new Frame(RESULT, id, null, node.get(2), null, null);
            }
            case ERROR -> {
                if (node.size() < 4 || !node.get(2).isTextual()) {
                    throw malformed(id, "a CALLERROR is [4, id, code, description, {details}]");
                }
                return new Frame(
                        ERROR,
                        id,
                        null,
                        node.get(4),
                        node.get(2).asText(),
                        node.get(3).asText(""));
            }
            default -> throw malformed(id, "unknown message type " + type);
        }
    }

    private static Malformed malformed(String id, String why) {
        return new Malformed(id, new OcppError(OcppError.Code.FormationViolation, why));
    }

    /** The message id at the start of a broken frame, so that its CALLERROR reaches the caller's pending call. */
    static String idIn(String text) {
        Matcher m = LEADING_ID.matcher(text);
        return m.find() ? m.group(1) : UNKNOWN_ID;
    }

    String toJson() {
        ArrayNode a = JSON.createArrayNode().add(type).add(id);
        switch (type) {
            case CALL -> a.add(action).add(payload);
            case RESULT -> a.add(payload);
            default -> a.add(errorCode).add(errorDescription).add(payload == null ? JSON.createObjectNode() : payload);
        }
        return a.toString();
    }

    static String result(String id, JsonNode payload) {
        return new Frame(RESULT, id, null, payload, null, null).toJson();
    }

    static String error(String id, OcppError e) {
        String text = e.getMessage() == null ? "" : e.getMessage();
        ObjectNode details = JSON.createObjectNode();
        return new Frame(ERROR, id, null, details, e.code().name(), text.length() > 255 ? text.substring(0, 255) : text)
                .toJson();
    }
}
