package io.gridhub.northbound.iec104.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gridhub.api.model.PointId;
import org.junit.jupiter.api.Test;

class IoaMapTest {
    private static IoaMap parse(String json) throws Exception {
        return IoaMap.parse(new ObjectMapper().readTree(json));
    }

    @Test
    void splitsMonitoredAndCommandEntries() throws Exception {
        IoaMap m = OutstationTest.map();
        assertThat(m.monitored()).hasSize(4);
        assertThat(m.commands()).containsOnlyKeys(5001, 5002);
        assertThat(m.commands().get(5002).sbo()).isTrue();
        assertThat(m.byPoint().get(PointId.of("demo.bat.soc")).get(0).scale()).isEqualTo(10);
        assertThat(m.byPoint().get(PointId.of("demo.bat.p")).get(0).deadband()).isEqualTo(10);
    }

    @Test
    void errorsNameTheEntryAndField() {
        assertThatThrownBy(() -> parse("{}")).hasMessageContaining("$.points");
        assertThatThrownBy(() -> parse("{\"points\":[{\"ioa\":0,\"point\":\"a.b\"}]}"))
                .hasMessageContaining("$.points[0].ioa");
        assertThatThrownBy(() -> parse("{\"points\":[{\"ioa\":1,\"point\":\"a b\"}]}"))
                .hasMessageContaining("$.points[0].point");
        assertThatThrownBy(() -> parse("{\"points\":[{\"ioa\":1,\"point\":\"a.b\",\"type\":\"bits\"}]}"))
                .hasMessageContaining("$.points[0].type");
        assertThatThrownBy(() -> parse("{\"points\":[{\"ioa\":1,\"point\":\"a.b\"},{\"ioa\":1,\"point\":\"a.c\"}]}"))
                .hasMessageContaining("$.points[1].ioa")
                .hasMessageContaining("$.points[0]");
        assertThatThrownBy(() -> parse("{\"points\":[{\"ioa\":1,\"point\":\"a.b\",\"scale\":0}]}"))
                .hasMessageContaining("$.points[0].scale");
    }
}
