package io.gridhub.sim.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.beanit.openiec61850.BdaFloat32;
import com.beanit.openiec61850.BdaInt64;
import com.beanit.openiec61850.ClientAssociation;
import com.beanit.openiec61850.ClientEventListener;
import com.beanit.openiec61850.ClientSap;
import com.beanit.openiec61850.Fc;
import com.beanit.openiec61850.FcModelNode;
import com.beanit.openiec61850.Report;
import com.beanit.openiec61850.ServerModel;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The demo IED over MMS: values follow the PV and the setpoint, the counter counts, time stamps are set. */
@Timeout(60)
class Iec61850PvBatSimTest {
    private static Iec61850PvBatSim.Config config(int port) {
        return new Iec61850PvBatSim.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return Iec61850PvBatSim.Config.class;
            }

            @Override
            public int port() {
                return port;
            }

            @Override
            public String icdFile() {
                return "";
            }

            @Override
            public String pvPoint() {
                return "demo.m01-pv.p";
            }

            @Override
            public double ratedPowerW() {
                return 5000;
            }

            @Override
            public double capacityWh() {
                return 10000;
            }

            @Override
            public int periodMillis() {
                return 1000;
            }
        };
    }

    /** A clock the test moves. */
    private static final class StepClock extends Clock {
        final AtomicLong millis = new AtomicLong(1_767_323_045_000L);

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.get());
        }
    }

    @Test
    void servesTheIcdWithValuesThatFollowPvAndSetpoint() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        StepClock clock = new StepClock();
        Iec61850PvBatSim sim = new Iec61850PvBatSim(config(port), () -> 3000, clock, false);
        ClientAssociation a = new ClientSap().associate(InetAddress.getLoopbackAddress(), port, null,
                new ClientEventListener() {
                    @Override
                    public void newReport(Report report) {
                        // not used
                    }

                    @Override
                    public void associationClosed(IOException e) {
                        // end of test
                    }
                });
        try {
            ServerModel m = a.retrieveModel();
            FcModelNode totW = (FcModelNode) m.findModelNode("pvbatLD0/MMXU1.TotW", Fc.MX);
            a.getDataValues(totW);
            assertThat(((BdaFloat32) totW.getChild("mag").getChild("f")).getFloat()).isEqualTo(3000f);

            BdaFloat32 set = (BdaFloat32) m.findModelNode("pvbatLD0/DRCC1.OutWSet.setMag.f", Fc.SP);
            set.setFloat(2f); // kW, discharge
            a.setDataValues(set);
            clock.millis.addAndGet(3_600_000);
            sim.step(); // one hour at 2 kW discharge: −20 % of 10 kWh
            clock.millis.addAndGet(1000);
            sim.step();
            a.getDataValues(totW);
            assertThat(((BdaFloat32) totW.getChild("mag").getChild("f")).getFloat()).isEqualTo(5000f);
            assertThat(sim.soc()).isCloseTo(40, org.assertj.core.data.Offset.offset(0.1));
            BdaInt64 wh = (BdaInt64) m.findModelNode("pvbatLD0/MMTR1.TotWh.actVal", Fc.ST);
            a.getDataValues(wh);
            assertThat(wh.getValue()).isBetween(5000L, 5010L); // the hour at 3 kW PV + 2 kW battery
            assertThat(((com.beanit.openiec61850.BdaTimestamp) totW.getChild("t")).getDate().getTime())
                    .isEqualTo(clock.millis.get());
        } finally {
            a.close();
            sim.deactivate();
        }
    }
}
