package io.gridhub.driver.iec104.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.TimeZone;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.openmuc.j60870.ASdu;
import org.openmuc.j60870.ASduType;
import org.openmuc.j60870.CauseOfTransmission;
import org.openmuc.j60870.Connection;
import org.openmuc.j60870.ConnectionEventListener;
import org.openmuc.j60870.Server;
import org.openmuc.j60870.ServerEventListener;
import org.openmuc.j60870.ie.IeBinaryCounterReading;
import org.openmuc.j60870.ie.IeDoubleCommand;
import org.openmuc.j60870.ie.IeDoublePointWithQuality;
import org.openmuc.j60870.ie.IeNormalizedValue;
import org.openmuc.j60870.ie.IeQualifierOfSetPointCommand;
import org.openmuc.j60870.ie.IeQuality;
import org.openmuc.j60870.ie.IeScaledValue;
import org.openmuc.j60870.ie.IeShortFloat;
import org.openmuc.j60870.ie.IeSingleCommand;
import org.openmuc.j60870.ie.IeSinglePointWithQuality;
import org.openmuc.j60870.ie.IeTime24;
import org.openmuc.j60870.ie.IeTime56;
import org.openmuc.j60870.ie.InformationObject;

/**
 * An outstation on j60870's server side, for tests: answers a station interrogation with one object of each
 * monitored type (IOAs 1001–1016), a counter interrogation with integrated totals (2001–2003), confirms and
 * terminates commands (negatively for IOA 9999, not at all for 9998; confirmed, never terminated for 9997), and
 * sends spontaneous ASDUs on demand.
 */
final class TestOutstation {
    static final TimeZone UTC = TimeZone.getTimeZone("UTC");
    /** 2026-01-02T03:04:05.678Z */
    static final long TAG = 1767323045678L;

    static final int CA = 1;

    private final int port;
    private final List<Connection> connections = new CopyOnWriteArrayList<>();
    final List<ASdu> commands = new CopyOnWriteArrayList<>();
    /** Connections whose STARTDT is confirmed, and events buffered while there was none (guarded by this). */
    private final List<Connection> started = new ArrayList<>();

    private final List<ASdu> buffered = new ArrayList<>();
    volatile int interrogations;
    volatile int clockSyncs;
    private Server server;

    TestOutstation(int port) {
        this.port = port;
    }

    synchronized void start() throws IOException {
        server = Server.builder()
                .setPort(port)
                .setBindAddr(InetAddress.getLoopbackAddress())
                .build();
        server.start(new ServerEventListener() {
            @Override
            public void connectionIndication(Connection c) {
                connections.add(c);
                // waitForStartDT blocks until the master's STARTDT: not on the accepting thread.
                // j60870 sets the listener of waitForStartDT only after confirming STARTDT, so a master's first
                // ASDU could find none: set it first.
                Handler h = new Handler(c);
                c.setConnectionListener(h);
                Thread t = new Thread(
                        () -> {
                            try {
                                c.waitForStartDT(h, 10_000);
                                h.started.countDown();
                                masterStarted(c);
                            } catch (IOException e) {
                                c.close();
                            }
                        },
                        "test-outstation-startdt");
                t.setDaemon(true);
                t.start();
            }

            @Override
            public void serverStoppedListeningIndication(IOException e) {}

            @Override
            public void connectionAttemptFailed(IOException e) {}
        });
    }

    synchronized void stop() {
        if (server != null) {
            server.stop();
            server = null;
        }
        connections.forEach(Connection::close);
        connections.clear();
    }

    /**
     * An event as an outstation reports it: spontaneously to every master with data transfer started, or, while there
     * is none (the link is down), buffered and sent right after the next master's STARTDT.
     */
    synchronized void event(ASdu asdu) throws IOException {
        started.removeIf(Connection::isClosed);
        if (started.isEmpty()) {
            buffered.add(asdu);
            return;
        }
        for (Connection c : started) {
            c.send(asdu);
        }
    }

    /** Whether a master with data transfer started is connected (a closed one is noticed by its reader). */
    synchronized boolean hasMaster() {
        started.removeIf(Connection::isClosed);
        return !started.isEmpty();
    }

    /** A master whose STARTDT is confirmed: events go to it from now on. */
    private synchronized void masterStarted(Connection c) {
        started.add(c);
    }

    /**
     * Sends what was buffered to a master once its first ASDU has come (then j60870 has surely marked data transfer
     * started: on a loaded machine, events sent right after the STARTDT confirmation were lost in between), and keeps
     * it until that master interrogates ({@link #delivered}): a j60870 outstation drops a master whose first I-frame
     * came too early, and a real outstation keeps events until they are acknowledged, so a master dropped here gets
     * them again on its next link.
     */
    private synchronized void sendBuffered(Connection c) throws IOException {
        for (ASdu a : buffered) {
            c.send(a);
        }
    }

    /** A master interrogated: its link held, and so the buffered events reached it. */
    private synchronized void delivered() {
        buffered.clear();
    }

    /** Sends an ASDU to every connected master. */
    void spontaneous(ASdu asdu) throws IOException {
        for (Connection c : connections) {
            if (!c.isClosed()) {
                c.send(asdu);
            }
        }
    }

    static ASdu asdu(ASduType type, CauseOfTransmission cot, InformationObject... objects) {
        return new ASdu(type, false, cot, false, false, 0, CA, objects);
    }

    static IeQuality good() {
        return new IeQuality(false, false, false, false, false);
    }

    /** One object of each monitored type, as an interrogation answers. */
    static List<ASdu> interrogationResponse(CauseOfTransmission cot) {
        List<ASdu> l = new ArrayList<>();
        IeTime56 t56 = new IeTime56(TAG, UTC, false);
        l.add(asdu(
                ASduType.M_SP_NA_1,
                cot,
                new InformationObject(1001, new IeSinglePointWithQuality(true, false, false, false, false))));
        l.add(asdu(
                ASduType.M_SP_TB_1,
                cot,
                new InformationObject(1002, new IeSinglePointWithQuality(false, false, false, false, false), t56)));
        l.add(asdu(
                ASduType.M_DP_NA_1,
                cot,
                new InformationObject(
                        1003,
                        new IeDoublePointWithQuality(
                                IeDoublePointWithQuality.DoublePointInformation.ON, false, false, false, false))));
        l.add(asdu(
                ASduType.M_DP_TB_1,
                cot,
                new InformationObject(
                        1004,
                        new IeDoublePointWithQuality(
                                IeDoublePointWithQuality.DoublePointInformation.OFF, false, false, false, false),
                        t56)));
        l.add(asdu(ASduType.M_ME_NA_1, cot, new InformationObject(1005, new IeNormalizedValue(0.5), good())));
        l.add(asdu(ASduType.M_ME_TD_1, cot, new InformationObject(1006, new IeNormalizedValue(-0.25), good(), t56)));
        l.add(asdu(ASduType.M_ME_NB_1, cot, new InformationObject(1007, new IeScaledValue(-1234), good())));
        l.add(asdu(ASduType.M_ME_TE_1, cot, new InformationObject(1008, new IeScaledValue(4321), good(), t56)));
        l.add(asdu(ASduType.M_ME_NC_1, cot, new InformationObject(1009, new IeShortFloat(230.5f), good())));
        l.add(asdu(ASduType.M_ME_TF_1, cot, new InformationObject(1010, new IeShortFloat(49.98f), good(), t56)));
        l.add(asdu(ASduType.M_ME_ND_1, cot, new InformationObject(1011, new IeNormalizedValue(0.125))));
        l.add(asdu(
                ASduType.M_ME_TC_1,
                cot,
                new InformationObject(1012, new IeShortFloat(1.5f), good(), new IeTime24(TAG))));
        // Quality descriptors (j60870's order: OV or value, BL, SB, NT, IV): OV, BL, SB, then IV with NT.
        l.add(asdu(
                ASduType.M_ME_NC_1,
                cot,
                new InformationObject(1013, new IeShortFloat(1f), new IeQuality(true, false, false, false, false))));
        l.add(asdu(
                ASduType.M_ME_NC_1,
                cot,
                new InformationObject(1014, new IeShortFloat(2f), new IeQuality(false, true, false, false, false))));
        l.add(asdu(
                ASduType.M_ME_NC_1,
                cot,
                new InformationObject(1015, new IeShortFloat(3f), new IeQuality(false, false, true, false, false))));
        l.add(asdu(
                ASduType.M_SP_NA_1,
                cot,
                new InformationObject(1016, new IeSinglePointWithQuality(true, false, false, true, true))));
        return l;
    }

    static List<ASdu> counterResponse(CauseOfTransmission cot) {
        IeTime56 t56 = new IeTime56(TAG, UTC, false);
        return List.of(
                asdu(ASduType.M_IT_NA_1, cot, new InformationObject(2001, new IeBinaryCounterReading(123456, 1))),
                asdu(ASduType.M_IT_TB_1, cot, new InformationObject(2002, new IeBinaryCounterReading(42, 2), t56)),
                asdu(
                        ASduType.M_IT_NA_1,
                        cot,
                        new InformationObject(
                                2003, new IeBinaryCounterReading(7, 3, IeBinaryCounterReading.Flag.CARRY))));
    }

    private final class Handler implements ConnectionEventListener {
        private final Connection c;
        /**
         * Counted down once waitForStartDT has returned: j60870 refuses to send before, and a master's first ASDU can
         * arrive in between (the listener is set early so that it is not lost), so answers wait for it.
         */
        final CountDownLatch started = new CountDownLatch(1);
        /** Whether the master's first ASDU came, and the buffered events went out before its answer. */
        private boolean flushed;

        Handler(Connection c) {
            this.c = c;
        }

        @Override
        public void newASdu(ASdu a) {
            try {
                if (!started.await(5, TimeUnit.SECONDS)) {
                    c.close();
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            try {
                if (!flushed) {
                    flushed = true;
                    sendBuffered(c);
                }
                switch (a.getTypeIdentification()) {
                    case C_IC_NA_1 -> {
                        interrogations++;
                        delivered();
                        c.sendConfirmation(a);
                        for (ASdu r : interrogationResponse(CauseOfTransmission.INTERROGATED_BY_STATION)) {
                            c.send(r);
                        }
                        c.sendActivationTermination(a);
                    }
                    case C_CI_NA_1 -> {
                        c.sendConfirmation(a);
                        for (ASdu r : counterResponse(CauseOfTransmission.REQUESTED_BY_GENERAL_COUNTER)) {
                            c.send(r);
                        }
                        c.sendActivationTermination(a);
                    }
                    case C_CS_NA_1 -> {
                        clockSyncs++;
                        c.sendConfirmation(a);
                    }
                    case C_SC_NA_1, C_DC_NA_1, C_SE_NA_1, C_SE_NB_1, C_SE_NC_1 -> {
                        commands.add(a);
                        int ioa = a.getInformationObjects()[0].getInformationObjectAddress();
                        if (ioa == 9998) {
                            return;
                        }
                        if (a.getCauseOfTransmission() == CauseOfTransmission.DEACTIVATION) {
                            c.sendConfirmation(a, a.getCommonAddress(), false, CauseOfTransmission.DEACTIVATION_CON);
                            return;
                        }
                        c.sendConfirmation(a, a.getCommonAddress(), ioa == 9999);
                        // 9997: confirmed and executed, but never terminated (like many outstations' direct commands).
                        if (ioa != 9999 && ioa != 9997 && !isSelect(a)) {
                            c.sendActivationTermination(a);
                        }
                    }
                    default -> c.sendConfirmation(a, a.getCommonAddress(), true, CauseOfTransmission.UNKNOWN_TYPE_ID);
                }
            } catch (IOException e) {
                c.close();
            }
        }

        @Override
        public void connectionClosed(IOException e) {
            connections.remove(c);
        }

        @Override
        public void dataTransferStateChanged(boolean stopped) {}
    }

    static boolean isSelect(ASdu a) {
        Object ie = a.getInformationObjects()[0]
                .getInformationElements()[0][a.getInformationObjects()[0].getInformationElements()[0].length - 1];
        if (ie instanceof IeQualifierOfSetPointCommand q) {
            return q.isSelect();
        }
        if (ie instanceof IeSingleCommand s) {
            return s.isSelect();
        }
        if (ie instanceof IeDoubleCommand d) {
            return d.isSelect();
        }
        return false;
    }
}
