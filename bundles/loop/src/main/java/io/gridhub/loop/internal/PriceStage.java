package io.gridhub.loop.internal;

import io.gridhub.api.forecast.ForecastKind;
import io.gridhub.api.forecast.ForecastRequest;
import io.gridhub.api.forecast.Forecaster;
import io.gridhub.api.model.PointId;
import io.gridhub.api.model.TimeSeries;
import io.gridhub.api.store.Bucket;
import io.gridhub.api.store.StoreException;
import io.gridhub.api.store.TimeSeriesStore;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Prices per plan step: the day-ahead price the store holds for the step where known (ingested from a market file
 * or feed), the active forecaster's price forecast beyond that (from the stored price history), and the tariff
 * file's price per local hour where neither exists. The tariff's adders turn the wholesale price into what the
 * community pays and earns: import = day-ahead + import adder, export = day-ahead + export adder.
 */
final class PriceStage {
    /** Prices in EUR/kWh, how many steps came from where, and a sentence saying so. */
    record Result(TimeSeries importPrice, TimeSeries exportPrice, int known, int forecast, int tariff, String reason) {}

    record Tariff(
            DayPrices fallback,
            double importAdderEurPerKWh,
            double exportAdderEurPerKWh,
            ZoneId zone,
            int historyDays) {}

    private final Tariff tariff;

    PriceStage(Tariff tariff) {
        this.tariff = tariff;
    }

    Result run(
            PointId pricePoint,
            Instant start,
            Duration step,
            int steps,
            Optional<TimeSeriesStore> store,
            Optional<Forecaster> forecaster) {
        double[] da = new double[steps];
        Arrays.fill(da, Double.NaN);
        String problem = "";
        int known = 0;
        if (store.isPresent()) {
            try {
                List<Bucket> b = store.get().aggregate(pricePoint, start, start.plus(step.multipliedBy(steps)), step);
                for (Bucket x : b) {
                    int i = (int) ((x.start().toEpochMilli() - start.toEpochMilli()) / step.toMillis());
                    if (i >= 0 && i < steps && x.count() > 0) {
                        da[i] = x.avg();
                        known++;
                    }
                }
            } catch (StoreException e) {
                problem = "; the store failed: " + e.getMessage();
            }
        }
        int forecast = 0;
        int firstUnknown = firstNaN(da);
        if (firstUnknown >= 0 && store.isPresent() && forecaster.isPresent()) {
            try {
                forecast = forecast(pricePoint, start, step, steps, store.get(), forecaster.get(), da);
            } catch (StoreException | RuntimeException e) {
                problem = "; price forecast failed: " + e.getMessage();
            }
        }
        double[] imp = new double[steps];
        double[] exp = new double[steps];
        int fromTariff = 0;
        for (int i = 0; i < steps; i++) {
            if (Double.isNaN(da[i])) {
                int h = ZonedDateTime.ofInstant(start.plus(step.multipliedBy(i)), tariff.zone())
                        .getHour();
                imp[i] = tariff.fallback().importEurPerKWh()[h];
                exp[i] = tariff.fallback().exportEurPerKWh()[h];
                fromTariff++;
            } else {
                imp[i] = da[i] + tariff.importAdderEurPerKWh();
                exp[i] = da[i] + tariff.exportAdderEurPerKWh();
            }
        }
        String reason = known + " steps at known day-ahead prices of " + pricePoint + ", " + forecast
                + " forecast"
                + (forecaster.isPresent() && forecast > 0
                        ? " by " + forecaster.get().name()
                        : "")
                + ", " + fromTariff + " from the tariff file" + problem;
        return new Result(
                new TimeSeries(start, step, "EUR/kWh", start, imp),
                new TimeSeries(start, step, "EUR/kWh", start, exp),
                known,
                forecast,
                fromTariff,
                reason);
    }

    /** Fills the unknown steps from the forecaster, fed with the stored prices of the look-back; returns how many. */
    private int forecast(
            PointId point, Instant start, Duration step, int steps, TimeSeriesStore store, Forecaster f, double[] da)
            throws StoreException {
        Duration back = Duration.ofDays(tariff.historyDays());
        Instant from = start.minus(back);
        int n = (int) (back.toMillis() / step.toMillis());
        double[] h = new double[n];
        Arrays.fill(h, Double.NaN);
        int seen = 0;
        for (Bucket b : store.aggregate(point, from, start, step)) {
            int i = (int) ((b.start().toEpochMilli() - from.toEpochMilli()) / step.toMillis());
            if (i >= 0 && i < n && b.count() > 0) {
                h[i] = b.avg();
                seen++;
            }
        }
        long perDay = Duration.ofDays(1).toMillis() / step.toMillis();
        if (seen < perDay) {
            return 0;
        }
        TimeSeries p50 = f.forecast(new ForecastRequest(
                        point.value(),
                        ForecastKind.PRICE,
                        new TimeSeries(from, step, "EUR/kWh", start, h),
                        Map.of(),
                        start,
                        step.multipliedBy(steps),
                        tariff.zone(),
                        null))
                .p50();
        int filled = 0;
        for (int i = 0; i < steps && i < p50.size(); i++) {
            if (Double.isNaN(da[i]) && !Double.isNaN(p50.value(i))) {
                da[i] = p50.value(i);
                filled++;
            }
        }
        return filled;
    }

    private static int firstNaN(double[] v) {
        for (int i = 0; i < v.length; i++) {
            if (Double.isNaN(v[i])) {
                return i;
            }
        }
        return -1;
    }
}
