package io.gridhub.driver.ocpp;

import io.gridhub.api.driver.AddressException;
import java.util.List;
import java.util.Set;

/**
 * A channel of a charge point: {@code CONNECTOR:NAME[:PHASE]}. NAME is an OCPP 1.6 measurand of its MeterValues
 * (e.g. {@code 1:Power.Active.Import}, {@code 1:Energy.Active.Import.Register}, {@code 1:SoC}, {@code 1:Voltage:L1}),
 * in the SI base unit (W, Wh, var, varh, A, V, Hz, %, °C: a kW or kWh the charger sends is converted), or one of
 * {@code status} (the connector's StatusNotification as a number, see {@link #STATUSES}), {@code session} (1 while a
 * transaction runs on it, else 0) and {@code limit} (writable: W, sent as a one-period charging profile). Connector 0
 * is the charge point as a whole.
 */
public record OcppAddress(int connector, String name, String phase) {
    /** The OCPP 1.6 ChargePointStatus values; a status channel reads the index. */
    public static final List<String> STATUSES = List.of(
            "Available",
            "Preparing",
            "Charging",
            "SuspendedEVSE",
            "SuspendedEV",
            "Finishing",
            "Reserved",
            "Unavailable",
            "Faulted");

    public static final String STATUS = "status";
    public static final String SESSION = "session";
    public static final String LIMIT = "limit";

    /** The measurands of OCPP 1.6 (section 7.31). */
    static final Set<String> MEASURANDS = Set.of(
            "Current.Export",
            "Current.Import",
            "Current.Offered",
            "Energy.Active.Export.Register",
            "Energy.Active.Import.Register",
            "Energy.Reactive.Export.Register",
            "Energy.Reactive.Import.Register",
            "Energy.Active.Export.Interval",
            "Energy.Active.Import.Interval",
            "Energy.Reactive.Export.Interval",
            "Energy.Reactive.Import.Interval",
            "Frequency",
            "Power.Active.Export",
            "Power.Active.Import",
            "Power.Factor",
            "Power.Offered",
            "Power.Reactive.Export",
            "Power.Reactive.Import",
            "RPM",
            "SoC",
            "Temperature",
            "Voltage");

    private static final Set<String> PHASES =
            Set.of("L1", "L2", "L3", "N", "L1-N", "L2-N", "L3-N", "L1-L2", "L2-L3", "L3-L1");

    public OcppAddress {
        phase = phase == null ? "" : phase;
    }

    /** Whether this is a meter value (not status, session or limit). */
    public boolean isMeasurand() {
        return MEASURANDS.contains(name);
    }

    public static OcppAddress parse(String text) throws AddressException {
        String[] p = text.trim().split(":", -1);
        if (p.length < 2 || p.length > 3) {
            throw new AddressException(text, "expected CONNECTOR:NAME[:PHASE], e.g. 1:Power.Active.Import");
        }
        int connector;
        try {
            connector = Integer.parseInt(p[0]);
        } catch (NumberFormatException e) {
            throw new AddressException(text, "the connector must be a number, got '" + p[0] + "'");
        }
        if (connector < 0) {
            throw new AddressException(text, "the connector must be 0 or more");
        }
        String name = p[1];
        boolean special = name.equals(STATUS) || name.equals(SESSION) || name.equals(LIMIT);
        if (!special && !MEASURANDS.contains(name)) {
            throw new AddressException(
                    text, "unknown name '" + name + "': an OCPP 1.6 measurand, status, session or limit");
        }
        String phase = p.length == 3 ? p[2] : "";
        if (!phase.isEmpty() && (special || !PHASES.contains(phase))) {
            throw new AddressException(text, "phase '" + phase + "' is not one of " + PHASES + " or not for " + name);
        }
        if ((name.equals(SESSION) || name.equals(LIMIT)) && connector == 0) {
            throw new AddressException(text, name + " needs a connector of 1 or more");
        }
        return new OcppAddress(connector, name, phase);
    }

    @Override
    public String toString() {
        return connector + ":" + name + (phase.isEmpty() ? "" : ":" + phase);
    }
}
