package io.gridhub.cli.probe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gridhub.cli.Main;
import io.gridhub.testkit.Ports;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openmuc.j60870.ASdu;
import org.openmuc.j60870.ASduType;
import org.openmuc.j60870.CauseOfTransmission;
import org.openmuc.j60870.Connection;
import org.openmuc.j60870.ConnectionEventListener;
import org.openmuc.j60870.Server;
import org.openmuc.j60870.ServerEventListener;
import org.openmuc.j60870.ie.IeQuality;
import org.openmuc.j60870.ie.IeShortFloat;
import org.openmuc.j60870.ie.InformationObject;

/** ./gridhub probe iec104:// against an outstation on j60870's server side. */
@Timeout(180)
class Iec104ProbeTest {
    /** A generous bound for a pushed value to show: a busy machine may stall for seconds, not minutes. */
    private static final Duration SUBSCRIPTION = Duration.ofSeconds(60);

    private final ObjectMapper json = new ObjectMapper();
    private final List<ASdu> commands = new CopyOnWriteArrayList<>();
    private Server server;
    private int port;
    private String out;
    private String err;

    @BeforeEach
    void start() throws Exception {
        port = Ports.free();
        server = Server.builder()
                .setPort(port)
                .setBindAddr(InetAddress.getLoopbackAddress())
                .build();
        server.start(new ServerEventListener() {
            @Override
            public void connectionIndication(Connection c) {
                Listener l = new Listener(c);
                c.setConnectionListener(l);
                new Thread(() -> {
                            try {
                                c.waitForStartDT(l, 5000);
                                l.started.countDown();
                            } catch (IOException e) {
                                c.close();
                            }
                        })
                        .start();
            }

            @Override
            public void serverStoppedListeningIndication(IOException e) {}

            @Override
            public void connectionAttemptFailed(IOException e) {}
        });
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private final class Listener implements ConnectionEventListener {
        private final Connection c;
        /**
         * Counted down once waitForStartDT has returned: j60870 refuses to send before, and the probe's first ASDU
         * can arrive in between (the listener is set early so that it is not lost), so answers wait for it, as the
         * driver's TestOutstation does.
         */
        final CountDownLatch started = new CountDownLatch(1);

        Listener(Connection c) {
            this.c = c;
        }

        @Override
        public void newASdu(ASdu a) {
            try {
                if (!started.await(30, TimeUnit.SECONDS)) {
                    return;
                }
                if (a.getTypeIdentification() == ASduType.C_IC_NA_1) {
                    c.sendConfirmation(a);
                    c.send(new ASdu(
                            ASduType.M_ME_NC_1,
                            false,
                            CauseOfTransmission.INTERROGATED_BY_STATION,
                            false,
                            false,
                            0,
                            1,
                            new InformationObject(
                                    1001, new IeShortFloat(230.5f), new IeQuality(false, false, false, false, false))));
                    c.sendActivationTermination(a);
                    // Spontaneous changes every 100 ms while the master stays (at most 10 minutes): the test waits
                    // for one in the subscription, however late the probe subscribes after its interrogation.
                    Thread spontaneous = new Thread(
                            () -> {
                                for (int i = 0; i < 6000 && !c.isClosed(); i++) {
                                    try {
                                        c.send(new ASdu(
                                                ASduType.M_ME_NC_1,
                                                false,
                                                CauseOfTransmission.SPONTANEOUS,
                                                false,
                                                false,
                                                0,
                                                1,
                                                new InformationObject(
                                                        1001,
                                                        new IeShortFloat(231f),
                                                        new IeQuality(false, false, false, false, false))));
                                        Thread.sleep(100);
                                    } catch (IOException | InterruptedException e) {
                                        return;
                                    }
                                }
                            },
                            "test-outstation-spontaneous");
                    spontaneous.setDaemon(true);
                    spontaneous.start();
                } else if (a.getTypeIdentification().getId() >= 45
                        && a.getTypeIdentification().getId() <= 64) {
                    commands.add(a);
                    c.sendConfirmation(a);
                    c.sendActivationTermination(a);
                }
            } catch (IOException e) {
                c.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void connectionClosed(IOException e) {}

        @Override
        public void dataTransferStateChanged(boolean stopped) {}
    }

    private int probe(String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        List<String> all = new ArrayList<>(List.of("probe"));
        all.addAll(List.of(args));
        int rc = Main.run(new PrintWriter(o), new PrintWriter(e), all.toArray(String[]::new));
        out = o.toString();
        err = e.toString();
        return rc;
    }

    private String url() {
        // A generous time-out: a busy machine may take seconds to answer on loopback.
        return "iec104://127.0.0.1:" + port + "?ca=1&timeout=15000";
    }

    @Test
    void readsFromTheInterrogationWritesSetPointsAndSubscribes() throws Exception {
        assertThat(probe(url(), "--read", "ioa:1001", "ioa:1002")).as(err).isZero();
        String[] lines = out.strip().split("\n");
        JsonNode first = json.readTree(lines[0]);
        assertThat(first.get("point").asText()).isEqualTo("ioa:1001");
        assertThat(first.get("quality").asText()).isEqualTo("GOOD");
        assertThat(json.readTree(lines[1]).get("quality").asText()).isEqualTo("INVALID");

        assertThat(probe(url(), "--write", "ioa:5001=42", "--command-type", "scaled"))
                .as(err)
                .isZero();
        assertThat(json.readTree(out.strip()).get("quality").asText()).isEqualTo("GOOD");
        assertThat(commands).extracting(ASdu::getTypeIdentification).containsExactly(ASduType.C_SE_NB_1);
        assertThat(probe(url(), "--write", "ioa:5002:float=1.5")).as(err).isZero();
        assertThat(commands).extracting(ASdu::getTypeIdentification).endsWith(ASduType.C_SE_NC_1);

        // The subscription prints what the outstation pushes: waited for (bounded), not counted on in a window.
        try (ProbeRun run = ProbeRun.start(url(), "--subscribe", "ioa:1001", "--seconds", "600")) {
            List<String> pushed = run.awaitLines(
                    SUBSCRIPTION, l -> l.stream().anyMatch(s -> s.contains("\"value\":231")), "a pushed 231");
            JsonNode value = json.readTree(pushed.stream()
                    .filter(s -> s.contains("\"value\":231"))
                    .findFirst()
                    .orElseThrow());
            assertThat(value.get("point").asText()).isEqualTo("ioa:1001");
            assertThat(value.get("quality").asText()).isEqualTo("GOOD");
        }
        // --seconds ends a subscription, successfully.
        assertThat(probe(url(), "--subscribe", "ioa:1001", "--seconds", "0.2"))
                .as(err)
                .isZero();
    }

    @Test
    void unreachableOutstationAndBadAddressesExitTwo() throws Exception {
        int closed = Ports.free();
        assertThat(probe("iec104://127.0.0.1:" + closed + "?ca=1", "--read", "ioa:1001"))
                .isEqualTo(2);
        assertThat(err.strip())
                .startsWith("gridhub probe: cannot connect to outstation")
                .doesNotContain("\n");
        assertThat(probe(url(), "--read", "ioa:x")).isEqualTo(2);
        assertThat(err.strip()).contains("'x' is not a number");
        assertThat(probe(url(), "--write", "ioa:1=1", "--command-type", "pulse"))
                .isEqualTo(2);
        assertThat(err.strip()).contains("unknown command type 'pulse'");
        assertThat(probe("iec104://127.0.0.1:" + port + "?ca=0", "--read", "ioa:1"))
                .isEqualTo(2);
        assertThat(err.strip()).contains("ca 0 out of");
    }
}
