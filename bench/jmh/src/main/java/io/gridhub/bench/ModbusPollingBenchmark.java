package io.gridhub.bench;

import com.ghgande.j2mod.modbus.facade.ModbusTCPMaster;
import com.ghgande.j2mod.modbus.procimg.Register;
import com.ghgande.j2mod.modbus.procimg.SimpleInputRegister;
import com.ghgande.j2mod.modbus.procimg.SimpleProcessImage;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.ghgande.j2mod.modbus.slave.ModbusSlave;
import com.ghgande.j2mod.modbus.slave.ModbusSlaveFactory;
import io.gridhub.api.driver.DeviceState;
import io.gridhub.api.ingest.DeviceMapping;
import io.gridhub.api.model.PointId;
import io.gridhub.core.internal.SampleBusImpl;
import io.gridhub.core.internal.driver.DriverHost;
import io.gridhub.driver.modbus.ModbusDriver;
import io.gridhub.testkit.FakeRegistry;
import io.gridhub.testkit.Ports;
import io.gridhub.testkit.Waits;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Registers per second polled from one j2mod slave on loopback, in the same run: a raw j2mod loop (one FC3 read of
 * 125 registers per invocation) against the hub's path (the driver host polls a device whose mapping has 125
 * uint16 points: block plan, FC3 request, decode, raw readings handed to normalization, here a stand-in that scales
 * and publishes ({@link ScalingIngest}; bench/ingest times the real route), sample bus, and the hand-over to and back
 * from the device's thread). Scores are registers/s (one operation = one register).
 * <pre>java -jar bench/jmh/target/benchmarks.jar ModbusPolling -f 1 -wi 3 -w 2s -i 5 -r 3s</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
public class ModbusPollingBenchmark {
    /** Registers per poll: one full Modbus request. */
    static final int REGISTERS = 125;

    static final int POLLS = 100;

    private ModbusSlave slave;
    private ModbusTCPMaster raw;
    private DriverHost host;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        int port = Ports.free();
        SimpleProcessImage image = new SimpleProcessImage(1);
        for (int i = 0; i < 1000; i++) {
            image.addRegister(new SimpleRegister(i));
            image.addInputRegister(new SimpleInputRegister(i));
        }
        slave = ModbusSlaveFactory.createTCPSlave(InetAddress.getLoopbackAddress(), port, 4, false);
        slave.addProcessImage(1, image);
        slave.open();

        raw = new ModbusTCPMaster("127.0.0.1", port, 2000, false);
        raw.setRetries(1);
        raw.connect();

        // The device's layout as its mapping file would describe it: one poll group, 125 uint16 with a scale.
        List<DeviceMapping.Channel> channels = new ArrayList<>();
        Map<String, Double> scales = new HashMap<>();
        for (int i = 0; i < REGISTERS; i++) {
            channels.add(new DeviceMapping.Channel("hr:" + i + ":uint16", PointId.of("bench.r" + i), "bench"));
            scales.put("hr:" + i + ":uint16", 0.1);
        }
        SampleBusImpl bus = new SampleBusImpl();
        ScalingIngest ingest = new ScalingIngest(bus, Clock.systemUTC());
        ingest.describe(new DeviceMapping("bench", Map.of("bench", 3_600_000L), channels), scales);
        host = new DriverHost(bus, new FakeRegistry(), () -> ingest, Clock.systemUTC());
        host.configure(
                "bench",
                new ModbusDriver(),
                Map.of("name", "bench", "host", "127.0.0.1", "port", port, "unitId", 1, "timeoutMillis", 2000));
        Waits.until(
                Duration.ofSeconds(10),
                () -> host.device("bench").orElseThrow().state() == DeviceState.ONLINE,
                "the bench device online");
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        host.close();
        raw.disconnect();
        ModbusSlaveFactory.close(slave);
    }

    @Benchmark
    @OperationsPerInvocation(REGISTERS)
    public Register[] rawJ2mod() throws Exception {
        return raw.readMultipleRegisters(1, 0, REGISTERS);
    }

    /** One poll per invocation, handed to the device thread and waited for: includes a thread hand-over each. */
    @Benchmark
    @OperationsPerInvocation(REGISTERS)
    public int driverHostOnePoll() throws Exception {
        int n = host.pollNow("bench", "bench").get(5, TimeUnit.SECONDS);
        if (n != REGISTERS) {
            throw new IllegalStateException("poll returned " + n + " readings");
        }
        return n;
    }

    /** {@code polls} polls back to back on the device thread; the number of samples they published. */
    int hostPolls(int polls) throws Exception {
        return host.pollRepeatedly("bench", "bench", polls).get(30, TimeUnit.SECONDS);
    }

    /**
     * The device thread polling back to back, as the host's schedule does when the interval is shorter than a
     * poll: 100 polls per hand-over. This is the figure to compare with the raw loop.
     */
    @Benchmark
    @OperationsPerInvocation(REGISTERS * POLLS)
    public int driverHost() throws Exception {
        int n = host.pollRepeatedly("bench", "bench", POLLS).get(30, TimeUnit.SECONDS);
        if (n != REGISTERS * POLLS) {
            throw new IllegalStateException("polls returned " + n + " samples");
        }
        return n;
    }
}
