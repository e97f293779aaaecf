package io.gridhub.sim.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import io.gridhub.api.model.Asset;
import io.gridhub.api.model.AssetKind;
import io.gridhub.api.model.Community;
import io.gridhub.api.model.Member;
import io.gridhub.api.model.Sample;
import io.gridhub.api.model.Site;
import io.gridhub.testkit.FakeBus;
import io.gridhub.testkit.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplaySourceTest {
    @TempDir
    Path dir;

    private final FakeBus bus = new FakeBus();

    private Path recording() throws Exception {
        StringBuilder sb = new StringBuilder("interval_start_local,load_kWh,pv_kWh\n");
        for (int i = 0; i < 96; i++) {
            double pv = i % 48 >= 16 && i % 48 < 36 ? 0.4 : 0;
            sb.append("2012-01-01T00:00:00,")
                    .append(0.25 + (i % 48) * 0.01)
                    .append(',')
                    .append(pv)
                    .append('\n');
        }
        return Files.writeString(dir.resolve("rec.csv"), sb.toString());
    }

    private static ReplaySource.Config config(Path file, String... skipSites) {
        return Settings.of(
                ReplaySource.Config.class,
                "file",
                file.toString(),
                "community",
                "demo",
                "periodMillis",
                1000,
                "dayShiftPerMember",
                1,
                "skipSites",
                skipSites);
    }

    private static Community community() {
        Site s1 = new Site(
                "s1",
                null,
                null,
                List.of(
                        new Asset("m1-meter", null, AssetKind.METER, 0, 0),
                        new Asset("m1-load", null, AssetKind.LOAD, 0, 0),
                        new Asset("m1-pv", null, AssetKind.PV, 4000, 0),
                        new Asset("m1-bat", null, AssetKind.BATTERY, 3000, 10000)));
        Site s2 = new Site(
                "s2",
                null,
                null,
                List.of(
                        new Asset("m2-meter", null, AssetKind.METER, 0, 0),
                        new Asset("m2-load", null, AssetKind.LOAD, 0, 0)));
        return new Community(
                "demo",
                null,
                List.of(
                        new Member("m1", null, null, List.of(s1), List.of()),
                        new Member("m2", null, null, List.of(s2), List.of())),
                List.of(),
                List.of(),
                List.of());
    }

    @Test
    void everySitePublishesABalancedConnectionPoint() throws Exception {
        Clock noon = Clock.fixed(Instant.parse("2026-01-01T12:00:00Z"), ZoneOffset.UTC);
        ReplaySource src = new ReplaySource(bus, () -> List.of(community()), config(recording()), noon, false);
        List<Sample> batch = src.tick();
        Map<String, Double> v =
                batch.stream().collect(Collectors.toMap(s -> s.point().value(), Sample::value));
        assertThat(v)
                .containsKeys(
                        "demo.m1-meter.p",
                        "demo.m1-pv.p",
                        "demo.m1-bat.p",
                        "demo.m1-bat.soc",
                        "demo.m2-meter.p",
                        "demo.m2-load.p",
                        "demo.m1-meter.e_imp");
        // At noon the recording has PV: scaled to the 4 kW rating, and the battery charges from the surplus.
        assertThat(v.get("demo.m1-pv.p")).isEqualTo(4000.0);
        assertThat(v.get("demo.m1-bat.p")).isLessThan(0);
        double balance = v.get("demo.m1-load.p") - v.get("demo.m1-pv.p") - v.get("demo.m1-bat.p");
        assertThat(v.get("demo.m1-meter.p")).isCloseTo(balance, offset(0.01));
        // The second member is shifted and scaled: a different load at the same instant.
        assertThat(v.get("demo.m2-load.p")).isNotEqualTo(v.get("demo.m1-load.p"));
        assertThat(bus.all()).isEqualTo(batch);
    }

    @Test
    void aSkippedSiteIsLeftToItsDevice() throws Exception {
        Clock noon = Clock.fixed(Instant.parse("2026-01-01T12:00:00Z"), ZoneOffset.UTC);
        ReplaySource src = new ReplaySource(bus, () -> List.of(community()), config(recording(), "s1"), noon, false);
        List<Sample> batch = src.tick();
        assertThat(batch)
                .extracting(x -> x.point().value())
                .contains("demo.m2-meter.p")
                .noneMatch(p -> p.startsWith("demo.m1-"));
    }

    @Test
    void aMalformedRecordingNamesFileLineAndColumn() throws Exception {
        Path bad = Files.writeString(
                dir.resolve("bad.csv"),
                "interval_start_local,load_kWh,pv_kWh\n" + "2012-01-01T00:00:00,0.1,0\n2012-01-01T00:30:00,abc,0\n");
        assertThatThrownBy(() -> HouseholdProfile.read(bad))
                .hasMessageContaining("bad.csv, line 3, column load_kWh: 'abc' is not an energy in kWh ≥ 0");
        Path noHeader = Files.writeString(dir.resolve("h.csv"), "time,kw\n1,2\n");
        assertThatThrownBy(() -> HouseholdProfile.read(noHeader)).hasMessageContaining("must name load_kWh");
    }
}
