package io.gridhub.cli.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvSeriesTest {
    @TempDir
    Path dir;

    private CsvSeries read(String content, List<String> features) throws Exception {
        return CsvSeries.read(Csv.write(dir, "in.csv", content), "time", "load", features, 1800);
    }

    @Test
    void missingColumnNamesItAndTheHeader() {
        assertThatThrownBy(() -> read("time,load\n2013-01-01T00:00:00,1\n", List.of("temp")))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("line 1: no column 'temp'")
                .hasMessageContaining("the header has time, load");
    }

    @Test
    void unparsableTimeGivesTheLine() {
        assertThatThrownBy(
                        () -> read("time,load\n2013-01-01T00:00:00,1\n2013-01-01T00:30:00,2\nyesterday,3\n", List.of()))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("line 4, column time")
                .hasMessageContaining("'yesterday'");
        assertThatThrownBy(() -> read("time,load\n01/01/2013 00:00,1\n", List.of()))
                .hasMessageContaining("line 2")
                .hasMessageContaining("not ISO-8601");
    }

    @Test
    void duplicateOrOffGridTimesStop() {
        assertThatThrownBy(() -> read("time,load\n2013-01-01T00:00:00,1\n2013-01-01T00:00:00,2\n", List.of()))
                .hasMessageContaining("line 3")
                .hasMessageContaining("duplicate or out of order");
        assertThatThrownBy(() -> read("time,load\n2013-01-01T00:00:00,1\n2013-01-01T00:45:00,2\n", List.of()))
                .hasMessageContaining("line 3")
                .hasMessageContaining("not on the 30-minute grid");
    }

    @Test
    void gapsAndBadValuesAreReportedWithLinesAndKeptMissing() throws Exception {
        CsvSeries s = read(
                "time,load,temp\n"
                        + "2013-01-01T00:00:00,1,20\n"
                        + "2013-01-01T00:30:00,2,x\n"
                        + "2013-01-01T02:00:00,5,21\n"
                        + "2013-01-01T02:30:00,,22\n",
                List.of("temp"));
        assertThat(s.problems())
                .containsExactly(
                        "line 3, column temp: 'x' is not a number (kept as missing)",
                        "lines 3–4: gap of 2 missing intervals between 2013-01-01T00:30:00 and 2013-01-01T02:00:00",
                        "line 5, column load: '' is not a number (kept as missing)");
        assertThat(s.length()).isEqualTo(6);
        assertThat(s.rows()).isEqualTo(4);
        assertThat(s.target()).containsExactly(1, 2, Double.NaN, Double.NaN, 5, Double.NaN);
        assertThat(s.features().get("temp")[1]).isNaN();
        // A missing row's time is written in the input's own format.
        assertThat(s.timeText(2, ZoneOffset.UTC)).isEqualTo("2013-01-01T01:00:00");
    }

    @Test
    void timesWithOffsetAreInstants() throws Exception {
        CsvSeries s = CsvSeries.read(
                Csv.write(
                        dir,
                        "p.csv",
                        "t,price\n"
                                + "2024-03-31T00:00:00+01:00,1\n2024-03-31T01:00:00+01:00,2\n"
                                + "2024-03-31T03:00:00+02:00,3\n"),
                "t",
                "price",
                List.of(),
                3600);
        assertThat(s.local()).isFalse();
        assertThat(s.problems()).isEmpty(); // the DST jump is not a gap: one hour apart in real time
        assertThat(s.target()).containsExactly(1, 2, 3);
    }
}
