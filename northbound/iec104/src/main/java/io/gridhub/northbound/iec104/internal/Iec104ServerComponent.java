package io.gridhub.northbound.iec104.internal;

import io.gridhub.api.audit.AuditTrail;
import io.gridhub.api.bus.LatestValues;
import io.gridhub.api.bus.SampleBus;
import io.gridhub.api.bus.Subscription;
import io.gridhub.api.concurrent.Daemons;
import io.gridhub.api.driver.PointWriter;
import io.gridhub.api.model.PointId;
import io.gridhub.api.time.HubClock;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The northbound IEC 104 outstation in OSGi: runs while {@code etc/io.gridhub.northbound.iec104.cfg} exists, answers
 * interrogations from {@link LatestValues}, sends changes from a {@link SampleBus} subscription, and writes
 * authorized commands through the driver host's {@link PointWriter} to the device that maps the point (ACT_CON
 * negative when the write fails). Every command is one line on the audit logger {@value #AUDIT_LOGGER} and an
 * entry in the hub's {@link AuditTrail}; without a trail that records it, no command is selected or executed.
 */
@Component(
        service = {},
        configurationPid = Iec104ServerComponent.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = Iec104ServerComponent.Config.class)
public final class Iec104ServerComponent {
    static final String PID = "io.gridhub.northbound.iec104";
    static final String AUDIT_LOGGER = "io.gridhub.audit.iec104";
    private static final Logger LOG = LoggerFactory.getLogger(Iec104ServerComponent.class);
    private static final Logger AUDIT = LoggerFactory.getLogger(AUDIT_LOGGER);

    @ObjectClassDefinition(
            name = "gridhub IEC 104 outstation",
            description = "The hub as an IEC 60870-5-104 " + "outstation for a SCADA master")
    public @interface Config {
        @AttributeDefinition(description = "JSON IOA map: information objects to model points")
        String ioaMap();

        @AttributeDefinition(description = "TCP port", min = "1", max = "65535")
        int port() default 2404;

        @AttributeDefinition(
                description = "Address to listen on: 127.0.0.1 (the default, also when empty) keeps "
                        + "the outstation on this host; a SCADA network needs its interface's address (0.0.0.0: all)")
        String bindAddress() default Outstation.Config.LOOPBACK;

        @AttributeDefinition(description = "Common address of ASDU (station address)", min = "1", max = "65534")
        int commonAddress() default 1;

        @AttributeDefinition(description = "IP addresses of masters that may connect (empty: any)")
        String[] allowedMasters() default {"127.0.0.1"};

        @AttributeDefinition(description = "IP addresses of masters whose commands are executed (empty: none)")
        String[] commandMasters() default {};

        @AttributeDefinition(description = "Default deadband: smaller changes are not sent spontaneously", min = "0")
        double deadband() default 0;

        @AttributeDefinition(description = "k: most unacknowledged I-frames", min = "1", max = "32767")
        int k() default 12;

        @AttributeDefinition(description = "w: acknowledge after this many I-frames", min = "1", max = "32767")
        int w() default 8;

        @AttributeDefinition(description = "t1, ms", min = "1")
        int t1Millis() default 15000;

        @AttributeDefinition(description = "t2, ms", min = "1")
        int t2Millis() default 10000;

        @AttributeDefinition(description = "t3, ms", min = "1")
        int t3Millis() default 20000;

        @AttributeDefinition(
                description = "Most connections open at once, with or without STARTDT: one beyond is closed at once"
                        + " (a warning with its address)",
                min = "1")
        int maxConnections() default 4;

        @AttributeDefinition(
                description = "How long a connection may stay open without STARTDT, ms (then it is closed)",
                min = "1")
        int startDtTimeoutMillis() default Outstation.Config.DEFAULT_STARTDT_TIMEOUT_MILLIS;

        @AttributeDefinition(
                description =
                        "How long a command's write may take to reach the device, ms " + "(then ACT_CON negative)",
                min = "1")
        int writeTimeoutMillis() default 10000;

        @AttributeDefinition(
                description = "How long a select (select-before-operate) holds, ms: a later execute "
                        + "is refused and needs a fresh select",
                min = "1")
        int selectTimeoutMillis() default Outstation.Config.DEFAULT_SELECT_TIMEOUT_MILLIS;
    }

    private volatile Outstation outstation;
    /** The driver host's writer: commands reach the devices while it is there (negative ACT_CON otherwise). */
    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile PointWriter writer;
    /** The hub's audit trail: commands are on record there, and refused while it is absent or refuses. */
    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile AuditTrail trail;

    private volatile Subscription subscription;
    private volatile boolean deactivated;

    @Activate
    public Iec104ServerComponent(
            Config config, @Reference SampleBus bus, @Reference LatestValues latest, @Reference HubClock time) {
        Outstation.Config c = Outstation.Config.builder()
                .listen(config.bindAddress(), config.port())
                .commonAddress(config.commonAddress())
                .masters(addresses(config.allowedMasters()), addresses(config.commandMasters()))
                .deadband(config.deadband())
                .window(config.k(), config.w())
                .timeouts(config.t1Millis(), config.t2Millis(), config.t3Millis())
                .maxConnections(config.maxConnections())
                .writeTimeoutMillis(config.writeTimeoutMillis())
                .selectTimeoutMillis(config.selectTimeoutMillis())
                .startDtTimeoutMillis(config.startDtTimeoutMillis())
                .build();
        String mapFile = config.ioaMap();
        // Off the activation thread: the hub must report healthy within seconds, whatever the map's size.
        Clock clock = time.clock();
        Daemons.thread("iec104-server-start", () -> start(c, mapFile, bus, latest, clock))
                .start();
    }

    /** A list setting's addresses: a .cfg file gives one text, "a, b", an array several; trimmed, no empties. */
    static Set<String> addresses(String[] values) {
        return Arrays.stream(values)
                .flatMap(v -> Arrays.stream(v.split(",")))
                .map(String::trim)
                .filter(v -> !v.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    private synchronized void start(
            Outstation.Config c, String mapFile, SampleBus bus, LatestValues latest, Clock clock) {
        if (deactivated) {
            return;
        }
        try {
            IoaMap map = IoaMap.read(Path.of(mapFile));
            Outstation o = new Outstation(c, map, latest::latest, () -> writer, AUDIT::info, () -> trail, clock);
            o.start();
            outstation = o;
            Set<PointId> points = o.points();
            subscription = bus.subscribe("iec104-server", points::contains, SampleBus.DEFAULT_CAPACITY, o::onSamples);
            LOG.info(
                    "IEC 104 outstation listening on {}:{} (common address {}, {} objects)",
                    c.bindAddress(),
                    c.port(),
                    c.commonAddress(),
                    map.entries().size());
        } catch (Exception e) {
            LOG.warn("IEC 104 outstation not started: {}", e.toString());
        }
    }

    @Deactivate
    synchronized void deactivate() {
        deactivated = true;
        if (subscription != null) {
            subscription.close();
        }
        if (outstation != null) {
            outstation.close();
        }
    }
}
