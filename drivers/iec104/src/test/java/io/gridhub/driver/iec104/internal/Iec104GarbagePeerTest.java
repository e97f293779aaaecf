package io.gridhub.driver.iec104.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridhub.api.driver.Connection;
import io.gridhub.api.driver.ConnectionException;
import io.gridhub.api.driver.DeviceContext;
import io.gridhub.driver.iec104.Iec104Address;
import io.gridhub.driver.iec104.Iec104Driver;
import io.gridhub.driver.iec104.Iec104Settings;
import io.gridhub.testkit.Settings;
import io.gridhub.testkit.Waits;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Peers that confirm STARTDT and then send garbage: the client's connection dies cleanly, with a reason. */
@Timeout(60)
class Iec104GarbagePeerTest {
    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "0011223344556677", // not a start byte
                "6802ffff", // length below the control octets
                "680e00000000630106000100e9030000", // unknown type id 99
                "68fd000000000d01", // announces more than follows, then the peer closes
            })
    void garbageAfterStartdtIsALostConnection(String hex) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread peer = new Thread(() -> {
                try (Socket s = server.accept()) {
                    InputStream in = s.getInputStream();
                    in.readNBytes(6); // STARTDT act
                    OutputStream out = s.getOutputStream();
                    out.write(HexFormat.of().parseHex("68040b000000")); // STARTDT con
                    out.write(HexFormat.of().parseHex(hex));
                    out.flush();
                    Thread.sleep(300);
                } catch (Exception e) {
                    // the client hung up: fine
                }
            });
            peer.setDaemon(true);
            peer.start();
            Connection<Iec104Address> c;
            try {
                c = new Iec104Driver()
                        .connect(
                                Settings.of(
                                        Iec104Settings.class,
                                        "host",
                                        "127.0.0.1",
                                        "port",
                                        server.getLocalPort(),
                                        "timeoutMillis",
                                        1000,
                                        "t0Millis",
                                        2000),
                                DeviceContext.of("garbage", Clock.systemUTC()));
            } catch (ConnectionException e) {
                assertThat(e.getMessage()).isNotBlank();
                return;
            }
            try {
                List<Iec104Address> a = List.of(Iec104Address.parse("ioa:1"));
                ConnectionException lost = Waits.value(Duration.ofSeconds(10), () -> lossOnRead(c, a), "a lost link");
                assertThat(lost).hasMessageContaining("lost");
            } finally {
                c.close();
            }
        }
    }

    /** The connection exception a read throws, empty while reads answer (never with a good value). */
    private static Optional<ConnectionException> lossOnRead(Connection<Iec104Address> c, List<Iec104Address> a) {
        try {
            assertThat(c.read(a).get(0).quality().isGood()).isFalse();
            return Optional.empty();
        } catch (ConnectionException e) {
            return Optional.of(e);
        }
    }
}
