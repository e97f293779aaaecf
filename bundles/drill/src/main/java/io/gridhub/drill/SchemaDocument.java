package io.gridhub.drill;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A JSON document checked against a JSON Schema (2020-12) on the class path, read the way the CLI's input files are
 * (the drill, the dispatch scenario): duplicate keys and trailing tokens refused, malformed JSON reported with its
 * line and column, a schema violation with its JSON path and what was expected, each message starting with the
 * document's name, as an {@link IllegalArgumentException}.
 */
public final class SchemaDocument {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final JsonSchema schema;

    /** The schema {@code resource} next to {@code anchor} on the class path. */
    public SchemaDocument(Class<?> anchor, String resource) {
        try (InputStream in = anchor.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the classpath");
            }
            this.schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                    .getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The document's tree, valid against the schema. */
    public JsonNode read(String text, String name) {
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : ":" + at.getLineNr() + ":" + at.getColumnNr();
            throw new IllegalArgumentException(name + where + ": malformed JSON: " + e.getOriginalMessage());
        }
        if (root == null || root.isMissingNode()) {
            throw new IllegalArgumentException(name + ":1:1: malformed JSON: the file is empty");
        }
        List<ValidationMessage> errors = new ArrayList<>(schema.validate(root));
        if (!errors.isEmpty()) {
            // Most telling first: a failed $ref also leaves its properties "unevaluated", which only echoes it.
            errors.sort(Comparator.comparing((ValidationMessage m) -> "unevaluatedProperties".equals(m.getType()))
                    .thenComparing(m -> m.getInstanceLocation().toString()));
            ValidationMessage first = errors.get(0);
            String more = errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : "";
            throw new IllegalArgumentException(
                    name + ": " + first.getInstanceLocation() + ": " + first.getError() + more);
        }
        return root;
    }
}
