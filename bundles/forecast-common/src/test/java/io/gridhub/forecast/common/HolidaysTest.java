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
    void nswSchoolVacationsIncludeTheirWeekendsAndOnlyNswHasThem() {
        Holidays nsw = Holidays.of("AU-NSW");
        // Autumn 2013: the last school day Friday 12 April, back on Monday 29 April.
        assertThat(nsw.isSchoolHoliday(LocalDate.of(2013, 4, 12))).isFalse();
        assertThat(nsw.isSchoolHoliday(LocalDate.of(2013, 4, 13))).isTrue();
        assertThat(nsw.isSchoolHoliday(LocalDate.of(2013, 4, 22))).isTrue();
        assertThat(nsw.isSchoolHoliday(LocalDate.of(2013, 4, 28))).isTrue();
        assertThat(nsw.isSchoolHoliday(LocalDate.of(2013, 4, 29))).isFalse();
        // The summer vacation crosses the new year; a term week is not a vacation, nor is a public holiday in term.
        assertThat(nsw.isSchoolHoliday(LocalDate.of(2012, 12, 31))).isTrue();
        assertThat(nsw.isSchoolHoliday(LocalDate.of(2013, 1, 15))).isTrue();
        assertThat(nsw.isSchoolHoliday(LocalDate.of(2013, 2, 20))).isFalse();
        assertThat(nsw.isSchoolHoliday(LocalDate.of(2012, 6, 11)))
                .as("Queen's Birthday, in term")
                .isFalse();
        assertThat(nsw.isHoliday(LocalDate.of(2012, 6, 11))).isTrue();
        // 2024 as the department published it: spring vacation Monday 30 September to Friday 11 October.
        assertThat(nsw.isSchoolHoliday(LocalDate.of(2024, 9, 30))).isTrue();
        assertThat(nsw.isSchoolHoliday(LocalDate.of(2024, 10, 11))).isTrue();
        assertThat(nsw.isSchoolHoliday(LocalDate.of(2024, 10, 14))).isFalse();
        assertThat(Holidays.of("DE").isSchoolHoliday(LocalDate.of(2024, 8, 1))).isFalse();
        assertThat(Holidays.NONE.isSchoolHoliday(LocalDate.of(2013, 1, 15))).isFalse();
    }

    @Test
    void everyYearOfTheShippedDataHasFourNswVacations() {
        Holidays nsw = Holidays.of("AU-NSW");
        for (int year = 2010; year <= 2014; year++) {
            int periods = 0;
            boolean before = false;
            for (LocalDate d = LocalDate.of(year, 1, 1); d.getYear() == year; d = d.plusDays(1)) {
                boolean off = nsw.isSchoolHoliday(d);
                if (off && !before) {
                    periods++;
                }
                before = off;
            }
            // January's end of the summer break, autumn, winter, spring, December's start of the next summer.
            assertThat(periods).as("vacations starting or running in %d", year).isEqualTo(5);
        }
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
