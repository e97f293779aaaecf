package io.gridhub.driver.ocpp;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One charge point, one factory configuration each ({@code etc/io.gridhub.driver.ocpp.device-NAME.cfg}); the same
 * file carries the host's settings (name, pollMillis, backoff, …). The central system knows a charge point only
 * while such a configuration names it: any other identity is refused and listed as unknown.
 */
@ObjectClassDefinition(
        name = "gridhub OCPP 1.6J charge point",
        factoryPid = OcppDriver.FACTORY_PID,
        description = "A charge point that connects to the hub's central system")
public @interface OcppSettings {
    @AttributeDefinition(description = "The charge point's identity: the last segment of ws://HOST:PORT/ocpp/ID")
    String chargePointId();

    @AttributeDefinition(
            description = "HTTP Basic password (OCPP security profiles 1 and 2; the user is the charge point id)",
            type = AttributeType.PASSWORD)
    String password() default "";

    @AttributeDefinition(description = "Accept it without credentials, only when it connects from the loopback address")
    boolean allowNoAuth() default false;

    @AttributeDefinition(description = "Rated power, W", min = "0")
    double maxPowerW() default 11000;

    @AttributeDefinition(description = "Whether it can discharge (V2G): only then a profile may have negative limits")
    boolean canDischarge() default false;

    @AttributeDefinition(description = "Its asset in the community topology (EV_CHARGER), for the loop's sessions")
    String assetId() default "";

    @AttributeDefinition(
            description = "Default stay of a car after arrival, minutes (until the member says)",
            min = "1")
    int defaultStayMinutes() default 480;

    @AttributeDefinition(description = "Default energy a session needs, Wh (until the member says)", min = "0")
    double defaultEnergyWh() default 20000;
}
