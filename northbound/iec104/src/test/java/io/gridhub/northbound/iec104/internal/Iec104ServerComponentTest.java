package io.gridhub.northbound.iec104.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Iec104ServerComponentTest {
    @Test
    void aCommaSeparatedListOfMastersIsEachOfThem() {
        // A .cfg file hands "a, b" over as one text; an array or a list of several values as several.
        assertThat(Iec104ServerComponent.addresses(new String[] {"10.0.0.5, 10.0.0.6"}))
                .containsExactlyInAnyOrder("10.0.0.5", "10.0.0.6");
        assertThat(Iec104ServerComponent.addresses(new String[] {"127.0.0.1", " ::1 ", ""}))
                .containsExactlyInAnyOrder("127.0.0.1", "::1");
        assertThat(Iec104ServerComponent.addresses(new String[] {})).isEmpty();
    }
}
