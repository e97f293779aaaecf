package io.gridhub.driver.modbus;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * A Modbus TCP device's settings, one factory configuration each
 * ({@code etc/io.gridhub.driver.modbus.device-NAME.cfg});
 * the same file carries the host's settings (name, pollMillis, backoff, …).
 */
@ObjectClassDefinition(
        name = "gridhub Modbus TCP device",
        factoryPid = ModbusDriver.FACTORY_PID,
        description = "A Modbus TCP server (slave) the hub polls")
public @interface ModbusSettings {
    @AttributeDefinition(description = "Host name or IP address of the device or gateway")
    String host();

    @AttributeDefinition(description = "TCP port", min = "1", max = "65535")
    int port() default 502;

    @AttributeDefinition(
            description = "Unit id (slave id) addressed; 255 or 1 for most TCP devices",
            min = "0",
            max = "255")
    int unitId() default 1;

    @AttributeDefinition(description = "Connect and response timeout, ms", min = "1")
    int timeoutMillis() default 2000;

    @AttributeDefinition(
            description =
                    "Registers (or bits) that may lie unused between two points and still be " + "read in one request",
            min = "0")
    int maxGap() default 8;

    @AttributeDefinition(description = "Most registers per read request (Modbus allows 125)", min = "1", max = "125")
    int maxRegistersPerRequest() default 125;

    @AttributeDefinition(
            description = "Most coils or discrete inputs per read request (Modbus allows 2000)",
            min = "1",
            max = "2000")
    int maxBitsPerRequest() default 2000;

    @AttributeDefinition(
            description = "Write single coils and registers with FC15/FC16 instead of FC5/FC6 (for "
                    + "devices that only implement the multiple-write functions)")
    boolean multipleWritesOnly() default false;
}
