package io.gridhub.driver.modbus;

import io.gridhub.api.driver.AbstractDriver;
import io.gridhub.api.driver.Connection;
import io.gridhub.api.driver.ConnectionException;
import io.gridhub.api.driver.DeviceContext;
import io.gridhub.api.driver.Driver;
import io.gridhub.driver.modbus.internal.LoadProfiles;
import org.osgi.service.component.annotations.Component;

/**
 * The Modbus TCP driver. Each factory configuration of {@value #FACTORY_PID} is one device; its mapping names
 * channels as {@link ModbusAddress addresses} like {@code hr:100:float32}. A device whose settings describe its
 * meter's load profile ({@code loadProfile.*}) has an outage back-filled from it (see the module's README).
 */
@Component(service = Driver.class)
public final class ModbusDriver extends AbstractDriver<ModbusSettings, ModbusAddress> {
    /** The default of {@link Driver#factoryPid()} for this id, named for the settings' metatype. */
    public static final String FACTORY_PID = "io.gridhub.driver.modbus.device";

    private final LoadProfiles loadProfiles = new LoadProfiles();

    public ModbusDriver() {
        super("modbus", ModbusSettings.class, ModbusAddress::parse);
    }

    @Override
    public Connection<ModbusAddress> connect(ModbusSettings settings, DeviceContext context)
            throws ConnectionException {
        return loadProfiles.connect(settings, context);
    }
}
