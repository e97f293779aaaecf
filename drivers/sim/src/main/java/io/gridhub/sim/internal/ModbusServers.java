package io.gridhub.sim.internal;

import com.ghgande.j2mod.modbus.ModbusException;
import com.ghgande.j2mod.modbus.procimg.ProcessImage;
import com.ghgande.j2mod.modbus.procimg.Register;
import com.ghgande.j2mod.modbus.procimg.SimpleProcessImage;
import com.ghgande.j2mod.modbus.slave.ModbusSlave;
import com.ghgande.j2mod.modbus.slave.ModbusSlaveFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;

/** What the field's Modbus TCP devices share: their server on loopback, and floats in two big-endian registers. */
final class ModbusServers {
    private ModbusServers() {}

    /**
     * A j2mod slave on 127.0.0.1:{@code port} (four request threads) serving {@code image} as unit {@code unit}.
     *
     * @throws IOException naming the port when it cannot listen
     */
    static ModbusSlave serve(int port, int unit, ProcessImage image) throws IOException {
        try {
            ModbusSlave slave = ModbusSlaveFactory.createTCPSlave(InetAddress.getLoopbackAddress(), port, 4, false);
            slave.addProcessImage(unit, image);
            slave.open();
            return slave;
        } catch (ModbusException e) {
            throw new IOException("cannot serve Modbus TCP on 127.0.0.1:" + port, e);
        }
    }

    /**
     * A float32 in holding registers {@code ref} and {@code ref + 1}, high word first. j2mod's slave reads the live
     * register objects, so a read may in rare cases see a float whose two halves straddle one step; the next poll
     * heals it.
     */
    static void setFloat(SimpleProcessImage image, int ref, double value) {
        int bits = Float.floatToIntBits((float) value);
        image.getRegister(ref).setValue((bits >>> 16) & 0xFFFF);
        image.getRegister(ref + 1).setValue(bits & 0xFFFF);
    }

    /** The float32 in two registers, high word first. */
    static float floatOf(Register high, Register low) {
        return ByteBuffer.allocate(4)
                .putShort((short) high.getValue())
                .putShort((short) low.getValue())
                .flip()
                .getFloat();
    }
}
