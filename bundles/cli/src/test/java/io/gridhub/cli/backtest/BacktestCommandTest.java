package io.gridhub.cli.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridhub.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BacktestCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void baselinesOnSyntheticDataPrintMetricsAndWritePredictionsInTheInputsTimeFormat() throws Exception {
        Path in = Csv.write(dir, "in.csv", Csv.synthetic(42, 1, -1));
        Path pred = dir.resolve("pred.csv");
        int rc = run(
                "backtest",
                "--input",
                in.toString(),
                "--time-column",
                "interval_start_local",
                "--target",
                "load_kWh",
                "--from",
                "2012-02-06",
                "--to",
                "2012-02-07",
                "--model",
                "persistence,same-time-last-week",
                "--predictions",
                pred.toString());
        assertThat(rc).as(err.toString()).isZero();
        assertThat(out.toString()).contains("persistence", "same-time-last-week", "MAE", "RMSE", "MAPE%", "2 issues");
        List<String> lines = Files.readAllLines(pred);
        assertThat(lines.get(0)).isEqualTo("model,issue_time,target_time,forecast,actual");
        assertThat(lines).hasSize(1 + 2 * 2 * 48);
        assertThat(lines.get(1)).startsWith("persistence,2012-02-06T00:00:00,2012-02-06T00:00:00,");
        assertThat(lines.get(48)).startsWith("persistence,2012-02-06T00:00:00,2012-02-06T23:30:00,");
    }

    @Test
    void oneModelWritesNoModelColumn() throws Exception {
        Path in = Csv.write(dir, "in.csv", Csv.synthetic(10, 1, -1));
        Path pred = dir.resolve("pred.csv");
        assertThat(run(
                        "backtest",
                        "--input",
                        in.toString(),
                        "--time-column",
                        "interval_start_local",
                        "--target",
                        "load_kWh",
                        "--from",
                        "2012-01-10",
                        "--model",
                        "persistence",
                        "--predictions",
                        pred.toString()))
                .isZero();
        assertThat(Files.readAllLines(pred).get(0)).isEqualTo("issue_time,target_time,forecast,actual");
    }

    @Test
    void badInputExitsWith2AndSaysWhere() throws Exception {
        Path in = Csv.write(dir, "in.csv", Csv.synthetic(3, 1, -1));
        assertThat(run(
                        "backtest",
                        "--input",
                        in.toString(),
                        "--time-column",
                        "interval_start_local",
                        "--target",
                        "load",
                        "--from",
                        "2012-01-03"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("line 1: no column 'load'");
        assertThat(run(
                        "backtest",
                        "--input",
                        in.toString(),
                        "--time-column",
                        "interval_start_local",
                        "--target",
                        "load_kWh",
                        "--from",
                        "2012-01-03",
                        "--model",
                        "prophet"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("unknown model 'prophet'");
    }

    @Test
    void badLearnedModelOptionsExitWith2AndNameTheOption() throws Exception {
        Path in = Csv.write(dir, "in.csv", Csv.synthetic(10, 1, -1));
        String[] common = {
            "backtest",
            "--input",
            in.toString(),
            "--time-column",
            "interval_start_local",
            "--target",
            "load_kWh",
            "--from",
            "2012-01-09",
            "--model",
            "lightgbm"
        };
        assertThat(run(concat(common, "--pv-combine", "mean"))).isEqualTo(2);
        assertThat(err.toString()).contains("--pv-combine: 'mean' is not model, median or climate");
        assertThat(run(concat(common, "--pv-shrink", "1.5"))).isEqualTo(2);
        assertThat(err.toString()).contains("--pv-shrink: 1.5 is not within 0…1");
        assertThat(run(concat(common, "--p50-bag", "0"))).isEqualTo(2);
        assertThat(err.toString()).contains("--p50-bag: 0 is below 1");
    }

    private static String[] concat(String[] a, String... b) {
        String[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    @Test
    void gapsAreReportedAndNotScored() throws Exception {
        String csv = Csv.synthetic(10, 1, -1);
        // Drop the rows of 2012-01-09 10:00 and 10:30.
        csv = csv.lines().filter(l -> !l.startsWith("2012-01-09T10:")).reduce("", (a, b) -> a + b + "\n");
        Path in = Csv.write(dir, "in.csv", csv);
        Path pred = dir.resolve("pred.csv");
        assertThat(run(
                        "backtest",
                        "--input",
                        in.toString(),
                        "--time-column",
                        "interval_start_local",
                        "--target",
                        "load_kWh",
                        "--from",
                        "2012-01-09",
                        "--to",
                        "2012-01-09",
                        "--model",
                        "persistence",
                        "--predictions",
                        pred.toString()))
                .isZero();
        assertThat(err.toString())
                .contains("gap of 2 missing intervals between 2012-01-09T09:30:00 and " + "2012-01-09T11:00:00");
        assertThat(Files.readAllLines(pred))
                .contains("2012-01-09T00:00:00,2012-01-09T10:00:00,"
                        + String.format(Locale.ROOT, "%.4f", valueAt(csv, "2012-01-08T10:00:00")) + ",");
    }

    private static double valueAt(String csv, String time) {
        return csv.lines()
                .filter(l -> l.startsWith(time))
                .map(l -> Double.parseDouble(l.split(",")[1]))
                .findFirst()
                .orElseThrow();
    }
}
