package io.gridhub.driver.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridhub.api.driver.AddressException;
import io.gridhub.api.driver.Connection;
import io.gridhub.api.driver.ConnectionException;
import io.gridhub.api.driver.Driver;
import io.gridhub.api.driver.Reading;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The contract every gridhub driver keeps, as tests a driver's own test class inherits: extend it, say how to
 * start and stop a peer (a simulator or a real server on loopback), and which addresses it serves.
 * <p>
 * Each test starts the peer before and stops it after. What is checked: connect, read in order, a refused
 * address is a quality (not an exception), an unreachable peer is a {@link ConnectionException} with its cause,
 * a read after the peer went away throws and a new connection works once the peer is back, close is idempotent,
 * and addresses parse, print and parse back the same.
 *
 * @param <S> the driver's settings type
 * @param <A> the driver's address type
 */
@Timeout(60)
public abstract class DriverContractTest<S, A> {
    /** The driver under test (a new instance each time is fine). */
    protected abstract Driver<S, A> driver();

    /** Settings that reach the peer started by {@link #startPeer()}. */
    protected abstract S settings();

    /** Settings for a peer that is not there (e.g. a closed port on 127.0.0.1). */
    protected abstract S unreachableSettings();

    /** Addresses the peer serves. */
    protected abstract List<String> goodAddresses();

    /** An address that parses but that the peer refuses (e.g. out of its range). */
    protected abstract String refusedAddress();

    /** Text that is not an address of this driver. */
    protected abstract String malformedAddress();

    /** Starts the peer (again, after {@link #stopPeer()}, on the same address). */
    protected abstract void startPeer() throws Exception;

    /** Stops the peer so that its connections are cut. */
    protected abstract void stopPeer() throws Exception;

    /** How long the peer may take to come up or go down. */
    protected Duration patience() {
        return Duration.ofSeconds(10);
    }

    private final List<Connection<A>> opened = new ArrayList<>();
    private final List<TestDeviceContext> contexts = new ArrayList<>();

    @BeforeEach
    final void startPeerForContract() throws Exception {
        startPeer();
    }

    @AfterEach
    final void stopPeerForContract() throws Exception {
        opened.forEach(Connection::close);
        contexts.forEach(TestDeviceContext::close);
        stopPeer();
    }

    protected final Connection<A> connect(S settings) throws ConnectionException {
        return connect(settings, new TestDeviceContext("contract"));
    }

    /** Connects with a context of the test's own (e.g. to see what the connection schedules or reports lost). */
    protected final Connection<A> connect(S settings, TestDeviceContext context) throws ConnectionException {
        contexts.add(context);
        Connection<A> c = driver().connect(settings, context);
        opened.add(c);
        return c;
    }

    protected final List<A> parse(List<String> texts) throws AddressException {
        List<A> list = new ArrayList<>();
        for (String t : texts) {
            list.add(driver().parseAddress(t));
        }
        return list;
    }

    @Test
    void connectsReadsGoodValuesInOrderAndCloses() throws Exception {
        Connection<A> c = connect(settings());
        List<A> channels = parse(goodAddresses());
        List<Reading> readings = c.read(channels);
        assertThat(readings).hasSameSizeAs(channels);
        assertThat(readings)
                .allSatisfy(r -> assertThat(r.quality().isGood())
                        .as("quality %s", r.quality())
                        .isTrue());
        c.close();
    }

    @Test
    void refusedAddressIsAQualityNotAnException() throws Exception {
        Connection<A> c = connect(settings());
        List<String> texts = new ArrayList<>(goodAddresses().subList(0, 1));
        texts.add(refusedAddress());
        texts.add(goodAddresses().get(0));
        List<Reading> readings = c.read(parse(texts));
        assertThat(readings).hasSize(3);
        assertThat(readings.get(0).quality().isGood()).isTrue();
        assertThat(readings.get(1).quality().isGood())
                .as("refused address %s", refusedAddress())
                .isFalse();
        assertThat(readings.get(2).quality().isGood()).isTrue();
        // The connection survives a refused address.
        assertThat(c.read(parse(goodAddresses())))
                .allSatisfy(r -> assertThat(r.quality().isGood()).isTrue());
    }

    /** With its cause: the I/O failure the driver met (a refused or timed-out connect) is in the cause chain. */
    @Test
    void unreachablePeerIsAConnectionExceptionWithItsCause() {
        assertThatThrownBy(() -> connect(unreachableSettings()))
                .isInstanceOf(ConnectionException.class)
                .satisfies(e -> assertThat(e.getMessage()).isNotBlank())
                .satisfies(e -> assertThat(causes(e))
                        .as("the causes of %s", e)
                        .isNotEmpty()
                        .anyMatch(IOException.class::isInstance));
    }

    private static List<Throwable> causes(Throwable e) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable c = e.getCause(); c != null && !chain.contains(c); c = c.getCause()) {
            chain.add(c);
        }
        return chain;
    }

    @Test
    void lostPeerThrowsAndANewConnectionWorksAfterItRestarts() throws Exception {
        Connection<A> c = connect(settings());
        List<A> channels = parse(goodAddresses());
        assertThat(c.read(channels))
                .allSatisfy(r -> assertThat(r.quality().isGood()).isTrue());
        stopPeer();
        long deadline = System.nanoTime() + patience().toNanos();
        boolean thrown = false;
        while (!thrown && System.nanoTime() < deadline) {
            try {
                c.read(channels);
                Thread.sleep(50);
            } catch (ConnectionException e) {
                thrown = true;
            }
        }
        assertThat(thrown)
                .as("a read on a connection whose peer stopped throws ConnectionException")
                .isTrue();
        c.close();
        startPeer();
        Connection<A> again = null;
        deadline = System.nanoTime() + patience().toNanos();
        while (again == null) {
            try {
                again = connect(settings());
            } catch (ConnectionException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
        assertThat(again.read(channels))
                .allSatisfy(r -> assertThat(r.quality().isGood()).isTrue());
    }

    @Test
    void closeIsIdempotentAndAClosedConnectionThrows() throws Exception {
        Connection<A> c = connect(settings());
        c.close();
        c.close();
        assertThatThrownBy(() -> c.read(parse(goodAddresses()))).isInstanceOf(ConnectionException.class);
    }

    @Test
    void addressesParseFormatAndParseBack() throws Exception {
        for (String text : goodAddresses()) {
            A a = driver().parseAddress(text);
            assertThat(driver().parseAddress(driver().format(a))).isEqualTo(a);
        }
        assertThatThrownBy(() -> driver().parseAddress(malformedAddress()))
                .isInstanceOf(AddressException.class)
                .hasMessageContaining(malformedAddress());
    }
}
