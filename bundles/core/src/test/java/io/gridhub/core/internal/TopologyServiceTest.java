package io.gridhub.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridhub.api.model.PointId;
import io.gridhub.api.model.PointKind;
import io.gridhub.api.model.Quantity;
import io.gridhub.testkit.Settings;
import io.gridhub.testkit.Waits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopologyServiceTest {
    private static final String GOOD = """
            {"id":"c1","name":"Test","transformers":[{"id":"t1","ratedApparentPowerVA":400000}],
             "feeders":[{"id":"f1","transformerId":"t1","importLimitW":250000,"exportLimitW":200000}],
             "sharedAssets":[{"id":"bat","kind":"BATTERY","ratedPowerW":50000,"energyCapacityWh":100000}],
             "members":[{"id":"m1","type":"HOUSEHOLD","participations":[{"communityId":"c1","factor":1.0}],
               "sites":[{"id":"s1","feederId":"f1","assets":[{"id":"m1-meter","kind":"METER"},
                                                             {"id":"m1-pv","kind":"PV","ratedPowerW":5000}]}]}]}
            """;

    @TempDir
    Path dir;

    private static TopologyService.Config config(int reload, String... files) {
        return Settings.of(TopologyService.Config.class, "files", files, "reloadSeconds", reload);
    }

    @Test
    void loadsACommunityAndRegistersItsStandardPoints() throws Exception {
        Path f = Files.writeString(dir.resolve("c1.json"), GOOD);
        PointRegistryImpl registry = new PointRegistryImpl();
        TopologyService t = new TopologyService(registry, config(0, f.toString()));
        assertThat(t.communities()).singleElement().satisfies(c -> {
            assertThat(c.members()).hasSize(1);
            assertThat(c.feeders().get(0).importLimitW()).isEqualTo(250000);
        });
        assertThat(registry.point(PointId.of("c1.bat.p_set")))
                .get()
                .satisfies(p -> assertThat(p.kind()).isEqualTo(PointKind.SETPOINT));
        assertThat(registry.point(PointId.of("c1.m1-meter.p")))
                .get()
                .satisfies(p -> assertThat(p.quantity()).isEqualTo(Quantity.ACTIVE_POWER));
        assertThat(registry.points()).hasSize(3 + 3 + 2);
    }

    @Test
    void aBrokenFileIsRefusedWithItsNameAndPlaceAndTheLastGoodStays() throws Exception {
        Path f = Files.writeString(dir.resolve("c1.json"), GOOD);
        TopologyService t = new TopologyService(new PointRegistryImpl(), config(0, f.toString()));
        Files.writeString(f, GOOD.replace("\"kind\":\"PV\"", "\"kind\":\"SOLAR\""));
        assertThatThrownBy(() -> TopologyService.parse(f))
                .hasMessageContaining("c1.json")
                .hasMessageContaining("line 6, column 71")
                .hasMessageContaining("$.members[0].sites[0].assets[1].kind")
                .hasMessageContaining("SOLAR");
        t.modified(config(0, f.toString()));
        assertThat(t.communities())
                .singleElement()
                .satisfies(c -> assertThat(c.id()).isEqualTo("c1"));
    }

    @Test
    void aSemanticErrorNamesTheRule() throws Exception {
        Path f = Files.writeString(dir.resolve("bad.json"), GOOD.replace("\"factor\":1.0", "\"factor\":1.5"));
        assertThatThrownBy(() -> TopologyService.parse(f))
                .hasMessageContaining("bad.json")
                .hasMessageContaining("participation factor in c1 must be in (0, 1], got 1.5");
        Path dangling =
                Files.writeString(dir.resolve("d.json"), GOOD.replace("\"feederId\":\"f1\"", "\"feederId\":\"f7\""));
        assertThatThrownBy(() -> TopologyService.parse(dangling)).hasMessageContaining("unknown feeder f7");
    }

    @Test
    void aFileFixedLaterIsPickedUp() throws Exception {
        Path f = Files.writeString(dir.resolve("c1.json"), "{ not json");
        TopologyService t = new TopologyService(new PointRegistryImpl(), config(1, f.toString()));
        assertThat(t.communities()).isEmpty();
        Files.writeString(f, GOOD);
        Files.setLastModifiedTime(f, FileTime.fromMillis(System.currentTimeMillis() + 5000));
        Waits.until(Duration.ofSeconds(30), () -> !t.communities().isEmpty(), "the fixed file to be reloaded");
        assertThat(t.communities()).hasSize(1);
        t.deactivate();
    }
}
