package io.gridhub.loop.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridhub.api.forecast.Forecast;
import io.gridhub.api.forecast.ForecastKind;
import io.gridhub.api.forecast.ForecastRequest;
import io.gridhub.api.forecast.Forecaster;
import io.gridhub.api.model.PointId;
import io.gridhub.api.model.TimeSeries;
import io.gridhub.testkit.FakeStore;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Optional;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class PriceStageTest {
    static final Instant START = Instant.parse("2026-12-06T00:00:00Z");
    static final Duration STEP = Duration.ofMinutes(30);
    static final PointId PRICE = PointId.of("demo.market.price_da");
    final FakeStore store = new FakeStore();
    final PriceStage stage = new PriceStage(new PriceStage.Tariff(DayPrices.FLAT, 0.20, -0.01, ZoneOffset.UTC, 14));
    ForecastKind askedKind;

    final Forecaster mean = new Forecaster() {
        @Override
        public Forecast forecast(ForecastRequest r) {
            askedKind = r.kind();
            double[] v = new double[r.steps()];
            Arrays.fill(
                    v,
                    Arrays.stream(r.history().values())
                            .filter(x -> !Double.isNaN(x))
                            .average()
                            .orElse(0));
            return new Forecast(
                    "mean", null, new TimeSeries(r.issueTime(), r.history().step(), "EUR/kWh", r.issueTime(), v), null);
        }

        @Override
        public String name() {
            return "mean";
        }

        @Override
        public String version() {
            return "1";
        }
    };

    @Test
    void knownPricesFirstThenTheForecastWithTheAddersOfTheTariff() {
        for (int i = 0; i < 10; i++) {
            store.put(PRICE.value(), START.plus(STEP.multipliedBy(i)), 0.10);
        }
        for (int i = 1; i <= 48; i++) {
            store.put(PRICE.value(), START.minus(STEP.multipliedBy(i)), 0.05);
        }
        PriceStage.Result r = stage.run(PRICE, START, STEP, 48, Optional.of(store), Optional.of(mean));
        assertThat(r.known()).isEqualTo(10);
        assertThat(r.forecast()).isEqualTo(38);
        assertThat(r.tariff()).isZero();
        assertThat(askedKind).isEqualTo(ForecastKind.PRICE);
        assertThat(r.importPrice().value(0)).isCloseTo(0.30, Offset.offset(1e-9));
        assertThat(r.exportPrice().value(0)).isCloseTo(0.09, Offset.offset(1e-9));
        assertThat(r.importPrice().value(10)).isCloseTo(0.25, Offset.offset(1e-9));
    }

    @Test
    void withoutKnownPricesOrHistoryTheTariffFileDecides() {
        PriceStage.Result r = stage.run(PRICE, START, STEP, 48, Optional.of(store), Optional.of(mean));
        assertThat(r.tariff()).isEqualTo(48);
        assertThat(r.importPrice().values()).containsOnly(0.30);
        assertThat(r.exportPrice().values()).containsOnly(0.08);
        assertThat(r.reason()).contains("48 from the tariff file");
    }
}
