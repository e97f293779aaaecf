package io.gridhub.forecast.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ConformalTest {
    /** Standard normal outcomes: a calibrated 80 % band is ±1.2816 (the normal's 90th percentile). */
    private static final double Z90 = 1.2815516;

    @Test
    void aTooNarrowBandIsWidenedToTheKnownEightyPercentInterval() {
        assertCalibrates(0.5);
    }

    @Test
    void aTooWideBandIsNarrowedToTheKnownEightyPercentInterval() {
        assertCalibrates(3);
    }

    private static void assertCalibrates(double halfWidth) {
        Random r = new Random(42);
        double[] scores = new double[4000];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = Conformal.score(-halfWidth, halfWidth, r.nextGaussian());
        }
        double margin = Conformal.margin(scores, scores.length, Conformal.P10_P90);
        assertThat(halfWidth + margin).isCloseTo(Z90, within(0.08));
        int inside = 0;
        int n = 50_000;
        for (int i = 0; i < n; i++) {
            double y = r.nextGaussian();
            if (y >= -halfWidth - margin && y <= halfWidth + margin) {
                inside++;
            }
        }
        assertThat(inside / (double) n).isBetween(0.78, 0.82);
    }

    @Test
    void theMarginIsTheFiniteSampleQuantileOfTheScores() {
        double[] scores = new double[99];
        for (int i = 0; i < scores.length; i++) {
            scores[98 - i] = i + 1; // 99 … 1, unsorted
        }
        // ⌈(99 + 1) · 0.8⌉ = 80: the 80th smallest score.
        assertThat(Conformal.margin(scores, 99, 0.8)).isEqualTo(80);
        assertThat(Conformal.score(2, 5, 7)).isEqualTo(2);
        assertThat(Conformal.score(2, 5, 4)).isEqualTo(-1);
    }

    @Test
    void tooFewScoresGiveNoMarginAndNaNsAreSkipped() {
        double[] few = new double[Conformal.MIN_SCORES + 5];
        Arrays.fill(few, Double.NaN);
        for (int i = 0; i < Conformal.MIN_SCORES - 1; i++) {
            few[i] = 10;
        }
        assertThat(Conformal.margin(few, few.length, 0.8)).isZero();
        assertThatThrownBy(() -> Conformal.margin(few, few.length, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
