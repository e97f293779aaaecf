package io.gridhub.driver.iec61850.internal;

import com.beanit.openiec61850.ClientAssociation;
import com.beanit.openiec61850.FcModelNode;
import com.beanit.openiec61850.ServerModel;
import com.beanit.openiec61850.ServiceError;
import io.gridhub.api.driver.ConnectionException;
import io.gridhub.api.driver.DeviceContext;
import io.gridhub.api.model.Quality;
import java.io.IOException;

/**
 * What the parts of one connection share: the MMS association, the IED's model, and whether the link is still
 * there. A lost link is remembered for later calls and told to the hub, which reconnects.
 */
final class IedLink {
    private final Iec61850Connection.Config config;
    private final DeviceContext context;
    private final String endpoint;
    private final boolean modelFromFile;
    private volatile ClientAssociation association;
    private volatile ServerModel model;
    private volatile IOException lost;
    private volatile boolean closed;

    IedLink(Iec61850Connection.Config config, DeviceContext context, boolean modelFromFile) {
        this.config = config;
        this.context = context;
        this.endpoint = config.host() + ":" + config.port();
        this.modelFromFile = modelFromFile;
    }

    Iec61850Connection.Config config() {
        return config;
    }

    DeviceContext context() {
        return context;
    }

    String endpoint() {
        return endpoint;
    }

    ClientAssociation association() {
        return association;
    }

    void associated(ClientAssociation a) {
        association = a;
    }

    ServerModel model() {
        return model;
    }

    void model(ServerModel m) {
        model = m;
    }

    /** Reads a node's value from the IED, unless the model came from an SCL file (whose values are configured). */
    void readUnlessFromFile(FcModelNode node) throws ServiceError, IOException {
        if (!modelFromFile) {
            association.getDataValues(node);
        }
    }

    void checkOpen() throws ConnectionException {
        if (closed) {
            throw new ConnectionException("connection to IED " + endpoint + " is closed");
        }
        IOException e = lost;
        if (e != null) {
            throw ConnectionException.lost("IED " + endpoint, e);
        }
    }

    /** The link is gone: remembered for later calls, and told to the hub (which reconnects) unless we closed it. */
    ConnectionException lostWith(IOException e) {
        if (lost == null) {
            lost = e;
        }
        ConnectionException x = ConnectionException.lost("IED " + endpoint, lost);
        if (!closed) {
            context.linkLost(x);
        }
        return x;
    }

    boolean isClosed() {
        return closed;
    }

    /** Marks the link closed by us; returns false when it already was. */
    boolean markClosed() {
        if (closed) {
            return false;
        }
        closed = true;
        return true;
    }

    /** A service error as the quality of what was asked: refused by the IED, or a timeout. */
    Quality refusal(String what, ServiceError e) {
        Quality.Reason reason = switch (e.getErrorCode()) {
            case ServiceError.INSTANCE_NOT_AVAILABLE,
                    ServiceError.ACCESS_VIOLATION,
                    ServiceError.TYPE_CONFLICT,
                    ServiceError.PARAMETER_VALUE_INAPPROPRIATE,
                    ServiceError.CLASS_NOT_SUPPORTED -> Quality.Reason.CONFIGURATION_ERROR;
            case ServiceError.TIMEOUT -> Quality.Reason.COMMUNICATION_FAILURE;
            default -> Quality.Reason.DEVICE_FAILURE;
        };
        return Quality.invalid(reason, "IED refused the " + what + ": " + e.getMessage());
    }

    /** A refusal as a quality, but a timeout or a lost connection as the lost link it is. */
    Quality refusalOrLost(String what, ServiceError e) throws ConnectionException {
        if (e.getErrorCode() == ServiceError.TIMEOUT || e.getErrorCode() == ServiceError.CONNECTION_LOST) {
            throw lostWith(new IOException(e.getMessage(), e));
        }
        return refusal(what, e);
    }

    static String message(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
