package io.gridhub.northbound.opcua.internal;

import io.gridhub.api.audit.AuditException;
import io.gridhub.api.audit.AuditTrail;
import io.gridhub.api.driver.PointWriter;
import io.gridhub.api.model.Asset;
import io.gridhub.api.model.Community;
import io.gridhub.api.model.Member;
import io.gridhub.api.model.Point;
import io.gridhub.api.model.PointId;
import io.gridhub.api.model.Quality;
import io.gridhub.api.model.Sample;
import io.gridhub.api.model.Site;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.eclipse.milo.opcua.sdk.core.AccessLevel;
import org.eclipse.milo.opcua.sdk.core.Reference;
import org.eclipse.milo.opcua.sdk.server.ManagedNamespaceWithLifecycle;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.Session;
import org.eclipse.milo.opcua.sdk.server.identity.Identity;
import org.eclipse.milo.opcua.sdk.server.items.DataItem;
import org.eclipse.milo.opcua.sdk.server.items.MonitoredItem;
import org.eclipse.milo.opcua.sdk.server.nodes.UaFolderNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.sdk.server.util.SubscriptionModel;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadValueId;
import org.eclipse.milo.opcua.stack.core.types.structured.WriteValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The normalized model as an OPC UA address space: {@code Objects/gridhub/<community>/<member>/<site>/<asset>/<point>},
 * shared assets under {@code <community>/shared}, points of no known asset under {@code gridhub/points}. A point is
 * a Double variable with NodeId {@code s=<point id>}; its value, status code and time stamps follow the sample bus.
 * Setpoints and commands are writable by users with the operator role only; the write goes to the device through
 * the hub's {@link PointWriter}, recorded in the hub's {@link AuditTrail} (channel {@code opcua}, action
 * {@code write}) before and after.
 */
final class ModelNamespace extends ManagedNamespaceWithLifecycle {
    static final String URI = "urn:io.gridhub:model";
    static final String ANONYMOUS = "anonymous";
    private static final String CHANNEL = "opcua";
    private static final String ACTION = "write";
    private static final Logger LOG = LoggerFactory.getLogger(ModelNamespace.class);

    private final SubscriptionModel subscriptionModel;
    private final LiveItems live;
    private final ServerOptions options;
    private final Supplier<PointWriter> writer;
    private final Supplier<AuditTrail> audit;
    private final Map<PointId, UaVariableNode> variables = new ConcurrentHashMap<>();
    private final Map<PointId, Point> points = new ConcurrentHashMap<>();
    private final Map<String, UaFolderNode> folders = new HashMap<>();
    private UaFolderNode root;

    ModelNamespace(
            OpcUaServer server, ServerOptions options, Supplier<PointWriter> writer, Supplier<AuditTrail> audit) {
        super(server, URI);
        this.options = options;
        this.writer = writer;
        this.audit = audit;
        this.subscriptionModel = new SubscriptionModel(server, this);
        this.live = new LiveItems(server.getScheduledExecutorService(), System::nanoTime);
        getLifecycleManager().addLifecycle(subscriptionModel);
        getLifecycleManager().addShutdownTask(live::clear);
        getLifecycleManager().addStartupTask(() -> {
            root = folder(null, "gridhub", "gridhub");
            root.addReference(
                    new Reference(root.getNodeId(), NodeIds.Organizes, NodeIds.ObjectsFolder.expanded(), false));
        });
    }

    /** Adds folders and variables for what is not in the address space yet (the model only grows at run time). */
    synchronized void update(List<Community> communities, Collection<Point> all, Map<PointId, Sample> latest) {
        Map<String, String> assetFolder = new HashMap<>();
        for (Community c : communities) {
            String cPath = c.id();
            UaFolderNode cf = folder(root, cPath, c.name());
            for (Member m : c.members()) {
                String mPath = cPath + "/" + m.id();
                UaFolderNode mf = folder(cf, mPath, m.name());
                for (Site s : m.sites()) {
                    String sPath = mPath + "/" + s.id();
                    UaFolderNode sf = folder(mf, sPath, s.name());
                    for (Asset a : s.assets()) {
                        folder(sf, sPath + "/" + a.id(), a.name());
                        assetFolder.putIfAbsent(a.id(), sPath + "/" + a.id());
                    }
                }
            }
            if (!c.sharedAssets().isEmpty()) {
                UaFolderNode shared = folder(cf, cPath + "/shared", "shared");
                for (Asset a : c.sharedAssets()) {
                    folder(shared, cPath + "/shared/" + a.id(), a.name());
                    assetFolder.putIfAbsent(a.id(), cPath + "/shared/" + a.id());
                }
            }
        }
        for (Point p : all) {
            points.put(p.id(), p);
            if (variables.containsKey(p.id())) {
                continue;
            }
            String path = assetFolder.get(p.assetId());
            UaFolderNode parent = path != null ? folders.get(path) : folder(root, "points", "points");
            addVariable(parent, p, latest.get(p.id()));
        }
    }

    private UaFolderNode folder(UaFolderNode parent, String path, String name) {
        UaFolderNode f = folders.get(path);
        if (f != null) {
            return f;
        }
        f = new UaFolderNode(
                getNodeContext(),
                newNodeId("folder:" + path),
                newQualifiedName(lastSegment(path)),
                LocalizedText.english(name));
        getNodeManager().addNode(f);
        if (parent != null) {
            parent.addOrganizes(f);
        }
        folders.put(path, f);
        return f;
    }

    private static String lastSegment(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private void addVariable(UaFolderNode parent, Point p, Sample latest) {
        boolean writable = p.kind().writable();
        DataValue initial = latest != null
                ? Qualities.toDataValue(latest)
                : new DataValue(Variant.NULL_VALUE, new StatusCode(StatusCodes.Bad_WaitingForInitialData));
        UaVariableNode node = new UaVariableNode.UaVariableNodeBuilder(getNodeContext())
                .setNodeId(newNodeId(p.id().value()))
                .setBrowseName(newQualifiedName(lastSegment(p.id().value().replace('.', '/'))))
                .setDisplayName(LocalizedText.english(p.id().value()))
                .setDescription(LocalizedText.english(description(p)))
                .setDataType(NodeIds.Double)
                .setAccessLevel(
                        writable
                                ? AccessLevel.toValue(AccessLevel.CurrentRead, AccessLevel.CurrentWrite)
                                : AccessLevel.toValue(AccessLevel.CurrentRead))
                .setUserAccessLevel(
                        writable
                                ? AccessLevel.toValue(AccessLevel.CurrentRead, AccessLevel.CurrentWrite)
                                : AccessLevel.toValue(AccessLevel.CurrentRead))
                .setValue(initial)
                .build();
        node.setMinimumSamplingInterval(0.0);
        getNodeManager().addNode(node);
        parent.addOrganizes(node);
        variables.put(p.id(), node);
    }

    private static String description(Point p) {
        String d = p.kind() + " " + p.quantity() + " [" + p.unit() + "]";
        return p.description().isEmpty() ? d : p.description() + " — " + d;
    }

    /** Samples from the bus: the variables' values, and at once to the items monitoring them ({@link LiveItems}). */
    void onSamples(List<Sample> samples) {
        for (Sample s : samples) {
            UaVariableNode node = variables.get(s.point());
            if (node != null) {
                DataValue value = Qualities.toDataValue(s);
                node.setValue(value);
                live.offer(s.point(), value);
            }
        }
    }

    int variableCount() {
        return variables.size();
    }

    @Override
    public List<StatusCode> write(WriteContext context, List<WriteValue> writeValues) {
        List<StatusCode> results = new ArrayList<>(writeValues.size());
        for (WriteValue wv : writeValues) {
            results.add(writeOne(context, wv));
        }
        return results;
    }

    /**
     * One write from a client: checked (node, attribute, operator role, value), then recorded in the audit trail
     * before it goes to the device, and its result after. A write the trail cannot record is not made. Every write,
     * refused or not, is one INFO line and one audit entry.
     */
    private StatusCode writeOne(WriteContext context, WriteValue wv) {
        Optional<Session> session = context.getSession();
        String user = session.map(Session::getIdentity)
                .filter(i -> i instanceof Identity.UsernameIdentity)
                .map(i -> ((Identity.UsernameIdentity) i).getUsername())
                .orElse(null);
        String actor = user == null ? ANONYMOUS : user;
        String client = session.map(ModelNamespace::client).orElse("unknown client");
        Object v = wv.getValue() == null || wv.getValue().getValue() == null
                ? null
                : wv.getValue().getValue().getValue();
        String shown = oneLine(String.valueOf(v)); // what the client sent goes into the log and trail as one line
        String subject = oneLine(subject(wv.getNodeId()));
        String detail = detail(shown, client);

        StatusCode refusal = check(user, wv, v);
        if (refusal != null) {
            return refused(actor, client, subject, shown, refusal, name(refusal));
        }
        PointId pointId = PointId.of((String) wv.getNodeId().getIdentifier());
        PointWriter w = writer.get();
        if (w == null) {
            return refused(
                    actor,
                    client,
                    subject,
                    shown,
                    new StatusCode(StatusCodes.Bad_NoCommunication),
                    "no driver host runs");
        }
        AuditTrail trail = audit.get();
        if (trail == null) {
            return refused(
                    actor,
                    client,
                    subject,
                    shown,
                    new StatusCode(StatusCodes.Bad_UserAccessDenied),
                    "no audit trail runs, and no write is made without one");
        }
        try {
            trail.append(actor, CHANNEL, ACTION, subject, "requested", detail);
        } catch (AuditException e) {
            LOG.info(
                    "OPC UA write {} = {} by {} from {}: refused, the audit trail refused its record ({})",
                    subject,
                    shown,
                    actor,
                    client,
                    e.getMessage());
            return new StatusCode(StatusCodes.Bad_UserAccessDenied);
        }
        StatusCode result;
        try {
            Quality q = w.write(pointId, ((Number) v).doubleValue())
                    .get(options.writeTimeoutMillis(), TimeUnit.MILLISECONDS);
            result = q.isGood() ? StatusCode.GOOD : Qualities.status(Quality.invalid(q.reason(), q.detail()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result = new StatusCode(StatusCodes.Bad_Shutdown);
        } catch (ExecutionException | TimeoutException e) {
            result = new StatusCode(StatusCodes.Bad_Timeout);
        }
        String outcome = result.isGood() ? "accepted" : "refused: " + name(result);
        LOG.info("OPC UA write {} = {} by {} from {}: {}", subject, shown, actor, client, outcome);
        try {
            trail.append(actor, CHANNEL, ACTION, subject, outcome, detail);
        } catch (AuditException e) {
            // The write is made; its intent is on record, the result only in this log.
            LOG.warn(
                    "the audit trail refused the result of OPC UA write {} = {} by {} ({}): {}",
                    subject,
                    shown,
                    actor,
                    outcome,
                    e.getMessage());
        }
        return result;
    }

    /** Null when the write may go to the device, else why not. */
    private StatusCode check(String user, WriteValue wv, Object v) {
        NodeId nodeId = wv.getNodeId();
        if (!nodeId.getNamespaceIndex().equals(getNamespaceIndex()) || !(nodeId.getIdentifier() instanceof String id)) {
            return new StatusCode(StatusCodes.Bad_NodeIdUnknown);
        }
        PointId pointId;
        try {
            pointId = PointId.of(id);
        } catch (IllegalArgumentException e) {
            return new StatusCode(
                    folders.values().stream().anyMatch(f -> f.getNodeId().equals(nodeId))
                            ? StatusCodes.Bad_NotWritable
                            : StatusCodes.Bad_NodeIdUnknown);
        }
        Point p = points.get(pointId);
        if (p == null || !variables.containsKey(pointId)) {
            return new StatusCode(StatusCodes.Bad_NodeIdUnknown);
        }
        if (!wv.getAttributeId().equals(AttributeId.Value.uid()) || !p.kind().writable()) {
            return new StatusCode(StatusCodes.Bad_NotWritable);
        }
        ServerOptions.User u = user == null ? null : options.users().get(user);
        if (u == null || !u.roles().contains(ServerOptions.OPERATOR)) {
            return new StatusCode(StatusCodes.Bad_UserAccessDenied);
        }
        if (!(v instanceof Number n) || !Double.isFinite(n.doubleValue())) {
            return new StatusCode(StatusCodes.Bad_TypeMismatch);
        }
        return null;
    }

    private StatusCode refused(String actor, String client, String subject, String v, StatusCode status, String why) {
        String outcome = "refused: " + why;
        AuditTrail trail = audit.get();
        String unrecorded = "";
        if (trail != null) {
            try {
                trail.append(actor, CHANNEL, ACTION, subject, outcome, detail(v, client));
            } catch (AuditException e) {
                unrecorded = " (not in the audit trail: " + e.getMessage() + ")";
            }
        } else {
            unrecorded = " (no audit trail runs)";
        }
        LOG.info("OPC UA write {} = {} by {} from {}: {}{}", subject, v, actor, client, outcome, unrecorded);
        return status;
    }

    private static String detail(String value, String client) {
        return "value=" + value + " client=" + client;
    }

    /** The point id for the hub's variables, else the NodeId as text. */
    private String subject(NodeId nodeId) {
        return nodeId.getNamespaceIndex().equals(getNamespaceIndex()) && nodeId.getIdentifier() instanceof String id
                ? id
                : nodeId.toParseableString();
    }

    private static String client(Session s) {
        InetAddress a = s.getClientAddress();
        String app = s.getClientDescription() == null
                ? null
                : s.getClientDescription().getApplicationUri();
        return (a == null ? "unknown address" : a.getHostAddress())
                + (app == null || app.isEmpty() ? "" : " (" + oneLine(app) + ")");
    }

    private static String oneLine(String text) {
        String t = text.replaceAll("\\p{Cntrl}", " ");
        return t.length() <= 200 ? t : t.substring(0, 200) + "…";
    }

    private static String name(StatusCode status) {
        return StatusCodes.lookup(status.getValue()).map(n -> n[0]).orElse(String.format("0x%08X", status.getValue()));
    }

    /**
     * Items on a point's Value are fed from the bus as values arrive ({@link LiveItems}); items on anything else
     * (a folder's or a variable's other attributes, which change only when the model grows) are sampled by Milo's
     * {@link SubscriptionModel}.
     */
    @Override
    public void onDataItemsCreated(List<DataItem> dataItems) {
        List<DataItem> sampled = new ArrayList<>();
        for (DataItem item : dataItems) {
            PointId point = pointValue(item.getReadValueId());
            if (point != null) {
                live.add(point, item, variables.get(point).getValue());
            } else {
                sampled.add(item);
            }
        }
        if (!sampled.isEmpty()) {
            subscriptionModel.onDataItemsCreated(sampled);
        }
    }

    /** A modified sampling interval applies to a live item's next value; sampled items are rescheduled. */
    @Override
    public void onDataItemsModified(List<DataItem> dataItems) {
        List<DataItem> sampled = dataItems.stream().filter(i -> !live.feeds(i)).toList();
        if (!sampled.isEmpty()) {
            subscriptionModel.onDataItemsModified(sampled);
        }
    }

    @Override
    public void onDataItemsDeleted(List<DataItem> dataItems) {
        List<DataItem> sampled = new ArrayList<>();
        for (DataItem item : dataItems) {
            if (live.feeds(item)) {
                live.remove(item);
            } else {
                sampled.add(item);
            }
        }
        if (!sampled.isEmpty()) {
            subscriptionModel.onDataItemsDeleted(sampled);
        }
    }

    @Override
    public void onMonitoringModeChanged(List<MonitoredItem> monitoredItems) {
        List<MonitoredItem> sampled = new ArrayList<>();
        for (MonitoredItem item : monitoredItems) {
            PointId point = live.feeds(item) ? pointValue(item.getReadValueId()) : null;
            if (point != null) {
                live.monitoringModeChanged((DataItem) item, variables.get(point).getValue());
            } else {
                sampled.add(item);
            }
        }
        if (!sampled.isEmpty()) {
            subscriptionModel.onMonitoringModeChanged(sampled);
        }
    }

    /** The point whose variable's whole Value {@code id} reads, else null. */
    private PointId pointValue(ReadValueId id) {
        NodeId nodeId = id.getNodeId();
        if (!AttributeId.Value.uid().equals(id.getAttributeId())
                || (id.getIndexRange() != null && !id.getIndexRange().isEmpty())
                || !nodeId.getNamespaceIndex().equals(getNamespaceIndex())
                || !(nodeId.getIdentifier() instanceof String s)) {
            return null;
        }
        try {
            PointId point = PointId.of(s);
            return variables.containsKey(point) ? point : null;
        } catch (IllegalArgumentException e) {
            return null; // a folder
        }
    }

    int liveItemCount() {
        return live.size();
    }
}
