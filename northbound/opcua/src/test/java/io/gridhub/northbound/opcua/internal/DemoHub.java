package io.gridhub.northbound.opcua.internal;

import io.gridhub.api.audit.AuditTrail;
import io.gridhub.api.model.Asset;
import io.gridhub.api.model.AssetKind;
import io.gridhub.api.model.Community;
import io.gridhub.api.model.Direction;
import io.gridhub.api.model.Member;
import io.gridhub.api.model.Point;
import io.gridhub.api.model.PointId;
import io.gridhub.api.model.PointKind;
import io.gridhub.api.model.Quantity;
import io.gridhub.api.model.Site;
import io.gridhub.testkit.FakeHub;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The model the server's tests publish: one community, a meter power point and a writable battery setpoint. */
final class DemoHub {
    static final PointId POWER = PointId.of("demo.m01.meter.p");
    static final PointId SETPOINT = PointId.of("demo.shared-bat.p-set");

    private DemoHub() {}

    /** The hub's services in memory with the demo's points registered and the setpoint mapped to a device. */
    static FakeHub hub() {
        FakeHub hub = new FakeHub(Clock.systemUTC());
        hub.registry.register(
                Point.of(POWER, "m01-meter", PointKind.MEASUREMENT, Quantity.values()[0], Direction.NONE));
        hub.registry.register(
                Point.of(SETPOINT, "shared-bat", PointKind.SETPOINT, Quantity.values()[0], Direction.NONE));
        hub.writer.map(SETPOINT.value());
        return hub;
    }

    static List<Community> communities() {
        Asset meter = new Asset("m01-meter", "Meter", AssetKind.values()[0], 0, 0);
        Site site = new Site("m01-site", "Site 1", null, List.of(meter));
        Member m = new Member("m01", "Member 1", null, List.of(site), List.of());
        Asset bat = new Asset("shared-bat", "Shared battery", AssetKind.values()[0], 0, 0);
        return List.of(new Community("demo", "Demo", List.of(m), List.of(bat), List.of(), List.of()));
    }

    /** Security None and anonymous sessions on 127.0.0.1, no users: {@code opc.tcp://127.0.0.1:PORT/gridhub}. */
    static ServerOptions anonymous(int port, Path pki) {
        return new ServerOptions(
                "127.0.0.1",
                port,
                "/gridhub",
                "127.0.0.1",
                new LinkedHashSet<>(List.of("none")),
                true,
                Map.of(),
                pki,
                false,
                5000);
    }

    /** A server for {@code hub}'s services, serving the demo communities. */
    static NorthboundServer server(ServerOptions options, FakeHub hub, Supplier<AuditTrail> audit) {
        return new NorthboundServer(
                options, DemoHub::communities, hub.registry, hub.bus, hub.bus, () -> hub.writer, audit);
    }
}
