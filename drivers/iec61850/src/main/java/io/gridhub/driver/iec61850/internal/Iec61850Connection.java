package io.gridhub.driver.iec61850.internal;

import com.beanit.openiec61850.BasicDataAttribute;
import com.beanit.openiec61850.BdaBoolean;
import com.beanit.openiec61850.BdaDoubleBitPos;
import com.beanit.openiec61850.BdaFloat32;
import com.beanit.openiec61850.BdaFloat64;
import com.beanit.openiec61850.BdaInt16;
import com.beanit.openiec61850.BdaInt16U;
import com.beanit.openiec61850.BdaInt32;
import com.beanit.openiec61850.BdaInt32U;
import com.beanit.openiec61850.BdaInt64;
import com.beanit.openiec61850.BdaInt8;
import com.beanit.openiec61850.BdaInt8U;
import com.beanit.openiec61850.BdaOctetString;
import com.beanit.openiec61850.BdaReasonForInclusion;
import com.beanit.openiec61850.BdaTimestamp;
import com.beanit.openiec61850.Brcb;
import com.beanit.openiec61850.ClientAssociation;
import com.beanit.openiec61850.ClientEventListener;
import com.beanit.openiec61850.ClientSap;
import com.beanit.openiec61850.DataSet;
import com.beanit.openiec61850.Fc;
import com.beanit.openiec61850.FcDataObject;
import com.beanit.openiec61850.FcModelNode;
import com.beanit.openiec61850.LogicalDevice;
import com.beanit.openiec61850.LogicalNode;
import com.beanit.openiec61850.ModelNode;
import com.beanit.openiec61850.Rcb;
import com.beanit.openiec61850.Report;
import com.beanit.openiec61850.SclParseException;
import com.beanit.openiec61850.SclParser;
import com.beanit.openiec61850.ServerModel;
import com.beanit.openiec61850.ServiceError;
import com.beanit.openiec61850.Urcb;
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
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One MMS association with an IED: the model (retrieved from the server or loaded from an SCL file), the
 * configured report control blocks reserved and enabled (buffered ones resumed from the last entry id received),
 * polling of everything no report covers, and controls by the object's ctlModel.
 */
public final class Iec61850Connection
        implements Connection<Iec61850Address>,
                Writable<Iec61850Address>,
                Commandable<Iec61850Address>,
                Subscribable<Iec61850Address>,
                Browsable<Iec61850Address> {
    private static final Logger LOG = LoggerFactory.getLogger(Iec61850Connection.class);
    /** How long a report after a sequence gap waits for the missing ones (see {@link ReportSequencer}). */
    private static final long REORDER_WINDOW_MILLIS = 150;

    private static final String[] CTL_MODELS = {
        "status-only",
        "direct-with-normal-security",
        "sbo-with-normal-security",
        "direct-with-enhanced-security",
        "sbo-with-enhanced-security"
    };

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

    /** An enabled report control block and the data set members it reports. */
    private record Active(
            String reference, Rcb rcb, boolean buffered, List<FcModelNode> members, ReportSequencer sequencer) {}

    private record Sub(List<Iec61850Address> channels, Listener<Iec61850Address> listener) {}

    private final Config config;
    private final DeviceContext context;
    private final ReportPositions positions;
    private final String endpoint;
    private final Map<String, Active> activeByRptId = new ConcurrentHashMap<>();
    /** The last reported value of each data set member, by {@code reference[FC]}. */
    private final Map<String, FcModelNode> reported = new ConcurrentHashMap<>();

    private final Map<String, String> reportProblems = new ConcurrentHashMap<>();
    private final Map<String, Integer> reasonCounts = new ConcurrentHashMap<>();
    private final Map<String, Integer> ctlModels = new HashMap<>();
    private final List<Sub> subs = new CopyOnWriteArrayList<>();
    private final AtomicLong reports = new AtomicLong();
    private final AtomicLong entries = new AtomicLong();
    private final boolean modelFromFile;
    private ClientAssociation association;
    private ServerModel model;
    private ScheduledExecutorService timer;
    private short ctlNumber;
    private volatile IOException lost;
    private volatile boolean closed;

    private Iec61850Connection(Config config, DeviceContext context, ReportPositions positions, boolean modelFromFile) {
        this.config = config;
        this.context = context;
        this.positions = positions;
        this.endpoint = config.host() + ":" + config.port();
        this.modelFromFile = modelFromFile;
    }

    public static Iec61850Connection open(Config config, DeviceContext context, ReportPositions positions)
            throws ConnectionException {
        InetAddress address;
        try {
            address = InetAddress.getByName(config.host());
        } catch (UnknownHostException e) {
            throw ConnectionException.configuration("unknown IED host '" + config.host() + "'", e);
        }
        ServerModel fileModel = config.sclFile().isBlank() ? null : loadScl(config.sclFile(), config.iedName());
        Iec61850Connection c = new Iec61850Connection(config, context, positions, fileModel != null);
        ClientSap sap = new ClientSap(new TimedSocketFactory(config.timeoutMillis()));
        sap.setResponseTimeout(config.timeoutMillis());
        sap.setMessageFragmentTimeout(config.timeoutMillis());
        try {
            c.association = sap.associate(address, config.port(), null, c.new Events());
        } catch (IOException e) {
            throw new ConnectionException("cannot associate with IED " + c.endpoint + ": " + message(e), e);
        } catch (RuntimeException e) {
            // A peer that answers with something other than ISO transport / ACSE: the decoders throw unchecked.
            throw new ConnectionException(
                    "IED " + c.endpoint + " answered the association request with " + "something that is not MMS: "
                            + message(e),
                    e);
        }
        try {
            c.association.setResponseTimeout(config.timeoutMillis());
            if (fileModel != null) {
                c.association.setServerModel(fileModel);
                c.model = fileModel;
            } else {
                c.model = c.association.retrieveModel();
            }
            c.enableReports();
        } catch (ServiceError e) {
            c.close();
            throw new ConnectionException("IED " + c.endpoint + " refused to give its model: " + e.getMessage(), e);
        } catch (IOException e) {
            c.close();
            throw new ConnectionException(
                    "connection to IED " + c.endpoint + " lost while reading its model: " + message(e), e);
        } catch (ConnectionException e) {
            c.close();
            throw e;
        } catch (RuntimeException e) {
            c.close();
            throw new ConnectionException(
                    "IED " + c.endpoint + " sent a model the client cannot decode: " + message(e), e);
        }
        LOG.debug(
                "{}: associated with {}, {} logical devices, reports {}",
                context.deviceName(),
                c.endpoint,
                c.model.getChildren().size(),
                c.activeByRptId.keySet());
        return c;
    }

    /** The model of one IED in an SCL file: a configuration error naming the file when it does not parse. */
    static ServerModel loadScl(String file, String iedName) throws ConnectionException {
        Path path = Path.of(file);
        List<ServerModel> models;
        try {
            // Read once and checked XXE-safe first: openiec61850's parser resolves entities (see SclFiles).
            byte[] xml = Files.readAllBytes(path);
            SclFiles.check(file, xml);
            models = SclParser.parse(new ByteArrayInputStream(xml));
        } catch (IOException e) {
            throw ConnectionException.configuration("cannot read SCL file '" + file + "': " + message(e), e);
        } catch (SclParseException | RuntimeException e) {
            throw ConnectionException.configuration("SCL file '" + file + "' does not parse: " + message(e), e);
        }
        if (models.isEmpty()) {
            throw ConnectionException.configuration("SCL file '" + file + "' holds no IED", null);
        }
        if (iedName == null || iedName.isBlank()) {
            return models.get(0);
        }
        // SclParser names logical devices IED name + LD inst; pick the model whose devices start with the name.
        for (ServerModel m : models) {
            for (ModelNode ld : m.getChildren()) {
                if (ld.getName().startsWith(iedName)) {
                    return m;
                }
            }
        }
        throw ConnectionException.configuration("SCL file '" + file + "' has no IED named '" + iedName + "'", null);
    }

    private void enableReports() throws ConnectionException, IOException {
        for (String ref : config.reports()) {
            Rcb rcb = model.getBrcb(ref);
            boolean buffered = rcb != null;
            if (rcb == null) {
                rcb = model.getUrcb(ref);
            }
            if (rcb == null) {
                List<String> known = new ArrayList<>();
                model.getBrcbs().forEach(b -> known.add(b.getReference().toString()));
                model.getUrcbs().forEach(u -> known.add(u.getReference().toString()));
                throw ConnectionException.configuration(
                        "report control block '" + ref + "' is not in the IED's " + "model (it has: "
                                + String.join(", ", known) + ")",
                        null);
            }
            try {
                enable(ref, rcb, buffered);
            } catch (ServiceError e) {
                // The data of this report is polled instead; the reason stays visible in browse and logs.
                reportProblems.put(ref, e.getMessage());
                LOG.debug(
                        "{}: report {} not enabled, polling its data instead: {}",
                        context.deviceName(),
                        ref,
                        e.getMessage());
            }
        }
    }

    private void enable(String ref, Rcb rcb, boolean buffered) throws ServiceError, IOException {
        if (rcb instanceof Urcb u) {
            association.reserveUrcb(u);
        } else if (config.reservationSeconds() > 0 && ((Brcb) rcb).getResvTms() != null) {
            try {
                association.reserveBrcb((Brcb) rcb, (short) config.reservationSeconds());
            } catch (ServiceError e) {
                // Edition 1 servers have no ResvTms: enabling reserves the block for this association anyway.
                LOG.debug("{}: {} has no ResvTms: {}", context.deviceName(), ref, e.getMessage());
            }
        }
        association.getRcbValues(rcb);
        if (rcb.getRptEna().getValue()) {
            // Still enabled for us after a lost connection: entry id and options can only change while disabled.
            association.disableReporting(rcb);
        }
        if (buffered) {
            byte[] last = positions.get(context.deviceName(), ref).orElse(null);
            if (last != null) {
                ((Brcb) rcb).getEntryId().setValue(last);
                List<ServiceError> errors =
                        association.setRcbValues(rcb, false, false, false, false, false, false, false, true);
                if (errors.stream().anyMatch(e -> e != null)) {
                    // The entry is no longer in the server's buffer (overflow): what is there still comes.
                    LOG.debug("{}: {} refused entry id {}: {}", context.deviceName(), ref, hex(last), errors);
                }
            }
        }
        if (config.integrityPeriodMillis() > 0) {
            rcb.getIntgPd().setValue(config.integrityPeriodMillis());
            rcb.getTrgOps().setIntegrity(true);
            association.setRcbValues(rcb, false, false, false, false, true, true, false, false);
        }
        String datSet = rcb.getDatSet().getStringValue().replace('$', '.');
        DataSet ds = model.getDataSet(datSet);
        List<FcModelNode> members = ds == null ? List.of() : ds.getMembers();
        Active active = new Active(
                ref,
                rcb,
                buffered,
                members,
                new ReportSequencer(REORDER_WINDOW_MILLIS, timer(), r -> process(ref, buffered, r)));
        activeByRptId.put(rcb.getRptId().getStringValue(), active);
        activeByRptId.put(ref, active);
        association.enableReporting(rcb);
        if (config.reportGi()) {
            association.startGi(rcb);
        }
    }

    private synchronized ScheduledExecutorService timer() {
        if (timer == null) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "iec61850-reports-" + context.deviceName());
                t.setDaemon(true);
                return t;
            });
        }
        return timer;
    }

    @Override
    public List<Reading> read(List<Iec61850Address> channels) throws ConnectionException {
        checkOpen();
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
            ModelNode fromReport = fromReport(a);
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
                association.getDataValues(e.getValue());
            } catch (ServiceError se) {
                if (se.getErrorCode() == ServiceError.TIMEOUT || se.getErrorCode() == ServiceError.CONNECTION_LOST) {
                    throw lostWith(new IOException(se.getMessage(), se));
                }
                failed.put(e.getKey(), refusal("read", se));
            } catch (IOException ioe) {
                throw lostWith(ioe);
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

    /** The node of a channel in the last report that carried it; null when no enabled report covers it yet. */
    private ModelNode fromReport(Iec61850Address a) {
        for (Active act : activeByRptId.values()) {
            for (FcModelNode m : act.members()) {
                String ref = m.getReference().toString();
                if (!m.getFc().toString().equals(a.fc())
                        || !(a.reference().equals(ref) || a.reference().startsWith(ref + "."))) {
                    continue;
                }
                ModelNode snap = reported.get(ref + "[" + a.fc() + "]");
                if (snap == null) {
                    return null;
                }
                String rest = a.reference().substring(ref.length());
                for (String part :
                        rest.isEmpty() ? new String[0] : rest.substring(1).split("\\.")) {
                    snap = snap.getChild(part);
                    if (snap == null) {
                        return null;
                    }
                }
                return snap;
            }
        }
        return null;
    }

    /** Whether a data set member ({@code reference[FC]}) holds the channel. */
    private static boolean covers(String memberKey, Iec61850Address a) {
        String suffix = "[" + a.fc() + "]";
        if (!memberKey.endsWith(suffix)) {
            return false;
        }
        String ref = memberKey.substring(0, memberKey.length() - suffix.length());
        return a.reference().equals(ref) || a.reference().startsWith(ref + ".");
    }

    private boolean covered(Iec61850Address a) {
        for (Active act : activeByRptId.values()) {
            for (FcModelNode m : act.members()) {
                String ref = m.getReference().toString();
                if (m.getFc().toString().equals(a.fc())
                        && (a.reference().equals(ref) || a.reference().startsWith(ref + "."))) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public AutoCloseable subscribe(List<Iec61850Address> channels, Listener<Iec61850Address> listener)
            throws ConnectionException {
        checkOpen();
        List<Iec61850Address> pushed = new ArrayList<>();
        for (Iec61850Address a : channels) {
            if (covered(a)) {
                pushed.add(a);
            } else {
                listener.onReading(
                        a,
                        Reading.failed(Quality.invalid(
                                Quality.Reason.CONFIGURATION_ERROR,
                                a + " is in no data set of an enabled report (setting 'reports'); poll it instead")));
            }
        }
        // Only what reports bring from now on; the current value is a read away (never twice the same report).
        Sub sub = new Sub(List.copyOf(pushed), listener);
        subs.add(sub);
        return () -> subs.remove(sub);
    }

    @Override
    public Quality write(Iec61850Address channel, double value) throws ConnectionException {
        checkOpen();
        if (channel.fc().equals("CO")) {
            Selection s = select(channel, value);
            return s.quality().isGood() ? s.operate() : s.quality();
        }
        ModelNode node = model.findModelNode(channel.reference(), Fc.fromString(channel.fc()));
        BasicDataAttribute leaf = node == null ? null : Values.leaf(node);
        if (leaf == null) {
            return Quality.invalid(Quality.Reason.CONFIGURATION_ERROR, channel + " is not a value in the IED's model");
        }
        Quality bad = set(leaf, value);
        if (bad != null) {
            return bad;
        }
        try {
            association.setDataValues(leaf);
            return Quality.GOOD;
        } catch (ServiceError e) {
            return refusalOrLost("write", e);
        } catch (IOException e) {
            throw lostWith(e);
        }
    }

    @Override
    public Selection select(Iec61850Address channel, double value) throws ConnectionException {
        checkOpen();
        ModelNode found = model.findModelNode(channel.dataObject(), Fc.CO);
        if (!(found instanceof FcModelNode co) || co.getChild("Oper") == null) {
            return refused(Quality.invalid(
                    Quality.Reason.CONFIGURATION_ERROR,
                    channel.dataObject() + " is not a controllable object (no Oper with FC CO)"));
        }
        int ctlModel;
        try {
            ctlModel = ctlModel(channel.dataObject());
        } catch (ServiceError e) {
            return refused(refusalOrLost("read ctlModel of", e));
        } catch (IOException e) {
            throw lostWith(e);
        }
        String model = ctlModel >= 0 && ctlModel < CTL_MODELS.length ? CTL_MODELS[ctlModel] : "ctlModel " + ctlModel;
        Quality bad = fill(co.getChild("Oper"), value);
        if (bad != null) {
            return refused(bad);
        }
        // One control number for the select, operate and cancel of this command (enhanced security matches them).
        short ctlNum = nextCtlNum();
        Quality selected;
        try {
            switch (ctlModel) {
                case 1, 3 -> selected = Quality.GOOD;
                case 2 ->
                    selected = association.select(co)
                            ? Quality.GOOD
                            : Quality.invalid(
                                    Quality.Reason.DEVICE_FAILURE,
                                    "IED refused the select of " + channel.dataObject() + " (" + model + ")");
                case 4 -> {
                    ModelNode sbow = co.getChild("SBOw");
                    if (!(sbow instanceof FcModelNode w)) {
                        selected = Quality.invalid(
                                Quality.Reason.CONFIGURATION_ERROR,
                                channel.dataObject() + " is " + model + " but has no SBOw");
                    } else {
                        bad = fill(w, value);
                        if (bad != null) {
                            return refused(bad);
                        }
                        stamp(w, ctlNum);
                        association.setDataValues(w);
                        selected = Quality.GOOD;
                    }
                }
                default ->
                    selected = Quality.invalid(
                            Quality.Reason.CONFIGURATION_ERROR,
                            channel.dataObject() + " is " + model + ": the IED takes no control");
            }
        } catch (ServiceError e) {
            selected = refusalOrLost("select (" + model + ")", e);
        } catch (IOException e) {
            throw lostWith(e);
        }
        Quality q = selected;
        return new Selection() {
            @Override
            public Quality quality() {
                return q;
            }

            @Override
            public Quality operate() throws ConnectionException {
                if (!q.isGood()) {
                    return q;
                }
                checkOpen();
                Quality again = fill(co.getChild("Oper"), value);
                if (again != null) {
                    return again;
                }
                try {
                    // The library's operate() always sends ctlNum 1: send Oper ourselves, with this command's.
                    FcModelNode oper = (FcModelNode) co.getChild("Oper");
                    stamp(oper, ctlNum);
                    association.setDataValues(oper);
                    return Quality.GOOD;
                } catch (ServiceError e) {
                    return refusalOrLost("operate (" + model + ")", e);
                } catch (IOException e) {
                    throw lostWith(e);
                }
            }

            @Override
            public void cancel() throws ConnectionException {
                checkOpen();
                if (co.getChild("Cancel") instanceof FcModelNode cancel && fill(cancel, value) == null) {
                    try {
                        stamp(cancel, ctlNum);
                        association.setDataValues(cancel);
                    } catch (ServiceError e) {
                        LOG.debug("{}: cancel of {} refused: {}", context.deviceName(), channel, e.getMessage());
                    } catch (IOException e) {
                        throw lostWith(e);
                    }
                }
            }
        };
    }

    private static Selection refused(Quality q) {
        return new Selection() {
            @Override
            public Quality quality() {
                return q;
            }

            @Override
            public Quality operate() {
                return q;
            }

            @Override
            public void cancel() {
                // nothing was selected
            }
        };
    }

    /** The object's ctlModel (FC CF), read once per connection. */
    private int ctlModel(String dataObject) throws ServiceError, IOException {
        Integer known = ctlModels.get(dataObject);
        if (known != null) {
            return known;
        }
        ModelNode n = model.findModelNode(dataObject + ".ctlModel", Fc.CF);
        if (!(n instanceof BasicDataAttribute b)) {
            // No ctlModel attribute: the default of 7-3 is status-only, but a CO object without it is a direct one.
            ctlModels.put(dataObject, 1);
            return 1;
        }
        if (!modelFromFile) {
            association.getDataValues(b);
        }
        int v = (int) Values.number(b);
        ctlModels.put(dataObject, v);
        return v;
    }

    /** Fills a control structure (Oper, SBOw, Cancel): ctlVal, origin, Test; null when fine, else why not. */
    private Quality fill(ModelNode op, double value) {
        ModelNode ctlValNode = op.getChild("ctlVal");
        BasicDataAttribute ctlVal = ctlValNode == null ? null : Values.leaf(ctlValNode);
        if (ctlVal == null) {
            return Quality.invalid(Quality.Reason.CONFIGURATION_ERROR, op.getReference() + " has no ctlVal");
        }
        Quality bad = set(ctlVal, value);
        if (bad != null) {
            return bad;
        }
        ModelNode origin = op.getChild("origin");
        if (origin != null) {
            if (origin.getChild("orCat") instanceof BdaInt8 cat) {
                cat.setValue((byte) config.originatorCategory());
            }
            if (origin.getChild("orIdent") instanceof BdaOctetString id) {
                byte[] b = config.originator().getBytes(StandardCharsets.UTF_8);
                id.setValue(Arrays.copyOf(b, Math.min(b.length, id.getMaxLength())));
            }
        }
        if (op.getChild("Test") instanceof BdaBoolean test) {
            test.setValue(false);
        }
        return null;
    }

    private synchronized short nextCtlNum() {
        ctlNumber = (short) ((ctlNumber + 1) & 0xFF);
        return ctlNumber;
    }

    /** ctlNum and T of a control structure (Oper, SBOw, Cancel). */
    private static void stamp(ModelNode op, short ctlNum) {
        if (op.getChild("ctlNum") instanceof BdaInt8U n) {
            n.setValue(ctlNum);
        }
        if (op.getChild("T") instanceof BdaTimestamp t) {
            t.setCurrentTime();
        }
    }

    /** Sets a basic attribute from a number; null when it fits, else why not. */
    private static Quality set(BasicDataAttribute b, double v) {
        if (!Double.isFinite(v)) {
            return Quality.invalid(Quality.Reason.OUT_OF_RANGE, "cannot write " + v + " to " + b.getReference());
        }
        boolean whole = v == Math.rint(v);
        String range = null;
        if (b instanceof BdaFloat32 f) {
            f.setFloat((float) v);
        } else if (b instanceof BdaFloat64 f) {
            f.setDouble(v);
        } else if (b instanceof BdaBoolean x) {
            if (v != 0 && v != 1) {
                range = "0 or 1";
            } else {
                x.setValue(v == 1);
            }
        } else if (b instanceof BdaInt8 i) {
            range = intRange(v, whole, Byte.MIN_VALUE, Byte.MAX_VALUE);
            if (range == null) {
                i.setValue((byte) v);
            }
        } else if (b instanceof BdaInt16 i) {
            range = intRange(v, whole, Short.MIN_VALUE, Short.MAX_VALUE);
            if (range == null) {
                i.setValue((short) v);
            }
        } else if (b instanceof BdaInt32 i) {
            range = intRange(v, whole, Integer.MIN_VALUE, Integer.MAX_VALUE);
            if (range == null) {
                i.setValue((int) v);
            }
        } else if (b instanceof BdaInt64 i) {
            range = intRange(v, whole, -9.007199254740992E15, 9.007199254740992E15);
            if (range == null) {
                i.setValue((long) v);
            }
        } else if (b instanceof BdaInt8U i) {
            range = intRange(v, whole, 0, 255);
            if (range == null) {
                i.setValue((short) v);
            }
        } else if (b instanceof BdaInt16U i) {
            range = intRange(v, whole, 0, 65535);
            if (range == null) {
                i.setValue((int) v);
            }
        } else if (b instanceof BdaInt32U i) {
            range = intRange(v, whole, 0, 4294967295.0);
            if (range == null) {
                i.setValue((long) v);
            }
        } else if (b instanceof BdaDoubleBitPos d) {
            if (!whole || v < 0 || v > 3) {
                range = "0..3 (1 off, 2 on)";
            } else {
                d.setDoubleBitPos(BdaDoubleBitPos.DoubleBitPos.values()[(int) v]);
            }
        } else {
            return Quality.invalid(
                    Quality.Reason.CONFIGURATION_ERROR,
                    b.getReference() + " is " + b.getBasicType() + ": only numbers and booleans can be written");
        }
        return range == null
                ? null
                : Quality.invalid(
                        Quality.Reason.OUT_OF_RANGE,
                        b.getReference() + " (" + b.getBasicType() + ") takes " + range + ", got " + v);
    }

    private static String intRange(double v, boolean whole, double min, double max) {
        return whole && v >= min && v <= max ? null : "a whole number " + (long) min + ".." + (long) max;
    }

    @Override
    public List<BrowseEntry<Iec61850Address>> browse(int limit) throws ConnectionException {
        checkOpen();
        List<BrowseEntry<Iec61850Address>> list = new ArrayList<>();
        for (ModelNode ldNode : model.getChildren()) {
            LogicalDevice ld = (LogicalDevice) ldNode;
            for (ModelNode lnNode : ld.getChildren()) {
                LogicalNode ln = (LogicalNode) lnNode;
                for (Fc fc : List.of(Fc.MX, Fc.ST, Fc.SP, Fc.CO)) {
                    List<FcDataObject> objects = ln.getChildren(fc);
                    for (FcDataObject dobj : objects == null ? List.<FcDataObject>of() : objects) {
                        if (list.size() >= limit) {
                            return list;
                        }
                        String where = "logical device " + ld.getName() + ", logical node " + ln.getName() + ", data "
                                + dobj.getName();
                        if (fc == Fc.CO) {
                            String ctl;
                            try {
                                int m = ctlModel(dobj.getReference().toString());
                                ctl = m >= 0 && m < CTL_MODELS.length ? CTL_MODELS[m] : "ctlModel " + m;
                            } catch (ServiceError e) {
                                ctl = "ctlModel unreadable: " + e.getMessage();
                            } catch (IOException e) {
                                throw lostWith(e);
                            }
                            list.add(new BrowseEntry<>(
                                    new Iec61850Address(dobj.getReference().toString(), "CO"),
                                    where + ": control, " + ctl));
                            continue;
                        }
                        BasicDataAttribute leaf = Values.leaf(dobj);
                        if (leaf == null) {
                            continue;
                        }
                        list.add(new BrowseEntry<>(
                                new Iec61850Address(leaf.getReference().toString(), fc.toString()),
                                where + ": " + leaf.getBasicType() + unitOf(dobj)));
                    }
                }
            }
        }
        return list;
    }

    private String unitOf(FcDataObject dobj) throws ConnectionException {
        ModelNode units = model.findModelNode(dobj.getReference().toString() + ".units", Fc.CF);
        if (!(units instanceof FcModelNode u)) {
            return "";
        }
        if (!modelFromFile) {
            try {
                association.getDataValues(u);
            } catch (ServiceError e) {
                return "";
            } catch (IOException e) {
                throw lostWith(e);
            }
        }
        String unit = Values.unit(u);
        return unit.isEmpty() ? "" : ", unit " + unit;
    }

    /** The model, for tests. */
    ServerModel model() {
        return model;
    }

    /** Reports received, buffered entries among them, and per reason for inclusion how many values came. */
    long reportsReceived() {
        return reports.get();
    }

    long bufferedEntriesReceived() {
        return entries.get();
    }

    Map<String, Integer> reasonCounts() {
        return Map.copyOf(reasonCounts);
    }

    /** Report control blocks that could not be enabled, with the reason. */
    Map<String, String> reportProblems() {
        return Map.copyOf(reportProblems);
    }

    private Quality refusal(String what, ServiceError e) {
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

    private Quality refusalOrLost(String what, ServiceError e) throws ConnectionException {
        if (e.getErrorCode() == ServiceError.TIMEOUT || e.getErrorCode() == ServiceError.CONNECTION_LOST) {
            throw lostWith(new IOException(e.getMessage(), e));
        }
        return refusal(what, e);
    }

    private void checkOpen() throws ConnectionException {
        if (closed) {
            throw new ConnectionException("connection to IED " + endpoint + " is closed");
        }
        IOException e = lost;
        if (e != null) {
            throw new ConnectionException("connection to IED " + endpoint + " lost: " + message(e), e);
        }
    }

    private ConnectionException lostWith(IOException e) {
        if (lost == null) {
            lost = e;
        }
        return new ConnectionException("connection to IED " + endpoint + " lost: " + message(e), e);
    }

    private static String message(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(String.format("%02x", x));
        }
        return sb.toString();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        synchronized (this) {
            if (timer != null) {
                timer.shutdownNow();
            }
        }
        ClientAssociation a = association;
        if (a != null) {
            try {
                a.close();
            } catch (RuntimeException e) {
                LOG.debug("{}: close failed", context.deviceName(), e);
            }
        }
    }

    /** One report, in sequence: its values become the latest, its entry id the resume point, subscribers hear. */
    private void process(String ref, boolean buffered, Report report) {
        if (closed) {
            return;
        }
        reports.incrementAndGet();
        List<FcModelNode> values = report.getValues();
        List<BdaReasonForInclusion> reasons = report.getReasonCodes();
        List<String> changed = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            FcModelNode v = values.get(i);
            String key = v.getReference() + "[" + v.getFc() + "]";
            reported.put(key, (FcModelNode) v.copy());
            changed.add(key);
            if (reasons != null && i < reasons.size() && reasons.get(i) != null) {
                count(reasons.get(i));
            }
        }
        if (buffered && report.getEntryId() != null) {
            entries.incrementAndGet();
            positions.put(context.deviceName(), ref, report.getEntryId().getValue());
        }
        for (Sub s : subs) {
            for (Iec61850Address a : s.channels()) {
                ModelNode n = fromReport(a);
                if (n != null && changed.stream().anyMatch(k -> covers(k, a))) {
                    try {
                        s.listener().onReading(a, Values.reading(n));
                    } catch (RuntimeException e) {
                        LOG.debug("{}: subscriber failed", context.deviceName(), e);
                    }
                }
            }
        }
    }

    private void count(BdaReasonForInclusion r) {
        if (r.isDataChange()) {
            reasonCounts.merge("dchg", 1, Integer::sum);
        }
        if (r.isQualityChange()) {
            reasonCounts.merge("qchg", 1, Integer::sum);
        }
        if (r.isDataUpdate()) {
            reasonCounts.merge("dupd", 1, Integer::sum);
        }
        if (r.isIntegrity()) {
            reasonCounts.merge("integrity", 1, Integer::sum);
        }
        if (r.isGeneralInterrogation()) {
            reasonCounts.merge("gi", 1, Integer::sum);
        }
        if (r.isApplicationTrigger()) {
            reasonCounts.merge("application", 1, Integer::sum);
        }
    }

    /** The library's callbacks: reports each on a thread of their own (hence the sequencer). */
    private final class Events implements ClientEventListener {
        @Override
        public void newReport(Report report) {
            Active act = activeByRptId.get(report.getRptId());
            if (act == null) {
                LOG.trace("{}: report {} of no enabled control block", context.deviceName(), report.getRptId());
                return;
            }
            act.sequencer().offer(report);
        }

        @Override
        public void associationClosed(IOException e) {
            if (lost == null && !closed) {
                lost = e != null ? e : new IOException("association closed by the IED");
            }
        }
    }
}
