package io.gridhub.driver.iec61850.internal;

import com.beanit.openiec61850.BasicDataAttribute;
import com.beanit.openiec61850.ClientAssociation;
import com.beanit.openiec61850.ClientEventListener;
import com.beanit.openiec61850.ClientSap;
import com.beanit.openiec61850.Fc;
import com.beanit.openiec61850.FcModelNode;
import com.beanit.openiec61850.ModelNode;
import com.beanit.openiec61850.Report;
import com.beanit.openiec61850.ServerModel;
import com.beanit.openiec61850.ServiceError;
import io.gridhub.api.driver.Browsable;
import io.gridhub.api.driver.Commandable;
import io.gridhub.api.driver.Connection;
import io.gridhub.api.driver.ConnectionException;
import io.gridhub.api.driver.DeviceContext;
import io.gridhub.api.driver.Reading;
import io.gridhub.api.driver.Subscribable;
import io.gridhub.api.driver.Writable;
import io.gridhub.api.model.Quality;
import io.gridhub.driver.iec61850.Iec61850Address;
import io.gridhub.driver.iec61850.Iec61850Settings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One MMS association with an IED: the model (retrieved from the server or loaded from an SCL file, see
 * {@link SclFiles#load}) and reads, polling everything no report covers. The other jobs have classes of their own:
 * {@link Reports} (report control blocks and subscriptions), {@link Controls} (writes to CO objects by ctlModel) and
 * {@link Browser}; they share the association through {@link IedLink}.
 */
public final class Iec61850Connection
        implements Connection<Iec61850Address>,
                Writable<Iec61850Address>,
                Commandable<Iec61850Address>,
                Subscribable<Iec61850Address>,
                Browsable<Iec61850Address> {
    private static final Logger LOG = LoggerFactory.getLogger(Iec61850Connection.class);

    /** The settings, copied out of the converter proxy once. */
    public record Config(
            String host,
            int port,
            String sclFile,
            String iedName,
            int timeoutMillis,
            List<String> reports,
            boolean reportGi,
            int integrityPeriodMillis,
            int reservationSeconds,
            String originator,
            int originatorCategory) {
        public static Config of(Iec61850Settings s) {
            List<String> reports = new ArrayList<>();
            for (String r : s.reports().split(",")) {
                if (!r.isBlank()) {
                    reports.add(r.trim());
                }
            }
            return new Config(
                    s.host(),
                    s.port(),
                    s.sclFile(),
                    s.iedName(),
                    s.timeoutMillis(),
                    List.copyOf(reports),
                    s.reportGi(),
                    s.integrityPeriodMillis(),
                    s.reservationSeconds(),
                    s.originator(),
                    s.originatorCategory());
        }
    }

    private final IedLink link;
    private final Reports reports;
    private final Controls controls;
    private final Browser browser;

    private Iec61850Connection(IedLink link, ReportPositions positions) {
        this.link = link;
        this.reports = new Reports(link, positions);
        this.controls = new Controls(link);
        this.browser = new Browser(link, controls);
    }

    public static Iec61850Connection open(Config config, DeviceContext context, ReportPositions positions)
            throws ConnectionException {
        InetAddress address;
        try {
            address = InetAddress.getByName(config.host());
        } catch (UnknownHostException e) {
            throw ConnectionException.configuration("unknown IED host '" + config.host() + "'", e);
        }
        ServerModel fileModel = config.sclFile().isBlank() ? null : SclFiles.load(config.sclFile(), config.iedName());
        IedLink link = new IedLink(config, context, fileModel != null);
        Iec61850Connection c = new Iec61850Connection(link, positions);
        String endpoint = link.endpoint();
        ClientSap sap = new ClientSap(new TimedSocketFactory(config.timeoutMillis()));
        sap.setResponseTimeout(config.timeoutMillis());
        sap.setMessageFragmentTimeout(config.timeoutMillis());
        ClientAssociation association;
        try {
            association = sap.associate(address, config.port(), null, c.new Events());
        } catch (IOException e) {
            throw new ConnectionException("cannot associate with IED " + endpoint + ": " + IedLink.message(e), e);
        } catch (RuntimeException e) {
            // A peer that answers with something other than ISO transport / ACSE: the decoders throw unchecked.
            throw new ConnectionException(
                    "IED " + endpoint + " answered the association request with something that is not MMS: "
                            + IedLink.message(e),
                    e);
        }
        link.associated(association);
        try {
            association.setResponseTimeout(config.timeoutMillis());
            if (fileModel != null) {
                association.setServerModel(fileModel);
                link.model(fileModel);
            } else {
                link.model(association.retrieveModel());
            }
            c.reports.enableAll();
        } catch (ServiceError e) {
            c.close();
            throw new ConnectionException("IED " + endpoint + " refused to give its model: " + e.getMessage(), e);
        } catch (IOException e) {
            c.close();
            throw new ConnectionException(
                    "connection to IED " + endpoint + " lost while reading its model: " + IedLink.message(e), e);
        } catch (ConnectionException e) {
            c.close();
            throw e;
        } catch (RuntimeException e) {
            c.close();
            throw new ConnectionException(
                    "IED " + endpoint + " sent a model the client cannot decode: " + IedLink.message(e), e);
        }
        LOG.debug(
                "{}: associated with {}, {} logical devices, reports {}",
                context.deviceName(),
                endpoint,
                link.model().getChildren().size(),
                c.reports.enabled());
        return c;
    }

    @Override
    public List<Reading> read(List<Iec61850Address> channels) throws ConnectionException {
        link.checkOpen();
        ServerModel model = link.model();
        Reading[] out = new Reading[channels.size()];
        Map<String, FcModelNode> toPoll = new LinkedHashMap<>();
        ModelNode[] nodes = new ModelNode[channels.size()];
        for (int i = 0; i < channels.size(); i++) {
            Iec61850Address a = channels.get(i);
            ModelNode node = model.findModelNode(a.reference(), Fc.fromString(a.fc()));
            if (node == null) {
                out[i] = Reading.failed(
                        Quality.invalid(Quality.Reason.CONFIGURATION_ERROR, a + " is not in the IED's model"));
                continue;
            }
            ModelNode fromReport = reports.latest(a);
            if (fromReport != null) {
                out[i] = Values.reading(fromReport);
                continue;
            }
            nodes[i] = node;
            String doKey = a.dataObject() + "[" + a.fc() + "]";
            if (!toPoll.containsKey(doKey)) {
                ModelNode dataObject = model.findModelNode(a.dataObject(), Fc.fromString(a.fc()));
                toPoll.put(doKey, dataObject instanceof FcModelNode f ? f : (FcModelNode) node);
            }
        }
        Map<String, Quality> failed = new HashMap<>();
        for (Map.Entry<String, FcModelNode> e : toPoll.entrySet()) {
            try {
                link.association().getDataValues(e.getValue());
            } catch (ServiceError se) {
                failed.put(e.getKey(), link.refusalOrLost("read", se));
            } catch (IOException ioe) {
                throw link.lostWith(ioe);
            }
        }
        for (int i = 0; i < channels.size(); i++) {
            if (out[i] != null) {
                continue;
            }
            Iec61850Address a = channels.get(i);
            Quality q = failed.get(a.dataObject() + "[" + a.fc() + "]");
            out[i] = q != null ? Reading.failed(q) : Values.reading(nodes[i]);
        }
        return List.of(out);
    }

    @Override
    public AutoCloseable subscribe(List<Iec61850Address> channels, Listener<Iec61850Address> listener)
            throws ConnectionException {
        link.checkOpen();
        return reports.subscribe(channels, listener);
    }

    @Override
    public Quality write(Iec61850Address channel, double value) throws ConnectionException {
        link.checkOpen();
        if (channel.fc().equals("CO")) {
            Selection s = controls.select(channel, value);
            return s.quality().isGood() ? s.operate() : s.quality();
        }
        ModelNode node = link.model().findModelNode(channel.reference(), Fc.fromString(channel.fc()));
        BasicDataAttribute leaf = node == null ? null : Values.leaf(node);
        if (leaf == null) {
            return Quality.invalid(Quality.Reason.CONFIGURATION_ERROR, channel + " is not a value in the IED's model");
        }
        Quality bad = Values.set(leaf, value);
        if (bad != null) {
            return bad;
        }
        try {
            link.association().setDataValues(leaf);
            return Quality.GOOD;
        } catch (ServiceError e) {
            return link.refusalOrLost("write", e);
        } catch (IOException e) {
            throw link.lostWith(e);
        }
    }

    @Override
    public Selection select(Iec61850Address channel, double value) throws ConnectionException {
        return controls.select(channel, value);
    }

    @Override
    public List<BrowseEntry<Iec61850Address>> browse(int limit) throws ConnectionException {
        return browser.browse(limit);
    }

    /** The model, for tests. */
    ServerModel model() {
        return link.model();
    }

    /** Reports received, buffered entries among them, and per reason for inclusion how many values came. */
    long reportsReceived() {
        return reports.received();
    }

    long bufferedEntriesReceived() {
        return reports.bufferedEntries();
    }

    Map<String, Integer> reasonCounts() {
        return reports.reasonCounts();
    }

    /** Report control blocks that could not be enabled, with the reason. */
    Map<String, String> reportProblems() {
        return reports.problems();
    }

    @Override
    public void close() {
        if (!link.markClosed()) {
            return;
        }
        ClientAssociation a = link.association();
        if (a != null) {
            try {
                a.close();
            } catch (RuntimeException e) {
                LOG.debug("{}: close failed", link.context().deviceName(), e);
            }
        }
    }

    /** The library's callbacks: reports each on a thread of their own (hence the sequencer). */
    private final class Events implements ClientEventListener {
        @Override
        public void newReport(Report report) {
            reports.offer(report);
        }

        @Override
        public void associationClosed(IOException e) {
            link.lostWith(e != null ? e : new IOException("association closed by the IED"));
        }
    }
}
