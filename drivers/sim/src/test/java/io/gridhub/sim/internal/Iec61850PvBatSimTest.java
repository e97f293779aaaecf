package io.gridhub.sim.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.beanit.openiec61850.BdaFloat32;
import com.beanit.openiec61850.BdaInt32;
import com.beanit.openiec61850.BdaInt64;
import com.beanit.openiec61850.BdaTimestamp;
import com.beanit.openiec61850.ClientAssociation;
import com.beanit.openiec61850.ClientEventListener;
import com.beanit.openiec61850.ClientSap;
import com.beanit.openiec61850.Fc;
import com.beanit.openiec61850.FcModelNode;
import com.beanit.openiec61850.Report;
import com.beanit.openiec61850.ServerModel;
import io.gridhub.testkit.Ports;
import io.gridhub.testkit.SteppingClock;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo IED over MMS: values follow the PV and the setpoint, the counter counts, time stamps are set, the
 * setpoint watchdog returns the battery to 0 W.
 */
@Timeout(60)
class Iec61850PvBatSimTest {
    private static DeviceSettings settings(int port) {
        return new DeviceSettings(port, 5000, 10000, 1000, 30);
    }

    private SteppingClock clock;
    private Iec61850PvBatSim sim;
    private ClientAssociation a;
    private ServerModel m;

    @BeforeEach
    void start() throws Exception {
        clock = SteppingClock.at(Instant.ofEpochMilli(1_767_323_045_000L));
        sim = new Iec61850PvBatSim(settings(Ports.free()), "", () -> 3000, clock, clock, false);
        a = new ClientSap().associate(InetAddress.getLoopbackAddress(), sim.port(), null, new ClientEventListener() {
            @Override
            public void newReport(Report report) {
                // not used
            }

            @Override
            public void associationClosed(IOException e) {
                // end of test
            }
        });
        m = a.retrieveModel();
    }

    @AfterEach
    void stop() {
        a.close();
        sim.close();
    }

    private float read(String ref) throws Exception {
        BdaFloat32 f = (BdaFloat32) m.findModelNode("pvbatLD0/" + ref, ref.startsWith("DRCC1") ? Fc.SP : Fc.MX);
        a.getDataValues(f);
        return f.getFloat();
    }

    private int controlState() throws Exception {
        BdaInt32 st = (BdaInt32) m.findModelNode("pvbatLD0/GGIO1.IntIn1.stVal", Fc.ST);
        a.getDataValues(st);
        return st.getValue();
    }

    private void writeSetpointKw(float kw) throws Exception {
        BdaFloat32 set = (BdaFloat32) m.findModelNode("pvbatLD0/DRCC1.OutWSet.setMag.f", Fc.SP);
        set.setFloat(kw);
        a.setDataValues(set);
    }

    private void after(Duration d) {
        clock.advance(d);
        sim.step();
    }

    @Test
    void servesTheIcdWithValuesThatFollowPvAndSetpoint() throws Exception {
        FcModelNode totW = (FcModelNode) m.findModelNode("pvbatLD0/MMXU1.TotW", Fc.MX);
        a.getDataValues(totW);
        assertThat(((BdaFloat32) totW.getChild("mag").getChild("f")).getFloat()).isEqualTo(3000f);
        assertThat(controlState()).isEqualTo(0);

        for (int i = 0; i < 180; i++) { // one hour at 2 kW discharge: −20 % of 10 kWh; a write every 20 s
            writeSetpointKw(2f);
            after(Duration.ofSeconds(20));
        }
        a.getDataValues(totW);
        assertThat(((BdaFloat32) totW.getChild("mag").getChild("f")).getFloat()).isEqualTo(5000f);
        assertThat(read("MMXU2.TotW.mag.f")).isEqualTo(2000f);
        assertThat(read("MMXU3.TotW.mag.f")).isEqualTo(3000f);
        assertThat(sim.soc()).isCloseTo(40, within(0.1));
        BdaInt64 wh = (BdaInt64) m.findModelNode("pvbatLD0/MMTR1.TotWh.actVal", Fc.ST);
        a.getDataValues(wh);
        assertThat(wh.getValue()).isBetween(4995L, 5005L); // the hour at 3 kW PV + 2 kW battery
        assertThat(((BdaTimestamp) totW.getChild("t")).getDate().getTime()).isEqualTo(clock.millis());
    }

    @Test
    void theSetpointWatchdogReturnsTheBatteryToZero() throws Exception {
        writeSetpointKw(-1.5f); // charge
        after(Duration.ofSeconds(1));
        assertThat(controlState()).isEqualTo(1);
        assertThat(read("MMXU2.TotW.mag.f")).isEqualTo(-1500f);
        after(Duration.ofSeconds(20));
        writeSetpointKw(-1.5f); // a refresh
        after(Duration.ofSeconds(29));
        assertThat(sim.controlState()).isEqualTo(ControlState.REMOTE);
        assertThat(read("MMXU2.TotW.mag.f")).isEqualTo(-1500f);

        after(Duration.ofSeconds(1)); // 30 s since the last write
        assertThat(sim.controlState()).isEqualTo(ControlState.SAFE);
        assertThat(controlState()).isEqualTo(2);
        assertThat(read("MMXU2.TotW.mag.f")).isZero();
        assertThat(read("MMXU1.TotW.mag.f")).isEqualTo(3000f); // the PV alone
        assertThat(read("DRCC1.OutWSet.setMag.f")).isZero();
        after(Duration.ofMinutes(5));
        assertThat(controlState()).isEqualTo(2);

        writeSetpointKw(1f);
        after(Duration.ofSeconds(1));
        assertThat(controlState()).isEqualTo(1);
        assertThat(read("MMXU2.TotW.mag.f")).isEqualTo(1000f);
        assertThat(read("DRCC1.OutWSet.setMag.f")).isEqualTo(1f);
    }

    @Test
    void anSclFileWithADoctypeIsRefusedBeforeTheLibraryResolvesItsEntities(@TempDir Path dir) throws IOException {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "s3cret");
        Path icd = Files.writeString(
                dir.resolve("x.icd"),
                "<?xml version=\"1.0\"?>\n" + "<!DOCTYPE SCL [<!ENTITY x SYSTEM \"" + secret.toUri()
                        + "\">]><SCL>&x;</SCL>");
        Assertions.assertThatThrownBy(() -> Iec61850PvBatSim.withoutDoctype(icd))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("DOCTYPE")
                .hasMessageNotContaining("s3cret");
    }
}
