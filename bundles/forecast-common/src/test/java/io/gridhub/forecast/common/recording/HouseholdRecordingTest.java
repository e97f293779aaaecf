package io.gridhub.forecast.common.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HouseholdRecordingTest {
    @TempDir
    Path dir;

    private Path csv(int rows, String lastLoad) throws IOException {
        StringBuilder sb = new StringBuilder("interval_start_local,load_kWh,pv_kWh\n");
        for (int i = 0; i < rows; i++) {
            sb.append("2012-01-01T00:00:00,")
                    .append(i == rows - 1 ? lastLoad : String.valueOf(i * 0.01))
                    .append(',')
                    .append(i == 24 ? "1.5" : "0")
                    .append('\n');
        }
        return Files.writeString(dir.resolve("r.csv"), sb.toString());
    }

    /** A week from Monday 2013-02-04, each row's load = day x 100 + slot, in units of 0.001 kWh. */
    private Path week() throws IOException {
        StringBuilder sb = new StringBuilder("interval_start_local,load_kWh,pv_kWh\n");
        LocalDateTime t = LocalDateTime.parse("2013-02-04T00:00:00");
        for (int day = 0; day < 7; day++) {
            for (int slot = 0; slot < 48; slot++, t = t.plusMinutes(30)) {
                sb.append(t).append(',').append((day * 100 + slot) / 1000.0).append(",0\n");
            }
        }
        return Files.writeString(dir.resolve("week.csv"), sb.toString());
    }

    @Test
    void loopsOntoTheClockByLocalTimeKeepingWeekdays() throws Exception {
        HouseholdRecording r = HouseholdRecording.read(week());
        ZoneId sydney = ZoneId.of("Australia/Sydney");
        // 2026-12-08 is a Tuesday: the recording's second day (2013-02-05); 13:00Z is local midnight (AEDT, +11).
        assertThat(r.row(Instant.parse("2026-12-07T13:00:00Z"), sydney)).isEqualTo(48);
        assertThat(r.loadW(Instant.parse("2026-12-07T13:00:00Z"), sydney)).isEqualTo(100 * 2.0);
        // 19:45 local on that Tuesday: slot 39 of day 1.
        assertThat(r.row(Instant.parse("2026-12-08T08:45:00Z"), sydney)).isEqualTo(48 + 39);
        // A Monday in winter (AEST, +10): day 0, slot 2 at 01:00 local.
        assertThat(r.row(Instant.parse("2027-06-06T15:00:00Z"), sydney)).isEqualTo(2);
        // The Sunday before: the recording's last day.
        assertThat(r.row(Instant.parse("2027-06-05T14:00:00Z"), sydney)).isEqualTo(6 * 48);
    }

    @Test
    void intervalsAreAverageWattsAndTheRecordingLoops() throws Exception {
        HouseholdRecording r = HouseholdRecording.read(csv(48, "0.47"));

        assertThat(r.intervals()).isEqualTo(48);
        // One day from 2012-01-01 (its rows' dates), read in UTC: row n is the slot n of any day.
        ZoneId utc = ZoneId.of("UTC");
        assertThat(r.loadW(Instant.parse("2012-01-01T00:30:00Z"), utc))
                .as("0.01 kWh in 30 min")
                .isEqualTo(20.0);
        assertThat(r.loadW(Instant.parse("2012-01-02T00:30:00Z"), utc))
                .isEqualTo(r.loadW(Instant.parse("2012-01-01T00:30:00Z"), utc));
        assertThat(r.loadW(Instant.parse("2011-12-31T23:30:00Z"), utc))
                .as("before the start: the last row")
                .isEqualTo(940.0);
        assertThat(r.pvW(Instant.parse("2012-01-01T12:00:00Z"), utc)).isEqualTo(3000.0);
        assertThat(r.peakPvW()).isEqualTo(3000.0);
    }

    @Test
    void aRecordingShorterThanADayOrWithABadValueIsRefusedWithWhere() throws Exception {
        assertThatThrownBy(() -> HouseholdRecording.read(csv(47, "0.1")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("48 rows");
        assertThatThrownBy(() -> HouseholdRecording.read(csv(48, "-1")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("line 49, column load_kWh: '-1'");
    }
}
