package io.gridhub.northbound.opcua.internal;

import io.gridhub.api.bus.LatestValues;
import io.gridhub.api.bus.SampleBus;
import io.gridhub.api.registry.PointRegistry;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** The hub's northbound OPC UA server for bench/latency: security None, anonymous, on 127.0.0.1. */
public final class LatencyOpcUaServer {
    private LatencyOpcUaServer() {}

    /** Starts a server whose variables are the registry's points, fed by the bus; the URL ends in {@code /hub}. */
    public static AutoCloseable start(int port, Path pki, PointRegistry registry, LatestValues latest, SampleBus bus)
            throws Exception {
        ServerOptions o = new ServerOptions(
                "127.0.0.1",
                port,
                "/hub",
                "127.0.0.1",
                new LinkedHashSet<>(List.of("none")),
                true,
                Map.of(),
                pki,
                false,
                5000);
        NorthboundServer server = new NorthboundServer(o, List::of, registry, latest, bus, () -> null, () -> null);
        server.start();
        return server;
    }
}
