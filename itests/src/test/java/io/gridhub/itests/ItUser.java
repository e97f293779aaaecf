package io.gridhub.itests;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Base64;

/**
 * The account the integration tests act as: an operator, so it reads everything staff may and writes what an
 * operator does (every REST route but health needs an authenticated role, docs/security.md).
 */
final class ItUser {
    static final String NAME = "it-operator";
    static final String PASSWORD = "it-operator-secret";
    /** The users.properties value: password, roles and the person behind the account. */
    static final String ENTRY = PASSWORD + ",operator,person:it-runner";

    private ItUser() {}

    static String basic() {
        return "Basic " + Base64.getEncoder().encodeToString((NAME + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    /** A request that authenticates as the IT user and declares a JSON body (harmless on a GET). */
    static HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).header("Authorization", basic()).header("Content-Type", "application/json");
    }

    /** Adds the user to an unpacked hub's realm. */
    static void addTo(Path etc) throws IOException {
        Files.writeString(
                etc.resolve("users.properties"), "\n" + NAME + " = " + ENTRY + "\n", StandardOpenOption.APPEND);
    }
}
