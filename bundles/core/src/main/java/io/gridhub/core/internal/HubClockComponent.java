package io.gridhub.core.internal;

import io.gridhub.api.time.HubClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's time ({@link HubClock}): the system clock unless configured, else a clock running {@code speed} times
 * faster than the wall clock from an anchor (./gridhub demo --speed N writes it, and hands the same anchor to the
 * demo's field devices). A changed configuration re-registers the service, so every component that uses it starts
 * again on the new clock. A configuration that cannot be used is refused with the reason, and the hub keeps the
 * system clock.
 */
@Component(configurationPid = HubClockComponent.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = HubClockComponent.Config.class)
public final class HubClockComponent {
    static final String PID = "io.gridhub.core.clock";
    /** Above this a 5-minute loop cycle would come more often than every 30 ms of wall time. */
    static final double MAX_SPEED = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(HubClockComponent.class);

    @ObjectClassDefinition(
            name = "gridhub clock",
            description = "The hub's time: the system clock, or accelerated time from an anchor (the demo)")
    public @interface Config {
        @AttributeDefinition(description = "Hub seconds per wall second (1: real time)", min = "0.001", max = "10000")
        double speed() default 1;

        @AttributeDefinition(description = "Wall time of the anchor, ms since 1970 (0: when the hub starts)")
        long wallAnchorMillis() default 0;

        @AttributeDefinition(description = "Hub time at the anchor, ISO-8601 instant (empty: the wall anchor)")
        String hubAnchor() default "";
    }

    private final ServiceRegistration<HubClock> registration;

    @Activate
    public HubClockComponent(BundleContext context, Config config) {
        HubClock clock = clock(config, Clock.systemUTC());
        registration = context.registerService(HubClock.class, clock, null);
        LOG.info("hub time: {}; a hub day passes in {} of wall time", clock, clock.wall(Duration.ofDays(1)));
    }

    @Deactivate
    void deactivate() {
        registration.unregister();
    }

    /** The clock a configuration describes, or the system clock with the reason logged when it cannot be used. */
    static HubClock clock(Config config, Clock wall) {
        try {
            double speed = config.speed();
            if (!(speed >= 0.001 && speed <= MAX_SPEED)) {
                throw new IllegalArgumentException("speed must be between 0.001 and " + MAX_SPEED + ", was " + speed);
            }
            Instant wallAnchor =
                    config.wallAnchorMillis() == 0 ? wall.instant() : Instant.ofEpochMilli(config.wallAnchorMillis());
            String hub = config.hubAnchor() == null ? "" : config.hubAnchor().strip();
            Instant hubAnchor = hub.isEmpty() ? wallAnchor : Instant.parse(hub);
            if (speed == 1 && hubAnchor.equals(wallAnchor)) {
                return HubClock.system();
            }
            return HubClock.scaled(wall, wallAnchor, hubAnchor, speed);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            LOG.error("{}: {}; the hub runs on the system clock", PID, e.getMessage());
            return HubClock.system();
        }
    }
}
