package io.gridhub.driver.modbus.internal;

import com.ghgande.j2mod.modbus.ModbusException;
import com.ghgande.j2mod.modbus.ModbusSlaveException;
import com.ghgande.j2mod.modbus.io.ModbusTCPTransaction;
import com.ghgande.j2mod.modbus.msg.ModbusRequest;
import com.ghgande.j2mod.modbus.msg.ModbusResponse;
import com.ghgande.j2mod.modbus.msg.ReadCoilsRequest;
import com.ghgande.j2mod.modbus.msg.ReadCoilsResponse;
import com.ghgande.j2mod.modbus.msg.ReadInputDiscretesRequest;
import com.ghgande.j2mod.modbus.msg.ReadInputDiscretesResponse;
import com.ghgande.j2mod.modbus.msg.ReadInputRegistersRequest;
import com.ghgande.j2mod.modbus.msg.ReadInputRegistersResponse;
import com.ghgande.j2mod.modbus.msg.ReadMultipleRegistersRequest;
import com.ghgande.j2mod.modbus.msg.ReadMultipleRegistersResponse;
import com.ghgande.j2mod.modbus.msg.WriteCoilRequest;
import com.ghgande.j2mod.modbus.msg.WriteMultipleCoilsRequest;
import com.ghgande.j2mod.modbus.msg.WriteMultipleRegistersRequest;
import com.ghgande.j2mod.modbus.msg.WriteSingleRegisterRequest;
import com.ghgande.j2mod.modbus.net.TCPMasterConnection;
import com.ghgande.j2mod.modbus.procimg.InputRegister;
import com.ghgande.j2mod.modbus.procimg.Register;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.ghgande.j2mod.modbus.util.BitVector;
import io.gridhub.api.driver.Connection;
import io.gridhub.api.driver.ConnectionException;
import io.gridhub.api.driver.DeviceContext;
import io.gridhub.api.driver.Reading;
import io.gridhub.api.driver.Writable;
import io.gridhub.api.model.Quality;
import io.gridhub.driver.modbus.ModbusAddress;
import io.gridhub.driver.modbus.ModbusSettings;
import io.gridhub.driver.modbus.Table;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One TCP connection to a Modbus server. Reads are planned into blocks once per channel list; an exception
 * response is a quality for the channels of that request, while any I/O or framing failure (timeout, closed
 * socket, garbage, a transaction id that does not match) closes the connection and throws, because the byte
 * stream can no longer be trusted.
 */
public final class ModbusConnection implements Connection<ModbusAddress>, Writable<ModbusAddress> {
    private static final Logger LOG = LoggerFactory.getLogger(ModbusConnection.class);
    private static final int MAX_PLANS = 64;

    // Copied once: settings from a converter are proxies that convert on every call, too slow per request.
    private final String host;
    private final int port;
    private final int unitId;
    private final int maxGap;
    private final int maxRegisters;
    private final int maxBits;
    private final boolean multipleWritesOnly;
    private final String device;
    private final TCPMasterConnection tcp;
    private final ModbusTCPTransaction transaction;
    private final Map<List<ModbusAddress>, List<BlockPlan.Block>> plans = new ConcurrentHashMap<>();
    private volatile boolean closed;
    // The host passes the same list object every poll of a group: a reference check spares hashing the list.
    private List<ModbusAddress> lastChannels;
    private List<BlockPlan.Block> lastPlan;

    private ModbusConnection(ModbusSettings settings, DeviceContext context, TCPMasterConnection tcp) {
        this.host = settings.host();
        this.port = settings.port();
        this.unitId = settings.unitId();
        this.maxGap = settings.maxGap();
        this.maxRegisters = settings.maxRegistersPerRequest();
        this.maxBits = settings.maxBitsPerRequest();
        this.multipleWritesOnly = settings.multipleWritesOnly();
        this.device = context.deviceName();
        this.tcp = tcp;
        this.transaction = new ModbusTCPTransaction(tcp);
        // One try per request: the host owns retrying (reconnect with backoff), and a retry here would hide a loss.
        this.transaction.setRetries(1);
        this.transaction.setCheckingValidity(true);
        this.transaction.setReconnecting(false);
    }

    public static ModbusConnection open(ModbusSettings s, DeviceContext context) throws ConnectionException {
        InetAddress address;
        try {
            address = InetAddress.getByName(s.host());
        } catch (UnknownHostException e) {
            throw new ConnectionException("unknown host '" + s.host() + "'", e);
        }
        TCPMasterConnection tcp = new TCPMasterConnection(address);
        tcp.setPort(s.port());
        tcp.setTimeout(s.timeoutMillis());
        try {
            tcp.connect();
        } catch (Exception e) {
            tcp.close();
            throw new ConnectionException(
                    "cannot connect to modbus://" + s.host() + ":" + s.port() + ": " + e.getMessage(), e);
        }
        LOG.debug("device {}: connected to {}:{}", context.deviceName(), s.host(), s.port());
        return new ModbusConnection(s, context, tcp);
    }

    @Override
    public List<Reading> read(List<ModbusAddress> channels) throws ConnectionException {
        ensureOpen();
        List<BlockPlan.Block> plan = channels == lastChannels ? lastPlan : plans.get(channels);
        if (plan == null) {
            plan = BlockPlan.plan(channels, maxGap, maxRegisters, maxBits);
            if (plans.size() >= MAX_PLANS) {
                plans.clear();
            }
            plans.put(List.copyOf(channels), plan);
        }
        Reading[] out = new Reading[channels.size()];
        List<BlockPlan.Block> replanned = null;
        for (BlockPlan.Block block : plan) {
            try {
                readBlock(block, channels, out);
            } catch (ModbusSlaveException e) {
                if (e.getType() == 2 && block.members().size() > 1) {
                    // A merged request spans an address the device refuses: read its channels one by one from
                    // now on, so that one bad register does not spoil its neighbours.
                    List<BlockPlan.Block> singles = BlockPlan.singles(block, channels);
                    if (replanned == null) {
                        replanned = new ArrayList<>(plan);
                    }
                    replanned.addAll(replanned.indexOf(block), singles);
                    replanned.remove(block);
                    for (BlockPlan.Block single : singles) {
                        readSingle(single, channels, out);
                    }
                } else {
                    fail(block, out, exceptionQuality(e));
                }
            }
        }
        if (replanned != null) {
            plan = List.copyOf(replanned);
            plans.put(List.copyOf(channels), plan);
        }
        lastChannels = channels;
        lastPlan = plan;
        return Arrays.asList(out);
    }

    private void readSingle(BlockPlan.Block block, List<ModbusAddress> channels, Reading[] out)
            throws ConnectionException {
        try {
            readBlock(block, channels, out);
        } catch (ModbusSlaveException e) {
            fail(block, out, exceptionQuality(e));
        }
    }

    private static void fail(BlockPlan.Block block, Reading[] out, Quality q) {
        for (int i : block.members()) {
            out[i] = Reading.failed(q);
        }
    }

    private void readBlock(BlockPlan.Block b, List<ModbusAddress> channels, Reading[] out)
            throws ModbusSlaveException, ConnectionException {
        switch (b.table()) {
            case HOLDING, INPUT -> {
                int[] words = readRegisters(b.table(), b.start(), b.count());
                for (int i : b.members()) {
                    ModbusAddress a = channels.get(i);
                    double v = Codec.decode(words, a.address() - b.start(), a.type(), a.order());
                    out[i] = Double.isFinite(v)
                            ? Reading.good(v)
                            : Reading.failed(Quality.invalid(Quality.Reason.OUT_OF_RANGE, "not a number: " + v));
                }
            }
            case COIL, DISCRETE -> {
                ModbusRequest req = b.table() == Table.COIL
                        ? new ReadCoilsRequest(b.start(), b.count())
                        : new ReadInputDiscretesRequest(b.start(), b.count());
                ModbusResponse resp = execute(req);
                BitVector bits = resp instanceof ReadCoilsResponse r
                        ? r.getCoils()
                        : resp instanceof ReadInputDiscretesResponse r ? r.getDiscretes() : null;
                if (bits == null || bits.size() < b.count()) {
                    throw lost(
                            "answer to a read of " + b.count() + " bits at "
                                    + b.table().code() + ":" + b.start() + " is short",
                            null);
                }
                for (int i : b.members()) {
                    out[i] = Reading.good(bits.getBit(channels.get(i).address() - b.start()) ? 1 : 0);
                }
            }
        }
    }

    /** Reads {@code count} holding or input registers (16-bit values); a short answer is a lost connection. */
    int[] readRegisters(Table table, int start, int count) throws ModbusSlaveException, ConnectionException {
        ModbusRequest req = table == Table.HOLDING
                ? new ReadMultipleRegistersRequest(start, count)
                : new ReadInputRegistersRequest(start, count);
        ModbusResponse resp = execute(req);
        InputRegister[] regs = resp instanceof ReadMultipleRegistersResponse r
                ? r.getRegisters()
                : resp instanceof ReadInputRegistersResponse r ? r.getRegisters() : null;
        if (regs == null || regs.length < count) {
            throw lost(
                    "answer to a read of " + count + " registers at " + table.code() + ":" + start + " has "
                            + (regs == null ? "no" : regs.length) + " registers",
                    null);
        }
        int[] words = new int[regs.length];
        for (int i = 0; i < regs.length; i++) {
            words[i] = regs[i].getValue();
        }
        return words;
    }

    @Override
    public Quality write(ModbusAddress channel, double value) throws ConnectionException {
        ensureOpen();
        if (!channel.table().isWritable()) {
            return Quality.invalid(
                    Quality.Reason.CONFIGURATION_ERROR,
                    channel + " is read-only (" + channel.table().name().toLowerCase() + " table)");
        }
        ModbusRequest req;
        if (channel.table() == Table.COIL) {
            if (value != 0 && value != 1) {
                return Quality.invalid(Quality.Reason.OUT_OF_RANGE, "a coil takes 0 or 1, not " + value);
            }
            if (multipleWritesOnly) {
                BitVector bits = new BitVector(1);
                bits.setBit(0, value == 1);
                req = new WriteMultipleCoilsRequest(channel.address(), bits);
            } else {
                req = new WriteCoilRequest(channel.address(), value == 1);
            }
        } else {
            int[] words;
            try {
                words = Codec.encode(value, channel.type(), channel.order());
            } catch (IllegalArgumentException e) {
                return Quality.invalid(Quality.Reason.OUT_OF_RANGE, e.getMessage());
            }
            if (words.length == 1 && !multipleWritesOnly) {
                req = new WriteSingleRegisterRequest(channel.address(), new SimpleRegister(words[0]));
            } else {
                Register[] regs = new Register[words.length];
                for (int i = 0; i < words.length; i++) {
                    regs[i] = new SimpleRegister(words[i]);
                }
                req = new WriteMultipleRegistersRequest(channel.address(), regs);
            }
        }
        try {
            execute(req);
            return Quality.GOOD;
        } catch (ModbusSlaveException e) {
            return exceptionQuality(e);
        }
    }

    /** Runs one request; an exception response comes back as {@link ModbusSlaveException}, anything else is lost. */
    private ModbusResponse execute(ModbusRequest req) throws ModbusSlaveException, ConnectionException {
        ensureOpen();
        if (!tcp.isConnected()) {
            // j2mod would silently reconnect inside the transaction; the host must see the loss instead.
            throw lost("connection closed by the peer", null);
        }
        req.setUnitID(unitId);
        transaction.setRequest(req);
        try {
            transaction.execute();
            ModbusResponse resp = transaction.getResponse();
            if (resp == null) {
                throw lost("no response", null);
            }
            return resp;
        } catch (ModbusSlaveException e) {
            LOG.trace("device {}: exception {} for function {}", device, e.getType(), req.getFunctionCode());
            return rethrow(e);
        } catch (ModbusException e) {
            throw lost(e.getMessage(), e);
        } catch (RuntimeException e) {
            // j2mod parsing a malformed frame can fail with index or buffer errors: the stream is unusable.
            throw lost("malformed response: " + e, e);
        }
    }

    private static ModbusResponse rethrow(ModbusSlaveException e) throws ModbusSlaveException {
        throw e;
    }

    private ConnectionException lost(String why, Throwable cause) {
        close();
        return new ConnectionException("modbus://" + host + ":" + port + " lost: " + why, cause);
    }

    private void ensureOpen() throws ConnectionException {
        if (closed) {
            throw new ConnectionException("connection to modbus://" + host + ":" + port + " is closed");
        }
    }

    /** Exception codes map to qualities; the detail keeps the code and its name. */
    static Quality exceptionQuality(ModbusSlaveException e) {
        int code = e.getType();
        String detail = "Modbus exception " + code + " (" + exceptionName(code) + ")";
        Quality.Reason reason = switch (code) {
            case 1, 2 -> Quality.Reason.CONFIGURATION_ERROR;
            case 3 -> Quality.Reason.OUT_OF_RANGE;
            case 4, 5, 6 -> Quality.Reason.DEVICE_FAILURE;
            case 10, 11 -> Quality.Reason.COMMUNICATION_FAILURE;
            default -> Quality.Reason.OTHER;
        };
        return Quality.invalid(reason, detail);
    }

    static String exceptionName(int code) {
        return switch (code) {
            case 1 -> "illegal function";
            case 2 -> "illegal data address";
            case 3 -> "illegal data value";
            case 4 -> "server device failure";
            case 5 -> "acknowledge";
            case 6 -> "server device busy";
            case 8 -> "memory parity error";
            case 10 -> "gateway path unavailable";
            case 11 -> "gateway target device failed to respond";
            default -> "unknown";
        };
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            tcp.close();
        }
    }
}
