package io.gridhub.loop.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.gridhub.api.dispatch.BatteryParameters;
import io.gridhub.api.dispatch.Scenario;
import io.gridhub.api.model.Asset;
import io.gridhub.api.model.AssetKind;
import io.gridhub.api.model.Community;
import io.gridhub.api.model.Member;
import io.gridhub.api.model.PointId;
import io.gridhub.api.model.Site;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenarioFactoryTest {
    @TempDir
    Path tmp;

    @Test
    void buildsAScenarioFromTopologyAndLatestValues() {
        Member m = new Member("m1", null, null, List.of(new Site("s1", null, null, List.of(
                new Asset("l1", null, AssetKind.LOAD, 0, 0), new Asset("pv1", null, AssetKind.PV, 4000, 0),
                new Asset("b1", null, AssetKind.BATTERY, 5000, 10000)))), null);
        Community c = new Community("c", null, List.of(m), List.of(), List.of(), List.of());
        Map<String, Double> values = Map.of("c.l1.p", 1500.0, "c.b1.soc", 80.0);
        double[] imp = new double[24];
        double[] exp = new double[24];
        for (int h = 0; h < 24; h++) {
            imp[h] = 0.2 + h / 100.0;
            exp[h] = h / 100.0;
        }
        Scenario s = ScenarioFactory.build(c, Instant.parse("2024-06-01T10:07:00Z"), Duration.ofMinutes(30), 48,
                ZoneId.of("UTC"), id -> Optional.ofNullable(values.get(id.value())), new DayPrices(imp, exp),
                Duration.ofSeconds(5));
        assertThat(s.start()).isEqualTo(Instant.parse("2024-06-01T10:00:00Z"));
        assertThat(s.forecasts().get("l1").values()).containsOnly(1500);
        // PV: the clear-sky shape at 70 % (no PV value yet): 0 at night, most around noon.
        double[] pv = s.forecasts().get("pv1").values();
        assertThat(pv[4]).isCloseTo(4000 * 0.7 * ScenarioFactory.clearSky(Instant.parse("2024-06-01T12:15:00Z"),
                ZoneId.of("UTC")), within(1e-6));
        assertThat(pv[20]).isZero();
        assertThat(s.importPrice().value(0)).isCloseTo(0.30, within(1e-12));
        assertThat(s.parameters()).anySatisfy(p -> assertThat(p).isInstanceOfSatisfying(BatteryParameters.class,
                b -> assertThat(b.socInitial()).isCloseTo(0.8, within(1e-12))));
    }

    @Test
    void readsAndChecksThePricesFile() throws Exception {
        Path f = tmp.resolve("p.csv");
        StringBuilder sb = new StringBuilder("# comment\nhour,importEurPerKWh,exportEurPerKWh\n");
        for (int h = 0; h < 24; h++) {
            sb.append(h).append(",0.3,0.1\n");
        }
        Files.writeString(f, sb);
        assertThat(DayPrices.read(f).importEurPerKWh()).containsOnly(0.3);
        Files.writeString(f, "hour,importEurPerKWh,exportEurPerKWh\n0,0.3\n");
        assertThatThrownBy(() -> DayPrices.read(f)).hasMessageContaining(":2: expected hour,importEurPerKWh");
    }
}
