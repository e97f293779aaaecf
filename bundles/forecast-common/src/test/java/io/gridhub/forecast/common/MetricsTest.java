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
    }
}
