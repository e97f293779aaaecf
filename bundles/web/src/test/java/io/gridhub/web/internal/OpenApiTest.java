package io.gridhub.web.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gridhub.web.internal.Route.Served;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The OpenAPI document against the route table, read by an independent parser (swagger-parser). */
class OpenApiTest {
    private static SwaggerParseResult parse() throws Exception {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        return new OpenAPIParser().readContents(Json.MAPPER.writeValueAsString(OpenApi.build()), null, options);
    }

    /** {@code METHOD pattern} of every operation the parsed document names. */
    private static Set<String> operations(OpenAPI api) {
        Set<String> ids = new TreeSet<>();
        api.getPaths()
                .forEach((path, item) -> item.readOperationsMap()
                        .keySet()
                        .forEach(m -> ids.add(m.name().toUpperCase(Locale.ROOT) + " " + path)));
        return ids;
    }

    @Test
    void theDocumentIsValidOpenApi31() throws Exception {
        SwaggerParseResult result = parse();
        assertThat(result.getMessages()).isEmpty();
        OpenAPI api = result.getOpenAPI();
        assertThat(api.getOpenapi()).isEqualTo("3.1.0");
        assertThat(api.getPaths()).hasSizeGreaterThanOrEqualTo(15);
        assertThat(api.getComponents().getSecuritySchemes()).containsOnlyKeys("basic", "bearer");
        assertThat(api.getComponents().getSecuritySchemes().get("bearer").getScheme())
                .isEqualTo("bearer");
    }

    @Test
    void itNamesEveryRouteOfTheTableAndNoOther() throws Exception {
        Set<String> routes = new TreeSet<>();
        for (Route r : Routes.ALL) {
            if (r.served() != Served.CONSOLE && r.served() != Served.METRICS) {
                routes.add(r.id());
            }
        }
        assertThat(operations(parse().getOpenAPI())).isEqualTo(routes);
        // Each has its own words: a route added to the table without them fails here, and so does a stale entry.
        assertThat(OpenApi.DOCS.keySet()).isEqualTo(routes);
    }

    @Test
    void eachOperationHasItsPathVariablesQueryParametersBodyTypesErrorsAndRoles() throws Exception {
        OpenAPI api = parse().getOpenAPI();
        List<String> failures = new ArrayList<>();
        for (Route r : OpenApi.routes()) {
            PathItem item = api.getPaths().get(r.pattern());
            var op = item.readOperationsMap().get(PathItem.HttpMethod.valueOf(r.method()));
            Set<String> vars = new HashSet<>();
            for (String s : Route.segments(r.pattern())) {
                if (s.startsWith("{")) {
                    vars.add(s.substring(1, s.length() - 1));
                }
            }
            List<Parameter> params = op.getParameters() == null ? List.of() : op.getParameters();
            Set<String> inPath = new HashSet<>();
            params.stream().filter(p -> p.getIn().equals("path")).forEach(p -> inPath.add(p.getName()));
            if (!inPath.equals(vars)) {
                failures.add(r.id() + " path parameters " + inPath);
            }
            if (r.method().equals("POST") && r.contentTypes().isEmpty() && op.getRequestBody() != null) {
                failures.add(r.id() + " takes no body but the document gives it one");
            }
            if (r.method().equals("POST")
                    && !r.contentTypes().isEmpty()
                    && !op.getRequestBody().getContent().keySet().equals(r.contentTypes())) {
                failures.add(r.id() + " body types "
                        + op.getRequestBody().getContent().keySet());
            }
            if (r.anonymous() != Route.Anonymous.YES
                    && !op.getDescription().contains("Roles: " + String.join(", ", new TreeSet<>(r.roles())))) {
                failures.add(r.id() + " roles: " + op.getDescription());
            }
            if (r.anonymous() != Route.Anonymous.YES && !op.getResponses().containsKey("403")) {
                failures.add(r.id() + " has no 403");
            }
        }
        assertThat(failures).isEmpty();
        var samples = api.getPaths().get("/api/v1/points/{point}/samples").getGet();
        assertThat(samples.getParameters()).extracting(Parameter::getName).contains("point", "from", "to", "step");
        var points = api.getPaths().get("/api/v1/points").getGet();
        assertThat(points.getParameters()).extracting(Parameter::getName).containsExactly("limit", "offset");
        assertThat(api.getPaths().get("/api/v1/health").getGet().getSecurity())
                .singleElement()
                .satisfies(s -> assertThat(s).isEmpty());
        assertThat(points.getResponses().get("401").get$ref()).endsWith("/Problem");
        assertThat(api.getPaths()
                        .get("/api/v1/events")
                        .getGet()
                        .getResponses()
                        .get("200")
                        .getContent())
                .containsKeys("application/json", "text/event-stream");
    }

    @Test
    void itIsServedToEverySignedInRole() throws Exception {
        ApiTest api = new ApiTest();
        api.dir = Files.createTempDirectory("openapi");
        api.setUp();
        TestRealm.user("m07", Roles.MEMBER, "member:m07");
        FakeHttp.Resp served = api.send(new FakeHttp.Req("GET", "/api/v1/openapi.json").basic("m07"));
        assertThat(served.status).isEqualTo(200);
        JsonNode doc = Json.MAPPER.readTree(served.body());
        assertThat(doc.get("openapi").asText()).isEqualTo("3.1.0");
        assertThat(api.send(new FakeHttp.Req("GET", "/api/v1/openapi.json")).status)
                .isEqualTo(401);
    }
}
