package io.gridhub.driver.iec104;

import io.gridhub.api.driver.AbstractDriver;
import io.gridhub.api.driver.Connection;
import io.gridhub.api.driver.ConnectionException;
import io.gridhub.api.driver.DeviceContext;
import io.gridhub.api.driver.Driver;
import io.gridhub.driver.iec104.internal.Iec104Connection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Component;

/**
 * The IEC 60870-5-104 client driver. Each factory configuration of {@value #FACTORY_PID} is one outstation; its
 * mapping names information objects as {@link Iec104Address addresses} like {@code ioa:1001}.
 */
@Component(service = Driver.class)
public final class Iec104Driver extends AbstractDriver<Iec104Settings, Iec104Address> {
    /** The default of {@link Driver#factoryPid()} for this id, named for the settings' metatype. */
    public static final String FACTORY_PID = "io.gridhub.driver.iec104.device";

    /** By device: which of its two addresses to try first (0: host, 1: host2); see Iec104Connection.open. */
    private final Map<String, Integer> firstAddress = new ConcurrentHashMap<>();

    public Iec104Driver() {
        super("iec104", Iec104Settings.class, Iec104Address::parse);
    }

    @Override
    public Connection<Iec104Address> connect(Iec104Settings settings, DeviceContext context)
            throws ConnectionException {
        String device = context.deviceName();
        return Iec104Connection.open(
                Iec104Connection.Config.of(settings),
                context,
                firstAddress.getOrDefault(device, 0),
                i -> firstAddress.put(device, i));
    }
}
