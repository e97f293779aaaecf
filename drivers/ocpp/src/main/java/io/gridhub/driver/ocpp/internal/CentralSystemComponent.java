package io.gridhub.driver.ocpp.internal;

import io.gridhub.api.driver.Driver;
import io.gridhub.api.ev.ChargePointInfo;
import io.gridhub.api.ev.ChargingStations;
import io.gridhub.api.ev.EvSession;
import io.gridhub.api.ev.EvSessionListener;
import io.gridhub.api.ev.ProfilePeriod;
import io.gridhub.api.ev.ProfileResult;
import io.gridhub.api.ev.UnknownChargePoint;
import io.gridhub.api.event.HubEvents;
import io.gridhub.api.time.HubClock;
import io.gridhub.driver.ocpp.OcppDriver;
import io.gridhub.driver.ocpp.OcppSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.util.converter.Converters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OCPP 1.6J central system in OSGi: listens (loopback by default), knows the charge points that device
 * configurations of {@value OcppDriver#FACTORY_PID} name (read from Config Admin, followed as they change), offers
 * {@link ChargingStations}, registers the {@link OcppDriver} with the driver host, and tells every
 * {@link EvSessionListener} service of sessions (and the event log, {@link SessionEvents}).
 */
@Component(
        service = {ChargingStations.class, ConfigurationListener.class},
        configurationPid = CentralSystemComponent.PID)
@Designate(ocd = CentralSystemComponent.Config.class)
public final class CentralSystemComponent implements ChargingStations, ConfigurationListener {
    static final String PID = "io.gridhub.driver.ocpp";
    private static final Logger LOG = LoggerFactory.getLogger(CentralSystemComponent.class);

    @ObjectClassDefinition(
            name = "gridhub OCPP 1.6J central system",
            description = "The WebSocket endpoint charge points connect to")
    public @interface Config {
        @AttributeDefinition(description = "Address to listen on (loopback unless set)")
        String host() default "127.0.0.1";

        @AttributeDefinition(description = "TCP port", min = "0", max = "65535")
        int port() default 9220;

        @AttributeDefinition(description = "Path before the charge point id: ws://HOST:PORT/PATH/<id>")
        String path() default "/ocpp";

        @AttributeDefinition(description = "Key store (PKCS12 or JKS) for TLS, security profile 2; empty: plain ws")
        String keystore() default "";

        @AttributeDefinition(description = "Key store password", type = AttributeType.PASSWORD)
        String keystorePassword() default "";

        @AttributeDefinition(description = "Key store type")
        String keystoreType() default "PKCS12";

        @AttributeDefinition(description = "Heartbeat interval given to charge points at boot, s", min = "1")
        int heartbeatSeconds() default 300;

        @AttributeDefinition(description = "How long a call to a charge point waits for its answer, s", min = "1")
        int callTimeoutSeconds() default 30;

        @AttributeDefinition(description = "WebSocket ping interval; a link without pong is closed, s", min = "0")
        int pingSeconds() default 60;

        @AttributeDefinition(description = "Largest frame accepted, bytes", min = "1024")
        int maxFrameBytes() default 65536;

        @AttributeDefinition(
                description = "Charge point ids admitted from loopback without credentials and without a device "
                        + "configuration (no points): a charger plugged in on the hub's own host, e.g. a third-party "
                        + "simulator. Each ID or ID;setting=value;... with the device settings assetId, maxPowerW, "
                        + "canDischarge, defaultStayMinutes, defaultEnergyWh (else their defaults); comma-separated")
        String[] guests() default {};
    }

    private final ConfigurationAdmin configAdmin;
    private final List<OcppSettings> guests;
    private final CentralSystem system;
    private final OcppServer server;
    private final ServiceRegistration<?> driver;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile HubEvents events;

    @Activate
    public CentralSystemComponent(
            BundleContext context, Config config, @Reference ConfigurationAdmin configAdmin, @Reference HubClock clock)
            throws IOException, GeneralSecurityException {
        this.configAdmin = configAdmin;
        this.guests = guests(config.guests());
        this.system = new CentralSystem(
                clock.clock(), Duration.ofSeconds(config.callTimeoutSeconds()), config.heartbeatSeconds());
        system.configure(configuredChargePoints());
        system.addListener(new SessionEvents(() -> events));
        SSLContext tls = config.keystore().isEmpty()
                ? null
                : tls(Path.of(config.keystore()), config.keystoreType(), config.keystorePassword());
        try {
            this.server = OcppServer.start(
                    system,
                    new OcppServer.Options(
                            config.host(),
                            config.port(),
                            config.path(),
                            tls,
                            config.maxFrameBytes(),
                            config.pingSeconds()));
        } catch (IOException e) {
            system.close();
            throw e;
        }
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("gridhub.driver", "ocpp");
        this.driver = context.registerService(Driver.class, new OcppDriver(system), props);
        LOG.info(
                "OCPP 1.6J central system on {}://{}:{}{}/<id>",
                tls == null ? "ws" : "wss",
                config.host(),
                server.boundPort(),
                config.path());
    }

    /** A TLS context with the key store's key (security profile 2: the charge point checks our certificate). */
    static SSLContext tls(Path keystore, String type, String password) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance(type);
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, password.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, password.toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addListener(EvSessionListener l) {
        system.addListener(l);
    }

    void removeListener(EvSessionListener l) {
        system.removeListener(l);
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        try {
            driver.unregister();
        } catch (IllegalStateException e) {
            // Gone with the bundle.
        }
        server.stop(1000);
        system.close();
    }

    /** The device settings a guest may give after its id; the others (credentials, identity) are the guest's own. */
    private static final Set<String> GUEST_SETTINGS =
            Set.of("assetId", "maxPowerW", "canDischarge", "defaultStayMinutes", "defaultEnergyWh");

    /**
     * Guests, admitted without credentials from loopback: each entry {@code ID} or {@code ID;setting=value;...}
     * (the settings of {@link #GUEST_SETTINGS}), entries also comma-separated within one string.
     *
     * @throws IllegalArgumentException a setting that is not {@code name=value} or not one a guest may give
     */
    static List<OcppSettings> guests(String[] entries) {
        List<OcppSettings> out = new ArrayList<>();
        for (String entry : entries) {
            for (String guest : entry.split(",")) {
                String[] parts = guest.trim().split(";");
                if (parts[0].isBlank()) {
                    continue;
                }
                Map<String, Object> m = new HashMap<>();
                for (int i = 1; i < parts.length; i++) {
                    int eq = parts[i].indexOf('=');
                    String key = eq > 0 ? parts[i].substring(0, eq).trim() : "";
                    if (!GUEST_SETTINGS.contains(key)) {
                        throw new IllegalArgumentException("guest " + parts[0].trim() + ": expected one of "
                                + new TreeSet<>(GUEST_SETTINGS) + " as name=value, got '" + parts[i].trim() + "'");
                    }
                    m.put(key, parts[i].substring(eq + 1).trim());
                }
                m.put("chargePointId", parts[0].trim());
                m.put("allowNoAuth", true);
                out.add(Converters.standardConverter().convert(m).to(OcppSettings.class));
            }
        }
        return out;
    }

    /**
     * The guests and the charge points the device configurations name (a device wins over a guest of the same id);
     * a configuration that does not convert is left out with a warning.
     */
    private List<OcppSettings> configuredChargePoints() {
        List<OcppSettings> out = new ArrayList<>(guests);
        try {
            Configuration[] configs =
                    configAdmin.listConfigurations("(service.factoryPid=" + OcppDriver.FACTORY_PID + ")");
            for (Configuration c : configs == null ? new Configuration[0] : configs) {
                Dictionary<String, Object> d = c.getProperties();
                if (d == null) {
                    continue;
                }
                Map<String, Object> m = new HashMap<>();
                for (String k : Collections.list(d.keys())) {
                    m.put(k, d.get(k));
                }
                try {
                    OcppSettings s = Converters.standardConverter().convert(m).to(OcppSettings.class);
                    if (s.chargePointId() == null || s.chargePointId().isBlank()) {
                        throw new IllegalArgumentException("chargePointId is missing");
                    }
                    out.add(s);
                } catch (RuntimeException e) {
                    LOG.warn("charge point configuration {} left out: {}", c.getPid(), e.getMessage());
                }
            }
        } catch (IOException | InvalidSyntaxException e) {
            LOG.warn("cannot list the charge point configurations", e);
        }
        return out;
    }

    @Override
    public void configurationEvent(ConfigurationEvent event) {
        if (OcppDriver.FACTORY_PID.equals(event.getFactoryPid())) {
            system.configure(configuredChargePoints());
        }
    }

    @Override
    public List<ChargePointInfo> chargePoints() {
        return system.chargePoints();
    }

    @Override
    public List<UnknownChargePoint> unknownChargePoints() {
        return system.unknownChargePoints();
    }

    @Override
    public List<EvSession> sessions() {
        return system.sessions();
    }

    @Override
    public Optional<EvSession> session(String id) {
        return system.session(id);
    }

    @Override
    public EvSession updateSession(String id, Instant departure, Double energyNeededWh) {
        return system.updateSession(id, departure, energyNeededWh);
    }

    @Override
    public CompletableFuture<ProfileResult> applyProfile(
            String chargePointId, int connectorId, List<ProfilePeriod> periods) {
        return system.applyProfile(chargePointId, connectorId, periods);
    }

    @Override
    public CompletableFuture<ProfileResult> clearProfiles(String chargePointId, int connectorId) {
        return system.clearProfiles(chargePointId, connectorId);
    }
}
