package io.gridhub.core.internal.driver;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The host's part of every device configuration, whatever the driver: the driver's own settings come from the
 * same factory configuration (e.g. {@code etc/io.gridhub.driver.modbus.device-bat.cfg}). What the device's addresses
 * are and which points they become is not here: the device's one mapping file says it (source = device name).
 */
@ObjectClassDefinition(
        name = "gridhub device (host settings)",
        description = "Settings the driver host reads from every device configuration")
public @interface DeviceConfig {
    @AttributeDefinition(
            required = false,
            description = "Device name (letters, digits, '_', '-'); default: the part of the .cfg file name after "
                    + "the first '-'")
    String name() default "";

    @AttributeDefinition(
            description = "Interval of the 'default' poll group, ms (the device's mapping file names the points, "
                    + "their poll groups and the other groups' intervals)",
            min = "1")
    long pollMillis() default 1000;

    @AttributeDefinition(description = "First reconnect delay, ms (doubles, ±20 % jitter)", min = "1")
    long backoffMinMillis() default 1000;

    @AttributeDefinition(description = "Longest reconnect delay, ms", min = "1")
    long backoffMaxMillis() default 60_000;

    @AttributeDefinition(
            description = "A call hanging longer than this is abandoned and the device reconnected, ms",
            min = "100")
    long watchdogMillis() default 30_000;

    @AttributeDefinition(
            description = "Take the values a device pushes (IEC 104 spontaneous data, IEC 61850 reports, OPC UA "
                    + "subscriptions) where its driver can; those channels leave their poll groups. False: poll all")
    boolean subscribe() default true;

    @AttributeDefinition(
            description = "With subscribe: pushed channels are also read this often (and on each connect), ms; "
                    + "0: only on connect",
            min = "0")
    long integrityPollMillis() default 60_000;

    @AttributeDefinition(
            description = "After a reconnect, how long values dated inside the outage may still come (buffered "
                    + "events, buffered reports) before what is missing counts as a gap, ms",
            min = "0")
    long backfillWaitMillis() default 10_000;
}
