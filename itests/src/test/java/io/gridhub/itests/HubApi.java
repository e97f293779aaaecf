package io.gridhub.itests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The REST API of a {@link HubProcess} as one account: GETs, POSTs of JSON or of raw bytes, and polling until an
 * answer satisfies a condition (failing with the last answer seen). Thread-safe: several test threads may share it.
 */
final class HubApi {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** An answer: status, the body parsed (an empty object when it is not JSON) and as text. */
    record Answer(int status, JsonNode json, String body) {}

    private final HubProcess hub;
    private final String authorization;
    private volatile String last = "";

    HubApi(HubProcess hub, String user, String password) {
        this.hub = hub;
        this.authorization = user == null
                ? null
                : "Basic "
                        + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** The same hub as another account. */
    HubApi as(String user, String password) {
        return new HubApi(hub, user, password);
    }

    Answer get(String path) throws IOException, InterruptedException {
        return send(request(path).GET());
    }

    /** A POST of a JSON body; {@code null}: no body and no content type (an action). */
    Answer post(String path, String json) throws IOException, InterruptedException {
        HttpRequest.Builder b = request(path);
        if (json == null) {
            b.POST(HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        }
        return send(b);
    }

    /** A POST of raw bytes of the given media type. */
    Answer post(String path, String type, byte[] body) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    /** The status of a GET, -1 while nothing answers. */
    int status(String path) {
        try {
            return get(path).status();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Polls a GET until its 200 answer satisfies a condition; fails with the last answer otherwise. */
    JsonNode await(String what, Duration timeout, String path, Predicate<JsonNode> condition)
            throws InterruptedException {
        Optional<JsonNode> v = Waits.value(timeout, () -> {
            try {
                Answer a = get(path);
                last = a.status() + " " + a.body();
                return a.status() == 200 && condition.test(a.json()) ? Optional.of(a.json()) : Optional.empty();
            } catch (IOException | RuntimeException e) {
                last = e.toString();
                return Optional.empty();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        });
        return v.orElseThrow(() -> new AssertionError(
                "no " + what + " within " + timeout + " (GET " + path + "); last: " + abbreviated(last)));
    }

    /** A path segment, percent-encoded (plan ids hold ':' and '@'). */
    static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(hub.uri(path)).timeout(Duration.ofSeconds(30));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return b;
    }

    private static Answer send(HttpRequest.Builder b) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json;
        try {
            json = JSON.readTree(r.body());
        } catch (IOException e) {
            json = null;
        }
        return new Answer(r.statusCode(), json == null ? JSON.createObjectNode() : json, r.body());
    }

    private static String abbreviated(String s) {
        return s.length() <= 2_000 ? s : s.substring(0, 2_000) + " …";
    }
}
