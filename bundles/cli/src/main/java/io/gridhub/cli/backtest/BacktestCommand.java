package io.gridhub.cli.backtest;

import io.gridhub.api.forecast.ForecastKind;
import io.gridhub.api.forecast.Forecaster;
import io.gridhub.api.forecast.GeoLocation;
import io.gridhub.cli.Tool;
import io.gridhub.forecast.baselines.internal.Baseline;
import io.gridhub.forecast.baselines.internal.BaselineForecaster;
import io.gridhub.forecast.common.Metrics;
import io.gridhub.forecast.common.weather.WeatherForecast;
import io.gridhub.forecast.gbm.internal.GbmForecaster;
import io.gridhub.forecast.gbm.internal.LightGbmForecaster;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code gridhub backtest}: rolling-origin day-ahead backtest of the forecast strategies on a CSV file. */
@Command(
        name = "backtest",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Rolling-origin backtest: at each issue time every model sees only the rows strictly before "
                    + "it (models may refit), forecasts the horizon, and is scored against the actual rows.",
            "Prints MAE, RMSE, MAPE (and nMAE with --capacity), P10-P90 coverage and pinball loss per model. "
                    + "Gaps and unparsable values are reported with their lines and kept missing: not scored, "
                    + "not trained on."
        },
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:done", "1:a model failed", "2:bad options or bad input (the message says where)"})
public final class BacktestCommand implements Callable<Integer> {
    static final Map<String, Supplier<Forecaster>> BASELINES = new LinkedHashMap<>();

    static {
        for (Baseline b : Baseline.values()) {
            BASELINES.put(b.label(), () -> new BaselineForecaster(b));
        }
    }

    @Mixin
    Tool tool;

    @Option(names = "--input", required = true, paramLabel = "FILE.csv", description = "CSV with a header row")
    Path input;

    @Option(
            names = "--time-column",
            required = true,
            paramLabel = "COL",
            description = "ISO-8601 interval start; without offset = local wall-clock time")
    String timeColumn;

    @Option(names = "--target", required = true, paramLabel = "COL", description = "the column to forecast")
    String target;

    @Option(
            names = "--features",
            split = ",",
            paramLabel = "COL",
            description = "exogenous columns (e.g. weather); by default only their past is used")
    List<String> features = new ArrayList<>();

    @Option(
            names = "--interval",
            defaultValue = "30m",
            paramLabel = "DURATION",
            description = "row interval, e.g. 30m, 1h (default ${DEFAULT-VALUE})")
    String interval;

    @Option(
            names = "--horizon",
            defaultValue = "1d",
            paramLabel = "DURATION",
            description = "forecast horizon from each issue (default ${DEFAULT-VALUE})")
    String horizon;

    @Option(
            names = "--issue-at",
            defaultValue = "00:00",
            paramLabel = "HH:MM",
            description = "local time of day of each issue (default ${DEFAULT-VALUE})")
    String issueAt;

    @Option(names = "--from", required = true, paramLabel = "DATE", description = "first issue day (yyyy-MM-dd)")
    String from;

    @Option(names = "--to", paramLabel = "DATE", description = "last issue day, inclusive (default: the data's last)")
    String to;

    @Option(
            names = "--model",
            defaultValue = "all",
            split = ",",
            paramLabel = "NAME|all",
            description = "models to run: lightgbm, persistence, same-time-last-week, mean-4-same-weekdays, or all "
                    + "(default)")
    List<String> model;

    @Option(
            names = "--predictions",
            paramLabel = "OUT.csv",
            description = "write issue_time,target_time,forecast,actual (and model when several run)")
    Path predictions;

    @Option(
            names = "--capacity",
            paramLabel = "KW",
            description = "capacity for nMAE = MAE × (1 h / interval) / capacity, e.g. 505 for 505 kWp and kWh rows")
    Double capacity;

    @Option(
            names = "--kind",
            defaultValue = "auto",
            paramLabel = "KIND",
            description = "load, pv, price or other; auto (default) guesses from the target's name")
    String kind;

    @Option(
            names = "--zone",
            paramLabel = "ZONE",
            description = "calendar time zone for times with offset (default UTC); times without offset are "
                    + "used as the local calendar")
    String zone;

    @Option(
            names = "--site",
            defaultValue = "-33.95,151.18,Australia/Sydney",
            paramLabel = "LAT,LON,ZONE",
            description = "location for solar geometry (PV), default ${DEFAULT-VALUE} (Sydney)")
    String site;

    @Option(
            names = "--exogenous-known",
            arity = "0..1",
            fallbackValue = OBSERVED,
            paramLabel = "FORECAST.json",
            description = "weather known over the horizon: a forecast file (Open-Meteo JSON, docs/forecasting.md), "
                    + "its variables resampled onto the rows and handed up to each horizon's end; without a file "
                    + "the observed --features stand in for a forecast (a perfect one: an optimistic upper bound, "
                    + "labelled so); by default --features are cut at the issue time like the target")
    String exogenousKnown;

    static final String OBSERVED = "observed";

    @Option(
            names = "--refit",
            defaultValue = "28d",
            paramLabel = "DURATION",
            description = "lightgbm: refit cadence (default ${DEFAULT-VALUE})")
    String refit;

    @Option(
            names = "--train-days",
            defaultValue = "1000",
            paramLabel = "N",
            description = "lightgbm: days of history per fit (default ${DEFAULT-VALUE})")
    int trainDays;

    @Option(
            names = "--threads",
            defaultValue = "1",
            paramLabel = "N",
            description = "lightgbm: training threads (default ${DEFAULT-VALUE})")
    int threads;

    @Option(
            names = "--iterations",
            defaultValue = "150",
            paramLabel = "N",
            description = "lightgbm: boosting rounds of the P50 model (default ${DEFAULT-VALUE})")
    int iterations;

    @Option(
            names = "--learning-rate",
            defaultValue = "0.1",
            paramLabel = "X",
            description = "lightgbm: learning rate (default ${DEFAULT-VALUE})")
    double learningRate;

    @Option(
            names = "--p50-objective",
            defaultValue = "l1",
            paramLabel = "OBJ",
            description = "lightgbm: P50 objective, l1 (absolute loss, default) or regression (least squares)")
    String p50Objective;

    @Option(
            names = "--num-leaves",
            defaultValue = "31",
            paramLabel = "N",
            description = "lightgbm: leaves per tree (default ${DEFAULT-VALUE})")
    int numLeaves;

    @Option(
            names = "--normalize-load",
            negatable = true,
            defaultValue = "false",
            fallbackValue = "true",
            description = "lightgbm, load/price: learn the target over its last week's mean (default ${DEFAULT-VALUE})")
    boolean normalizeLoad;

    @Option(
            names = "--holiday-as-sunday",
            negatable = true,
            defaultValue = "false",
            fallbackValue = "true",
            description = "lightgbm, load/price: code a public holiday's weekday as Sunday (default ${DEFAULT-VALUE})")
    boolean holidayAsSunday;

    @Option(
            names = "--recency-half-life",
            defaultValue = "0",
            paramLabel = "DAYS",
            description = "lightgbm: training rows weigh half as much every DAYS days back; 0 = equal (default "
                    + "${DEFAULT-VALUE})")
    int recencyHalfLife;

    @Option(
            names = "--p50-bag",
            defaultValue = "1",
            paramLabel = "N",
            description = "lightgbm: P50 models per fit, differently seeded, averaged (default ${DEFAULT-VALUE})")
    int p50Bag;

    @Option(
            names = "--pv-combine",
            defaultValue = "median",
            paramLabel = "model|median|climate",
            description = "lightgbm, PV: the P50's clear-sky index: median (of the learned one, yesterday's and the "
                    + "seasonal climatology's; default), model (the learned one, shrunk by --pv-shrink), climate (the "
                    + "climatology alone, a reference)")
    String pvCombine;

    @Option(
            names = "--pv-shrink",
            defaultValue = "0",
            paramLabel = "X",
            description = "lightgbm, PV: weight of the seasonal clear-sky-index climatology in the P50, 0…1 "
                    + "(default ${DEFAULT-VALUE})")
    double pvShrink;

    @Option(
            names = "--calibration-days",
            defaultValue = "28",
            paramLabel = "N",
            description = "lightgbm: days before each fit held out to calibrate the P10–P90 band (split-conformal); 0 "
                    + "= off (default ${DEFAULT-VALUE})")
    int calibrationDays;

    @Option(
            names = "--school-holidays",
            negatable = true,
            defaultValue = "false",
            fallbackValue = "true",
            description = "lightgbm, load/price: a feature flags NSW school vacations (default ${DEFAULT-VALUE})")
    boolean schoolHolidays;

    @Option(
            names = "--load-residual",
            negatable = true,
            defaultValue = "false",
            fallbackValue = "true",
            description = "lightgbm, load: learn the target minus the mean of the same slot over the last 7 days "
                    + "(default ${DEFAULT-VALUE})")
    boolean loadResidual;

    @Option(
            names = "--weather-proxies",
            negatable = true,
            defaultValue = "false",
            fallbackValue = "true",
            description = "lightgbm, weather known over the horizon: add cloudiness proxies (dew-point spread, the "
                    + "horizon's range, the change from yesterday) (default ${DEFAULT-VALUE})")
    boolean weatherProxies;

    @Override
    public Integer call() {
        try {
            return run(tool.out(), tool.err());
        } catch (InputException e) {
            return tool.fail(Tool.UNUSABLE, e.getMessage());
        } catch (IOException e) {
            return tool.fail(Tool.UNUSABLE, e.toString());
        }
    }

    private int run(PrintWriter out, PrintWriter err) throws InputException, IOException {
        long step = duration("--interval", interval).getSeconds();
        Duration h = duration("--horizon", horizon);
        if (h.getSeconds() % step != 0) {
            throw new InputException("--horizon " + horizon + " is not a multiple of --interval " + interval);
        }
        Map<String, Forecaster> models = models();
        long t0 = System.nanoTime();
        CsvSeries data = CsvSeries.read(input, timeColumn, target, features, step);
        reportProblems(data, err);
        ForecastKind k = kind();
        ZoneId calendar = data.local() ? ZoneOffset.UTC : zone == null ? ZoneOffset.UTC : zoneId(zone);
        GeoLocation location = location(data.local() ? null : calendar);
        Backtest.Setup setup = new Backtest.Setup(
                data,
                target,
                k,
                calendar,
                location,
                (int) (h.getSeconds() / step),
                time("--issue-at", issueAt),
                date("--from", from),
                to == null ? null : date("--to", to),
                OBSERVED.equals(exogenousKnown),
                knownForecasts(data, location));
        out.printf(
                Locale.ROOT,
                "backtest %s: target %s (%s), %d rows, %s steps, horizon %s, issues daily at %s "
                        + "from %s%s; features %s%s%s%n",
                input.getFileName(),
                target,
                k.name().toLowerCase(Locale.ROOT),
                data.rows(),
                interval,
                horizon,
                issueAt,
                from,
                to == null ? "" : " to " + to,
                features.isEmpty() ? "none" : String.join(",", features),
                features.isEmpty()
                        ? ""
                        : OBSERVED.equals(exogenousKnown)
                                ? " (observed weather standing in for a forecast: known over the horizon, perfect)"
                                : " (past only)",
                setup.known().isEmpty()
                        ? ""
                        : "; weather forecast " + exogenousKnown + ": "
                                + String.join(",", setup.known().keySet()));
        out.flush();
        Progress progress = new Progress(System.console() != null ? err : null);
        try (Predictions sink =
                predictions == null ? null : new Predictions(predictions, models.size() > 1, data, calendar)) {
            Backtest.Result result = Backtest.run(setup, models, new Backtest.Listener() {
                @Override
                public void issued(int done, int total) {
                    progress.update(done, total);
                }

                @Override
                public void forecast(
                        String m, int issueIndex, int targetIndex, double p10, double p50, double p90, double actual) {
                    if (sink != null) {
                        sink.write(m, issueIndex, targetIndex, p50, actual);
                    }
                }
            });
            progress.done();
            table(out, result, data.stepSeconds());
            out.printf(
                    Locale.ROOT,
                    "%d issues, total %.1f s%s%n",
                    result.issues(),
                    (System.nanoTime() - t0) / 1e9,
                    predictions == null ? "" : "; predictions in " + predictions);
            for (Forecaster f : models.values()) {
                if (f instanceof LightGbmForecaster l) {
                    out.printf(
                            Locale.ROOT,
                            "lightgbm: %d fits (refit every %s, %d training days)%n",
                            l.fits(),
                            refit,
                            trainDays);
                    l.close();
                }
            }
            out.flush();
            return 0;
        }
    }

    private void table(PrintWriter out, Backtest.Result r, long stepSeconds) {
        Metrics persistence = r.metrics().get(Baseline.PERSISTENCE.label());
        out.printf(
                Locale.ROOT,
                "%-22s %10s %10s %8s %8s %9s %9s %10s %8s%n",
                "model",
                "MAE",
                "RMSE",
                "MAPE%",
                capacity == null ? "" : "nMAE%",
                "P10-P90%",
                "pinball",
                "vs persist",
                "time s");
        for (Map.Entry<String, Metrics> e : r.metrics().entrySet()) {
            Metrics m = e.getValue();
            String vs = persistence == null || persistence.mae() == 0
                    ? ""
                    : String.format(Locale.ROOT, "%+.1f%%", 100 * (m.mae() / persistence.mae() - 1));
            out.printf(
                    Locale.ROOT,
                    "%-22s %10.3f %10.3f %8.2f %8s %9.1f %9.3f %10s %8.1f%n",
                    e.getKey(),
                    m.mae(),
                    m.rmse(),
                    m.mape(),
                    capacity == null ? "" : String.format(Locale.ROOT, "%.2f", m.nmae(capacity, stepSeconds)),
                    m.coverage(),
                    m.pinball(),
                    vs,
                    r.time().get(e.getKey()).toMillis() / 1000.0);
        }
    }

    private static void reportProblems(CsvSeries data, PrintWriter err) {
        List<String> p = data.problems();
        if (p.isEmpty()) {
            return;
        }
        err.println("gridhub backtest: " + p.size() + " problem(s) in " + data.file()
                + "; the values are kept missing (not filled): not scored, not trained on, baselines use the "
                + "next older same-time value");
        p.stream().limit(20).forEach(s -> err.println("  " + s));
        if (p.size() > 20) {
            err.println("  … and " + (p.size() - 20) + " more");
        }
        err.flush();
    }

    /**
     * The weather forecast file's variables on the data's index line, named {@code forecast_<variable>}; empty
     * without a file.
     */
    Map<String, double[]> knownForecasts(CsvSeries data, GeoLocation site) throws InputException, IOException {
        Map<String, double[]> known = new LinkedHashMap<>();
        if (exogenousKnown == null || exogenousKnown.equals(OBSERVED)) {
            return known;
        }
        Path file = Path.of(exogenousKnown);
        if (!Files.isRegularFile(file)) {
            throw new InputException("--exogenous-known: " + file + ": no such file");
        }
        WeatherForecast f;
        try (InputStream in = Files.newInputStream(file)) {
            f = WeatherForecast.openMeteo(file.toString(), in);
        } catch (WeatherForecast.WeatherFormatException e) {
            throw new InputException("--exogenous-known: " + e.getMessage());
        }
        // Files without offsets are on a wall-clock line in the site's zone.
        ZoneId wallClock = data.local() ? site.zone() : null;
        for (String v : f.variables()) {
            known.put("forecast_" + v, f.onGrid(v, data.startSeconds(), data.stepSeconds(), data.length(), wallClock));
        }
        return known;
    }

    private Map<String, Forecaster> models() throws InputException {
        Map<String, Forecaster> m = new LinkedHashMap<>();
        for (String name : model) {
            String n = name.trim().toLowerCase(Locale.ROOT);
            if (n.equals("all")) {
                m.put(LightGbmForecaster.NAME, lightgbm());
                BASELINES.forEach((k, v) -> m.put(k, v.get()));
            } else if (n.equals(LightGbmForecaster.NAME)) {
                m.put(n, lightgbm());
            } else if (BASELINES.containsKey(n)) {
                m.put(n, BASELINES.get(n).get());
            } else {
                throw new InputException("--model: unknown model '" + name + "' (known: " + LightGbmForecaster.NAME
                        + ", " + String.join(", ", BASELINES.keySet()) + ", all)");
            }
        }
        return m;
    }

    private Forecaster lightgbm() throws InputException {
        GbmForecaster.Settings d = GbmForecaster.Settings.defaults();
        if (!p50Objective.equals("regression") && !p50Objective.equals("l1")) {
            throw new InputException("--p50-objective: '" + p50Objective + "' is not regression or l1");
        }
        GbmForecaster.PvCombine combine = switch (pvCombine.trim().toLowerCase(Locale.ROOT)) {
            case "model" -> GbmForecaster.PvCombine.MODEL;
            case "median" -> GbmForecaster.PvCombine.MEDIAN;
            case "climate" -> GbmForecaster.PvCombine.CLIMATE;
            default -> throw new InputException("--pv-combine: '" + pvCombine + "' is not model, median or climate");
        };
        if (!(pvShrink >= 0 && pvShrink <= 1)) {
            throw new InputException("--pv-shrink: " + pvShrink + " is not within 0…1");
        }
        if (recencyHalfLife < 0) {
            throw new InputException("--recency-half-life: " + recencyHalfLife + " is below 0");
        }
        if (p50Bag < 1) {
            throw new InputException("--p50-bag: " + p50Bag + " is below 1");
        }
        if (calibrationDays < 0) {
            throw new InputException("--calibration-days: " + calibrationDays + " is below 0");
        }
        if (numLeaves < 2) {
            throw new InputException("--num-leaves: " + numLeaves + " is below 2");
        }
        return new LightGbmForecaster(new GbmForecaster.Settings(
                duration("--refit", refit),
                trainDays,
                iterations,
                d.quantileIterations(),
                learningRate,
                numLeaves,
                threads,
                p50Objective,
                normalizeLoad,
                holidayAsSunday,
                recencyHalfLife,
                combine,
                pvShrink,
                p50Bag,
                calibrationDays,
                schoolHolidays,
                loadResidual,
                weatherProxies));
    }

    private ForecastKind kind() throws InputException {
        String k = kind.toLowerCase(Locale.ROOT);
        if (k.equals("auto")) {
            String t = target.toLowerCase(Locale.ROOT);
            return t.contains("pv") || t.contains("solar")
                    ? ForecastKind.PV
                    : t.contains("price") ? ForecastKind.PRICE : ForecastKind.LOAD;
        }
        try {
            return ForecastKind.valueOf(k.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InputException("--kind: '" + kind + "' is not one of auto, load, pv, price, other");
        }
    }

    GeoLocation location(ZoneId trueZone) throws InputException {
        String[] p = site.split(",");
        if (p.length != 3) {
            throw new InputException("--site: '" + site + "' is not LAT,LON,ZONE");
        }
        try {
            // Times with offset are real instants: their calendar zone is also the site's clock.
            return new GeoLocation(
                    Double.parseDouble(p[0].trim()),
                    Double.parseDouble(p[1].trim()),
                    trueZone != null ? trueZone : zoneId(p[2].trim()));
        } catch (IllegalArgumentException e) {
            throw new InputException("--site: '" + site + "': " + e.getMessage());
        }
    }

    private static ZoneId zoneId(String z) throws InputException {
        try {
            return ZoneId.of(z);
        } catch (RuntimeException e) {
            throw new InputException("unknown time zone '" + z + "'");
        }
    }

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(s|m|min|h|d)");

    static Duration duration(String option, String text) throws InputException {
        Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            Duration d = switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m", "min" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            if (!d.isZero()) {
                return d;
            }
        }
        try {
            Duration d = Duration.parse(text);
            if (!d.isNegative() && !d.isZero()) {
                return d;
            }
        } catch (DateTimeParseException e) {
            // reported below
        }
        throw new InputException(option + ": '" + text + "' is not a duration like 30m, 1h, 1d or PT30M");
    }

    private static LocalDate date(String option, String text) throws InputException {
        try {
            return LocalDate.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new InputException(option + ": '" + text + "' is not a date yyyy-MM-dd");
        }
    }

    private static LocalTime time(String option, String text) throws InputException {
        try {
            return LocalTime.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new InputException(option + ": '" + text + "' is not a time HH:MM");
        }
    }

    /** A one-line progress bar on the terminal; nothing when not on a terminal. */
    private static final class Progress {
        private final PrintWriter err;
        private final long t0 = System.nanoTime();
        private int last = -1;

        Progress(PrintWriter err) {
            this.err = err;
        }

        void update(int done, int total) {
            if (err == null) {
                return;
            }
            int pct = 100 * done / total;
            if (pct == last) {
                return;
            }
            last = pct;
            int bar = pct * 30 / 100;
            err.printf(
                    Locale.ROOT,
                    "\r[%s%s] %3d%% %d/%d issues %.0f s",
                    "#".repeat(bar),
                    " ".repeat(30 - bar),
                    pct,
                    done,
                    total,
                    (System.nanoTime() - t0) / 1e9);
            err.flush();
        }

        void done() {
            if (err != null && last >= 0) {
                err.print("\r" + " ".repeat(70) + "\r");
                err.flush();
            }
        }
    }

    /** The --predictions file. */
    private static final class Predictions implements AutoCloseable {
        private final CSVPrinter printer;
        private final boolean withModel;
        private final CsvSeries data;
        private final ZoneId zone;

        Predictions(Path file, boolean withModel, CsvSeries data, ZoneId zone) throws IOException {
            BufferedWriter w = Files.newBufferedWriter(file);
            this.printer =
                    CSVFormat.DEFAULT.builder().setRecordSeparator('\n').build().print(w);
            this.withModel = withModel;
            this.data = data;
            this.zone = zone;
            if (withModel) {
                printer.printRecord("model", "issue_time", "target_time", "forecast", "actual");
            } else {
                printer.printRecord("issue_time", "target_time", "forecast", "actual");
            }
        }

        void write(String model, int issue, int target, double forecast, double actual) {
            try {
                String f = Double.isNaN(forecast) ? "" : String.format(Locale.ROOT, "%.4f", forecast);
                String a = Double.isNaN(actual) ? "" : String.format(Locale.ROOT, "%.4f", actual);
                if (withModel) {
                    printer.printRecord(model, data.timeText(issue, zone), data.timeText(target, zone), f, a);
                } else {
                    printer.printRecord(data.timeText(issue, zone), data.timeText(target, zone), f, a);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws IOException {
            printer.close();
        }
    }
}
