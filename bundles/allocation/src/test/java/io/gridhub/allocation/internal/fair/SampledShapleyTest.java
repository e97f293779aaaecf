package io.gridhub.allocation.internal.fair;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.gridhub.allocation.internal.RandomCommunity;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SampledShapleyTest {
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void theEstimateIsWithinItsReportedErrorOfTheExactValueAtSixteenMembers(long seed) {
        SavingsGame game = RandomCommunity.game(16, 96, 40 + seed);
        double[] exact = ExactShapley.compute(game).total();
        ShapleyResult s = SampledShapley.compute(game, new SampledShapley.Budget(0.01, 20_000, 2_000_000, seed));
        assertThat(s.exact()).isFalse();
        assertThat(s.relativeError()).isLessThanOrEqualTo(0.01);
        double errSum = 0;
        double absSum = 0;
        for (int i = 0; i < 16; i++) {
            // Each member within 4 of its standard errors (16 members: a 3-SE miss is not rare enough).
            assertThat(Math.abs(s.total()[i] - exact[i]))
                    .as("member %d", i)
                    .isLessThanOrEqualTo(4 * s.standardError()[i] + 1e-12);
            errSum += Math.abs(s.total()[i] - exact[i]);
            absSum += Math.abs(exact[i]);
        }
        // The reported metric bounds the realised one: E|X| = 0.8 SE for a normal error.
        assertThat(errSum / absSum).isLessThanOrEqualTo(s.relativeError());
        // Every permutation's marginals add up to v(N): the estimate is exactly efficient.
        assertThat(Arrays.stream(s.total()).sum())
                .isCloseTo(Arrays.stream(exact).sum(), within(1e-9));
    }
}
