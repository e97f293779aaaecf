package io.gridhub.sim.internal;

import com.ghgande.j2mod.modbus.procimg.InputRegister;
import com.ghgande.j2mod.modbus.procimg.Register;
import com.ghgande.j2mod.modbus.procimg.SimpleInputRegister;
import com.ghgande.j2mod.modbus.procimg.SimpleProcessImage;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.ghgande.j2mod.modbus.slave.ModbusSlave;
import com.ghgande.j2mod.modbus.slave.ModbusSlaveFactory;
import io.gridhub.sim.internal.FieldConfig.Gateway;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Modbus TCP meter gateway (a j2mod slave on loopback) for ten members, with its own register map
 * ({@link Gateway}): per member the meter's power at the connection point (W, + import: the household's consumption
 * plus what the member's own devices draw, a hot-water system, less what its home battery delivers), the meter's
 * import counter (Wh: the household's energy over simulated time exactly, slot by slot, plus the devices' power of
 * each step over the step) and the household's consumption (W, a CT clamp on the main board). The values change on
 * {@link #step}; every address outside the map answers exception 2.
 */
final class MeterGateway implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MeterGateway.class);

    /** One value of one member: where it sits. */
    record Slot(FieldConfig.Register register, int address) {
        /** The address in the hub's Modbus syntax, e.g. {@code hr:1004:uint32:cdab}. */
        String text() {
            String t = register.table() + ":" + address + ":" + register.type();
            return register.order().equals("abcd") ? t : t + ":" + register.order();
        }
    }

    /**
     * Answers each read from a copy taken under the gateway's lock: j2mod's slave would otherwise serialize the live
     * registers, and a read during a step could get a 32- or 64-bit value whose words straddle two steps.
     */
    private final class SnapshotImage extends SimpleProcessImage {
        SnapshotImage(int unit) {
            super(unit);
        }

        @Override
        public Register[] getRegisterRange(int offset, int count) {
            return snapshot(() -> super.getRegisterRange(offset, count), SimpleRegister::new);
        }

        @Override
        public InputRegister[] getInputRegisterRange(int offset, int count) {
            return snapshot(() -> super.getInputRegisterRange(offset, count), SimpleInputRegister::new);
        }

        /** Copies of the live registers, taken under the gateway's lock. */
        private <R extends InputRegister> R[] snapshot(Supplier<R[]> live, IntFunction<R> copyOf) {
            synchronized (MeterGateway.this) {
                R[] copy = live.get().clone();
                for (int i = 0; i < copy.length; i++) {
                    copy[i] = copyOf.apply(copy[i].getValue());
                }
                return copy;
            }
        }
    }

    /** What member {@code member}'s own devices draw behind its meter now, W (+ import). */
    interface Devices {
        double w(int member);
    }

    private final Gateway config;
    private final CommunityData data;
    private final Devices devices;
    private final Clock clock;
    private final SimpleProcessImage image;
    private final ModbusSlave slave;
    private final double[] importWh;
    private long lastMillis;

    MeterGateway(Gateway config, CommunityData data, Devices devices, Clock clock) throws IOException {
        this.config = config;
        this.data = data;
        this.devices = devices;
        this.clock = clock;
        this.importWh = new double[config.members()];
        this.image = new SnapshotImage(config.unitId());
        int holding = 0;
        int input = 0;
        for (FieldConfig.Register r : List.of(config.p(), config.eImp(), config.load())) {
            int end = r.base() + (config.members() - 1) * r.stride() + words(r.type());
            if (r.table().equals("hr")) {
                holding = Math.max(holding, end);
            } else if (r.table().equals("ir")) {
                input = Math.max(input, end);
            } else {
                throw new IllegalArgumentException(config.name() + ": table '" + r.table() + "' is not hr or ir");
            }
        }
        for (int i = 0; i < holding; i++) {
            image.addRegister(new SimpleRegister(0));
        }
        for (int i = 0; i < input; i++) {
            image.addInputRegister(new SimpleInputRegister(0));
        }
        lastMillis = clock.millis();
        step();
        slave = ModbusServers.serve(config.port(), config.unitId(), image);
        LOG.info(
                "{}: Modbus TCP meter gateway on 127.0.0.1:{} (unit {}), members m{}..m{}",
                config.name(),
                config.port(),
                config.unitId(),
                String.format("%02d", config.firstMember()),
                String.format("%02d", config.firstMember() + config.members() - 1));
    }

    /** Every value the gateway serves: per member p, e_imp, load, in that order. */
    List<Slot> slots() {
        List<Slot> all = new ArrayList<>();
        for (int k = 0; k < config.members(); k++) {
            for (FieldConfig.Register r : List.of(config.p(), config.eImp(), config.load())) {
                all.add(new Slot(r, r.base() + k * r.stride()));
            }
        }
        return all;
    }

    Gateway config() {
        return config;
    }

    /** The import counter of member {@code k} (0-based in this gateway), Wh. */
    synchronized double importWh(int k) {
        return importWh[k];
    }

    /** Integrates the counters up to now and sets every register to the values of now. */
    synchronized void step() {
        long now = clock.millis();
        for (int k = 0; k < config.members(); k++) {
            int member = config.firstMember() + k;
            double own = devices.w(member);
            if (now > lastMillis) {
                importWh[k] +=
                        Math.max(0, data.householdWh(member, lastMillis, now) + own * (now - lastMillis) / 3.6e6);
            }
            double w = data.householdW(member, now);
            put(config.p(), k, w + own);
            put(config.eImp(), k, importWh[k]);
            put(config.load(), k, w);
        }
        lastMillis = Math.max(lastMillis, now);
    }

    private void put(FieldConfig.Register r, int k, double value) {
        int address = r.base() + k * r.stride();
        int[] words = encode(r.type(), r.order(), value / r.scale());
        for (int i = 0; i < words.length; i++) {
            if (r.table().equals("hr")) {
                image.getRegister(address + i).setValue(words[i]);
            } else {
                image.setInputRegister(address + i, new SimpleInputRegister(words[i]));
            }
        }
    }

    static int words(String type) {
        return switch (type) {
            case "int16", "uint16" -> 1;
            case "int32", "uint32", "float32" -> 2;
            case "float64" -> 4;
            default -> throw new IllegalArgumentException("unknown register type '" + type + "'");
        };
    }

    /**
     * The registers of {@code raw} in the type and order, as the hub's Modbus driver reads them back: big-endian
     * words and bytes, then the words reversed ({@code cdab}, {@code dcba}) and the bytes of each word swapped
     * ({@code badc}, {@code dcba}). Integers are rounded and clamped to their type.
     */
    static int[] encode(String type, String order, double raw) {
        int n = words(type);
        ByteBuffer b = ByteBuffer.allocate(n * 2);
        switch (type) {
            case "int16" -> b.putShort((short) clamp(raw, Short.MIN_VALUE, Short.MAX_VALUE));
            case "uint16" -> b.putShort((short) clamp(raw, 0, 0xFFFF));
            case "int32" -> b.putInt((int) clamp(raw, Integer.MIN_VALUE, Integer.MAX_VALUE));
            case "uint32" -> b.putInt((int) clamp(raw, 0, 0xFFFF_FFFFL));
            case "float32" -> b.putFloat((float) raw);
            default -> b.putDouble(raw);
        }
        String o = order.toLowerCase(Locale.ROOT);
        boolean wordSwap = o.equals("cdab") || o.equals("dcba");
        boolean byteSwap = o.equals("badc") || o.equals("dcba");
        if (!wordSwap && !byteSwap && !o.equals("abcd")) {
            throw new IllegalArgumentException("unknown word order '" + order + "'");
        }
        int[] words = new int[n];
        for (int i = 0; i < n; i++) {
            int hi = b.get(2 * i) & 0xFF;
            int lo = b.get(2 * i + 1) & 0xFF;
            words[wordSwap ? n - 1 - i : i] = byteSwap ? (lo << 8) | hi : (hi << 8) | lo;
        }
        return words;
    }

    private static long clamp(double v, long min, long max) {
        return Math.max(min, Math.min(max, Math.round(v)));
    }

    @Override
    public void close() {
        ModbusSlaveFactory.close(slave);
    }
}
