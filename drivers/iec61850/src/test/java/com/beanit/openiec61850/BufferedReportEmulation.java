package com.beanit.openiec61850;

import com.beanit.jasn1.ber.types.BerBitString;
import com.beanit.jasn1.ber.types.BerInteger;
import com.beanit.jasn1.ber.types.BerOctetString;
import com.beanit.jasn1.ber.types.string.BerVisibleString;
import com.beanit.openiec61850.internal.BerBoolean;
import com.beanit.openiec61850.internal.mms.asn1.AccessResult;
import com.beanit.openiec61850.internal.mms.asn1.Data;
import com.beanit.openiec61850.internal.mms.asn1.Identifier;
import com.beanit.openiec61850.internal.mms.asn1.InformationReport;
import com.beanit.openiec61850.internal.mms.asn1.MMSpdu;
import com.beanit.openiec61850.internal.mms.asn1.ObjectName;
import com.beanit.openiec61850.internal.mms.asn1.UnconfirmedPDU;
import com.beanit.openiec61850.internal.mms.asn1.UnconfirmedService;
import com.beanit.openiec61850.internal.mms.asn1.VariableAccessSpecification;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Test support: one buffered report control block (BRCB) for the library's server, which in openiec61850 1.8.0
 * stores BRCB attributes but never sends buffered reports. It keeps every entry, sends them in order while the
 * block is enabled, and on enable resumes after the entry id the client wrote (IEC 61850-7-2 §17.2), so a client
 * that resumes correctly loses nothing across a reconnect; an entry id that is not in the buffer is refused (and the
 * block then sends its whole buffer when enabled). {@link #restart} empties the buffer as an IED's restart does.
 * Lives in the library's package only to reach the association's send method; it sends standard MMS information
 * reports (IEC 61850-8-1 §17).
 */
public final class BufferedReportEmulation {
    private record Entry(byte[] entryId, long timeOfEntry, List<FcModelNode> values, boolean gi) {}

    private final String brcbReference;
    private final List<Entry> buffer = new ArrayList<>();
    private ServerSap sap;
    private boolean enabled;
    private byte[] resumeAfter;
    private int next;
    private int sqNum;
    private long entryCounter;
    private int sentTotal;
    private int refusedEntryIds;

    public BufferedReportEmulation(String brcbReference) {
        this.brcbReference = brcbReference;
    }

    /** The server now serving (after a restart, a new one); its clients are the ones reports go to. */
    public synchronized void attach(ServerSap sap) {
        this.sap = sap;
        this.enabled = false;
    }

    /**
     * Called with the server's write indications: reacts to this block's RptEna, EntryID, GI and PurgeBuf; false when
     * the write is refused (an EntryID not in the buffer).
     */
    public synchronized boolean onWrite(BasicDataAttribute bda) {
        // Written attributes come without their parents: the reference names the block.
        if (!bda.getReference().toString().equals(brcbReference + "." + bda.getName())) {
            return true;
        }
        switch (bda.getName()) {
            case "EntryID" -> {
                byte[] id = ((BdaOctetString) bda).getValue().clone();
                if (!isZero(id) && indexOf(id) < 0) {
                    refusedEntryIds++;
                    return false;
                }
                resumeAfter = id;
            }
            case "PurgeBuf" -> {
                if (((BdaBoolean) bda).getValue()) {
                    buffer.clear();
                    next = 0;
                }
            }
            case "RptEna" -> {
                enabled = ((BdaBoolean) bda).getValue();
                if (enabled) {
                    next = resumeIndex();
                    new Thread(this::flushLater, "brcb-flush").start();
                }
            }
            case "GI" -> {
                if (((BdaBoolean) bda).getValue()) {
                    entryCounter++;
                    buffer.add(new Entry(id(entryCounter), System.currentTimeMillis(), snapshot(), true));
                    new Thread(this::flushLater, "brcb-flush").start();
                }
            }
            default -> {
                // ResvTms, OptFlds, …: the server stores them
            }
        }
        return true;
    }

    private int resumeIndex() {
        if (resumeAfter == null || isZero(resumeAfter)) {
            return 0;
        }
        return indexOf(resumeAfter) + 1;
    }

    private int indexOf(byte[] entryId) {
        for (int i = 0; i < buffer.size(); i++) {
            if (Arrays.equals(buffer.get(i).entryId(), entryId)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The IED restarted: its buffer is empty and its entry ids start from another base, so an entry id a client got
     * before is no longer there.
     */
    public synchronized void restart() {
        buffer.clear();
        next = 0;
        resumeAfter = null;
        enabled = false;
        sqNum = 0;
        entryCounter = (entryCounter / 1_000_000 + 1) * 1_000_000;
    }

    /** EntryID writes refused so far. */
    public synchronized int refusedEntryIds() {
        return refusedEntryIds;
    }

    private static boolean isZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    /** Adds an entry with the data set's current values (reason: data change), sent now if enabled. */
    public synchronized void addEntry() {
        entryCounter++;
        buffer.add(new Entry(id(entryCounter), System.currentTimeMillis(), snapshot(), false));
        flush();
    }

    /** Entries sent so far (a resent entry counts again). */
    public synchronized int sent() {
        return sentTotal;
    }

    private void flushLater() {
        // The enable write's response must reach the client before the first report.
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            flush();
        }
    }

    private void flush() {
        while (enabled && next < buffer.size()) {
            ServerAssociation a = latestAssociation();
            if (a == null || !a.sendAnMmsPdu(report(buffer.get(next)))) {
                enabled = false;
                return;
            }
            next++;
            sentTotal++;
        }
    }

    private ServerAssociation latestAssociation() {
        if (sap == null) {
            return null;
        }
        synchronized (sap.associations) {
            return sap.associations.isEmpty() ? null : sap.associations.get(sap.associations.size() - 1);
        }
    }

    private Brcb brcb() {
        return sap.serverModel.getBrcb(brcbReference);
    }

    private List<FcModelNode> snapshot() {
        Brcb b = brcb();
        DataSet ds = sap.serverModel.getDataSet(b.getDatSet().getStringValue().replace('$', '.'));
        List<FcModelNode> values = new ArrayList<>();
        synchronized (sap.serverModel) {
            for (FcModelNode m : ds.getMembers()) {
                values.add((FcModelNode) m.copy());
            }
        }
        return values;
    }

    private static byte[] id(long n) {
        return ByteBuffer.allocate(8).putLong(n).array();
    }

    private MMSpdu report(Entry e) {
        Brcb b = brcb();
        BdaOptFlds opt = b.getOptFlds();
        List<AccessResult> list = new ArrayList<>();
        list.add(result(
                data(d -> d.setVisibleString(new BerVisibleString(b.getRptId().getStringValue())))));
        list.add(result(data(d -> d.setBitString(new BerBitString(opt.getValue(), opt.getMaxNumBits())))));
        if (opt.isSequenceNumber()) {
            int sq = sqNum++;
            list.add(result(data(d -> d.setUnsigned(new BerInteger(sq & 0xFF)))));
        }
        if (opt.isReportTimestamp()) {
            BdaEntryTime t = new BdaEntryTime(new ObjectReference("none"), null, "", false, false);
            t.setTimestamp(e.timeOfEntry());
            list.add(result(t.getMmsDataObj()));
        }
        if (opt.isDataSetName()) {
            list.add(result(data(
                    d -> d.setVisibleString(new BerVisibleString(b.getDatSet().getStringValue())))));
        }
        if (opt.isBufferOverflow()) {
            list.add(result(data(d -> d.setBool(new BerBoolean(false)))));
        }
        if (opt.isEntryId()) {
            list.add(result(data(d -> d.setOctetString(new BerOctetString(e.entryId())))));
        }
        if (opt.isConfigRevision()) {
            list.add(
                    result(data(d -> d.setUnsigned(new BerInteger(b.getConfRev().getValue())))));
        }
        int n = e.values().size();
        byte[] inclusion = new byte[(n + 7) / 8];
        for (int i = 0; i < n; i++) {
            inclusion[i / 8] |= (byte) (0x80 >> (i % 8));
        }
        list.add(result(data(d -> d.setBitString(new BerBitString(inclusion, n)))));
        for (FcModelNode v : e.values()) {
            list.add(result(v.getMmsDataObj()));
        }
        if (opt.isReasonForInclusion()) {
            for (int i = 0; i < n; i++) {
                BdaReasonForInclusion r = new BdaReasonForInclusion(new ObjectReference("none"));
                if (e.gi()) {
                    r.setGeneralInterrogation(true);
                } else {
                    r.setDataChange(true);
                }
                list.add(result(data(d -> d.setBitString(new BerBitString(r.getValue(), r.getMaxNumBits())))));
            }
        }
        InformationReport ir = new InformationReport();
        ObjectName rpt = new ObjectName();
        rpt.setVmdSpecific(new Identifier("RPT".getBytes()));
        VariableAccessSpecification spec = new VariableAccessSpecification();
        spec.setVariableListName(rpt);
        ir.setVariableAccessSpecification(spec);
        InformationReport.ListOfAccessResult results = new InformationReport.ListOfAccessResult();
        results.getAccessResult().addAll(list);
        ir.setListOfAccessResult(results);
        UnconfirmedService service = new UnconfirmedService();
        service.setInformationReport(ir);
        UnconfirmedPDU pdu = new UnconfirmedPDU();
        pdu.setService(service);
        MMSpdu mms = new MMSpdu();
        mms.setUnconfirmedPDU(pdu);
        return mms;
    }

    private static Data data(Consumer<Data> fill) {
        Data d = new Data();
        fill.accept(d);
        return d;
    }

    private static AccessResult result(Data d) {
        AccessResult r = new AccessResult();
        r.setSuccess(d);
        return r;
    }
}
