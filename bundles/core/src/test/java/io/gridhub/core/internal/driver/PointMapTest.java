package io.gridhub.core.internal.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PointMapTest {
    @TempDir
    Path dir;

    private Path write(String json) throws Exception {
        Path f = dir.resolve("map.json");
        Files.writeString(f, json);
        return f;
    }

    @Test
    void readsGroupsPointsAndDefaults() throws Exception {
        PointMap m = PointMap.read(write("""
                {"pollGroups": {"fast": 200},
                 "points": [
                   {"point": "a.p", "address": "hr:0:float32", "group": "fast", "scale": 1000, "offset": 5, "unit": "W"},
                   {"point": "a.q", "address": "ir:1"}
                 ]}"""));
        assertThat(m.pollGroups()).containsEntry("fast", 200L);
        assertThat(m.points()).hasSize(2);
        assertThat(m.points().get(0).toValue(2)).isEqualTo(2005);
        assertThat(m.points().get(0).toRaw(2005)).isEqualTo(2);
        assertThat(m.points().get(1).group()).isEqualTo(PointMap.DEFAULT_GROUP);
        assertThat(m.points().get(1).scale()).isEqualTo(1);
    }

    @Test
    void namesFileLineAndFieldOfAnError() throws Exception {
        Path f = write("""
                {"points": [
                   {"point": "a.p", "address": "hr:0"},
                   {"point": "a.q", "address": "hr:1", "scale": "big"}
                 ]}""");
        assertThatThrownBy(() -> PointMap.read(f))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(f.toString())
                .hasMessageContaining("line 3")
                .hasMessageContaining("$.points[1].scale");
    }

    @Test
    void refusesAnUnknownGroupAZeroScaleAndABadPointId() throws Exception {
        assertThatThrownBy(() -> PointMap.read(write("""
                {"points": [{"point": "a.p", "address": "hr:0", "group": "slow"}]}"""))).hasMessageContaining("poll group 'slow'");
        assertThatThrownBy(() -> PointMap.read(write("""
                {"points": [{"point": "a.p", "address": "hr:0", "scale": 0}]}"""))).hasMessageContaining("scale");
        assertThatThrownBy(() -> PointMap.read(write("""
                {"points": [{"point": "a p", "address": "hr:0"}]}"""))).hasMessageContaining("invalid point id 'a p'");
        assertThatThrownBy(() -> PointMap.read(write("""
                {"points": [{"point": "a.p"}]}"""))).hasMessageContaining("address");
    }
}
