package io.gridhub.driver.ocpp.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gridhub.api.ev.EvSession;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * What the central system answers to a charge point's (already validated) CALLs, and what each one changes: boot
 * and connector states on the link, meter values into its measurements and the session, transactions in the
 * session book. Every id tag is accepted: the hub keeps no authorization list (a charger's own list decides).
 */
final class Inbound {
    private final CentralSystem system;
    private final SessionBook sessions;
    private final Clock clock;
    private final int heartbeatSeconds;

    Inbound(CentralSystem system, SessionBook sessions, Clock clock, int heartbeatSeconds) {
        this.system = system;
        this.sessions = sessions;
        this.clock = clock;
        this.heartbeatSeconds = heartbeatSeconds;
    }

    JsonNode handle(ChargePointLink link, String action, JsonNode req) throws OcppError {
        Instant now = clock.instant();
        ObjectNode conf = Frame.JSON.createObjectNode();
        switch (action) {
            case "BootNotification" -> {
                link.vendor = req.path("chargePointVendor").asText();
                link.model = req.path("chargePointModel").asText();
                link.booted = true;
                conf.put("status", "Accepted")
                        .put("currentTime", now.toString())
                        .put("interval", heartbeatSeconds);
            }
            case "Heartbeat" -> conf.put("currentTime", now.toString());
            case "StatusNotification" ->
                link.connectorStatus.put(
                        req.path("connectorId").asInt(), req.path("status").asText());
            case "Authorize" -> conf.set("idTagInfo", accepted());
            case "StartTransaction" -> {
                int connector = req.path("connectorId").asInt();
                if (connector < 1) {
                    throw new OcppError(
                            OcppError.Code.PropertyConstraintViolation, "a transaction needs a connector of 1 or more");
                }
                EvSession s = sessions.start(
                        link.id,
                        link.settings,
                        connector,
                        req.path("idTag").asText(),
                        req.path("meterStart").asDouble(),
                        Measurements.instant(req.path("timestamp").asText(), now));
                conf.put("transactionId", s.transactionId()).set("idTagInfo", accepted());
                system.started(s);
            }
            case "StopTransaction" -> {
                int tx = req.path("transactionId").asInt();
                sessions.stop(link.id, tx, req.path("meterStop").asDouble(), now)
                        .ifPresent(s -> system.notify(List.of(s)));
                if (req.has("idTag")) {
                    conf.set("idTagInfo", accepted());
                }
            }
            case "MeterValues" -> meterValues(link, req, now);
            case "DataTransfer" -> conf.put("status", "UnknownVendorId");
            case "DiagnosticsStatusNotification", "FirmwareStatusNotification" -> {
                // Nothing to keep: the hub sends neither firmware updates nor diagnostics requests.
            }
            default -> throw new OcppError(OcppError.Code.NotSupported, "the central system does not take " + action);
        }
        return conf;
    }

    private void meterValues(ChargePointLink link, JsonNode req, Instant now) {
        int connector = req.path("connectorId").asInt();
        List<Measurements.Value> values = link.measurements.take(connector, req.path("meterValue"), now);
        double register = Double.NaN;
        double power = Double.NaN;
        double soc = Double.NaN;
        for (Measurements.Value v : values) {
            if (!v.phase().isEmpty()) {
                continue;
            }
            switch (v.measurand()) {
                case Measurements.DEFAULT_MEASURAND -> register = v.value();
                case "Power.Active.Import" -> power = v.value();
                case "SoC" -> soc = v.value();
                default -> {
                    // Kept as points only.
                }
            }
        }
        if (connector > 0 && !(Double.isNaN(register) && Double.isNaN(power) && Double.isNaN(soc))) {
            sessions.meter(link.id, connector, register, power, soc);
        }
    }

    private static ObjectNode accepted() {
        return Frame.JSON.createObjectNode().put("status", "Accepted");
    }
}
