package io.gridhub.driver.iec61850.internal;

import com.beanit.openiec61850.BasicDataAttribute;
import com.beanit.openiec61850.BdaBoolean;
import com.beanit.openiec61850.BdaInt8;
import com.beanit.openiec61850.BdaInt8U;
import com.beanit.openiec61850.BdaOctetString;
import com.beanit.openiec61850.BdaTimestamp;
import com.beanit.openiec61850.Fc;
import com.beanit.openiec61850.FcModelNode;
import com.beanit.openiec61850.ModelNode;
import com.beanit.openiec61850.ServiceError;
import io.gridhub.api.driver.Commandable.Selection;
import io.gridhub.api.driver.ConnectionException;
import io.gridhub.api.model.Quality;
import io.gridhub.driver.iec61850.Iec61850Address;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Controls of one connection, by each object's ctlModel (read once): direct, select-before-operate and enhanced
 * security (SBOw, then Oper with the same control number), cancel.
 */
final class Controls {
    private static final Logger LOG = LoggerFactory.getLogger(Controls.class);
    private static final String[] CTL_MODELS = {
        "status-only",
        "direct-with-normal-security",
        "sbo-with-normal-security",
        "direct-with-enhanced-security",
        "sbo-with-enhanced-security"
    };

    private final IedLink link;
    private final Map<String, Integer> ctlModels = new ConcurrentHashMap<>();
    private short ctlNumber;

    Controls(IedLink link) {
        this.link = link;
    }

    /** The name of a ctlModel value, e.g. {@code sbo-with-enhanced-security}. */
    static String name(int ctlModel) {
        return ctlModel >= 0 && ctlModel < CTL_MODELS.length ? CTL_MODELS[ctlModel] : "ctlModel " + ctlModel;
    }

    Selection select(Iec61850Address channel, double value) throws ConnectionException {
        link.checkOpen();
        ModelNode found = link.model().findModelNode(channel.dataObject(), Fc.CO);
        if (!(found instanceof FcModelNode co) || co.getChild("Oper") == null) {
            return Selection.refused(Quality.invalid(
                    Quality.Reason.CONFIGURATION_ERROR,
                    channel.dataObject() + " is not a controllable object (no Oper with FC CO)"));
        }
        int ctlModel;
        try {
            ctlModel = ctlModel(channel.dataObject());
        } catch (ServiceError e) {
            return Selection.refused(link.refusalOrLost("read ctlModel of", e));
        } catch (IOException e) {
            throw link.lostWith(e);
        }
        String model = name(ctlModel);
        Quality bad = fill(co.getChild("Oper"), value);
        if (bad != null) {
            return Selection.refused(bad);
        }
        // One control number for the select, operate and cancel of this command (enhanced security matches them).
        short ctlNum = nextCtlNum();
        Quality selected;
        try {
            switch (ctlModel) {
                case 1, 3 -> selected = Quality.GOOD;
                case 2 ->
                    selected = link.association().select(co)
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
                            return Selection.refused(bad);
                        }
                        stamp(w, ctlNum);
                        link.association().setDataValues(w);
                        selected = Quality.GOOD;
                    }
                }
                default ->
                    selected = Quality.invalid(
                            Quality.Reason.CONFIGURATION_ERROR,
                            channel.dataObject() + " is " + model + ": the IED takes no control");
            }
        } catch (ServiceError e) {
            selected = link.refusalOrLost("select (" + model + ")", e);
        } catch (IOException e) {
            throw link.lostWith(e);
        }
        Quality q = selected;
        return Selection.of(
                q,
                () -> {
                    if (!q.isGood()) {
                        return q;
                    }
                    link.checkOpen();
                    Quality again = fill(co.getChild("Oper"), value);
                    if (again != null) {
                        return again;
                    }
                    try {
                        // The library's operate() always sends ctlNum 1: send Oper ourselves, with this command's.
                        FcModelNode oper = (FcModelNode) co.getChild("Oper");
                        stamp(oper, ctlNum);
                        link.association().setDataValues(oper);
                        return Quality.GOOD;
                    } catch (ServiceError e) {
                        return link.refusalOrLost("operate (" + model + ")", e);
                    } catch (IOException e) {
                        throw link.lostWith(e);
                    }
                },
                () -> {
                    link.checkOpen();
                    if (co.getChild("Cancel") instanceof FcModelNode cancel && fill(cancel, value) == null) {
                        try {
                            stamp(cancel, ctlNum);
                            link.association().setDataValues(cancel);
                        } catch (ServiceError e) {
                            LOG.debug(
                                    "{}: cancel of {} refused: {}",
                                    link.context().deviceName(),
                                    channel,
                                    e.getMessage());
                        } catch (IOException e) {
                            throw link.lostWith(e);
                        }
                    }
                });
    }

    /** The object's ctlModel (FC CF), read once per connection. */
    int ctlModel(String dataObject) throws ServiceError, IOException {
        Integer known = ctlModels.get(dataObject);
        if (known != null) {
            return known;
        }
        ModelNode n = link.model().findModelNode(dataObject + ".ctlModel", Fc.CF);
        if (!(n instanceof BasicDataAttribute b)) {
            // No ctlModel attribute: the default of 7-3 is status-only, but a CO object without it is a direct one.
            ctlModels.put(dataObject, 1);
            return 1;
        }
        link.readUnlessFromFile(b);
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
        Quality bad = Values.set(ctlVal, value);
        if (bad != null) {
            return bad;
        }
        ModelNode origin = op.getChild("origin");
        if (origin != null) {
            if (origin.getChild("orCat") instanceof BdaInt8 cat) {
                cat.setValue((byte) link.config().originatorCategory());
            }
            if (origin.getChild("orIdent") instanceof BdaOctetString id) {
                byte[] b = link.config().originator().getBytes(StandardCharsets.UTF_8);
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
}
