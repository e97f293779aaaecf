package io.gridhub.cli.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridhub.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The leakage test of the whole backtest path (CSV, engine, every model with its refit cache): two files equal up
 * to an issue time and different in every value (target and weather) from it on must give identical forecasts
 * for that issue and every earlier one.
 */
class NoLeakageTest {
    @TempDir
    Path dir;

    @Test
    void perturbingEveryValueFromAnIssueOnChangesNoForecastUpToThatIssue() throws Exception {
        int days = 70;
        int issueDay = 66; // 2012-03-08
        Path clean = Csv.write(dir, "clean.csv", Csv.synthetic(days, 5, -1));
        Path noisy = Csv.write(dir, "noisy.csv", Csv.synthetic(days, 5, issueDay * 48));
        List<String> a = forecasts(clean, "a.csv");
        List<String> b = forecasts(noisy, "b.csv");
        assertThat(a).isNotEmpty();
        assertThat(b).isEqualTo(a);
    }

    /** The forecast columns (model, issue, target, forecast) for issues up to 2012-03-08. */
    private List<String> forecasts(Path in, String out) throws Exception {
        Path pred = dir.resolve(out);
        StringWriter err = new StringWriter();
        int rc = Main.run(
                new PrintWriter(new StringWriter()),
                new PrintWriter(err),
                "backtest",
                "--input",
                in.toString(),
                "--time-column",
                "interval_start_local",
                "--target",
                "load_kWh",
                "--features",
                "temp",
                "--from",
                "2012-03-01",
                "--to",
                "2012-03-08",
                "--model",
                "all",
                "--train-days",
                "50",
                "--refit",
                "7d",
                "--threads",
                "1",
                "--predictions",
                pred.toString());
        assertThat(rc).as(err.toString()).isZero();
        return Files.readAllLines(pred).stream()
                .skip(1)
                .map(l -> l.substring(0, l.lastIndexOf(','))) // drop the actual: it is what differs
                .collect(Collectors.toList());
    }
}
