package io.gridhub.driver.modbus.internal;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gridhub.driver.testkit.PeerProcess;
import io.gridhub.testkit.Prerequisites;
import java.io.File;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Independent Modbus servers (the scripts under src/test/peers) with the same register map: modbus-serial on Node,
 * or Debian's python3-pymodbus. A missing runtime fails the test in CI and skips it elsewhere (Prerequisites).
 */
final class ModbusPeers {
    private static final Path PEERS = Path.of(System.getProperty("gridhub.peers", "src/test/peers"));
    private static final Path WORK = Path.of(System.getProperty("gridhub.peers.work", "target/peers"));
    private static final String DEBIAN_PYTHON = "/usr/bin/python3";

    private ModbusPeers() {}

    /** modbus-serial (npm) on {@code port}, answering every unit id; registers per src/test/peers/modbus-server.js. */
    static PeerProcess node(int port) throws Exception {
        PeerProcess.npmCi(PEERS, WORK, "modbus-serial");
        return new PeerProcess(List.of(
                        "node",
                        WORK.resolve("modbus-server.js").toString(),
                        String.valueOf(port),
                        "120",
                        "10000",
                        "100",
                        "255"))
                .readyLine("READY", 20)
                .listensOn(port);
    }

    /** Debian's python3-pymodbus on {@code port}; same register map. */
    static PeerProcess pymodbus(int port) throws Exception {
        requirePymodbus();
        return new PeerProcess(List.of(
                        DEBIAN_PYTHON,
                        PEERS.resolve("modbus-server-pymodbus.py").toString(),
                        String.valueOf(port),
                        "120",
                        "10000",
                        "100"))
                .readyLine("READY", 20)
                .listensOn(port);
    }

    /**
     * Debian's python3-pymodbus on {@code port} keeping a meter's load profile (LoadProfileRing's layout): a ring of
     * {@code records} records into which records 0..count-1 were written, record k dated {@code first + k interval}.
     */
    static PeerProcess pymodbusLoadProfile(
            int port, int records, Instant first, int interval, int count, String timeOrder) throws Exception {
        requirePymodbus();
        return new PeerProcess(List.of(
                        DEBIAN_PYTHON,
                        PEERS.resolve("modbus-loadprofile-pymodbus.py").toString(),
                        String.valueOf(port),
                        "120",
                        String.valueOf(records),
                        String.valueOf(first.getEpochSecond()),
                        String.valueOf(interval),
                        String.valueOf(count),
                        timeOrder))
                .readyLine("READY", 20)
                .listensOn(port);
    }

    private static void requirePymodbus() throws Exception {
        boolean installed = new File(DEBIAN_PYTHON).canExecute()
                && PeerProcess.run(List.of(DEBIAN_PYTHON, "-c", "import pymodbus")) == 0;
        assumeTrue(
                Prerequisites.available(
                        installed,
                        "Debian's python3-pymodbus (for the pymodbus interop tests)",
                        "apt-get install python3-pymodbus python3-serial python3-serial-asyncio"),
                "python3-pymodbus is not installed: skipping");
    }
}
