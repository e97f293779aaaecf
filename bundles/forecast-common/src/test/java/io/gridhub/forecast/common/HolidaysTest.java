package io.gridhub.forecast.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class HolidaysTest {
    @Test
    void easterAndNswHolidaysOf2013() {
        assertThat(Holidays.easterSunday(2013)).isEqualTo(LocalDate.of(2013, 3, 31));
        assertThat(Holidays.easterSunday(2024)).isEqualTo(LocalDate.of(2024, 3, 31));
        Holidays nsw = Holidays.forZone(ZoneId.of("Australia/Sydney"));
        assertThat(nsw.isHoliday(LocalDate.of(2013, 1, 1))).isTrue();
        assertThat(nsw.isHoliday(LocalDate.of(2013, 1, 28)))
                .as("Australia Day on a Saturday → Monday")
                .isTrue();
        assertThat(nsw.isHoliday(LocalDate.of(2013, 3, 29))).as("Good Friday").isTrue();
        assertThat(nsw.isHoliday(LocalDate.of(2013, 2, 28))).isFalse();
        assertThat(nsw.isHoliday(LocalDate.of(2011, 12, 27)))
                .as("Christmas on a Sunday → Tuesday")
                .isTrue();
    }

    @Test
    void germanHolidaysAndNone() {
        Holidays de = Holidays.of("DE");
        assertThat(de.isHoliday(LocalDate.of(2024, 5, 9))).as("Ascension 2024").isTrue();
        assertThat(de.isHoliday(LocalDate.of(2024, 10, 3))).isTrue();
        assertThat(Holidays.forZone(ZoneId.of("UTC")).isHoliday(LocalDate.of(2024, 1, 1)))
                .isFalse();
    }
}
