package io.gridhub.driver.modbus.internal;

import io.gridhub.api.driver.Connection;
import io.gridhub.api.driver.ConnectionException;
import io.gridhub.api.driver.Reading;
import io.gridhub.api.driver.Subscribable;
import io.gridhub.api.driver.Writable;
import io.gridhub.api.model.Quality;
import io.gridhub.driver.modbus.ModbusAddress;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Modbus connection that back-fills an outage from the meter's load profile. Modbus pushes nothing, so every
 * channel stays polled (answered CONFIGURATION_ERROR while {@code subscribe} runs, as the SPI asks); the subscriber
 * only takes the back-filled records, which each read call after it reads a few of ({@link LoadProfileBackfill}),
 * with their own source times. A connection closed before the back-fill ended hands what is still to be read to
 * {@code unfinished}, for the next connection of the device.
 */
final class LoadProfileConnection
        implements Connection<ModbusAddress>, Writable<ModbusAddress>, Subscribable<ModbusAddress> {
    private static final Logger LOG = LoggerFactory.getLogger(LoadProfileConnection.class);
    private static final Quality POLLED = Quality.invalid(
            Quality.Reason.CONFIGURATION_ERROR, "Modbus pushes nothing: polled (the load profile only back-fills)");

    private final ModbusConnection modbus;
    private final LoadProfileBackfill backfill;
    private final LoadProfile profile;
    private final String device;
    private final Consumer<Map<String, List<LoadProfileBackfill.Window>>> unfinished;
    private volatile Listener<ModbusAddress> listener;
    private boolean closed;

    LoadProfileConnection(
            ModbusConnection modbus,
            LoadProfile profile,
            LoadProfileBackfill backfill,
            String device,
            Consumer<Map<String, List<LoadProfileBackfill.Window>>> unfinished) {
        this.modbus = modbus;
        this.profile = profile;
        this.backfill = backfill;
        this.device = device;
        this.unfinished = unfinished;
    }

    @Override
    public List<Reading> read(List<ModbusAddress> channels) throws ConnectionException {
        List<Reading> readings = modbus.read(channels);
        Listener<ModbusAddress> l = listener;
        if (l != null && backfill.active()) {
            backfill.step(modbus::readRegisters, l::onReading);
            if (!backfill.active()) {
                LOG.debug("device {}: load profile back-filled, {} records", device, backfill.delivered());
            }
        }
        return readings;
    }

    @Override
    public Quality write(ModbusAddress channel, double value) throws ConnectionException {
        return modbus.write(channel, value);
    }

    @Override
    public AutoCloseable subscribe(List<ModbusAddress> channels, Listener<ModbusAddress> l) {
        for (ModbusAddress c : channels) {
            l.onReading(c, Reading.failed(POLLED));
        }
        for (LoadProfile.Field f : profile.fields()) {
            if (!channels.contains(f.channel())) {
                LOG.debug(
                        "device {}: load profile field '{}': channel {} is not mapped, not back-filled",
                        device,
                        f.text(),
                        f.channel());
            }
        }
        listener = l;
        return () -> listener = null;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        modbus.close();
        Map<String, List<LoadProfileBackfill.Window>> rest = backfill.remaining();
        if (!rest.isEmpty()) {
            unfinished.accept(rest);
        }
    }
}
