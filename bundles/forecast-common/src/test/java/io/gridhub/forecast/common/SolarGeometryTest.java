package io.gridhub.forecast.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class SolarGeometryTest {
    private static final ZoneId SYDNEY = ZoneId.of("Australia/Sydney");

    private static double ghi(String local) {
        return SolarGeometry.clearSkyGhi(
                -33.95,
                151.18,
                ZonedDateTime.parse(local + "+11:00[Australia/Sydney]")
                        .withZoneSameInstant(SYDNEY)
                        .toEpochSecond());
    }

    @Test
    void sydneyInSummerIsBrightAtSolarNoonAndDarkAtMidnight() {
        // Solar noon in Sydney in mid-January is about 13:05 daylight time (151.18° E, equation of time
        // −9 min); the sun is ~80° high.
        assertThat(ghi("2013-01-15T13:05:00")).isBetween(950.0, 1100.0);
        assertThat(ghi("2013-01-15T00:00:00")).isZero();
        assertThat(ghi("2013-01-15T09:00:00")).isBetween(300.0, ghi("2013-01-15T13:05:00"));
        // Symmetric around solar noon.
        assertThat(ghi("2013-01-15T10:05:00")).isCloseTo(ghi("2013-01-15T16:05:00"), within(15.0));
    }
}
