package io.gridhub.driver.iec61850;

import io.gridhub.api.driver.AbstractDriver;
import io.gridhub.api.driver.Connection;
import io.gridhub.api.driver.ConnectionException;
import io.gridhub.api.driver.DeviceContext;
import io.gridhub.api.driver.Driver;
import io.gridhub.driver.iec61850.internal.Iec61850Connection;
import io.gridhub.driver.iec61850.internal.ReportPositions;
import org.osgi.service.component.annotations.Component;

/**
 * The IEC 61850 MMS client driver. Each factory configuration of {@value #FACTORY_PID} is one IED; its mapping
 * names data attributes as {@link Iec61850Address addresses} like {@code pvbatLD0/MMXU1.TotW.mag.f[MX]}.
 */
@Component(service = Driver.class)
public final class Iec61850Driver extends AbstractDriver<Iec61850Settings, Iec61850Address> {
    /** The default of {@link Driver#factoryPid()} for this id, named for the settings' metatype. */
    public static final String FACTORY_PID = "io.gridhub.driver.iec61850.device";

    /**
     * Where each device's buffered reports stood in this run, so that a new connection resumes them (after a restart
     * of the hub, from the resume points the hub kept).
     */
    private final ReportPositions positions = new ReportPositions();

    public Iec61850Driver() {
        super("iec61850", Iec61850Settings.class, Iec61850Address::parse);
    }

    @Override
    public Connection<Iec61850Address> connect(Iec61850Settings settings, DeviceContext context)
            throws ConnectionException {
        return Iec61850Connection.open(Iec61850Connection.Config.of(settings), context, positions);
    }
}
