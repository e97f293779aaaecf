package io.gridhub.northbound.opcua.internal;

import io.gridhub.api.audit.AuditTrail;
import io.gridhub.api.bus.LatestValues;
import io.gridhub.api.bus.SampleBus;
import io.gridhub.api.concurrent.Daemons;
import io.gridhub.api.driver.PointWriter;
import io.gridhub.api.registry.PointRegistry;
import io.gridhub.api.registry.TopologyProvider;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The northbound OPC UA server in Karaf ({@code etc/io.gridhub.northbound.opcua.cfg}). Starts on its own thread so that
 * bundle activation never waits for certificate generation or the port; stops with the component.
 */
@Component(
        configurationPid = OpcUaServerComponent.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL,
        immediate = true,
        service = {})
@Designate(ocd = OpcUaServerComponent.Config.class)
public final class OpcUaServerComponent {
    static final String PID = "io.gridhub.northbound.opcua";
    private static final Logger LOG = LoggerFactory.getLogger(OpcUaServerComponent.class);

    @ObjectClassDefinition(name = "gridhub OPC UA server", description = "The hub's model for an existing SCADA/HMI")
    public @interface Config {
        @AttributeDefinition(description = "Serve at all")
        boolean enabled() default true;

        @AttributeDefinition(
                description = "Address to bind: loopback by default. Off loopback, security None, "
                        + "anonymous sessions and trustAllClients are refused",
                name = "bindAddress")
        String bindAddress() default "127.0.0.1";

        @AttributeDefinition(description = "TCP port", min = "1", max = "65535")
        int port() default 4840;

        @AttributeDefinition(description = "Path of the endpoint URL")
        String path() default "/gridhub";

        @AttributeDefinition(description = "Host name put into endpoint URLs and the certificate")
        String hostname() default "localhost";

        @AttributeDefinition(
                description = "Security modes offered: none, sign, encrypt (Basic256Sha256). None is "
                        + "for tests and demos only")
        String[] securityModes() default {"sign", "encrypt"};

        @AttributeDefinition(description = "Allow anonymous sessions (read and subscribe only; loopback only)")
        boolean allowAnonymous() default false;

        @AttributeDefinition(
                description = "Users as name:password:role+role; the operator role may write " + "setpoints",
                type = AttributeType.PASSWORD)
        String[] users() default {};

        @AttributeDefinition(
                description = "Folder of the server's certificate (own/), trusted client certificates "
                        + "(pki/trusted/certs/) and rejected ones (rejected/); empty: ${karaf.data}/opcua-server")
        String pkiDir() default "";

        @AttributeDefinition(description = "Accept every client certificate (tests and demos on loopback only)")
        boolean trustAllClients() default false;

        @AttributeDefinition(description = "How long a write may take to reach the device, ms", min = "1")
        long writeTimeoutMillis() default 10000;
    }

    private final Thread starter;
    private volatile NorthboundServer server;

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile PointWriter writer;

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile AuditTrail audit;

    @Activate
    public OpcUaServerComponent(
            Config config,
            @Reference TopologyProvider topology,
            @Reference PointRegistry registry,
            @Reference LatestValues latest,
            @Reference SampleBus bus) {
        if (!config.enabled()) {
            starter = null;
            return;
        }
        // An unsafe configuration (None, anonymous or trust-all off loopback) fails activation with its reason.
        ServerOptions options = options(config);
        NorthboundServer s = new NorthboundServer(options, topology, registry, latest, bus, () -> writer, () -> audit);
        starter = Daemons.thread("opcua-server-start", () -> {
            try {
                s.start();
                server = s;
            } catch (Exception e) {
                LOG.warn(
                        "OPC UA server on {}:{} did not start: {}",
                        options.bindAddress(),
                        options.port(),
                        e.toString());
                s.close();
            }
        });
        starter.start();
    }

    static ServerOptions options(Config config) {
        String pki = config.pkiDir().isBlank()
                ? Path.of(System.getProperty("karaf.data", "data"), "opcua-server")
                        .toString()
                : config.pkiDir();
        return new ServerOptions(
                config.bindAddress(),
                config.port(),
                config.path(),
                config.hostname(),
                new LinkedHashSet<>(List.of(split(config.securityModes()))),
                config.allowAnonymous(),
                ServerOptions.parseUsers(split(config.users())),
                Path.of(pki),
                config.trustAllClients(),
                config.writeTimeoutMillis());
    }

    /** A .cfg file gives lists as one comma-separated string; a typed .config file as an array. */
    static String[] split(String[] values) {
        return Arrays.stream(values)
                .flatMap(v -> Arrays.stream(v.split(",")))
                .map(String::trim)
                .filter(v -> !v.isEmpty())
                .toArray(String[]::new);
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        if (starter != null) {
            starter.join(30_000);
        }
        NorthboundServer s = server;
        if (s != null) {
            s.close();
        }
    }
}
