package io.gridhub.driver.iec61850.internal;

import com.beanit.openiec61850.BasicDataAttribute;
import com.beanit.openiec61850.Fc;
import com.beanit.openiec61850.FcDataObject;
import com.beanit.openiec61850.FcModelNode;
import com.beanit.openiec61850.LogicalDevice;
import com.beanit.openiec61850.LogicalNode;
import com.beanit.openiec61850.ModelNode;
import com.beanit.openiec61850.ServiceError;
import io.gridhub.api.driver.Browsable.BrowseEntry;
import io.gridhub.api.driver.ConnectionException;
import io.gridhub.driver.iec61850.Iec61850Address;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The IED's model as browse entries: measured, status and setting values with type and unit, controls by kind. */
final class Browser {
    private final IedLink link;
    private final Controls controls;

    Browser(IedLink link, Controls controls) {
        this.link = link;
        this.controls = controls;
    }

    List<BrowseEntry<Iec61850Address>> browse(int limit) throws ConnectionException {
        link.checkOpen();
        List<BrowseEntry<Iec61850Address>> list = new ArrayList<>();
        for (ModelNode ldNode : link.model().getChildren()) {
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
                                ctl = Controls.name(
                                        controls.ctlModel(dobj.getReference().toString()));
                            } catch (ServiceError e) {
                                ctl = "ctlModel unreadable: " + e.getMessage();
                            } catch (IOException e) {
                                throw link.lostWith(e);
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
        ModelNode units = link.model().findModelNode(dobj.getReference().toString() + ".units", Fc.CF);
        if (!(units instanceof FcModelNode u)) {
            return "";
        }
        try {
            link.readUnlessFromFile(u);
        } catch (ServiceError e) {
            return "";
        } catch (IOException e) {
            throw link.lostWith(e);
        }
        String unit = Values.unit(u);
        return unit.isEmpty() ? "" : ", unit " + unit;
    }
}
