package io.gridhub.cli.probe;

import static org.assertj.core.api.Assertions.assertThat;

import com.beanit.openiec61850.BasicDataAttribute;
import com.beanit.openiec61850.BdaFloat32;
import com.beanit.openiec61850.Fc;
import com.beanit.openiec61850.SclParser;
import com.beanit.openiec61850.ServerEventListener;
import com.beanit.openiec61850.ServerModel;
import com.beanit.openiec61850.ServerSap;
import com.beanit.openiec61850.ServiceError;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gridhub.cli.Main;
import io.gridhub.testkit.Ports;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ServerSocketFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** ./gridhub probe iec61850:// against the example ICD served by openiec61850's server side on loopback. */
@Timeout(60)
class Iec61850ProbeTest {
    private static final Path ICD = Path.of("../../config/iec61850/pvbat.icd");
    private final ObjectMapper json = new ObjectMapper();
    private final List<String> writes = new CopyOnWriteArrayList<>();
    private ServerSap server;
    private int port;
    private String out;
    private String err;

    @BeforeEach
    void start() throws Exception {
        port = Ports.free();
        ServerModel model = SclParser.parse(ICD.toString()).get(0);
        server = new ServerSap(port, 0, InetAddress.getLoopbackAddress(), model, ServerSocketFactory.getDefault());
        server.startListening(new ServerEventListener() {
            @Override
            public List<ServiceError> write(List<BasicDataAttribute> bdas) {
                bdas.forEach(b -> writes.add(b.getReference() + "=" + b.getValueString()));
                return null;
            }

            @Override
            public void serverStoppedListening(ServerSap s) {
                // stopped by the test
            }
        });
        ServerModel copy = server.getModelCopy();
        BdaFloat32 totW = (BdaFloat32) copy.findModelNode("pvbatLD0/MMXU1.TotW.mag.f", Fc.MX);
        totW.setFloat(2500f);
        server.setValues(List.of(totW));
    }

    @AfterEach
    void stop() {
        server.stop();
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

    @Test
    void readsWritesAndBrowsesLogicalDevicesNodesAndData() throws Exception {
        String url = "iec61850://127.0.0.1:" + port + "?timeout=3000";
        assertThat(probe(url, "--read", "pvbatLD0/MMXU1.TotW.mag.f[MX]"))
                .as(err)
                .isZero();
        JsonNode r = json.readTree(out.strip());
        assertThat(r.get("point").asText()).isEqualTo("pvbatLD0/MMXU1.TotW.mag.f[MX]");
        assertThat(r.get("value").asDouble()).isEqualTo(2500.0);
        assertThat(r.get("quality").asText()).isEqualTo("GOOD");

        assertThat(probe(url, "--write", "pvbatLD0/DRCC1.OutWSet.setMag.f[SP]=12.5"))
                .as(err)
                .isZero();
        assertThat(json.readTree(out.strip()).get("quality").asText()).isEqualTo("GOOD");
        assertThat(writes).contains("pvbatLD0/DRCC1.OutWSet.setMag.f=12.5");

        assertThat(probe(url, "--browse")).as(err).isZero();
        String[] lines = out.strip().split("\n");
        assertThat(lines.length).isGreaterThan(10);
        assertThat(out)
                .contains("pvbatLD0/ZBAT1.SoC.mag.f[MX]")
                .contains("logical device pvbatLD0")
                .contains("logical node MMTR1")
                .contains("pvbatLD0/CSWI1.Pos[CO]")
                .contains("sbo-with-enhanced-security");
    }

    @Test
    void aBooleanControlTakesTrueAndFalse() throws Exception {
        String url = "iec61850://127.0.0.1:" + port + "?timeout=3000";
        assertThat(probe(url, "--write", "pvbatLD0/GGIO1.SPCSO1[CO]=true"))
                .as(err)
                .isZero();
        assertThat(json.readTree(out.strip()).get("quality").asText()).isEqualTo("GOOD");
        assertThat(json.readTree(out.strip()).get("write").asInt()).isEqualTo(1);
        assertThat(writes).contains("pvbatLD0/GGIO1.SPCSO1.Oper.ctlVal=true");
        assertThat(probe(url, "--write", "pvbatLD0/GGIO1.SPCSO1[CO]=FALSE"))
                .as(err)
                .isZero();
        assertThat(writes).contains("pvbatLD0/GGIO1.SPCSO1.Oper.ctlVal=false");
        assertThat(probe(url, "--write", "pvbatLD0/GGIO1.SPCSO1[CO]=yes")).isEqualTo(2);
        assertThat(err).contains("'yes' is not a number, true or false");
    }

    @Test
    void subscribingToAValueInNoReportPollsItAndSaysSo() throws Exception {
        String url = "iec61850://127.0.0.1:" + port + "?timeout=3000";
        assertThat(probe(url, "--subscribe", "pvbatLD0/MMXU1.TotW.mag.f[MX]", "--seconds", "2", "--interval", "200"))
                .as(err)
                .isZero();
        assertThat(err).contains("pvbatLD0/MMXU1.TotW.mag.f[MX] is not pushed").contains("polled every 200 ms");
        String[] lines = out.strip().split("\n");
        // The first poll is at once, so at least one line comes however slow the machine is.
        assertThat(lines.length).isGreaterThanOrEqualTo(1);
        for (String line : lines) {
            JsonNode r = json.readTree(line);
            assertThat(r.get("quality").asText()).isEqualTo("GOOD");
            assertThat(r.get("value").asDouble()).isEqualTo(2500.0);
        }
    }

    @Test
    void badInputAndAnUnreachableServerExitTwoWithOneLine() throws Exception {
        assertThat(probe("iec61850://127.0.0.1:" + port, "--read", "pvbatLD0/MMXU1.TotW.mag.f"))
                .isEqualTo(2);
        assertThat(err).contains("no functional constraint");
        assertThat(probe("iec61850://127.0.0.1:" + port + "?bogus=1", "--browse"))
                .isEqualTo(2);
        assertThat(err).contains("unknown parameter 'bogus'");
        int closed = Ports.free();
        long t0 = System.nanoTime();
        assertThat(probe("iec61850://127.0.0.1:" + closed + "?timeout=2000", "--browse"))
                .isEqualTo(2);
        assertThat(err.strip())
                .startsWith("gridhub probe: cannot associate with IED 127.0.0.1:" + closed)
                .doesNotContain("\n");
        assertThat((System.nanoTime() - t0) / 1e9).isLessThan(10);
    }
}
