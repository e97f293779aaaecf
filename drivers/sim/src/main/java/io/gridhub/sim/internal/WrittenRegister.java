package io.gridhub.sim.internal;

import com.ghgande.j2mod.modbus.procimg.SimpleRegister;

/**
 * A holding register a Modbus client may write, that tells its device: the device may refuse the write (it throws
 * j2mod's {@code IllegalAddressException}, which the slave answers with exception 2) and learns of each accepted
 * one, under the device's lock. j2mod's slave writes FC6 through {@code setValue(byte[])} and FC16 through
 * {@code setValue(int)}.
 */
final class WrittenRegister extends SimpleRegister {
    /** The device behind the register. */
    interface Device {
        /** Before a write is stored: throw to refuse it. */
        default void check(int ref) {}

        /** After a write is stored. */
        void written(int ref);
    }

    private final int ref;
    private final Object lock;
    private final Device device;

    WrittenRegister(int ref, Object lock, Device device) {
        super((byte) 0, (byte) 0);
        this.ref = ref;
        this.lock = lock;
        this.device = device;
    }

    @Override
    public void setValue(int v) {
        synchronized (lock) {
            device.check(ref);
            super.setValue(v);
            device.written(ref);
        }
    }

    @Override
    public void setValue(short s) {
        setValue(s & 0xFFFF);
    }

    @Override
    public void setValue(byte[] bytes) {
        setValue(((bytes[0] & 0xFF) << 8) | (bytes[1] & 0xFF));
    }

    /** The device's own change (a reset after its watchdog expired): not a client's write. */
    void setLocal(int v) {
        super.setValue(v);
    }
}
