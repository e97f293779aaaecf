package io.gridhub.forecast.gbm.internal;

import io.gridhub.api.forecast.Forecast;
import io.gridhub.api.forecast.ForecastKind;
import io.gridhub.api.forecast.ForecastRequest;
import io.gridhub.forecast.common.Forecasts;
import io.gridhub.forecast.common.Frame;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The learned forecaster, plain Java: three LightGBM quantile models (P10, P50, P90) per target, trained on rows
 * built exactly like prediction rows but at earlier issue times (one per day, at the same time of day as the
 * request's issue). A fitted model is kept per target and reused until {@code refitEvery} has passed; it is
 * never reused for an issue time before the one it was fitted at, so it cannot have seen the future.
 */
public final class GbmForecaster implements AutoCloseable {
    /** Tuning; the defaults are what docs/forecasting.md reports. */
    public record Settings(Duration refitEvery, int trainDays, int iterations, int quantileIterations,
                           double learningRate, int numLeaves, int threads, String p50Objective) {
        public static Settings defaults() {
            return new Settings(Duration.ofDays(28), 1000, 150, 60, 0.1, 31, 1, "l1");
        }
    }

    private record Key(String target, ForecastKind kind, Duration step, List<String> features) {
    }

    private static final class Fitted {
        final Instant fittedAt;
        final Regressor.Data data;
        final Regressor p10;
        final Regressor p50;
        final Regressor p90;

        Fitted(Instant fittedAt, Regressor.Data data, Regressor p10, Regressor p50, Regressor p90) {
            this.fittedAt = fittedAt;
            this.data = data;
            this.p10 = p10;
            this.p50 = p50;
            this.p90 = p90;
        }

        void close() {
            p10.close();
            p50.close();
            p90.close();
            data.close();
        }
    }

    private final Settings settings;
    private final Map<Key, Fitted> fitted = new HashMap<>();
    private int fits;

    public GbmForecaster(Settings settings) {
        this.settings = settings;
    }

    /** How many times a model set was trained (for tests and the backtest's report). */
    public synchronized int fits() {
        return fits;
    }

    public synchronized Forecast forecast(String model, ForecastRequest request) {
        Frame f = Frame.of(request);
        Features feats = new Features(f, request.kind(), request.location());
        Key key = new Key(request.target(), request.kind(), request.history().step(), feats.names());
        Fitted m = fitted.get(key);
        Instant issue = request.issueTime();
        if (m == null || m.fittedAt.isAfter(issue)
                || !Duration.between(m.fittedAt, issue).minus(settings.refitEvery()).isNegative()) {
            Fitted fresh = fit(f, feats, issue);
            if (fresh == null) {
                return fallback(model, request, f);
            }
            if (m != null) {
                m.close();
            }
            fitted.put(key, fresh);
            m = fresh;
        }
        int w = feats.width();
        int n = f.steps();
        double[] x = new double[n * w];
        double[] issueFeatures = feats.issue(f.issue());
        for (int h = 0; h < n; h++) {
            feats.row(f.issue(), f.issue() + h, issueFeatures, x, h * w);
        }
        return Forecasts.of(model, request, m.p10.predict(x, n), m.p50.predict(x, n), m.p90.predict(x, n));
    }

    private Fitted fit(Frame f, Features feats, Instant issue) {
        int period = f.period() > 0 ? f.period() : f.steps();
        int w = feats.width();
        int issueIdx = f.issue();
        double[] y = f.y();
        int maxRows = settings.trainDays() * f.steps();
        double[] x = new double[maxRows * w];
        double[] label = new double[maxRows];
        int rows = 0;
        for (int d = 1; d <= settings.trainDays(); d++) {
            int i0 = issueIdx - d * period;
            if (i0 < period) {
                break;
            }
            double[] issueFeatures = feats.issue(i0);
            for (int h = 0; h < f.steps() && i0 + h < issueIdx; h++) {
                int t = i0 + h;
                if (Double.isNaN(y[t])) {
                    continue; // a gap: nothing to learn from
                }
                feats.row(i0, t, issueFeatures, x, rows * w);
                label[rows++] = y[t];
            }
        }
        if (rows < 7 * f.steps()) {
            return null; // less than a week of rows: not worth a model
        }
        // One thread by default: OpenMP's spinning workers slow LightGBM down ~10× on a busy machine.
        String common = "num_leaves=" + settings.numLeaves() + " learning_rate=" + settings.learningRate()
                + " min_data_in_leaf=20 feature_fraction=0.9 bagging_fraction=0.8 bagging_freq=1 lambda_l2=1"
                + " num_threads=" + settings.threads()
                + " verbosity=-1 seed=7 deterministic=true force_row_wise=true";
        Regressor.Data data = new Regressor.Data(x, rows, w, label, "max_bin=255 verbosity=-1 num_threads="
                + settings.threads());
        Regressor p50 = null;
        Regressor p10 = null;
        try {
            // P50 by absolute loss (l1, the median) by default: on the Ausgrid test period it beat least squares
            // (MAE 11.39 vs 11.72 kWh, 730 training days) at about the same cost.
            p50 = data.train("objective=" + settings.p50Objective() + " " + common, settings.iterations());
            p10 = data.train("objective=quantile alpha=0.1 " + common, settings.quantileIterations());
            Regressor p90 = data.train("objective=quantile alpha=0.9 " + common, settings.quantileIterations());
            fits++;
            return new Fitted(issue, data, p10, p50, p90);
        } catch (RuntimeException e) {
            if (p50 != null) {
                p50.close();
            }
            if (p10 != null) {
                p10.close();
            }
            data.close();
            throw e;
        }
    }

    /** Too little history to learn from: same time yesterday, the honest minimum. */
    private static Forecast fallback(String model, ForecastRequest request, Frame f) {
        int period = f.period() > 0 ? f.period() : 1;
        double[] p = new double[f.steps()];
        for (int h = 0; h < p.length; h++) {
            p[h] = Frame.back(f.y(), f.issue() + h, f.issue(), period, 1, 8);
        }
        return Forecasts.of(model, request, p, p, p);
    }

    @Override
    public synchronized void close() {
        fitted.values().forEach(Fitted::close);
        fitted.clear();
    }
}
