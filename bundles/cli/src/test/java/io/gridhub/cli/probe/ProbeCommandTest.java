package io.gridhub.cli.probe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ghgande.j2mod.modbus.procimg.SimpleDigitalOut;
import com.ghgande.j2mod.modbus.procimg.SimpleInputRegister;
import com.ghgande.j2mod.modbus.procimg.SimpleProcessImage;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.ghgande.j2mod.modbus.slave.ModbusSlave;
import com.ghgande.j2mod.modbus.slave.ModbusSlaveFactory;
import io.gridhub.cli.Main;
import io.gridhub.testkit.Ports;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ./gridhub probe against j2mod's slave on loopback: JSON lines, writes, and exit code 2 with one line. */
class ProbeCommandTest {
    private final ObjectMapper json = new ObjectMapper();
    private ModbusSlave slave;
    private int port;
    private String out;
    private String err;

    @BeforeEach
    void start() throws Exception {
        port = Ports.free();
        SimpleProcessImage image = new SimpleProcessImage(1);
        for (int i = 0; i < 50; i++) {
            image.addRegister(new SimpleRegister(i));
            image.addInputRegister(new SimpleInputRegister(1000 + i));
            image.addDigitalOut(new SimpleDigitalOut(false));
        }
        slave = ModbusSlaveFactory.createTCPSlave(InetAddress.getLoopbackAddress(), port, 2, false);
        slave.addProcessImage(1, image);
        slave.open();
    }

    @AfterEach
    void stop() {
        ModbusSlaveFactory.close(slave);
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

    private List<JsonNode> lines() throws Exception {
        List<JsonNode> nodes = new ArrayList<>();
        for (String l : out.split("\n")) {
            if (!l.isBlank()) {
                nodes.add(json.readTree(l));
            }
        }
        return nodes;
    }

    private String url() {
        // A generous time-out: a busy machine may take seconds to answer on loopback.
        return "modbus://127.0.0.1:" + port + "?unit=1&timeout=10000";
    }

    @Test
    void readsPrintOneJsonObjectPerSample() throws Exception {
        assertThat(probe(url(), "--read", "ir:3:uint16", "hr:7", "--read", "hr:400"))
                .isZero();
        List<JsonNode> l = lines();
        assertThat(l).hasSize(3);
        assertThat(l.get(0).get("point").asText()).isEqualTo("ir:3:uint16");
        assertThat(l.get(0).get("value").asLong()).isEqualTo(1003);
        assertThat(l.get(0).get("quality").asText()).isEqualTo("GOOD");
        assertThat(l.get(0).get("sourceTime").asText()).isNotBlank();
        assertThat(l.get(0).get("receivedTime").asText()).isNotBlank();
        assertThat(l.get(1).get("value").asLong()).isEqualTo(7);
        assertThat(l.get(2).get("quality").asText()).isEqualTo("INVALID");
        assertThat(l.get(2).get("value").isNull()).isTrue();
        assertThat(l.get(2).get("detail").asText()).contains("exception 2");
    }

    @Test
    void writesThenReadsBack() throws Exception {
        assertThat(probe(url(), "--write", "hr:10:float32=-2.5", "coil:4=1")).isZero();
        assertThat(lines())
                .allSatisfy(n -> assertThat(n.get("quality").asText()).isEqualTo("GOOD"));
        assertThat(probe(url(), "--read", "hr:10:float32", "coil:4")).isZero();
        assertThat(lines().get(0).get("value").asDouble()).isEqualTo(-2.5);
        assertThat(lines().get(1).get("value").asLong()).isEqualTo(1);
    }

    @Test
    void subscribePollsAtTheIntervalUntilTheTimeIsUp() throws Exception {
        // Polls again and again: three readings waited for (bounded), not counted in a short window.
        try (ProbeRun run = ProbeRun.start(url(), "--subscribe", "hr:1", "--seconds", "600", "--interval", "100")) {
            for (String line : run.awaitLines(Duration.ofSeconds(60), l -> l.size() >= 3, "three polls")) {
                assertThat(json.readTree(line).get("quality").asText()).isEqualTo("GOOD");
                assertThat(json.readTree(line).get("value").asLong()).isEqualTo(1);
            }
        }
        // Until the time is up, and no more often than the interval: at most one poll per 100 ms of 0.5 s.
        long t0 = System.nanoTime();
        assertThat(probe(url(), "--subscribe", "hr:1", "--seconds", "0.5", "--interval", "100"))
                .as(err)
                .isZero();
        assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(500L);
        assertThat(lines().size()).isLessThanOrEqualTo(6);
        assertThat(lines())
                .allSatisfy(n -> assertThat(n.get("quality").asText()).isEqualTo("GOOD"));
    }

    @Test
    void badInputAndUnreachablePeersExitTwoWithOneLine() throws Exception {
        assertThat(probe("modbus://127.0.0.1:" + Ports.free() + "?unit=1", "--read", "ir:0"))
                .isEqualTo(2);
        assertThat(err.strip()).startsWith("gridhub probe: cannot connect").doesNotContain("\n");
        assertThat(probe(url(), "--read", "ir:zero")).isEqualTo(2);
        assertThat(err.strip())
                .isEqualTo("gridhub probe: bad address 'ir:zero': address 'zero' is not a number " + "0..65535");
        assertThat(probe("modbus://127.0.0.1:" + port + "?unit=abc", "--read", "ir:0"))
                .isEqualTo(2);
        assertThat(err.strip()).contains("'unit' cannot be 'abc'");
        assertThat(probe("opc.foo://x", "--read", "ir:0")).isEqualTo(2);
        assertThat(err.strip())
                .contains("unknown scheme 'opc.foo' (known: ")
                .contains("modbus")
                .contains("iec104")
                .contains("opc.tcp");
        assertThat(probe(url(), "--read", "ir:0", "--security", "encrypt")).isEqualTo(2);
        assertThat(err.strip()).contains("--security do not apply to modbus URLs");
        assertThat(probe("opc.tcp://127.0.0.1:" + Ports.free() + "/x", "--read", "ns=1;s=A", "--security", "secret"))
                .isEqualTo(2);
        assertThat(err.strip()).contains("--security 'secret': expected none, sign or encrypt");
        assertThat(probe("opc.tcp://127.0.0.1:" + Ports.free() + "/x", "--read", "Sim.A"))
                .isEqualTo(2);
        assertThat(err.strip()).contains("bad address 'Sim.A'");
        assertThat(probe("opc.tcp://127.0.0.1:" + Ports.free() + "/x", "--read", "ns=1;s=A"))
                .isEqualTo(2);
        assertThat(err.strip()).startsWith("gridhub probe: cannot reach opc.tcp://127.0.0.1:");
        assertThat(probe("modbus:///nohost", "--read", "ir:0")).isEqualTo(2);
        assertThat(err.strip()).contains("no host");
        assertThat(probe(url(), "--write", "hr:1=abc")).isEqualTo(2);
        assertThat(err.strip()).contains("'abc' is not a number");
        assertThat(probe(url())).isEqualTo(2);
        assertThat(err.strip()).contains("nothing to do");
        assertThat(probe(url(), "--browse")).isEqualTo(2);
        assertThat(err.strip()).contains("cannot browse");
        assertThat(out).isEmpty();
    }
}
