package io.gridhub.northbound.opcua.internal;

import io.gridhub.api.audit.AuditTrail;
import io.gridhub.api.bus.LatestValues;
import io.gridhub.api.bus.SampleBus;
import io.gridhub.api.bus.SampleListener;
import io.gridhub.api.bus.Subscription;
import io.gridhub.api.concurrent.Daemons;
import io.gridhub.api.driver.PointWriter;
import io.gridhub.api.model.Sample;
import io.gridhub.api.registry.PointRegistry;
import io.gridhub.api.registry.TopologyProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.eclipse.milo.opcua.sdk.server.EndpointConfig;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfig;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfigLimits;
import org.eclipse.milo.opcua.sdk.server.identity.AnonymousIdentityValidator;
import org.eclipse.milo.opcua.sdk.server.identity.CompositeValidator;
import org.eclipse.milo.opcua.sdk.server.identity.IdentityValidator;
import org.eclipse.milo.opcua.sdk.server.identity.UsernameIdentityValidator;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.security.CertificateStore;
import org.eclipse.milo.opcua.stack.core.security.CertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.DefaultApplicationGroup;
import org.eclipse.milo.opcua.stack.core.security.DefaultCertificateManager;
import org.eclipse.milo.opcua.stack.core.security.DefaultServerCertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.FileBasedCertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.FileBasedTrustListManager;
import org.eclipse.milo.opcua.stack.core.security.MemoryCertificateStore;
import org.eclipse.milo.opcua.stack.core.security.RsaSha256CertificateFactory;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.structured.BuildInfo;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateGenerator;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransport;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransportConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub as an OPC UA server (plain Java, no OSGi): a Milo server with the {@link ModelNamespace}, endpoints for
 * the configured security modes, anonymous and user name logins, and values kept live from the sample bus.
 */
public final class NorthboundServer implements AutoCloseable {
    static final String APPLICATION_URI = "urn:io.gridhub:opcua-server";
    private static final Logger LOG = LoggerFactory.getLogger(NorthboundServer.class);
    private static final char[] STORE_PASSWORD = "gridhub".toCharArray();

    private final ServerOptions options;
    private final TopologyProvider topology;
    private final PointRegistry registry;
    private final LatestValues latest;
    private final SampleBus bus;
    private final Supplier<PointWriter> writer;
    private final Supplier<AuditTrail> audit;
    private final ScheduledExecutorService refresher;
    private OpcUaServer server;
    private ModelNamespace namespace;
    private Subscription subscription;
    private FileBasedTrustListManager trustList;

    /**
     * @param writer the driver host's writer, or null while there is none
     * @param audit  the hub's audit trail; while it gives null the server still serves reads and subscriptions, and
     *               refuses every write
     */
    NorthboundServer(
            ServerOptions options,
            TopologyProvider topology,
            PointRegistry registry,
            LatestValues latest,
            SampleBus bus,
            Supplier<PointWriter> writer,
            Supplier<AuditTrail> audit) {
        this.options = options;
        this.topology = topology;
        this.registry = registry;
        this.latest = latest;
        this.bus = bus;
        this.writer = writer;
        this.audit = audit;
        this.refresher = Daemons.scheduler("opcua-server-model");
    }

    /** Binds the port and serves the model; blocks until the server listens (call it off the activation thread). */
    synchronized void start() throws Exception {
        Path pki = options.pkiDir();
        Files.createDirectories(pki.resolve("rejected"));
        trustList = FileBasedTrustListManager.createAndInitialize(pki.resolve("pki"));
        var quarantine =
                new FileBasedCertificateQuarantine(pki.resolve("rejected").toFile());
        CertificateValidator validator = options.trustAllClients()
                ? new CertificateValidator.InsecureCertificateValidator()
                : new DefaultServerCertificateValidator(trustList, quarantine);
        CertificateStore store = new MemoryCertificateStore();
        Identity identity = serverIdentity(pki.resolve("own"));
        store.set(
                NodeIds.RsaSha256ApplicationCertificateType,
                new CertificateStore.Entry(
                        identity.keyPair().getPrivate(), new X509Certificate[] {identity.certificate()}));
        var group = new DefaultApplicationGroup(
                trustList,
                store,
                new RsaSha256CertificateFactory() {
                    @Override
                    protected X509Certificate[] createRsaSha256CertificateChain(KeyPair keyPair) throws Exception {
                        return new X509Certificate[] {certificate(keyPair)};
                    }
                },
                validator);
        group.initialize();

        OpcUaServerConfig config = OpcUaServerConfig.builder()
                .setApplicationUri(APPLICATION_URI)
                .setApplicationName(LocalizedText.english("gridhub OPC UA server"))
                .setProductUri("urn:io.gridhub")
                .setBuildInfo(new BuildInfo("urn:io.gridhub", "gridhub", "gridhub", "0.1.0", "", DateTime.now()))
                .setEndpoints(endpoints(identity.certificate()))
                .setCertificateManager(new DefaultCertificateManager(quarantine, group))
                .setIdentityValidator(identityValidator())
                .setLimits(new FastestPublishing())
                .build();
        server = new OpcUaServer(
                config,
                profile -> new OpcTcpServerTransport(
                        OpcTcpServerTransportConfig.newBuilder().build()));
        namespace = new ModelNamespace(server, options, writer, audit);
        namespace.startup();
        server.startup().get(30, TimeUnit.SECONDS);
        refreshModel();
        subscription = bus.subscribe("opcua-server", new SampleListener() {
            @Override
            public void onSamples(List<Sample> samples) {
                namespace.onSamples(samples);
            }
        });
        // Points and topology can grow at run time (drivers configured later): add what is new now and then.
        refresher.scheduleWithFixedDelay(this::refreshModelQuietly, 10, 10, TimeUnit.SECONDS);
        LOG.info(
                "OPC UA server listening on {}:{} as opc.tcp://{}:{}{} ({} points, security {}, anonymous {})",
                options.bindAddress(),
                options.port(),
                options.hostname(),
                options.port(),
                options.path(),
                namespace.variableCount(),
                options.securityModes(),
                options.allowAnonymous() ? "allowed" : "refused");
    }

    private void refreshModel() {
        namespace.update(topology.communities(), registry.points(), latest.snapshot());
    }

    private void refreshModelQuietly() {
        try {
            refreshModel();
        } catch (RuntimeException e) {
            LOG.debug("refreshing the OPC UA model failed", e);
        }
    }

    int pointCount() {
        return namespace == null ? 0 : namespace.variableCount();
    }

    /** Monitored items on points' values, fed from the bus as values arrive. */
    int liveItemCount() {
        return namespace == null ? 0 : namespace.liveItemCount();
    }

    private Set<EndpointConfig> endpoints(X509Certificate certificate) {
        Set<EndpointConfig> set = new LinkedHashSet<>();
        List<MessageSecurityMode> modes = new ArrayList<>();
        for (String m : options.securityModes()) {
            modes.add(
                    switch (m) {
                        case "none" -> MessageSecurityMode.None;
                        case "sign" -> MessageSecurityMode.Sign;
                        case "encrypt" -> MessageSecurityMode.SignAndEncrypt;
                        default ->
                            throw new IllegalArgumentException(
                                    "securityModes: '" + m + "' is not none, sign or encrypt");
                    });
        }
        // Loopback names only where the server can be reached by them (a loopback or wildcard bind).
        Set<String> hosts = new LinkedHashSet<>(List.of(options.hostname()));
        if (ServerOptions.loopback(options.bindAddress()) || anyLocal(options.bindAddress())) {
            hosts.addAll(List.of("127.0.0.1", "localhost"));
        }
        for (String host : hosts) {
            for (MessageSecurityMode mode : modes) {
                EndpointConfig.Builder b = EndpointConfig.newBuilder()
                        .setBindAddress(options.bindAddress())
                        .setBindPort(options.port())
                        .setHostname(host)
                        .setPath(options.path())
                        .setCertificate(certificate)
                        .setSecurityMode(mode)
                        .setSecurityPolicy(
                                mode == MessageSecurityMode.None ? SecurityPolicy.None : SecurityPolicy.Basic256Sha256);
                if (options.allowAnonymous()) {
                    b.addTokenPolicy(OpcUaServerConfig.USER_TOKEN_POLICY_ANONYMOUS);
                }
                b.addTokenPolicy(OpcUaServerConfig.USER_TOKEN_POLICY_USERNAME);
                set.add(b.build());
            }
        }
        return set;
    }

    private static boolean anyLocal(String address) {
        try {
            return InetAddress.getByName(address).isAnyLocalAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private IdentityValidator identityValidator() {
        UsernameIdentityValidator users = new UsernameIdentityValidator(challenge -> {
            ServerOptions.User u = options.users().get(challenge.getUsername());
            return u != null
                    && MessageDigest.isEqual(
                            u.password().getBytes(StandardCharsets.UTF_8),
                            challenge.getPassword().getBytes(StandardCharsets.UTF_8));
        });
        return options.allowAnonymous() ? new CompositeValidator(AnonymousIdentityValidator.INSTANCE, users) : users;
    }

    private record Identity(KeyPair keyPair, X509Certificate certificate) {}

    /**
     * Milo's limits (fastest publishing interval 10 ms), except that a requested publishing interval of 0 or below
     * the fastest is revised to the fastest, as OPC UA Part 4 (CreateSubscription) says; Milo revises it to its
     * default, 250 ms, so a SCADA client asking for the fastest got one of the slowest.
     */
    private static final class FastestPublishing implements OpcUaServerConfigLimits {
        @Override
        public Double getDefaultPublishingInterval() {
            return getMinPublishingInterval();
        }
    }

    /** The server's certificate, created once and kept: clients trust it by file, so it must not change. */
    private Identity serverIdentity(Path own) throws Exception {
        Path file = own.resolve("gridhub-server.p12");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        if (Files.exists(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                ks.load(in, STORE_PASSWORD);
            }
            X509Certificate cert = (X509Certificate) ks.getCertificate("server");
            return new Identity(
                    new KeyPair(cert.getPublicKey(), (PrivateKey) ks.getKey("server", STORE_PASSWORD)), cert);
        }
        Files.createDirectories(own);
        ownerOnly(own, "rwx------");
        KeyPair keyPair = SelfSignedCertificateGenerator.generateRsaKeyPair(2048);
        X509Certificate cert = certificate(keyPair);
        ks.load(null, STORE_PASSWORD);
        ks.setKeyEntry("server", keyPair.getPrivate(), STORE_PASSWORD, new X509Certificate[] {cert});
        // The store's password is fixed, so the file's permissions are what keeps the private key private.
        Path tmp = own.resolve("gridhub-server.p12.new");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp);
        ownerOnly(tmp, "rw-------");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            ks.store(out, STORE_PASSWORD);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        // For SCADA administrators: the file their client must trust for sign and encrypt.
        Files.write(own.resolve("gridhub-server.der"), cert.getEncoded());
        return new Identity(keyPair, cert);
    }

    private static void ownerOnly(Path path, String permissions) throws IOException {
        if (path.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
        }
    }

    private X509Certificate certificate(KeyPair keyPair) throws Exception {
        SelfSignedCertificateBuilder b = new SelfSignedCertificateBuilder(keyPair)
                .setCommonName("gridhub OPC UA server")
                .setOrganization("gridhub")
                .setApplicationUri(APPLICATION_URI)
                .addDnsName("localhost")
                .addIpAddress("127.0.0.1");
        if (!options.hostname().equals("localhost") && !options.hostname().equals("127.0.0.1")) {
            if (options.hostname().matches("[0-9.]+")) {
                b.addIpAddress(options.hostname());
            } else {
                b.addDnsName(options.hostname());
            }
        }
        return b.build();
    }

    @Override
    public synchronized void close() {
        refresher.shutdownNow();
        if (subscription != null) {
            subscription.close();
            subscription = null;
        }
        if (server != null) {
            try {
                server.shutdown().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.debug("OPC UA server shutdown", e);
            }
            server = null;
        }
        if (namespace != null) {
            namespace.shutdown();
            namespace = null;
        }
        if (trustList != null) {
            try {
                trustList.close();
            } catch (IOException e) {
                // Only the folder watcher thread.
            }
        }
    }
}
