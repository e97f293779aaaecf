package io.gridhub.driver.iec61850.internal;

import com.beanit.openiec61850.BasicDataAttribute;
import com.beanit.openiec61850.BdaBoolean;
import com.beanit.openiec61850.BdaFloat32;
import com.beanit.openiec61850.BdaInt64;
import com.beanit.openiec61850.BdaQuality;
import com.beanit.openiec61850.BdaTimestamp;
import com.beanit.openiec61850.BufferedReportEmulation;
import com.beanit.openiec61850.Fc;
import com.beanit.openiec61850.ModelNode;
import com.beanit.openiec61850.SclParser;
import com.beanit.openiec61850.ServerEventListener;
import com.beanit.openiec61850.ServerModel;
import com.beanit.openiec61850.ServerSap;
import com.beanit.openiec61850.ServiceError;
import io.gridhub.testkit.Waits;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ServerSocketFactory;

/**
 * The example IED (config/iec61850/pvbat.icd) on openiec61850's server side, on 127.0.0.1: initial values with
 * time stamps, writes recorded (a control's Oper sets the status it controls), the buffered report control block
 * brcbMeas01 emulated on top (the library's server has none).
 */
final class TestIed implements ServerEventListener {
    static final String LD = "pvbatLD0";
    static final String BRCB = LD + "/LLN0.brcbMeas01";
    static final String URCB = LD + "/LLN0.urcbStatus01";
    /** 2026-01-02T03:04:05.678Z, the time stamp of the initial values. */
    static final long T0 = 1_767_323_045_678L;

    final int port;
    final List<String> writes = new CopyOnWriteArrayList<>();
    final BufferedReportEmulation brcb = new BufferedReportEmulation(BRCB);
    volatile boolean refuseWrites;
    private final ExecutorService follow = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "test-ied-follow");
        t.setDaemon(true);
        return t;
    });
    private ServerSap sap;
    private ServerModel copy;

    TestIed(int port) {
        this.port = port;
    }

    /** A server listening on {@code port}, empty while the port is still taken. */
    private Optional<ServerSap> listening(ServerModel model) {
        ServerSap s = new ServerSap(port, 0, InetAddress.getLoopbackAddress(), model, ServerSocketFactory.getDefault());
        try {
            s.startListening(this);
            return Optional.of(s);
        } catch (BindException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ServerModel icdModel() throws Exception {
        try (InputStream in = TestIed.class.getResourceAsStream("/pvbat.icd")) {
            return SclParser.parse(in).get(0);
        }
    }

    synchronized void start() throws Exception {
        // A restart right after stop: the old listener closes asynchronously; retry the bind, bounded.
        ServerModel model = icdModel();
        sap = Waits.value(Duration.ofSeconds(10), () -> listening(model), "port " + port + " to bind again");
        copy = sap.getModelCopy();
        brcb.attach(sap);
        setFloat(LD + "/MMXU1.TotW.mag.f", Fc.MX, 1234.5f);
        setFloat(LD + "/MMXU1.Hz.mag.f", Fc.MX, 50.02f);
        setFloat(LD + "/ZBAT1.SoC.mag.f", Fc.MX, 77.5f);
        setFloat(LD + "/ZBAT1.Vol.mag.f", Fc.MX, 51.2f);
        setFloat(LD + "/MMXU1.PhV.phsA.cVal.mag.f", Fc.MX, 231.5f);
        List<BasicDataAttribute> more = new ArrayList<>();
        BdaInt64 wh = (BdaInt64) copy.findModelNode(LD + "/MMTR1.TotWh.actVal", Fc.ST);
        wh.setValue(123_456_789L);
        more.add(wh);
        for (String ref : List.of(LD + "/MMXU1.TotW.t", LD + "/MMXU1.Hz.t", LD + "/ZBAT1.SoC.t", LD + "/ZBAT1.Vol.t")) {
            BdaTimestamp t = (BdaTimestamp) copy.findModelNode(ref, Fc.MX);
            t.setDate(new Date(T0));
            more.add(t);
        }
        BdaTimestamp twh = (BdaTimestamp) copy.findModelNode(LD + "/MMTR1.TotWh.t", Fc.ST);
        twh.setDate(new Date(T0));
        more.add(twh);
        // The battery voltage is old data: questionable.
        BdaQuality q = (BdaQuality) copy.findModelNode(LD + "/ZBAT1.Vol.q", Fc.MX);
        q.setValidity(BdaQuality.Validity.QUESTIONABLE);
        q.setOldData(true);
        more.add(q);
        sap.setValues(more);
    }

    synchronized void stop() {
        if (sap != null) {
            sap.stop();
            sap = null;
        }
    }

    synchronized void setFloat(String ref, Fc fc, float v) {
        BdaFloat32 f = (BdaFloat32) copy.findModelNode(ref, fc);
        f.setFloat(v);
        sap.setValues(List.of(f));
    }

    /** Sets a measurement's {@code mag.f} and its time stamp {@code t} together, as an IED updates it. */
    synchronized void setMeasurement(String dataObject, float v, Instant t) {
        BdaFloat32 f = (BdaFloat32) copy.findModelNode(dataObject + ".mag.f", Fc.MX);
        f.setFloat(v);
        BdaTimestamp ts = (BdaTimestamp) copy.findModelNode(dataObject + ".t", Fc.MX);
        ts.setDate(Date.from(t));
        sap.setValues(List.of(f, ts));
    }

    synchronized void setBoolean(String ref, Fc fc, boolean v) {
        BdaBoolean b = (BdaBoolean) copy.findModelNode(ref, fc);
        b.setValue(v);
        sap.setValues(List.of(b));
    }

    /** A value of the server's model as it is now. */
    synchronized String value(String ref, Fc fc) {
        ModelNode n = sap.getModelCopy().findModelNode(ref, fc);
        return n == null ? null : ((BasicDataAttribute) n).getValueString();
    }

    @Override
    public List<ServiceError> write(List<BasicDataAttribute> bdas) {
        try {
            return doWrite(bdas);
        } catch (RuntimeException e) {
            // The library's server thread would die silently and drop the association: make it visible.
            e.printStackTrace();
            throw e;
        }
    }

    private List<ServiceError> doWrite(List<BasicDataAttribute> bdas) {
        List<ServiceError> refused = new ArrayList<>();
        boolean blockRefused = false;
        for (BasicDataAttribute b : bdas) {
            writes.add(b.getReference() + "[" + b.getFc() + "]=" + text(b));
            refused.add(new ServiceError(ServiceError.ACCESS_VIOLATION, "refused by the test IED"));
            if (b.getFc() == Fc.BR && !brcb.onWrite(b)) {
                blockRefused = true;
            }
            // An operated single point follows its ctlVal (after this write returns: the model is locked now).
            String ref = b.getReference().toString();
            if (!refuseWrites && b.getFc() == Fc.CO && ref.endsWith(".Oper.ctlVal") && b instanceof BdaBoolean v) {
                // The written attributes come without their parents: the reference says which object.
                String dobj = ref.substring(0, ref.length() - ".Oper.ctlVal".length());
                boolean value = v.getValue();
                follow.execute(() -> {
                    if (copy.findModelNode(dobj + ".stVal", Fc.ST) instanceof BdaBoolean) {
                        setBoolean(dobj + ".stVal", Fc.ST, value);
                    }
                });
            }
        }
        if (blockRefused) {
            // An EntryID not in the buffer (IEC 61850-7-2 §17.2.2.5): the client writes it on its own.
            ServiceError notThere =
                    new ServiceError(ServiceError.PARAMETER_VALUE_INAPPROPRIATE, "entry id not in the buffer");
            return Collections.nCopies(bdas.size(), notThere);
        }
        // null: every write succeeded (openiec61850 1.8.0 mishandles a list that mixes successes and errors).
        return refuseWrites && bdas.stream().noneMatch(b -> b.getFc() == Fc.BR || b.getFc() == Fc.RP) ? refused : null;
    }

    /** The value as text; some of the library's types (Check) cannot print themselves. */
    private static String text(BasicDataAttribute b) {
        try {
            return b.getValueString();
        } catch (RuntimeException e) {
            return b.getBasicType().toString();
        }
    }

    @Override
    public void serverStoppedListening(ServerSap serverSap) {
        // stop() or a restart
    }
}
