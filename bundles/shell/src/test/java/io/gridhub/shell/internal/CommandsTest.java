package io.gridhub.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridhub.api.dispatch.PlanStore;
import io.gridhub.api.driver.DeviceRegistry;
import io.gridhub.api.driver.DeviceState;
import io.gridhub.api.driver.DeviceStatus;
import io.gridhub.api.loop.ControlAuthority;
import io.gridhub.api.loop.ControlMode;
import io.gridhub.api.loop.OperatingLoop;
import io.gridhub.api.loop.PlanApproval;
import io.gridhub.api.loop.PlanPerformance;
import io.gridhub.api.loop.PlanStatus;
import io.gridhub.api.loop.StageRun;
import io.gridhub.api.model.Direction;
import io.gridhub.api.model.Explanation;
import io.gridhub.api.model.Plan;
import io.gridhub.api.model.Point;
import io.gridhub.api.model.PointId;
import io.gridhub.api.model.PointKind;
import io.gridhub.api.model.Quality;
import io.gridhub.api.model.Quantity;
import io.gridhub.api.model.Sample;
import io.gridhub.testkit.FakeBus;
import io.gridhub.testkit.FakeRegistry;
import io.gridhub.testkit.RecordingAuditTrail;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.karaf.shell.api.console.CommandLine;
import org.junit.jupiter.api.Test;

class CommandsTest {
    private static final Instant T0 = Instant.parse("2026-12-07T00:00:00Z");

    @Test
    void pointsShowsTheLatestValueOfThePointsAPatternMatches() {
        FakeRegistry registry = new FakeRegistry();
        registry.register(point("demo.m01.p"));
        registry.register(point("demo.m02.p"));
        registry.register(point("demo.shared-bat.p"));
        FakeBus bus = new FakeBus();
        bus.put("demo.m01.p", 1200, T0);
        bus.put(new Sample(
                PointId.of("demo.m02.p"),
                0,
                new Quality(Quality.Status.INVALID, Quality.Reason.COMMUNICATION_FAILURE, "timeout"),
                T0,
                T0));
        PointsCommand c = new PointsCommand();
        c.registry = registry;
        c.latest = bus;
        c.pattern = "demo.m*.p";

        Table t = c.table();
        assertThat(t.headers()).startsWith("Point", "Value", "Unit", "Quality", "Source time");
        assertThat(t.rows())
                .containsExactly(
                        List.of("demo.m01.p", "1200.0", "W", "GOOD", "2026-12-07 00:00:00Z", "MEASUREMENT", "m01"),
                        List.of(
                                "demo.m02.p",
                                "0.0",
                                "W",
                                "INVALID COMMUNICATION_FAILURE: timeout",
                                "2026-12-07 00:00:00Z",
                                "MEASUREMENT",
                                "m02"));
        c.pattern = "demo.shared-bat.p";
        assertThat(c.table().rows())
                .singleElement()
                .satisfies(r -> assertThat(r.get(3)).isEqualTo("no value"));
    }

    @Test
    void globsAreLiteralButForTheStar() {
        assertThat(PointsCommand.glob("demo.*").matcher("demo.m01.p").matches()).isTrue();
        assertThat(PointsCommand.glob("demo.*").matcher("demoXm01").matches()).isFalse();
        assertThat(PointsCommand.glob("*.p").matcher("demo.m01.p").matches()).isTrue();
        assertThat(PointsCommand.glob(null).matcher("anything").matches()).isTrue();
    }

    @Test
    void devicesShowsStateAndHealthOfOneOrAll() {
        DevicesCommand c = new DevicesCommand();
        c.devices = devices(
                new DeviceStatus("meter-a", "modbus", DeviceState.ONLINE, "", T0, 4, 120, 0.5, 0, 1, 12.25),
                new DeviceStatus(
                        "rtu-b",
                        "iec104",
                        DeviceState.OFFLINE,
                        "connection refused",
                        T0,
                        8,
                        0,
                        0,
                        3,
                        5,
                        0,
                        Map.of(PointId.of("rtu.v"), 2L, PointId.of("rtu.i"), 1L),
                        T0,
                        T0.plusSeconds(60)));
        assertThat(c.table().rows()).extracting(r -> r.get(0)).containsExactly("meter-a", "rtu-b");
        c.device = "rtu-b";
        assertThat(c.table().rows())
                .containsExactly(List.of(
                        "rtu-b",
                        "iec104",
                        "OFFLINE",
                        "2026-12-07 00:00:00Z",
                        "8",
                        "0.00",
                        "3",
                        "5",
                        "0.0",
                        "3",
                        "connection refused"));
    }

    @Test
    void plansShowsTheLatestPlanOfEachCommunityAndWhereItStands() {
        Plan plan = new Plan(
                "p-42",
                "lp",
                T0,
                T0,
                Duration.ofMinutes(15),
                0,
                List.of(),
                new Explanation("peak shaved", 10.0, 12.5, List.of()));
        PlansCommand c = new PlansCommand();
        c.loop = loop(List.of("demo", "north"), plan);
        c.plans = new PlanStore() {
            @Override
            public Optional<Plan> latest(String communityId) {
                return communityId.equals("demo") ? Optional.of(plan) : Optional.empty();
            }

            @Override
            public Optional<Plan> latest() {
                return Optional.of(plan);
            }
        };
        List<List<String>> rows = c.table().rows();
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0))
                .containsExactly(
                        "demo",
                        "p-42",
                        "lp",
                        "2026-12-07 00:00:00Z",
                        "2026-12-07 00:00:00Z",
                        "0",
                        "10.00",
                        "2.50",
                        "SUPERVISED",
                        "PENDING",
                        "peak shaved");
        assertThat(rows.get(1)).startsWith("north", "").endsWith("no plan yet");
        c.community = "north";
        assertThat(c.table().rows()).extracting(r -> r.get(0)).containsExactly("north");
    }

    @Test
    void auditListsNewestFirstByPrefixOrChecksTheChain() throws Exception {
        RecordingAuditTrail trail = new RecordingAuditTrail(Clock.fixed(T0, ZoneOffset.UTC));
        trail.append("olivia", "rest", "plan.confirm", "p-41", "confirmed", "");
        trail.append("loop", "loop", "setpoint.write", "demo.bat.p_set", "written", "2000 W");
        trail.append("olivia", "rest", "plan.confirm", "p-42", "confirmed", "");
        AuditCommand c = new AuditCommand();
        c.trail = trail;
        c.subject = "p-";
        assertThat(c.table().rows()).extracting(r -> r.get(5)).containsExactly("p-42", "p-41");
        c.limit = 1;
        assertThat(c.table().rows()).extracting(r -> r.get(5)).containsExactly("p-42");
        c.verify = true;
        assertThat(c.table().headers()).containsExactly("Intact", "Entries", "Problem");
        assertThat(c.table().rows())
                .singleElement()
                .satisfies(r -> assertThat(r.get(0)).isEqualTo("true"));
    }

    @Test
    void completersOfferTheIdsThatStartWithWhatWasTyped() {
        FakeRegistry registry = new FakeRegistry();
        registry.register(point("demo.m01.p"));
        registry.register(point("demo.m02.p"));
        registry.register(point("north.m01.p"));
        PointCompleter points = new PointCompleter();
        points.registry = registry;
        List<String> candidates = new ArrayList<>();
        points.complete(null, typed("demo.m"), candidates);
        // Karaf's completer ends a whole word with a space, as its own commands do
        assertThat(candidates).extracting(String::strip).containsExactlyInAnyOrder("demo.m01.p", "demo.m02.p");

        DeviceCompleter devices = new DeviceCompleter();
        devices.devices = devices(
                new DeviceStatus("meter-a", "modbus", DeviceState.ONLINE, "", T0, 1, 0, 0, 0, 0, 0),
                new DeviceStatus("rtu-b", "iec104", DeviceState.ONLINE, "", T0, 1, 0, 0, 0, 0, 0));
        candidates.clear();
        devices.complete(null, typed("rt"), candidates);
        assertThat(candidates).extracting(String::strip).containsExactly("rtu-b");
    }

    @Test
    void tablesPrintAsKarafsDo() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new Table("Device", "State").row("meter-a", DeviceState.ONLINE).print(new PrintStream(out, true), false);
        assertThat(out.toString(StandardCharsets.UTF_8).lines()).contains("meter-a\tONLINE");
    }

    private static Point point(String id) {
        return new Point(
                PointId.of(id),
                id.split("\\.")[1],
                PointKind.MEASUREMENT,
                Quantity.ACTIVE_POWER,
                "W",
                Direction.IMPORT_POSITIVE,
                "");
    }

    private static DeviceRegistry devices(DeviceStatus... all) {
        return new DeviceRegistry() {
            @Override
            public List<DeviceStatus> devices() {
                return List.of(all);
            }

            @Override
            public Optional<DeviceStatus> device(String name) {
                return devices().stream().filter(d -> d.name().equals(name)).findFirst();
            }
        };
    }

    private static OperatingLoop loop(List<String> communities, Plan plan) {
        return new OperatingLoop() {
            @Override
            public List<String> communities() {
                return communities;
            }

            @Override
            public List<StageRun> stages(String community) {
                return List.of();
            }

            @Override
            public ControlAuthority authority(String community) {
                return new ControlAuthority(community, ControlMode.SUPERVISED, "config");
            }

            @Override
            public Optional<Plan> plan(String planId) {
                return planId.equals(plan.id()) ? Optional.of(plan) : Optional.empty();
            }

            @Override
            public Optional<PlanStatus> status(String planId) {
                return plan(planId)
                        .map(p -> new PlanStatus(
                                p.id(), "demo", ControlMode.SUPERVISED, PlanApproval.PENDING, "", null, null, null));
            }

            @Override
            public PlanStatus confirm(String planId, String operator) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Optional<PlanPerformance> performance(String planId) {
                return Optional.empty();
            }
        };
    }

    /** A command line whose word being completed is {@code word}. */
    /** A command line with one word typed at the cursor, as Karaf hands an argument completer. */
    static CommandLine typed(String word) {
        return new CommandLine() {
            @Override
            public int getCursorArgumentIndex() {
                return 0;
            }

            @Override
            public String getCursorArgument() {
                return word;
            }

            @Override
            public int getArgumentPosition() {
                return word.length();
            }

            @Override
            public String[] getArguments() {
                return new String[] {word};
            }

            @Override
            public int getBufferPosition() {
                return word.length();
            }

            @Override
            public String getBuffer() {
                return word;
            }
        };
    }
}
