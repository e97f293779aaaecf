package io.gridhub.web.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.gridhub.api.ev.EvSession;
import io.gridhub.api.model.Asset;
import io.gridhub.api.model.Community;
import io.gridhub.api.model.Member;
import io.gridhub.api.model.Site;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * EV charging sessions of the OCPP central system: {@code GET /ev/sessions} lists them (a member only those at the
 * chargers of its own sites), {@code PUT /ev/sessions/{session}} sets what the member says about an open one: its
 * departure and the energy it needs (the member's app; an operator may set them too). {@code GET /ev/chargepoints}
 * lists the configured charge points and, beside them, the unknown identities that were refused.
 */
final class EvSessions {
    private static final List<String> FIELDS = List.of("departure", "energyNeededWh");

    private EvSessions() {}

    static void register(Handlers h, Services hub) {
        h.get("/api/v1/ev/sessions", c -> {
            String state = c.param("state");
            String chargePoint = c.param("chargePoint");
            List<Community> communities = hub.topology().communities();
            List<Map<String, Object>> out = hub.ev().sessions().stream()
                    .filter(s -> state == null || s.state().name().equalsIgnoreCase(state))
                    .filter(s -> chargePoint == null || s.chargePointId().equals(chargePoint))
                    .filter(s -> allowed(c.caller(), communities, s))
                    .map(EvSessions::json)
                    .toList();
            return Page.of(c, Page.CATALOG).of("sessions", out);
        });
        h.on("PUT", "/api/v1/ev/sessions/{session}", c -> Json.write(c.resp(), 200, update(c, hub)));
        h.get("/api/v1/ev/chargepoints", c -> {
            Map<String, Object> page =
                    Page.of(c, Page.CATALOG).of("chargePoints", hub.ev().chargePoints());
            page.put("unknown", hub.ev().unknownChargePoints());
            return page;
        });
    }

    private static Map<String, Object> update(Call c, Services hub) throws IOException {
        String id = c.decoded("session");
        EvSession s = hub.ev().session(id).orElseThrow(() -> new ApiException(404, "no EV session " + id));
        if (!allowed(c.caller(), hub.topology().communities(), s)) {
            throw new ApiException(403, "session " + id + " is not at a charger of yours");
        }
        JsonNode body = c.object("{departure, energyNeededWh}", FIELDS);
        Instant departure = null;
        if (body.hasNonNull("departure")) {
            try {
                departure = Instant.parse(body.get("departure").asText());
            } catch (DateTimeParseException e) {
                throw new ApiException(400, "departure: an ISO-8601 instant such as 2026-12-07T17:30:00Z");
            }
        }
        Double energy = null;
        if (body.hasNonNull("energyNeededWh")) {
            if (!body.get("energyNeededWh").isNumber()) {
                throw new ApiException(400, "energyNeededWh: a number of Wh");
            }
            energy = body.get("energyNeededWh").asDouble();
        }
        try {
            return json(hub.ev().updateSession(id, departure, energy));
        } catch (NoSuchElementException e) {
            throw new ApiException(404, e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new ApiException(s.state() == EvSession.State.ENDED ? 409 : 400, e.getMessage());
        }
    }

    /** Staff read and update every session; a member those at the chargers of its own sites. */
    private static boolean allowed(Caller caller, List<Community> communities, EvSession s) {
        if (caller.staff()) {
            return true;
        }
        return ownerOf(communities, s.assetId()).map(caller::isMember).orElse(false);
    }

    /** The member with the asset at one of its sites. */
    static Optional<String> ownerOf(List<Community> communities, String assetId) {
        for (Community c : communities) {
            for (Member m : c.members()) {
                for (Site site : m.sites()) {
                    if (site.assets().stream().map(Asset::id).anyMatch(assetId::equals)) {
                        return Optional.of(m.id());
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** A session as its record, with {@code null} for a power or state of charge not reported. */
    static Map<String, Object> json(EvSession s) {
        Map<String, Object> m = Json.MAPPER.convertValue(s, new TypeReference<>() {});
        m.put("powerW", Double.isNaN(s.powerW()) ? null : s.powerW());
        m.put("socPercent", Double.isNaN(s.socPercent()) ? null : s.socPercent());
        m.put("energyRemainingWh", s.energyRemainingWh());
        m.put("state", s.state().name().toLowerCase(Locale.ROOT));
        return m;
    }
}
