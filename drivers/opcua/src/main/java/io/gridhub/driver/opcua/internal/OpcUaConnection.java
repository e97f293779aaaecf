package io.gridhub.driver.opcua.internal;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import io.gridhub.api.driver.Browsable;
import io.gridhub.api.driver.Connection;
import io.gridhub.api.driver.ConnectionException;
import io.gridhub.api.driver.DeviceContext;
import io.gridhub.api.driver.DeviceScheduler;
import io.gridhub.api.driver.Reading;
import io.gridhub.api.driver.Subscribable;
import io.gridhub.api.driver.Writable;
import io.gridhub.api.model.Quality;
import io.gridhub.api.model.Quality.Reason;
import java.io.IOException;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.eclipse.milo.opcua.sdk.client.BrowseHelper;
import org.eclipse.milo.opcua.sdk.client.DiscoveryClient;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.OpcUaClientConfig;
import org.eclipse.milo.opcua.sdk.client.identity.AnonymousProvider;
import org.eclipse.milo.opcua.sdk.client.identity.IdentityProvider;
import org.eclipse.milo.opcua.sdk.client.identity.UsernameProvider;
import org.eclipse.milo.opcua.sdk.client.subscriptions.MonitoredItemServiceOperationResult;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UByte;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.ULong;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UShort;
import org.eclipse.milo.opcua.stack.core.types.enumerated.BrowseDirection;
import org.eclipse.milo.opcua.stack.core.types.enumerated.BrowseResultMask;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.NodeClass;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.enumerated.UserTokenType;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowseDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.EndpointDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadValueId;
import org.eclipse.milo.opcua.stack.core.types.structured.ReferenceDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.UserTokenPolicy;
import org.eclipse.milo.opcua.stack.core.util.EndpointUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One session with an OPC UA server. Milo's session state machine reconnects by itself after a network loss and
 * transfers subscriptions to the new session; when the transfer fails (the server restarted and forgot them), the
 * subscriptions are created again here. Reads, writes and browses that fail at service level throw
 * {@link ConnectionException}; a bad status of one node is that reading's quality.
 */
public final class OpcUaConnection
        implements Connection<NodeId>, Writable<NodeId>, Subscribable<NodeId>, Browsable<NodeId> {
    private static final Logger LOG = LoggerFactory.getLogger(OpcUaConnection.class);
    /** Nodes per Read request: below the usual MaxNodesPerRead of servers. */
    private static final int READ_CHUNK = 1000;

    private final OpcUaClient client;
    private final ClientOptions options;
    private final String device;
    private final Map<NodeId, Class<?>> writeTypes = new ConcurrentHashMap<>();
    private final List<Sub> subscriptions = new CopyOnWriteArrayList<>();
    /** The hub's scheduler: a subscription the server lost is created again there. */
    private final DeviceScheduler recreator;

    private volatile boolean closed;

    private OpcUaConnection(OpcUaClient client, ClientOptions options, DeviceContext context) {
        this.client = client;
        this.options = options;
        this.device = context.deviceName();
        this.recreator = context.scheduler();
    }

    public static OpcUaConnection open(ClientOptions o, DeviceContext context) throws ConnectionException {
        URI url;
        try {
            url = URI.create(o.endpointUrl());
        } catch (IllegalArgumentException e) {
            throw ConnectionException.configuration("endpointUrl '" + o.endpointUrl() + "' is not a URL", e);
        }
        if (!"opc.tcp".equalsIgnoreCase(url.getScheme()) || url.getHost() == null) {
            throw ConnectionException.configuration(
                    "endpointUrl '" + o.endpointUrl() + "': expected opc.tcp://HOST[:PORT][/PATH]", null);
        }
        SecurityPolicy policy = policy(o);
        MessageSecurityMode mode = switch (o.security()) {
            case NONE -> MessageSecurityMode.None;
            case SIGN -> MessageSecurityMode.Sign;
            case ENCRYPT -> MessageSecurityMode.SignAndEncrypt;
        };
        EndpointDescription endpoint = discover(o, url, policy, mode);

        Pki.Identity identity;
        try {
            identity = Pki.clientIdentity(o.pkiDir());
        } catch (IOException e) {
            throw ConnectionException.configuration(e.getMessage(), e);
        }
        Pki.TrustDirValidator validator =
                new Pki.TrustDirValidator(o.trustDir(), o.pkiDir().resolve("rejected"));
        IdentityProvider user =
                o.username().isBlank() ? AnonymousProvider.INSTANCE : new UsernameProvider(o.username(), o.password());
        OpcUaClientConfig config = OpcUaClientConfig.builder()
                .setApplicationName(LocalizedText.english("gridhub"))
                .setApplicationUri(Pki.APPLICATION_URI)
                .setProductUri("urn:io.gridhub")
                .setEndpoint(endpoint)
                .setKeyPair(identity.keyPair())
                .setCertificate(identity.certificate())
                .setCertificateChain(new X509Certificate[] {identity.certificate()})
                .setCertificateValidator(validator)
                .setIdentityProvider(user)
                .setRequestTimeout(uint(o.requestTimeoutMillis()))
                .build();
        OpcUaClient client;
        try {
            client = OpcUaClient.create(config, t -> t.setConnectTimeout(uint(o.connectTimeoutMillis())));
        } catch (UaException e) {
            throw new ConnectionException(
                    "cannot create an OPC UA client for " + o.endpointUrl() + ": " + e.getMessage(), e);
        }
        try {
            client.connectAsync()
                    .get(o.connectTimeoutMillis() + (long) o.requestTimeoutMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            disconnectQuietly(client);
            throw new ConnectionException("interrupted while connecting to " + o.endpointUrl(), e);
        } catch (ExecutionException | TimeoutException e) {
            disconnectQuietly(client);
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            String rejected = validator.lastRejection();
            if (rejected != null) {
                throw new ConnectionException(rejected, cause);
            }
            String why0 = cause instanceof UaException ua
                    ? DataValues.name(ua.getStatusCode()) + " " + ua.getMessage()
                    : String.valueOf(cause);
            String why = why0;
            if (cause instanceof UaException ua
                            && (ua.getStatusCode().getValue() & 0xFFFF0000L) == StatusCodes.Bad_UserAccessDenied
                    || cause instanceof UaException ua2
                            && (ua2.getStatusCode().getValue() & 0xFFFF0000L)
                                    == StatusCodes.Bad_IdentityTokenRejected) {
                throw ConnectionException.configuration(
                        "the server refused the login of '" + o.username() + "': " + why, cause);
            }
            if (o.security() != ClientOptions.Security.NONE
                    && cause instanceof UaException ua3
                    && (ua3.getStatusCode().getValue() & 0xFFFF0000L) == StatusCodes.Bad_SecurityChecksFailed) {
                // Our side accepted the server: the server refused our certificate (Basic256Sha256 needs both).
                why += "; the server probably does not trust this client's certificate "
                        + o.pkiDir().resolve("own").resolve("gridhub-client.der") + " (SHA-1 thumbprint "
                        + Pki.thumbprint(identity.certificate()) + "): add it to the server's trusted certificates";
            }
            throw new ConnectionException(
                    "cannot open a session with " + o.endpointUrl() + " ("
                            + o.security().name().toLowerCase() + "): " + why,
                    cause);
        }
        LOG.debug("{}: connected to {} ({}, {})", context.deviceName(), endpoint.getEndpointUrl(), mode, policy);
        return new OpcUaConnection(client, o, context);
    }

    private static SecurityPolicy policy(ClientOptions o) throws ConnectionException {
        if (o.security() == ClientOptions.Security.NONE) {
            return SecurityPolicy.None;
        }
        for (SecurityPolicy p : SecurityPolicy.values()) {
            if (p.name().equalsIgnoreCase(o.securityPolicy()) || p.getUri().equals(o.securityPolicy())) {
                if (p == SecurityPolicy.None) {
                    break;
                }
                return p;
            }
        }
        throw ConnectionException.configuration(
                "securityPolicy '" + o.securityPolicy() + "': expected one of "
                        + Arrays.stream(SecurityPolicy.values())
                                .filter(p -> p != SecurityPolicy.None)
                                .map(Enum::name)
                                .collect(Collectors.joining(", ")),
                null);
    }

    /** GetEndpoints, then the endpoint with the wanted policy and mode, reached through the configured host. */
    private static EndpointDescription discover(
            ClientOptions o, URI url, SecurityPolicy policy, MessageSecurityMode mode) throws ConnectionException {
        List<EndpointDescription> endpoints;
        try {
            endpoints = DiscoveryClient.getEndpoints(
                            o.endpointUrl(), t -> t.setConnectTimeout(uint(o.connectTimeoutMillis())))
                    .get(o.connectTimeoutMillis() + (long) o.requestTimeoutMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectionException("interrupted while discovering " + o.endpointUrl(), e);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new ConnectionException(
                    "cannot reach " + o.endpointUrl() + " (GetEndpoints): "
                            + (cause.getMessage() == null ? cause.toString() : cause.getMessage()),
                    cause);
        }
        boolean wantUser = !o.username().isBlank();
        EndpointDescription found = endpoints.stream()
                .filter(e -> policy.getUri().equals(e.getSecurityPolicyUri()) && e.getSecurityMode() == mode)
                .filter(e -> offers(e, wantUser ? UserTokenType.UserName : UserTokenType.Anonymous))
                .findFirst()
                .orElse(null);
        if (found == null) {
            String offered = endpoints.stream()
                    .map(e -> e.getSecurityMode() + "/"
                            + SecurityPolicy.fromUriSafe(e.getSecurityPolicyUri())
                                    .map(Enum::name)
                                    .orElse(e.getSecurityPolicyUri())
                            + tokens(e))
                    .distinct()
                    .collect(Collectors.joining(", "));
            throw ConnectionException.configuration(
                    o.endpointUrl() + " offers no endpoint with security "
                            + mode + "/" + policy.name() + " and " + (wantUser ? "user name" : "anonymous")
                            + " login; it offers: " + offered,
                    null);
        }
        // Servers often advertise a host name the hub cannot resolve: keep the one the user configured.
        return EndpointUtil.updateUrl(found, url.getHost(), url.getPort() > 0 ? url.getPort() : 4840);
    }

    private static boolean offers(EndpointDescription e, UserTokenType type) {
        UserTokenPolicy[] tokens = e.getUserIdentityTokens();
        if (tokens == null) {
            return type == UserTokenType.Anonymous;
        }
        for (UserTokenPolicy p : tokens) {
            if (p.getTokenType() == type) {
                return true;
            }
        }
        return false;
    }

    private static String tokens(EndpointDescription e) {
        UserTokenPolicy[] tokens = e.getUserIdentityTokens();
        if (tokens == null) {
            return "";
        }
        return Arrays.stream(tokens)
                .map(t -> t.getTokenType().name())
                .distinct()
                .collect(Collectors.joining("+", " (", ")"));
    }

    private static void disconnectQuietly(OpcUaClient client) {
        try {
            client.disconnectAsync().get(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            // Closing a session that is gone anyway.
        }
    }

    private void ensureOpen() throws ConnectionException {
        if (closed) {
            throw new ConnectionException("connection to " + options.endpointUrl() + " is closed");
        }
    }

    private ConnectionException lost(String what, Exception e) {
        String why = e instanceof UaException ua ? DataValues.name(ua.getStatusCode()) : e.toString();
        return new ConnectionException(what + " on " + options.endpointUrl() + " failed: " + why, e);
    }

    @Override
    public List<Reading> read(List<NodeId> channels) throws ConnectionException {
        ensureOpen();
        List<Reading> readings = new ArrayList<>(channels.size());
        try {
            for (int from = 0; from < channels.size(); from += READ_CHUNK) {
                List<NodeId> part = channels.subList(from, Math.min(channels.size(), from + READ_CHUNK));
                for (DataValue dv : client.readValues(0.0, TimestampsToReturn.Both, part)) {
                    readings.add(DataValues.toReading(dv));
                }
            }
        } catch (UaException e) {
            throw lost("read", e);
        }
        return readings;
    }

    @Override
    public Quality write(NodeId channel, double value) throws ConnectionException {
        ensureOpen();
        try {
            Class<?> type = writeTypes.get(channel);
            if (type == null) {
                // Servers reject a value of another type than the node's (node-opcua: BadTypeMismatch): write the
                // type the node holds, or its declared data type while it has no value yet.
                DataValue[] results = client.read(
                                0.0,
                                TimestampsToReturn.Neither,
                                List.of(
                                        new ReadValueId(
                                                channel, AttributeId.Value.uid(), null, QualifiedName.NULL_VALUE),
                                        new ReadValueId(
                                                channel, AttributeId.DataType.uid(), null, QualifiedName.NULL_VALUE)))
                        .getResults();
                List<DataValue> dv = results == null ? List.of() : List.of(results);
                if (dv.size() < 2) {
                    return Quality.invalid(Reason.OTHER, "the server returned no result for " + channel);
                }
                Object v = dv.get(0).getValue() == null
                        ? null
                        : dv.get(0).getValue().getValue();
                Object declared = dv.get(1).getValue() == null
                        ? null
                        : dv.get(1).getValue().getValue();
                if (v != null && !(v instanceof String)) {
                    type = v.getClass();
                } else if (declared instanceof NodeId dt && BUILTIN.containsKey(dt)) {
                    type = BUILTIN.get(dt);
                } else if (dv.get(1).getStatusCode() != null
                        && dv.get(1).getStatusCode().isBad()) {
                    return DataValues.quality(dv.get(1).getStatusCode());
                } else {
                    type = Double.class;
                }
                writeTypes.put(channel, type);
            }
            Object raw = convert(value, type);
            if (raw == null) {
                return Quality.invalid(
                        Reason.OUT_OF_RANGE, value + " does not fit the node's type " + type.getSimpleName());
            }
            StatusCode sc = client.writeValues(List.of(channel), List.of(DataValue.valueOnly(new Variant(raw))))
                    .get(0);
            return sc.isGood()
                    ? Quality.GOOD
                    : Quality.invalid(DataValues.quality(sc).reason(), DataValues.name(sc));
        } catch (UaException e) {
            throw lost("write", e);
        }
    }

    private static final Map<NodeId, Class<?>> BUILTIN = Map.ofEntries(
            Map.entry(NodeIds.Double, Double.class),
            Map.entry(NodeIds.Float, Float.class),
            Map.entry(NodeIds.Boolean, Boolean.class),
            Map.entry(NodeIds.SByte, Byte.class),
            Map.entry(NodeIds.Int16, Short.class),
            Map.entry(NodeIds.Int32, Integer.class),
            Map.entry(NodeIds.Int64, Long.class),
            Map.entry(NodeIds.Byte, UByte.class),
            Map.entry(NodeIds.UInt16, UShort.class),
            Map.entry(NodeIds.UInt32, UInteger.class),
            Map.entry(NodeIds.UInt64, ULong.class));

    /** The value as the Java type Milo encodes for the node's data type; null when it does not fit. */
    static Object convert(double v, Class<?> type) {
        if (type == Double.class) {
            return v;
        }
        if (type == Float.class) {
            return (float) v;
        }
        if (type == Boolean.class) {
            return v != 0;
        }
        if (!Double.isFinite(v) || v != Math.rint(v)) {
            return null;
        }
        long l = (long) v;
        if (type == Byte.class) {
            return l >= Byte.MIN_VALUE && l <= Byte.MAX_VALUE ? (byte) l : null;
        }
        if (type == Short.class) {
            return l >= Short.MIN_VALUE && l <= Short.MAX_VALUE ? (short) l : null;
        }
        if (type == Integer.class) {
            return l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE ? (int) l : null;
        }
        if (type == Long.class) {
            return l;
        }
        if (type == UByte.class) {
            return l >= 0 && l <= 255 ? UByte.valueOf(l) : null;
        }
        if (type == UShort.class) {
            return l >= 0 && l <= 65535 ? UShort.valueOf((int) l) : null;
        }
        if (type == UInteger.class) {
            return l >= 0 && l <= 0xFFFFFFFFL ? UInteger.valueOf(l) : null;
        }
        if (type == ULong.class) {
            return l >= 0 ? ULong.valueOf(l) : null;
        }
        return null;
    }

    @Override
    public AutoCloseable subscribe(List<NodeId> channels, Listener<NodeId> listener) throws ConnectionException {
        ensureOpen();
        Sub sub = new Sub(channels, listener);
        try {
            sub.create();
        } catch (UaException e) {
            throw lost("create subscription", e);
        }
        subscriptions.add(sub);
        return () -> {
            subscriptions.remove(sub);
            sub.delete();
        };
    }

    /**
     * One subscription with its monitored items, created in batches of {@code monitoredItemsPerCall}. Recreated
     * from scratch when the server lost it (transfer failed after a reconnect, or its status turned bad).
     */
    private final class Sub implements OpcUaSubscription.SubscriptionListener {
        private final List<NodeId> channels;
        private final Listener<NodeId> listener;
        private final OpcUaSubscription subscription;
        private volatile boolean deleted;
        private boolean recreating;

        Sub(List<NodeId> channels, Listener<NodeId> listener) {
            this.channels = List.copyOf(channels);
            this.listener = listener;
            this.subscription = new OpcUaSubscription(client, options.publishingIntervalMillis());
            subscription.setMaxMonitoredItemsPerCall(uint(options.monitoredItemsPerCall()));
            subscription.setSubscriptionListener(this);
            List<OpcUaMonitoredItem> items = new ArrayList<>(channels.size());
            for (NodeId n : this.channels) {
                OpcUaMonitoredItem item = OpcUaMonitoredItem.newDataItem(n);
                item.setSamplingInterval(options.samplingIntervalMillis());
                item.setQueueSize(uint(options.queueSize()));
                item.setDiscardOldest(true);
                items.add(item);
            }
            subscription.addMonitoredItems(items);
        }

        void create() throws UaException {
            subscription.create();
            List<MonitoredItemServiceOperationResult> results = subscription.createMonitoredItems();
            for (MonitoredItemServiceOperationResult r : results) {
                StatusCode sc = r.operationResult().orElse(StatusCode.GOOD);
                if (!sc.isGood()) {
                    // A node the server refuses is that channel's quality, the others keep going.
                    listener.onReading(
                            r.monitoredItem().getReadValueId().getNodeId(),
                            Reading.failed(
                                    Quality.invalid(DataValues.quality(sc).reason(), DataValues.name(sc))));
                }
            }
        }

        void delete() {
            deleted = true;
            try {
                subscription.delete();
            } catch (UaException | RuntimeException e) {
                LOG.debug("{}: deleting a subscription failed: {}", device, e.toString());
            }
        }

        @Override
        public void onDataReceived(OpcUaSubscription s, List<OpcUaMonitoredItem> items, List<DataValue> values) {
            for (int i = 0; i < items.size(); i++) {
                listener.onReading(items.get(i).getReadValueId().getNodeId(), DataValues.toReading(values.get(i)));
            }
        }

        @Override
        public void onTransferFailed(OpcUaSubscription s, StatusCode status) {
            LOG.debug("{}: subscription transfer failed ({}), creating it again", device, status);
            scheduleRecreate(0);
        }

        @Override
        public void onStatusChanged(OpcUaSubscription s, StatusCode status) {
            if (status.isBad()) {
                LOG.debug("{}: subscription status {}, creating it again", device, status);
                scheduleRecreate(0);
            }
        }

        private synchronized void scheduleRecreate(long delayMillis) {
            if (recreating || deleted || closed) {
                return;
            }
            recreating = true;
            recreator.schedule(this::recreate, Duration.ofMillis(delayMillis));
        }

        private void recreate() {
            synchronized (this) {
                recreating = false;
            }
            if (deleted || closed) {
                return;
            }
            try {
                subscription.reset();
                create();
                LOG.debug("{}: subscription created again with {} items", device, channels.size());
            } catch (UaException | RuntimeException e) {
                // The session is not back yet: try again shortly.
                LOG.debug("{}: creating the subscription again failed: {}", device, e.toString());
                scheduleRecreate(1000);
            }
        }
    }

    @Override
    public List<BrowseEntry<NodeId>> browse(int limit) throws ConnectionException {
        ensureOpen();
        List<BrowseEntry<NodeId>> entries = new ArrayList<>();
        Deque<Object[]> queue = new ArrayDeque<>(); // {NodeId, path}
        Set<NodeId> seen = new HashSet<>();
        queue.add(new Object[] {NodeIds.ObjectsFolder, ""});
        seen.add(NodeIds.ObjectsFolder);
        int visited = 0;
        try {
            while (!queue.isEmpty() && entries.size() < limit && visited++ < 10_000) {
                Object[] next = queue.poll();
                NodeId node = (NodeId) next[0];
                String path = (String) next[1];
                BrowseDescription bd = new BrowseDescription(
                        node,
                        BrowseDirection.Forward,
                        NodeIds.HierarchicalReferences,
                        true,
                        uint(NodeClass.Object.getValue() | NodeClass.Variable.getValue()),
                        uint(BrowseResultMask.All.getValue()));
                List<ReferenceDescription> refs = BrowseHelper.browse(client, bd, uint(0))
                        .get(options.requestTimeoutMillis() * 4L, TimeUnit.MILLISECONDS);
                for (ReferenceDescription r : refs) {
                    NodeId child =
                            r.getNodeId().toNodeId(client.getNamespaceTable()).orElse(null);
                    // Namespace 0 under Objects is the server's own diagnostics: not points.
                    if (child == null || child.getNamespaceIndex().intValue() == 0 || !seen.add(child)) {
                        continue;
                    }
                    String name = r.getBrowseName() == null
                            ? child.toParseableString()
                            : r.getBrowseName().getName();
                    String childPath = path.isEmpty() ? name : path + "/" + name;
                    if (r.getNodeClass() == NodeClass.Variable) {
                        if (entries.size() < limit) {
                            String display = r.getDisplayName() == null
                                    ? null
                                    : r.getDisplayName().getText();
                            entries.add(new BrowseEntry<>(
                                    child,
                                    childPath
                                            + (display != null && !display.equals(name) ? " (" + display + ")" : "")));
                        }
                    } else {
                        queue.add(new Object[] {child, childPath});
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectionException("interrupted while browsing " + options.endpointUrl(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw lost("browse", e.getCause() instanceof Exception x ? x : e);
        }
        return entries;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        subscriptions.clear();
        disconnectQuietly(client);
    }
}
