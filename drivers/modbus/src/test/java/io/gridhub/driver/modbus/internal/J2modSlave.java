package io.gridhub.driver.modbus.internal;

import com.ghgande.j2mod.modbus.procimg.SimpleDigitalIn;
import com.ghgande.j2mod.modbus.procimg.SimpleDigitalOut;
import com.ghgande.j2mod.modbus.procimg.SimpleInputRegister;
import com.ghgande.j2mod.modbus.procimg.SimpleProcessImage;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.ghgande.j2mod.modbus.slave.ModbusSlave;
import com.ghgande.j2mod.modbus.slave.ModbusSlaveFactory;
import java.net.InetAddress;

/**
 * j2mod's own TCP slave on loopback, unit 1: {@code size} holding and input registers (value = address) and
 * coils/discrete inputs (odd addresses set); addresses at or past {@code size} answer exception 2.
 */
final class J2modSlave implements AutoCloseable {
    final int port;
    final SimpleProcessImage image = new SimpleProcessImage(1);
    private ModbusSlave slave;

    J2modSlave(int port, int size) {
        this.port = port;
        for (int i = 0; i < size; i++) {
            image.addRegister(new SimpleRegister(i));
            image.addInputRegister(new SimpleInputRegister(i));
            image.addDigitalOut(new SimpleDigitalOut(i % 2 == 1));
            image.addDigitalIn(new SimpleDigitalIn(i % 2 == 1));
        }
    }

    J2modSlave start() throws Exception {
        slave = ModbusSlaveFactory.createTCPSlave(InetAddress.getLoopbackAddress(), port, 4, false);
        slave.addProcessImage(1, image);
        slave.open();
        return this;
    }

    void stop() {
        if (slave != null) {
            ModbusSlaveFactory.close(slave);
            slave = null;
        }
    }

    @Override
    public void close() {
        stop();
    }
}
