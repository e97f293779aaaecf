package io.gridhub.opcua.server.internal;

import io.gridhub.api.driver.PointWriter;
import io.gridhub.api.model.Asset;
import io.gridhub.api.model.Community;
import io.gridhub.api.model.Member;
import io.gridhub.api.model.Point;
import io.gridhub.api.model.PointId;
import io.gridhub.api.model.Quality;
import io.gridhub.api.model.Sample;
import io.gridhub.api.model.Site;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
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
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.structured.WriteValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The normalized model as an OPC UA address space: {@code Objects/gridhub/<community>/<member>/<site>/<asset>/<point>},
 * shared assets under {@code <community>/shared}, points of no known asset under {@code gridhub/points}. A point is
 * a Double variable with NodeId {@code s=<point id>}; its value, status code and time stamps follow the sample bus.
 * Setpoints and commands are writable by users with the operator role only; the write goes to the device through
 * the hub's {@link PointWriter}.
 */
final class ModelNamespace extends ManagedNamespaceWithLifecycle {
    static final String URI = "urn:io.gridhub:model";
    private static final Logger LOG = LoggerFactory.getLogger(ModelNamespace.class);

    private final SubscriptionModel subscriptionModel;
    private final ServerOptions options;
    private final Supplier<PointWriter> writer;
    private final Map<PointId, UaVariableNode> variables = new ConcurrentHashMap<>();
    private final Map<PointId, Point> points = new ConcurrentHashMap<>();
    private final Map<String, UaFolderNode> folders = new HashMap<>();
    private UaFolderNode root;

    ModelNamespace(OpcUaServer server, ServerOptions options, Supplier<PointWriter> writer) {
        super(server, URI);
        this.options = options;
        this.writer = writer;
        this.subscriptionModel = new SubscriptionModel(server, this);
        getLifecycleManager().addLifecycle(subscriptionModel);
        getLifecycleManager().addStartupTask(() -> {
            root = folder(null, "gridhub", "gridhub");
            root.addReference(new Reference(root.getNodeId(), NodeIds.Organizes, NodeIds.ObjectsFolder.expanded(),
                    false));
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
        f = new UaFolderNode(getNodeContext(), newNodeId("folder:" + path), newQualifiedName(lastSegment(path)),
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
        DataValue initial = latest != null ? Qualities.toDataValue(latest)
                : new DataValue(Variant.NULL_VALUE, new StatusCode(StatusCodes.Bad_WaitingForInitialData));
        UaVariableNode node = new UaVariableNode.UaVariableNodeBuilder(getNodeContext())
                .setNodeId(newNodeId(p.id().value()))
                .setBrowseName(newQualifiedName(lastSegment(p.id().value().replace('.', '/'))))
                .setDisplayName(LocalizedText.english(p.id().value()))
                .setDescription(LocalizedText.english(description(p)))
                .setDataType(NodeIds.Double)
                .setAccessLevel(writable ? AccessLevel.toValue(AccessLevel.CurrentRead, AccessLevel.CurrentWrite)
                        : AccessLevel.toValue(AccessLevel.CurrentRead))
                .setUserAccessLevel(writable ? AccessLevel.toValue(AccessLevel.CurrentRead, AccessLevel.CurrentWrite)
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

    /** Samples from the bus: the variables' values (the subscription model samples them for monitored items). */
    void onSamples(List<Sample> samples) {
        for (Sample s : samples) {
            UaVariableNode node = variables.get(s.point());
            if (node != null) {
                node.setValue(Qualities.toDataValue(s));
            }
        }
    }

    int variableCount() {
        return variables.size();
    }

    @Override
    public List<StatusCode> write(WriteContext context, List<WriteValue> writeValues) {
        List<StatusCode> results = new java.util.ArrayList<>(writeValues.size());
        for (WriteValue wv : writeValues) {
            results.add(writeOne(context, wv));
        }
        return results;
    }

    private StatusCode writeOne(WriteContext context, WriteValue wv) {
        NodeId nodeId = wv.getNodeId();
        if (!nodeId.getNamespaceIndex().equals(getNamespaceIndex()) || !(nodeId.getIdentifier() instanceof String id)) {
            return new StatusCode(StatusCodes.Bad_NodeIdUnknown);
        }
        PointId pointId;
        try {
            pointId = PointId.of(id);
        } catch (IllegalArgumentException e) {
            return new StatusCode(folders.values().stream().anyMatch(f -> f.getNodeId().equals(nodeId))
                    ? StatusCodes.Bad_NotWritable : StatusCodes.Bad_NodeIdUnknown);
        }
        Point p = points.get(pointId);
        if (p == null || !variables.containsKey(pointId)) {
            return new StatusCode(StatusCodes.Bad_NodeIdUnknown);
        }
        if (!wv.getAttributeId().equals(AttributeId.Value.uid()) || !p.kind().writable()) {
            return new StatusCode(StatusCodes.Bad_NotWritable);
        }
        String user = context.getSession().map(Session::getIdentity)
                .filter(i -> i instanceof Identity.UsernameIdentity)
                .map(i -> ((Identity.UsernameIdentity) i).getUsername()).orElse(null);
        ServerOptions.User u = user == null ? null : options.users().get(user);
        if (u == null || !u.roles().contains(ServerOptions.OPERATOR)) {
            LOG.debug("write to {} refused: {}", pointId, user == null ? "anonymous session" : user + " is no operator");
            return new StatusCode(StatusCodes.Bad_UserAccessDenied);
        }
        Object v = wv.getValue() == null || wv.getValue().getValue() == null ? null
                : wv.getValue().getValue().getValue();
        if (!(v instanceof Number n) || !Double.isFinite(n.doubleValue())) {
            return new StatusCode(StatusCodes.Bad_TypeMismatch);
        }
        PointWriter w = writer.get();
        if (w == null) {
            return new StatusCode(StatusCodes.Bad_NoCommunication);
        }
        try {
            Quality q = w.write(pointId, n.doubleValue()).get(options.writeTimeoutMillis(), TimeUnit.MILLISECONDS);
            LOG.debug("{} wrote {} = {}: {}", user, pointId, n, q);
            return q.isGood() ? StatusCode.GOOD : Qualities.status(Quality.invalid(q.reason(), q.detail()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new StatusCode(StatusCodes.Bad_Shutdown);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return new StatusCode(StatusCodes.Bad_Timeout);
        }
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

    static Set<String> unused() {
        return Set.of();
    }
}
