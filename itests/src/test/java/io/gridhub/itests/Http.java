package io.gridhub.itests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/** GETs against the hub's REST API in the container, on the port {@link GridhubContainer} chose, as {@link ItUser}. */
public final class Http {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public record Response(int status, String body) {
        public JsonNode json() throws IOException {
            return JSON.readTree(body);
        }
    }

    private Http() {}

    public static Response get(String path) throws IOException, InterruptedException {
        HttpRequest request =
                ItUser.request(uri(path)).timeout(Duration.ofSeconds(5)).GET().build();
        HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), response.body());
    }

    /**
     * Polls {@code /api/v1/health} until it answers 200 and returns that answer; fails with the last answer (or
     * connection error) when the timeout passes first.
     */
    public static Response awaitHealthy(Duration timeout) throws InterruptedException {
        String[] last = {"no answer"};
        Optional<Response> ok = Waits.value(timeout, () -> {
            try {
                Response r = get("/api/v1/health");
                last[0] = r.status() + " " + r.body();
                return r.status() == 200 ? Optional.of(r) : Optional.empty();
            } catch (IOException e) {
                last[0] = e.toString(); // Jetty not listening yet
                return Optional.empty();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        });
        return ok.orElseThrow(() ->
                new AssertionError("GET /api/v1/health did not answer 200 within " + timeout + "; last: " + last[0]));
    }

    public static URI uri(String path) {
        Integer port = Integer.getInteger(GridhubContainer.HTTP_PORT);
        if (port == null) {
            throw new IllegalStateException(GridhubContainer.HTTP_PORT + " is not set: not running in the container?");
        }
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
