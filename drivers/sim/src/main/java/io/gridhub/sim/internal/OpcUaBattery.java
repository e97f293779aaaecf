package io.gridhub.sim.internal;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.milo.opcua.sdk.core.AccessLevel;
import org.eclipse.milo.opcua.sdk.core.Reference;
import org.eclipse.milo.opcua.sdk.server.EndpointConfig;
import org.eclipse.milo.opcua.sdk.server.ManagedNamespaceWithLifecycle;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfig;
import org.eclipse.milo.opcua.sdk.server.identity.AnonymousIdentityValidator;
import org.eclipse.milo.opcua.sdk.server.items.DataItem;
import org.eclipse.milo.opcua.sdk.server.items.MonitoredItem;
import org.eclipse.milo.opcua.sdk.server.nodes.UaFolderNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.sdk.server.util.SubscriptionModel;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.security.CertificateStore;
import org.eclipse.milo.opcua.stack.core.security.CertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.DefaultApplicationGroup;
import org.eclipse.milo.opcua.stack.core.security.DefaultCertificateManager;
import org.eclipse.milo.opcua.stack.core.security.MemoryCertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.MemoryCertificateStore;
import org.eclipse.milo.opcua.stack.core.security.MemoryTrustListManager;
import org.eclipse.milo.opcua.stack.core.security.RsaSha256CertificateFactory;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UByte;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.structured.BuildInfo;
import org.eclipse.milo.opcua.stack.core.types.structured.WriteValue;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateGenerator;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransport;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransportConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The community battery as an OPC UA server (Eclipse Milo) on loopback: one endpoint without security
 * ({@code None}, anonymous login; a certificate made at start, since Milo needs one even then), the battery's
 * variables under {@code Objects/<name>} with NodeIds {@code ns=2;s=<name>.<variable>}:
 * <pre>
 * p              Double  W, + discharge (read)        p_set     Double  W, + discharge (read, write)
 * soc            Double  %          (read)            heartbeat Int32   any value (read, write)
 * control_state  Int32   0 LOCAL, 1 REMOTE, 2 SAFE (read)
 * </pre>
 * and the meter at its connection point under {@code Objects/<meter>}: {@code p} (W, + import, = −battery),
 * {@code e_imp}, {@code e_exp} (Wh, Doubles, from 0 at start).
 * Writes go to {@link BatteryControl} (the watchdog); values carry the simulated time as their source time.
 */
final class OpcUaBattery implements AutoCloseable {
    static final String NAMESPACE_URI = "urn:io.gridhub:field";
    private static final Logger LOG = LoggerFactory.getLogger(OpcUaBattery.class);
    private static final String APPLICATION_URI = "urn:io.gridhub:field:battery";

    private final String name;
    private final String meter;
    private final int port;
    private final BatteryControl control;
    private final Clock sim;
    private final OpcUaServer server;
    private final Variables variables;
    private long lastMillis;
    private double importWh;
    private double exportWh;

    /**
     * @param meter the name of the meter at the battery's connection point (its variables' prefix)
     */
    OpcUaBattery(String name, String meter, int port, String path, BatteryControl control, Clock sim) throws Exception {
        this.name = name;
        this.meter = meter;
        this.port = port;
        this.control = control;
        this.sim = sim;
        KeyPair keyPair = SelfSignedCertificateGenerator.generateRsaKeyPair(2048);
        X509Certificate certificate = certificate(keyPair);
        CertificateStore store = new MemoryCertificateStore();
        store.set(
                NodeIds.RsaSha256ApplicationCertificateType,
                new CertificateStore.Entry(keyPair.getPrivate(), new X509Certificate[] {certificate}));
        var group = new DefaultApplicationGroup(
                new MemoryTrustListManager(),
                store,
                new RsaSha256CertificateFactory() {
                    @Override
                    protected X509Certificate[] createRsaSha256CertificateChain(KeyPair kp) throws Exception {
                        return new X509Certificate[] {certificate(kp)};
                    }
                },
                new CertificateValidator.InsecureCertificateValidator());
        group.initialize();
        Set<EndpointConfig> endpoints = new LinkedHashSet<>();
        for (String host : List.of("127.0.0.1", "localhost")) {
            endpoints.add(EndpointConfig.newBuilder()
                    .setBindAddress("127.0.0.1")
                    .setBindPort(port)
                    .setHostname(host)
                    .setPath(path)
                    .setCertificate(certificate)
                    .setSecurityMode(MessageSecurityMode.None)
                    .setSecurityPolicy(SecurityPolicy.None)
                    .addTokenPolicy(OpcUaServerConfig.USER_TOKEN_POLICY_ANONYMOUS)
                    .build());
        }
        OpcUaServerConfig config = OpcUaServerConfig.builder()
                .setApplicationUri(APPLICATION_URI)
                .setApplicationName(LocalizedText.english("gridhub field: " + name))
                .setProductUri("urn:io.gridhub")
                .setBuildInfo(new BuildInfo("urn:io.gridhub", "gridhub", "gridhub field", "0.1.0", "", DateTime.now()))
                .setEndpoints(endpoints)
                .setCertificateManager(new DefaultCertificateManager(new MemoryCertificateQuarantine(), group))
                .setIdentityValidator(AnonymousIdentityValidator.INSTANCE)
                .build();
        server = new OpcUaServer(
                config,
                profile -> new OpcTcpServerTransport(
                        OpcTcpServerTransportConfig.newBuilder().build()));
        variables = new Variables(server);
        variables.startup();
        server.startup().get(30, TimeUnit.SECONDS);
        lastMillis = sim.millis();
        step();
        LOG.info(
                "{}: OPC UA battery on opc.tcp://127.0.0.1:{}{} (security None, anonymous), NodeIds ns={};s={}.*",
                name,
                port,
                path,
                variables.getNamespaceIndex(),
                name);
    }

    private static X509Certificate certificate(KeyPair keyPair) throws Exception {
        return new SelfSignedCertificateBuilder(keyPair)
                .setCommonName("gridhub field battery")
                .setOrganization("gridhub")
                .setApplicationUri(APPLICATION_URI)
                .addDnsName("localhost")
                .addIpAddress("127.0.0.1")
                .build();
    }

    int port() {
        return port;
    }

    /** The namespace index of the battery's NodeIds. */
    int namespaceIndex() {
        return variables.getNamespaceIndex().intValue();
    }

    BatteryControl control() {
        return control;
    }

    /**
     * Runs the battery to now and publishes its values; the meter counts the battery's power over the step (it
     * ran at it since the last step).
     */
    synchronized void step() {
        control.step();
        long t = sim.millis();
        double p = control.powerW();
        double hours = Math.max(0, t - lastMillis) / 3_600_000.0;
        lastMillis = Math.max(lastMillis, t);
        importWh += Math.max(0, -p) * hours;
        exportWh += Math.max(0, p) * hours;
        DateTime now = new DateTime(sim.instant());
        variables.set(name + ".p", new Variant(p), now);
        variables.set(name + ".soc", new Variant(control.soc()), now);
        variables.set(name + ".p_set", new Variant(control.setpointW()), now);
        variables.set(name + ".control_state", new Variant(control.state().code()), now);
        variables.set(meter + ".p", new Variant(-p), now);
        variables.set(meter + ".e_imp", new Variant(importWh), now);
        variables.set(meter + ".e_exp", new Variant(exportWh), now);
    }

    @Override
    public void close() {
        try {
            server.shutdown().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debug("{}: OPC UA server shutdown", name, e);
        }
        variables.shutdown();
    }

    /** The battery's variables; writes of p_set and heartbeat go to the battery's control. */
    private final class Variables extends ManagedNamespaceWithLifecycle {
        private final SubscriptionModel subscriptionModel;
        private final Map<String, UaVariableNode> nodes = new ConcurrentHashMap<>();

        Variables(OpcUaServer server) {
            super(server, NAMESPACE_URI);
            subscriptionModel = new SubscriptionModel(server, this);
            getLifecycleManager().addLifecycle(subscriptionModel);
            getLifecycleManager().addStartupTask(this::build);
        }

        private void build() {
            UaFolderNode bat = folder(name);
            add(bat, "p", NodeIds.Double, false, new Variant(0.0), "active power, W, + discharge");
            add(bat, "soc", NodeIds.Double, false, new Variant(50.0), "state of charge, %");
            add(bat, "p_set", NodeIds.Double, true, new Variant(0.0), "power setpoint, W, + discharge");
            add(bat, "heartbeat", NodeIds.Int32, true, new Variant(0), "watchdog heartbeat: any value");
            add(bat, "control_state", NodeIds.Int32, false, new Variant(0), "0 LOCAL, 1 REMOTE, 2 SAFE");
            UaFolderNode m = folder(meter);
            add(m, "p", NodeIds.Double, false, new Variant(0.0), "active power at the connection point, W, + import");
            add(m, "e_imp", NodeIds.Double, false, new Variant(0.0), "import energy counter, Wh");
            add(m, "e_exp", NodeIds.Double, false, new Variant(0.0), "export energy counter, Wh");
        }

        private UaFolderNode folder(String object) {
            UaFolderNode folder = new UaFolderNode(
                    getNodeContext(),
                    newNodeId("folder:" + object),
                    newQualifiedName(object),
                    LocalizedText.english(object));
            getNodeManager().addNode(folder);
            folder.addReference(
                    new Reference(folder.getNodeId(), NodeIds.Organizes, NodeIds.ObjectsFolder.expanded(), false));
            return folder;
        }

        private void add(UaFolderNode folder, String id, NodeId type, boolean writable, Variant v, String text) {
            String object = folder.getBrowseName().getName();
            UaVariableNode node = new UaVariableNode.UaVariableNodeBuilder(getNodeContext())
                    .setNodeId(newNodeId(object + "." + id))
                    .setBrowseName(newQualifiedName(id))
                    .setDisplayName(LocalizedText.english(id))
                    .setDescription(LocalizedText.english(text))
                    .setDataType(type)
                    .setAccessLevel(access(writable))
                    .setUserAccessLevel(access(writable))
                    .setValue(new DataValue(v))
                    .build();
            node.setMinimumSamplingInterval(0.0);
            getNodeManager().addNode(node);
            folder.addOrganizes(node);
            nodes.put(object + "." + id, node);
        }

        void set(String id, Variant v, DateTime sourceTime) {
            UaVariableNode node = nodes.get(id);
            if (node != null) {
                node.setValue(new DataValue(v, StatusCode.GOOD, sourceTime, DateTime.now()));
            }
        }

        @Override
        public List<StatusCode> write(WriteContext context, List<WriteValue> writeValues) {
            List<StatusCode> results = new ArrayList<>(writeValues.size());
            for (WriteValue wv : writeValues) {
                results.add(writeOne(wv));
            }
            return results;
        }

        private StatusCode writeOne(WriteValue wv) {
            NodeId id = wv.getNodeId();
            if (!id.getNamespaceIndex().equals(getNamespaceIndex()) || !(id.getIdentifier() instanceof String s)) {
                return new StatusCode(StatusCodes.Bad_NodeIdUnknown);
            }
            if (!nodes.containsKey(s)) {
                return new StatusCode(StatusCodes.Bad_NodeIdUnknown);
            }
            boolean setpoint = s.equals(name + ".p_set");
            if (!wv.getAttributeId().equals(AttributeId.Value.uid()) || !(setpoint || s.equals(name + ".heartbeat"))) {
                return new StatusCode(StatusCodes.Bad_NotWritable);
            }
            Object v = wv.getValue() == null ? null : wv.getValue().getValue().getValue();
            if (!(v instanceof Number n) || !Double.isFinite(n.doubleValue())) {
                return new StatusCode(StatusCodes.Bad_TypeMismatch);
            }
            DateTime now = new DateTime(sim.instant());
            if (setpoint) {
                control.setpoint(n.doubleValue());
                set(s, new Variant(n.doubleValue()), now);
            } else {
                control.heartbeat();
                set(s, new Variant(n.intValue()), now);
            }
            set(name + ".control_state", new Variant(control.state().code()), now);
            return StatusCode.GOOD;
        }

        @Override
        public void onDataItemsCreated(List<DataItem> dataItems) {
            subscriptionModel.onDataItemsCreated(dataItems);
        }

        @Override
        public void onDataItemsModified(List<DataItem> dataItems) {
            subscriptionModel.onDataItemsModified(dataItems);
        }

        @Override
        public void onDataItemsDeleted(List<DataItem> dataItems) {
            subscriptionModel.onDataItemsDeleted(dataItems);
        }

        @Override
        public void onMonitoringModeChanged(List<MonitoredItem> monitoredItems) {
            subscriptionModel.onMonitoringModeChanged(monitoredItems);
        }
    }

    /** Read, or read and write. */
    private static UByte access(boolean writable) {
        return writable
                ? AccessLevel.toValue(AccessLevel.CurrentRead, AccessLevel.CurrentWrite)
                : AccessLevel.toValue(AccessLevel.CurrentRead);
    }
}
