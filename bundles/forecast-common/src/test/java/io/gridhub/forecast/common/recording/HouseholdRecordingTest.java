package io.gridhub.forecast.common.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

    @Test
    void intervalsAreAverageWattsAndTheRecordingLoops() throws Exception {
        HouseholdRecording r = HouseholdRecording.read(csv(48, "0.47"));

        assertThat(r.intervals()).isEqualTo(48);
        assertThat(r.loadW(1)).as("0.01 kWh in 30 min").isEqualTo(20.0);
        assertThat(r.loadW(49)).isEqualTo(r.loadW(1));
        assertThat(r.loadW(-1)).as("before the start: the last row").isEqualTo(940.0);
        assertThat(r.pvW(24)).isEqualTo(3000.0);
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
