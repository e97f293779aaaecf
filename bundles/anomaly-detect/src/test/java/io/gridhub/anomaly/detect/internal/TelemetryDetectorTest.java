package io.gridhub.anomaly.detect.internal;

import static io.gridhub.anomaly.detect.internal.Windows.asset;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridhub.api.anomaly.AnomalyKind;
import io.gridhub.api.anomaly.AnomalySeverity;
import io.gridhub.api.anomaly.Finding;
import io.gridhub.api.model.AssetKind;
import io.gridhub.api.model.Quantity;
import io.gridhub.forecast.common.SolarGeometry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Each telemetry kind on a small series, and the same series without the fault raising nothing. */
class TelemetryDetectorTest {
    private static final Instant T0 = Instant.parse("2026-12-07T00:00:00Z");
    private static final long STEP = 300;
    private static final int N = 288;

    private final TelemetryDetector detector = new TelemetryDetector();

    /** A household's load: 200 … 1200 W, a new value every 5 minutes, a day long. */
    private static double[] load(long seed) {
        Random r = new Random(seed);
        double[] v = new double[N];
        for (int i = 0; i < N; i++) {
            v[i] = Math.round(200 + 1000 * r.nextDouble());
        }
        return v;
    }

    private static Windows household() {
        return new Windows().member("m1", "f1", asset("m1-load", AssetKind.LOAD, 0, 0));
    }

    private List<Finding> detectLoad(double[] v) {
        Windows w = household().series("m1-load", "p", Quantity.ACTIVE_POWER, T0, STEP, v);
        return detector.detect(w.window(T0, T0.plusSeconds(N * STEP), false));
    }

    private static Instant at(int i) {
        return T0.plusSeconds(i * STEP);
    }

    @Test
    void aCleanLoadRaisesNothing() {
        assertThat(detectLoad(load(1))).isEmpty();
    }

    @Test
    void stuck() {
        double[] v = load(1);
        for (int i = 100; i < 160; i++) {
            v[i] = 777;
        }
        List<Finding> f = detectLoad(v);
        assertThat(f).singleElement().satisfies(x -> {
            assertThat(x.kind()).isEqualTo(AnomalyKind.STUCK);
            assertThat(x.points()).containsExactly("c.m1-load.p");
            assertThat(x.members()).containsExactly("m1");
            assertThat(x.from()).isEqualTo(at(100));
            assertThat(x.to()).isEqualTo(at(159));
            assertThat(x.explanation()).contains("exactly 777 W 60 times in a row for 4 h 55 min");
            assertThat(x.detector()).isEqualTo("telemetry/1.0.0");
        });
    }

    @Test
    void spike() {
        double[] v = load(1);
        v[150] = 15_000;
        assertThat(detectLoad(v)).singleElement().satisfies(x -> {
            assertThat(x.kind()).isEqualTo(AnomalyKind.SPIKE);
            assertThat(x.from()).isEqualTo(at(150));
            assertThat(x.explanation()).contains("jumped to 15.0 kW");
        });
    }

    @Test
    void gap() {
        double[] v = load(1);
        for (int i = 100; i < 140; i++) {
            v[i] = Double.NaN;
        }
        assertThat(detectLoad(v)).singleElement().satisfies(x -> {
            assertThat(x.kind()).isEqualTo(AnomalyKind.GAP);
            assertThat(x.from()).isEqualTo(at(99));
            assertThat(x.to()).isEqualTo(at(140));
            assertThat(x.explanation()).contains("silent for 3 h 25 min", "about 40 samples");
        });
    }

    @Test
    void aLiveWindowSeesAPointGoSilent() {
        double[] v = load(1);
        for (int i = 250; i < N; i++) {
            v[i] = Double.NaN;
        }
        Windows w = household().series("m1-load", "p", Quantity.ACTIVE_POWER, T0, STEP, v);
        List<Finding> live = detector.detect(w.window(T0, at(N), true));
        assertThat(live).singleElement().satisfies(x -> {
            assertThat(x.kind()).isEqualTo(AnomalyKind.GAP);
            assertThat(x.to()).isEqualTo(at(N));
            assertThat(x.explanation()).contains("nothing has come since");
        });
        assertThat(detector.detect(w.window(T0, at(N), false))).isEmpty();
    }

    @Test
    void outOfRangeIsNotAlsoASpike() {
        double[] v = load(1);
        v[150] = 250_000;
        v[151] = 250_000;
        assertThat(detectLoad(v)).singleElement().satisfies(x -> {
            assertThat(x.kind()).isEqualTo(AnomalyKind.OUT_OF_RANGE);
            assertThat(x.severity()).isEqualTo(AnomalySeverity.HIGH);
            assertThat(x.explanation()).contains("2 value(s) outside", "250 kW");
        });
    }

    @Test
    void signFlip() {
        double[] v = load(1);
        for (int i = 100; i < 160; i++) {
            v[i] = -v[i];
        }
        assertThat(detectLoad(v)).singleElement().satisfies(x -> {
            assertThat(x.kind()).isEqualTo(AnomalyKind.SIGN_FLIP);
            assertThat(x.from()).isEqualTo(at(100));
            assertThat(x.explanation()).contains("ran the wrong way for 5 h", "60 negative values");
        });
    }

    @Test
    void aSourceClockFallingBehindIsDriftAHistoryPushedInOneBatchIsNot() {
        double[] v = load(1);
        List<Instant> source = new ArrayList<>();
        List<Instant> received = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            long behind = i >= 150 && i < 170 ? (i - 149) * 60L : 0;
            source.add(at(i).minusSeconds(behind));
            received.add(at(i).plusSeconds(2));
        }
        Windows w = household().series("m1-load", "p", Quantity.ACTIVE_POWER, source, received, v);
        assertThat(detector.detect(w.window(T0, at(N), false))).singleElement().satisfies(x -> {
            assertThat(x.kind()).isEqualTo(AnomalyKind.CLOCK_DRIFT);
            assertThat(x.explanation()).contains("behind its arrival by 20 min");
        });

        List<Instant> batch = source.stream().map(t -> at(N)).toList();
        Windows pushed = household().series("m1-load", "p", Quantity.ACTIVE_POWER, source, batch, v);
        assertThat(detector.detect(pushed.window(T0, at(N), false))).isEmpty();
    }

    @Test
    void aSourceClockAheadIsDrift() {
        double[] v = load(1);
        List<Instant> source = new ArrayList<>();
        List<Instant> received = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            source.add(at(i).plusSeconds(i >= 280 ? 600 : 0));
            received.add(at(i).plusSeconds(2));
        }
        Windows w = household().series("m1-load", "p", Quantity.ACTIVE_POWER, source, received, v);
        assertThat(detector.detect(w.window(T0, at(N), true))).singleElement().satisfies(x -> {
            assertThat(x.kind()).isEqualTo(AnomalyKind.CLOCK_DRIFT);
            assertThat(x.explanation()).contains("ahead of its arrival by 9 min 58 s");
        });
    }

    @Test
    void energyImbalance() {
        Windows w = new Windows();
        double[] sum = new double[N];
        for (int m = 1; m <= 3; m++) {
            w.member("m" + m, "f1", asset("m" + m + "-meter", AssetKind.METER, 0, 0));
            double[] v = load(m);
            w.series("m" + m + "-meter", "p", Quantity.ACTIVE_POWER, T0, STEP, v);
            for (int i = 0; i < N; i++) {
                sum[i] += v[i];
            }
        }
        double[] feeder = new double[N];
        for (int i = 0; i < N; i++) {
            feeder[i] = sum[i] * (i >= 100 && i < 140 ? 1.8 : 1.03);
        }
        w.series("f1", "p", Quantity.ACTIVE_POWER, T0, STEP, feeder);
        List<Finding> f = detector.detect(w.window(T0, at(N), false));
        assertThat(f).singleElement().satisfies(x -> {
            assertThat(x.kind()).isEqualTo(AnomalyKind.ENERGY_IMBALANCE);
            assertThat(x.points()).contains("c.f1.p", "c.m1-meter.p", "c.m2-meter.p", "c.m3-meter.p");
            assertThat(x.members()).containsExactly("m1", "m2", "m3");
            assertThat(x.from()).isEqualTo(at(100));
            assertThat(x.to()).isEqualTo(at(140));
            assertThat(x.explanation()).contains("feeder f1", "3 meters", "(80.0 %)");
        });
    }

    @Test
    void batteryStateOfChargeThatItsPowerDoesNotExplain() {
        Windows w = new Windows().member("m1", "f1", asset("m1-bat", AssetKind.BATTERY, 5000, 10_000));
        int n = 96;
        double[] p = new double[n];
        double[] soc = new double[n];
        double e = 9000;
        for (int i = 0; i < n; i++) {
            soc[i] = e / 100;
            p[i] = i < 48 ? 1000 : -1000;
            e -= p[i] > 0 ? p[i] / 0.95 * STEP / 3600 : p[i] * 0.95 * STEP / 3600;
        }
        w.series("m1-bat", "p", Quantity.ACTIVE_POWER, T0, STEP, p);
        Windows ok = new Windows().member("m1", "f1", asset("m1-bat", AssetKind.BATTERY, 5000, 10_000));
        ok.series("m1-bat", "p", Quantity.ACTIVE_POWER, T0, STEP, p);
        ok.series("m1-bat", "soc", Quantity.STATE_OF_CHARGE, T0, STEP, soc);
        assertThat(detector.detect(ok.window(T0, at(n), false))).isEmpty();

        for (int i = 30; i < 70; i++) {
            soc[i] = soc[30];
        }
        w.series("m1-bat", "soc", Quantity.STATE_OF_CHARGE, T0, STEP, soc);
        assertThat(detector.detect(w.window(T0, at(n), false))).singleElement().satisfies(x -> {
            assertThat(x.kind()).isEqualTo(AnomalyKind.SOC_INCONSISTENT);
            assertThat(x.points()).containsExactly("c.m1-bat.soc", "c.m1-bat.p");
            assertThat(x.explanation()).contains("m1-bat's state of charge does not follow its power", "10.0 kWh");
        });
    }

    private static Windows plant() {
        return new Windows().member("coop", null, asset("pv", AssetKind.PV, 100_000, 0));
    }

    @Test
    void pvAtNight() {
        Instant night = Instant.parse("2026-12-07T12:00:00Z"); // 23:00 in Sydney
        double[] v = new double[36];
        for (int i = 12; i < 24; i++) {
            v[i] = 20_000;
        }
        Windows w = plant().series("pv", "p", Quantity.ACTIVE_POWER, night, STEP, v);
        assertThat(detector.detect(w.window(night, night.plusSeconds(36 * STEP), false)))
                .singleElement()
                .satisfies(x -> {
                    assertThat(x.kind()).isEqualTo(AnomalyKind.PV_AT_NIGHT);
                    assertThat(x.from()).isEqualTo(night.plusSeconds(12 * STEP));
                    assertThat(x.explanation()).contains("produced up to 20.0 kW for 1 h", "2.00 kW");
                });
    }

    @Test
    void pvFarBelowItsClearSkyOnAClearDay() {
        Instant start = Instant.parse("2026-12-06T13:00:00Z"); // midnight in Sydney
        int n = 4 * 96;
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            long t = start.getEpochSecond() + i * 900L;
            double clear = SolarGeometry.meanClearSkyGhi(-33.95, 151.18, Instant.ofEpochSecond(t), 900) * 80;
            v[i] = Math.round(clear * (i >= 96 && i < 192 ? 0.3 : 1));
        }
        Windows w = plant().series("pv", "p", Quantity.ACTIVE_POWER, start, 900, v);
        assertThat(detector.detect(w.window(start, start.plusSeconds(n * 900L), false)))
                .singleElement()
                .satisfies(x -> {
                    assertThat(x.kind()).isEqualTo(AnomalyKind.PV_UNDERPERFORMING);
                    assertThat(x.explanation()).contains("made 30.0 % of its clear-sky expectation on 2026-12-08");
                });
    }

    @Test
    void learnedResidualsOnAFeeder() {
        Windows w = new Windows();
        int n = 7 * 48;
        double[] v = new double[n];
        Random r = new Random(3);
        for (int i = 0; i < n; i++) {
            double hour = (i % 48) / 2.0;
            v[i] = 20_000 + 8_000 * Math.sin(Math.PI * hour / 24) + 500 * r.nextGaussian();
            if (i >= 200 && i < 216) {
                v[i] += 25_000;
            }
        }
        w.series("f1", "p", Quantity.ACTIVE_POWER, T0, 1800, v);
        assertThat(detector.detect(w.window(T0, T0.plusSeconds(n * 1800L), false)))
                .singleElement()
                .satisfies(x -> {
                    assertThat(x.kind()).isEqualTo(AnomalyKind.LEARNED);
                    assertThat(x.severity()).isEqualTo(AnomalySeverity.LOW);
                    assertThat(x.from()).isEqualTo(T0.plusSeconds(200 * 1800L));
                    assertThat(x.explanation()).contains("for 8 h", "usual profile");
                });
    }

    @Test
    void pricesDatedAheadAndAChargerIdleBetweenSessionsAreNoAnomalies() {
        double[] v = load(1);
        for (int i = 100; i < 200; i++) {
            v[i] = Double.NaN; // no session
        }
        List<Instant> ahead = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            ahead.add(at(i).plus(Duration.ofHours(24)));
        }
        Windows w = new Windows()
                .member("m1", "f1", asset("cp1", AssetKind.EV_CHARGER, 7400, 0))
                .series("cp1", "p", Quantity.ACTIVE_POWER, T0, STEP, v)
                .series(
                        "market",
                        "price_da",
                        Quantity.PRICE,
                        ahead,
                        List.copyOf(ahead).stream()
                                .map(t -> t.minus(Duration.ofHours(24)))
                                .toList(),
                        load(2));
        assertThat(detector.detect(w.window(T0, at(N), true))).isEmpty();
    }
}
