package io.gridhub.driver.ocpp.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The OCPP 1.6 JSON schemas of the messages the central system handles or sends ({@code schemas/ocpp16.json}, one
 * schema per {@code Action.req} / {@code Action.conf}), and what a violation is called in an OCPP-J CALLERROR.
 */
final class Schemas {
    private static final String RESOURCE = "schemas/ocpp16.json";
    private static final Schemas INSTANCE = load();

    private static final List<OcppError.Code> PRECEDENCE = List.of(
            OcppError.Code.TypeConstraintViolation,
            OcppError.Code.FormationViolation,
            OcppError.Code.OccurenceConstraintViolation,
            OcppError.Code.PropertyConstraintViolation);

    private final Map<String, JsonSchema> schemas;

    private Schemas(Map<String, JsonSchema> schemas) {
        this.schemas = schemas;
    }

    static Schemas get() {
        return INSTANCE;
    }

    private static Schemas load() {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);
        SchemaValidatorsConfig config =
                SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        try (InputStream in = Schemas.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            JsonNode all = Frame.JSON.readTree(in);
            Map<String, JsonSchema> m = new HashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = all.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                m.put(e.getKey(), factory.getSchema(e.getValue(), config));
            }
            return new Schemas(Map.copyOf(m));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /** Whether {@code action} has a request schema here (the messages the hub knows). */
    boolean knows(String action) {
        return schemas.containsKey(action + ".req");
    }

    /** Validates a request's payload; a violation is the OCPP error code a CALLERROR carries. */
    void request(String action, JsonNode payload) throws OcppError {
        validate(action + ".req", payload);
    }

    /** Validates a response's payload. */
    void response(String action, JsonNode payload) throws OcppError {
        validate(action + ".conf", payload);
    }

    private void validate(String key, JsonNode payload) throws OcppError {
        JsonSchema schema = schemas.get(key);
        if (schema == null) {
            throw new OcppError(OcppError.Code.NotImplemented, "no schema for " + key);
        }
        Set<ValidationMessage> errors = schema.validate(payload);
        if (!errors.isEmpty()) {
            // The most basic violation names the error: type, then structure, then occurrence, then values.
            ValidationMessage first = errors.stream()
                    .min(Comparator.comparingInt((ValidationMessage m) -> PRECEDENCE.indexOf(codeOf(m.getType())))
                            .thenComparing(ValidationMessage::getMessage))
                    .orElseThrow();
            throw new OcppError(codeOf(first.getType()), first.getMessage());
        }
    }

    /**
     * OCPP-J 1.6, section 4.2.3: a field of the wrong type is a TypeConstraintViolation; a missing field or a wrong
     * number of items an OccurenceConstraintViolation; a field the PDU does not have a FormationViolation; a value
     * outside its enumeration, length, format or range a PropertyConstraintViolation.
     */
    static OcppError.Code codeOf(String keyword) {
        return switch (keyword) {
            case "type" -> OcppError.Code.TypeConstraintViolation;
            case "required", "minItems", "maxItems" -> OcppError.Code.OccurenceConstraintViolation;
            case "additionalProperties" -> OcppError.Code.FormationViolation;
            default -> OcppError.Code.PropertyConstraintViolation;
        };
    }
}
