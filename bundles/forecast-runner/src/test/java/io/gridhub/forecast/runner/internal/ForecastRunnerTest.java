package io.gridhub.forecast.runner.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridhub.api.bus.SampleBus;
import io.gridhub.api.bus.SampleListener;
import io.gridhub.api.bus.Subscription;
import io.gridhub.api.forecast.Forecaster;
import io.gridhub.api.forecast.PublishedForecast;
import io.gridhub.api.model.PointId;
import io.gridhub.api.model.Sample;
import io.gridhub.api.registry.TopologyProvider;
import io.gridhub.api.strategy.Strategy;
import io.gridhub.api.strategy.StrategyInfo;
import io.gridhub.api.strategy.StrategyRegistry;
import io.gridhub.api.strategy.StrategyRole;
import io.gridhub.forecast.baselines.internal.PersistenceForecaster;
import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForecastRunnerTest {
    @TempDir
    Path dir;

    private static final Instant NOW = Instant.parse("2026-11-23T10:17:00Z");

    private static final SampleBus BUS = new SampleBus() {
        @Override
        public void publish(List<Sample> samples) {}

        @Override
        public Subscription subscribe(String name, Predicate<PointId> filter, int capacity, SampleListener l) {
            return new Subscription() {
                @Override
                public long delivered() {
                    return 0;
                }

                @Override
                public long missed() {
                    return 0;
                }

                @Override
                public void close() {}
            };
        }

        @Override
        public long published() {
            return 0;
        }
    };

    private static StrategyRegistry registry(Forecaster f) {
        return new StrategyRegistry() {
            @Override
            public <T extends Strategy> Optional<T> active(StrategyRole role, Class<T> type) {
                return f != null && role == StrategyRole.FORECAST ? Optional.of(type.cast(f)) : Optional.empty();
            }

            @Override
            public List<StrategyInfo> strategies() {
                return List.of();
            }
        };
    }

    private ForecastRunner.Config config(Path seed) {
        return new ForecastRunner.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return ForecastRunner.Config.class;
            }

            @Override
            public String community() {
                return "demo";
            }

            @Override
            public int periodSeconds() {
                return 900;
            }

            @Override
            public int initialDelaySeconds() {
                return 0;
            }

            @Override
            public int intervalMinutes() {
                return 30;
            }

            @Override
            public int horizonHours() {
                return 24;
            }

            @Override
            public int historyDays() {
                return 7;
            }

            @Override
            public String seedFile() {
                return seed.toString();
            }

            @Override
            public double seedLoadScale() {
                return 2;
            }

            @Override
            public double seedPvPeakW() {
                return 0;
            }

            @Override
            public double latitude() {
                return -33.95;
            }

            @Override
            public double longitude() {
                return 151.18;
            }

            @Override
            public String zone() {
                return "Australia/Sydney";
            }
        };
    }

    private Path seed() throws Exception {
        StringBuilder sb = new StringBuilder("interval_start_local,load_kWh,pv_kWh\n");
        for (int i = 0; i < 48; i++) {
            sb.append("2012-01-01T00:00:00,").append(i).append(",0\n");
        }
        return Files.writeString(dir.resolve("seed.csv"), sb.toString());
    }

    @Test
    void runsTheActiveStrategyForLoadAndPvFromTheSeedWhenTheBusHasNoHistory() throws Exception {
        TopologyProvider none = List::of;
        ForecastRunner r = new ForecastRunner(
                BUS,
                none,
                registry(new PersistenceForecaster()),
                config(seed()),
                Clock.fixed(NOW, ZoneOffset.UTC),
                false);
        List<PublishedForecast> out = r.runOnce();
        assertThat(out).extracting(PublishedForecast::target).containsExactly("demo.load", "demo.pv");
        PublishedForecast load = r.latest().get(0);
        assertThat(load.strategy()).isEqualTo("persistence");
        assertThat(load.version()).isEqualTo("1.0.0");
        // Issued at the start of the current half hour, 48 steps.
        assertThat(load.forecast().p50().start()).isEqualTo(Instant.parse("2026-11-23T10:00:00Z"));
        assertThat(load.forecast().p50().size()).isEqualTo(48);
        assertThat(load.forecast().p50().unit()).isEqualTo("W");
        // The looped seed: interval n is row n mod 48, load × 2000 W/kWh × scale 2; persistence repeats it.
        long idx = Instant.parse("2026-11-23T10:00:00Z").getEpochSecond() / 1800;
        assertThat(load.forecast().p50().value(0)).isEqualTo((idx % 48) * 2000.0 * 2);
        r.deactivate();
    }

    @Test
    void withoutAnActiveStrategyNothingIsForecast() throws Exception {
        ForecastRunner r = new ForecastRunner(
                BUS, List::of, registry(null), config(seed()), Clock.fixed(NOW, ZoneOffset.UTC), false);
        assertThat(r.runOnce()).isEmpty();
        assertThat(r.latest()).isEmpty();
    }

    @Test
    void intervalHistoryAveragesPerInterval() {
        IntervalHistory h = new IntervalHistory(1800, 3);
        h.add(0, 10);
        h.add(900, 20);
        h.add(1800, 5);
        assertThat(h.average(0)).isEqualTo(15);
        assertThat(h.average(1)).isEqualTo(5);
        assertThat(h.average(2)).isNaN();
        h.add(3600, 1);
        h.add(5400, 1);
        assertThat(h.size()).isEqualTo(3);
        assertThat(h.average(0)).as("dropped beyond keep").isNaN();
    }
}
