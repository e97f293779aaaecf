package io.gridhub.driver.opcua;

import io.gridhub.api.driver.AbstractDriver;
import io.gridhub.api.driver.AddressException;
import io.gridhub.api.driver.Connection;
import io.gridhub.api.driver.ConnectionException;
import io.gridhub.api.driver.DeviceContext;
import io.gridhub.api.driver.Driver;
import io.gridhub.driver.opcua.internal.ClientOptions;
import io.gridhub.driver.opcua.internal.OpcUaConnection;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.osgi.service.component.annotations.Component;

/**
 * The OPC UA client driver (Eclipse Milo). Each factory configuration of {@value #FACTORY_PID} is one server; its
 * mapping names channels by NodeId, e.g. {@code ns=1;s=Sim.D0000} or {@code ns=2;i=1042}.
 */
@Component(service = Driver.class)
public final class OpcUaDriver extends AbstractDriver<OpcUaSettings, NodeId> {
    /** The default of {@link Driver#factoryPid()} for this id, named for the settings' metatype. */
    public static final String FACTORY_PID = "io.gridhub.driver.opcua.device";

    public OpcUaDriver() {
        super("opcua", OpcUaSettings.class, OpcUaDriver::parseNodeId);
    }

    private static NodeId parseNodeId(String text) throws AddressException {
        String t = text == null ? "" : text.trim();
        // Milo's parser accepts the standard forms; require the identifier type so that typos are not silently
        // read as something else.
        if (!t.matches("(ns=\\d+;)?[isgb]=.+")) {
            throw new AddressException(
                    text,
                    "expected a NodeId like ns=1;s=Sim.D0000, ns=2;i=1042, " + "ns=3;g=<uuid> or ns=4;b=<base64>");
        }
        NodeId id = NodeId.parseOrNull(t);
        if (id == null) {
            throw new AddressException(text, "not a valid NodeId");
        }
        return id;
    }

    @Override
    public String format(NodeId address) {
        return address.toParseableString();
    }

    @Override
    public Connection<NodeId> connect(OpcUaSettings settings, DeviceContext context) throws ConnectionException {
        return OpcUaConnection.open(ClientOptions.of(settings), context);
    }
}
