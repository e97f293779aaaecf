package io.gridhub.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.After;
import org.junit.Test;

/**
 * Governance and the durable settlement ledger in the real hub: users of Karaf's JAAS realm propose and approve a
 * policy; the hub settles a period with it, then the corrected period as version 2; after a clean restart the
 * versions, the statement with its changes and the approved policy are still there. Runs {@code bin/gridhub} as
 * a process (a restart), like {@link StoreCrashIT}.
 */
public class SettlementRestartIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START = Duration.ofSeconds(150);
    private static final String POLICY = "{\"id\":\"it-static\",\"version\":1,\"method\":\"static\","
            + "\"members\":[\"A\",\"B\",\"P\"],\"staticShares\":{\"A\":0.5,\"B\":0.5}}";
    private static final String METERS = "timestamp,member,consumption_kWh,generation_kWh\\n"
            + "2024-06-01T10:00:00Z,A,2,0\\n2024-06-01T10:00:00Z,B,4,0\\n2024-06-01T10:00:00Z,P,0,3\\n"
            + "2024-06-01T10:15:00Z,A,1,0\\n2024-06-01T10:15:00Z,B,1,0\\n2024-06-01T10:15:00Z,P,0,5\\n";

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private HubProcess hub;

    private record Answer(int status, JsonNode json, String body) {}

    @Test
    public void approvedPolicySettlesAndVersionsSurviveARestart() throws Exception {
        hub = HubProcess.unpack("settle");
        hub.addUsers("operator = op-secret,operator", "lead = lead-secret,governance-lead");
        hub.start("first");
        awaitLedger();

        Answer proposed = post(
                "/api/v1/governance/proposals",
                "{\"policy\":" + POLICY + ",\"effectiveFrom\":\"2024-01-01T00:00:00Z\"}",
                "operator",
                "op-secret");
        assertEquals(proposed.body(), 201, proposed.status());
        long id = proposed.json().path("proposal").path("id").asLong();
        assertEquals(
                401,
                post("/api/v1/governance/proposals/" + id + "/approve", "", null, null)
                        .status());
        assertEquals(
                401,
                post("/api/v1/governance/proposals/" + id + "/approve", "", "lead", "wrong")
                        .status());
        Answer own = post("/api/v1/governance/proposals/" + id + "/approve", "", "operator", "op-secret");
        assertEquals(own.body(), 403, own.status());
        // Before approval the policy does not run.
        Answer early = settle(METERS);
        assertEquals(early.body(), 400, early.status());
        assertTrue(early.body(), early.body().contains("no approved version"));
        Answer approved = post("/api/v1/governance/proposals/" + id + "/approve", "", "lead", "lead-secret");
        assertEquals(approved.body(), 200, approved.status());
        assertEquals("APPROVED", approved.json().path("proposal").path("state").asText());

        Answer v1 = settle(METERS);
        assertEquals(v1.body(), 201, v1.status());
        assertEquals(1, v1.json().path("version").asInt());
        assertEquals("it-static@v1", v1.json().path("policy").asText());
        // Corrected meter data: B used 2 kWh, not 4, in the first quarter hour.
        Answer v2 = settle(METERS.replace("10:00:00Z,B,4,0", "10:00:00Z,B,2,0"));
        assertEquals(v2.body(), 201, v2.status());
        assertEquals(2, v2.json().path("version").asInt());
        assertEquals(
                1, v2.json().path("changesFromPreviousVersion").path("lines").asInt());

        hub.stop();
        hub.start("second");
        awaitLedger();

        JsonNode run = get("/api/v1/allocations/it").json();
        assertEquals(2, run.path("version").asInt());
        JsonNode statement = get("/api/v1/statements/B?community=it").json();
        assertEquals(2, statement.path("version").asInt());
        assertEquals(1, statement.path("previousVersion").asInt());
        assertEquals(statement.toString(), 1, statement.path("changes").size());
        assertEquals(
                4000.0,
                statement.path("changes").get(0).path("consumptionWhBefore").asDouble(),
                1e-9);
        assertEquals(
                2000.0,
                statement.path("changes").get(0).path("consumptionWhAfter").asDouble(),
                1e-9);
        JsonNode v1Again = get("/api/v1/statements/B?community=it&version=1").json();
        assertEquals(4000.0 + 1000.0, v1Again.path("consumptionWh").asDouble(), 1e-9);
        JsonNode audit = get("/api/v1/governance/audit").json();
        assertTrue(audit.toString(), audit.path("intact").asBoolean());
        // propose, approve: the operator's approval was refused by the access filter (role), before governance;
        // the keyed audit trail has it as denied.
        assertEquals(audit.toString(), 2, audit.path("entries").size());
        JsonNode trail = get("/api/v1/audit?subject=/api/v1/governance/proposals/" + id + "/approve")
                .json();
        assertTrue(trail.toString(), trail.toString().contains("\"outcome\":\"denied\""));
        Answer v3 = settle(METERS);
        assertEquals(v3.body(), 201, v3.status());
        assertEquals(3, v3.json().path("version").asInt());

        assertEquals(
                "the ledger opened on both starts", 2, HubProcess.count(hub.karafLog(), "settlement ledger open in"));
    }

    private Answer settle(String metersEscaped) throws Exception {
        return post(
                "/api/v1/allocations",
                "{\"method\":\"static\",\"community\":\"it\",\"policyId\":\"it-static\","
                        + "\"importPrice\":0.3,\"exportPrice\":0.08,\"meters\":\"" + metersEscaped + "\"}",
                "operator",
                "op-secret");
    }

    // ---------------------------------------------------------------- HTTP

    private Answer post(String path, String body, String user, String password) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(hub.uri(path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (user != null) {
            b.header(
                    "Authorization",
                    "Basic "
                            + Base64.getEncoder()
                                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return answer(http.send(b.build(), HttpResponse.BodyHandlers.ofString()));
    }

    private Answer get(String path) throws Exception {
        Answer a = answer(http.send(
                ItUser.request(hub.uri(path))
                        .timeout(Duration.ofSeconds(30))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString()));
        assertEquals(path + ": " + a.body(), 200, a.status());
        return a;
    }

    private static Answer answer(HttpResponse<String> r) {
        JsonNode json;
        try {
            json = JSON.readTree(r.body());
        } catch (IOException e) {
            json = JSON.createObjectNode();
        }
        return new Answer(r.statusCode(), json, r.body());
    }

    // ---------------------------------------------------------------- the hub as a process

    /** Healthy, and the ledger service is there (the store opens on its own thread, then registers it). */
    private void awaitLedger() throws Exception {
        hub.awaitHealthy(START);
        assertTrue(
                "the settlement ledger did not come up within " + START,
                Waits.until(START, () -> hub.status("/api/v1/allocations") == 200));
        // The settlement service follows the ledger: an empty request is a 400 once it is there (503 before).
        assertTrue("the settlement service did not come up within " + START, Waits.until(START, () -> {
            try {
                return post("/api/v1/allocations", "{}", "operator", "op-secret")
                                .status()
                        == 400;
            } catch (Exception e) {
                return false;
            }
        }));
    }

    @After
    public void stop() throws Exception {
        if (hub != null) {
            hub.close();
        }
    }
}
