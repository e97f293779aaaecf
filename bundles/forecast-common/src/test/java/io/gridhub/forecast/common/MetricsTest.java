package io.gridhub.forecast.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class MetricsTest {
    @Test
    void maeRmseMapeNmaeAndCoverageByHand() {
        Metrics m = new Metrics();
        m.add(12, 10, 9, 13); // error 2, 20 %, inside
        m.add(6, 10, 7, 8); // error −4, 40 %, outside
        m.add(1, 0, 0, 2); // error 1, MAPE skipped, inside
        m.add(5, Double.NaN, 0, 9); // no actual: not scored
        assertThat(m.count()).isEqualTo(3);
        assertThat(m.mae()).isCloseTo(7 / 3.0, within(1e-12));
        assertThat(m.rmse()).isCloseTo(Math.sqrt(21 / 3.0), within(1e-12));
        assertThat(m.mape()).isCloseTo(30, within(1e-12));
        assertThat(m.coverage()).isCloseTo(200 / 3.0, within(1e-12));
        // 30-minute kWh against 505 kWp: MAE × 2 / 505.
        assertThat(m.nmae(505, 1800)).isCloseTo(100 * (7 / 3.0) * 2 / 505, within(1e-12));
        // Pinball by hand, (P10, P50, P90) terms averaged: step 1 (0.1·1, 0.5·2, 0.1·3)/3, step 2 (0.1·3, 0.5·4,
        // 0.9·2)/3, step 3 (0, 0.5·1, 0.1·2)/3.
        double s1 = (0.1 + 1 + 0.3) / 3;
        double s2 = (0.3 + 2 + 1.8) / 3;
        double s3 = (0 + 0.5 + 0.2) / 3;
        assertThat(m.pinball()).isCloseTo((s1 + s2 + s3) / 3, within(1e-12));
    }

    @Test
    void pinballLossWeighsEachSideByItsQuantile() {
        assertThat(Metrics.pinball(0.9, 10, 12)).isCloseTo(1.8, within(1e-12)); // under: 0.9 × 2
        assertThat(Metrics.pinball(0.9, 10, 8)).isCloseTo(0.2, within(1e-12)); // over: 0.1 × 2
        assertThat(Metrics.pinball(0.5, 3, 3)).isZero();
    }
}
