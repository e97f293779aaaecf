package io.gridhub.web.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The API tokens of machine clients ({@link ApiTokens}): {@code GET /tokens}, {@code POST /tokens} (body
 * {@code {"name", "roles"}}; the token is in this answer only) and {@code DELETE /tokens/{name}}.
 */
final class Tokens {
    private Tokens() {}

    static void register(Handlers h, ApiTokens tokens) {
        h.get("/api/v1/tokens", c -> {
            Map<String, Object> m = Page.of(c, Page.CATALOG).of("tokens", tokens.list());
            m.put("file", tokens.file().toString());
            return m;
        });
        h.post("/api/v1/tokens", 201, c -> {
            String body = c.body();
            JsonNode n = Json.MAPPER.readTree(body.isBlank() ? "{}" : body);
            List<String> roles = new ArrayList<>();
            if (n.has("roles") && n.get("roles").isArray()) {
                n.get("roles").forEach(r -> roles.add(r.asText()));
            }
            return tokens.create(
                    n.hasNonNull("name") ? n.get("name").asText() : null,
                    roles,
                    c.caller().actor());
        });
        h.delete("/api/v1/tokens/{name}", c -> {
            if (!tokens.revoke(c.var("name"))) {
                throw new ApiException(404, "no token named " + c.var("name"));
            }
            return Map.of("revoked", c.var("name"));
        });
    }
}
