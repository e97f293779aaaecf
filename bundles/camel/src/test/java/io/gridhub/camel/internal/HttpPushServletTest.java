package io.gridhub.camel.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import javax.servlet.ServletOutputStream;
import javax.servlet.WriteListener;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

class HttpPushServletTest {
    @Test
    void aRefusedPushIsAnRfc9457Problem() throws Exception {
        HttpServletRequest req = (HttpServletRequest) Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {HttpServletRequest.class},
                (p, m, a) -> switch (m.getName()) {
                    case "getPathInfo" -> "/bad name";
                    case "getRequestURI" -> "/api/v1/ingest/bad%20name";
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        Map<String, Object> seen = new HashMap<>();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        ServletOutputStream out = new ServletOutputStream() {
            @Override
            public void write(int b) {
                body.write(b);
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener l) {}
        };
        HttpServletResponse resp = (HttpServletResponse) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {HttpServletResponse.class}, (p, m, a) -> {
                    switch (m.getName()) {
                        case "getOutputStream" -> {
                            return out;
                        }
                        case "setStatus", "setContentType" -> seen.put(m.getName(), a[0]);
                        default -> {}
                    }
                    return null;
                });
        // The source name is refused before the engine is asked.
        new HttpPushServlet(null).doPost(req, resp);
        assertThat(seen).containsEntry("setStatus", 404).containsEntry("setContentType", "application/problem+json");
        JsonNode p = MappingFiles.JSON.readTree(body.toByteArray());
        assertThat(p.get("type").asText()).isEqualTo("about:blank");
        assertThat(p.get("title").asText()).isEqualTo("Not Found");
        assertThat(p.get("status").asInt()).isEqualTo(404);
        assertThat(p.get("detail").asText()).contains("a source name of letters");
        assertThat(p.get("instance").asText()).isEqualTo("/api/v1/ingest/bad%20name");
    }
}
