package io.gridhub.driver.ocpp;

import io.gridhub.api.driver.AbstractDriver;
import io.gridhub.api.driver.Connection;
import io.gridhub.api.driver.ConnectionException;
import io.gridhub.api.driver.DeviceContext;
import io.gridhub.api.driver.Driver;
import io.gridhub.driver.ocpp.internal.CentralSystem;
import io.gridhub.driver.ocpp.internal.OcppConnection;

/**
 * Charge points as devices. Each factory configuration of {@value #FACTORY_PID} is one charge point: the central
 * system admits it by its settings, and the driver host "connects" to it while its WebSocket is open (a charge point
 * dials in; the host's connect waits for that, offline until then), reading its meter values, connector status and
 * session flag by {@link OcppAddress addresses} like {@code 1:Power.Active.Import}. Registered by the central
 * system's component, which owns the one {@link CentralSystem}.
 */
public final class OcppDriver extends AbstractDriver<OcppSettings, OcppAddress> {
    /** The default of {@link Driver#factoryPid()} for this id, named for the settings' metatype. */
    public static final String FACTORY_PID = "io.gridhub.driver.ocpp.device";

    private final CentralSystem system;

    public OcppDriver(CentralSystem system) {
        super("ocpp", OcppSettings.class, OcppAddress::parse);
        this.system = system;
    }

    @Override
    public Connection<OcppAddress> connect(OcppSettings settings, DeviceContext context) throws ConnectionException {
        return OcppConnection.open(system, settings, context);
    }
}
