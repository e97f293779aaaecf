package io.gridhub.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {
    /** Shaped like a component's nested metatype Config or a driver's settings interface. */
    @interface Config {
        String host() default "127.0.0.1";

        int port() default 502;

        long timeoutMillis() default 1000;

        String[] points() default {};
    }

    interface DriverSettings {
        String host();

        int unitId();
    }

    @Test
    void convertsPropertiesAndLeavesTheRestAtTheirDefaults() {
        Config c = Settings.of(Config.class, "port", "1502", "points", new String[] {"a", "b"});
        assertThat(c.host()).isEqualTo("127.0.0.1");
        assertThat(c.port()).isEqualTo(1502);
        assertThat(c.timeoutMillis()).isEqualTo(1000);
        assertThat(c.points()).containsExactly("a", "b");
    }

    @Test
    void laterPairsWinAndInterfacesWorkToo() {
        DriverSettings s = Settings.of(DriverSettings.class, "host", "a", "unitId", 1, "host", "b");
        assertThat(s.host()).isEqualTo("b");
        assertThat(s.unitId()).isEqualTo(1);
        assertThat(Settings.of(DriverSettings.class, Map.of("unitId", 7L)).unitId())
                .isEqualTo(7);
    }

    @Test
    void pairsMustBePairsWithStringKeys() {
        assertThatThrownBy(() -> Settings.map("port"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("keys and values come in pairs, got 1 items");
        assertThatThrownBy(() -> Settings.map("port", 1, 2, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("key 2 is not a string: 2");
    }
}
