package io.gridhub.allocation.internal.fair;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.gridhub.allocation.internal.RandomCommunity;
import java.util.Arrays;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ShapleyTest {
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5, 7})
    void exactEqualsTheBruteForcePermutationFormula(int n) {
        SavingsGame game = RandomCommunity.game(n, 48, 100 + n);
        double[] brute = ShapleyByDefinition.compute(game);
        assertThat(ExactShapley.compute(game, true).total()).containsExactly(brute, within(1e-9));
        assertThat(ExactShapley.compute(game, false).total()).containsExactly(brute, within(1e-9));
    }

    @Test
    void perIntervalAndAccumulatedPathsAgreeAtTwelveMembers() {
        SavingsGame game = RandomCommunity.game(12, 96, 12);
        ShapleyResult a = ExactShapley.compute(game, true);
        ShapleyResult b = ExactShapley.compute(game, false);
        assertThat(a.total()).containsExactly(b.total(), within(1e-9));
        // Per interval, the lines add up to the totals.
        double[] sum = new double[12];
        for (int k = 0; k < a.perInterval().length; k++) {
            sum[k % 12] += a.perInterval()[k];
        }
        assertThat(sum).containsExactly(a.total(), within(1e-9));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void efficiencyTheSharesAddUpToTheCommunitysSavings(long seed) {
        SavingsGame game = RandomCommunity.game(10, 96, seed);
        double total = Arrays.stream(ExactShapley.compute(game).total()).sum();
        assertThat(total).isCloseTo(game.savings((1L << 10) - 1), within(1e-9));
    }

    @Test
    void symmetryTwoMembersWithTheSameMetersGetTheSame() {
        SavingsGame base = RandomCommunity.game(6, 48, 5);
        // Member 6 is a copy of member 2.
        int n = 7;
        double[] net = new double[n * 48];
        for (int t = 0; t < 48; t++) {
            System.arraycopy(base.net, t * 6, net, t * n, 6);
            net[t * n + 6] = base.net[t * 6 + 2];
        }
        double[] phi = ExactShapley.compute(new SavingsGame(n, 48, net, base.pImp, base.pExp))
                .total();
        assertThat(phi[6]).isCloseTo(phi[2], within(1e-9));
    }

    @Test
    void nullPlayerAMemberWithNoEnergyGetsNothing() {
        SavingsGame base = RandomCommunity.game(6, 48, 6);
        int n = 7;
        double[] net = new double[n * 48];
        for (int t = 0; t < 48; t++) {
            System.arraycopy(base.net, t * 6, net, t * n, 6);
        }
        SavingsGame game = new SavingsGame(n, 48, net, base.pImp, base.pExp);
        assertThat(ExactShapley.compute(game).total()[6]).isCloseTo(0, within(1e-12));
        // And the others get what they got without it.
        assertThat(Arrays.copyOf(ExactShapley.compute(game).total(), 6))
                .containsExactly(ExactShapley.compute(base).total(), within(1e-9));
    }

    @Test
    void additivityTheValueOfTwoPeriodsIsTheSumOfTheirValues() {
        SavingsGame a = RandomCommunity.game(8, 48, 21);
        SavingsGame b = RandomCommunity.game(8, 48, 22);
        int n = 8;
        double[] net = new double[n * 96];
        System.arraycopy(a.net, 0, net, 0, n * 48);
        System.arraycopy(b.net, 0, net, n * 48, n * 48);
        double[] pi = new double[96];
        double[] pe = new double[96];
        System.arraycopy(a.pImp, 0, pi, 0, 48);
        System.arraycopy(b.pImp, 0, pi, 48, 48);
        System.arraycopy(a.pExp, 0, pe, 0, 48);
        System.arraycopy(b.pExp, 0, pe, 48, 48);
        double[] both =
                ExactShapley.compute(new SavingsGame(n, 96, net, pi, pe)).total();
        double[] sa = ExactShapley.compute(a).total();
        double[] sb = ExactShapley.compute(b).total();
        for (int i = 0; i < n; i++) {
            assertThat(both[i]).isCloseTo(sa[i] + sb[i], within(1e-9));
        }
    }

    @Test
    void weightsAreTheShapleyCoefficients() {
        double[] w = ExactShapley.weights(5);
        // s!(4−s)!/5!
        assertThat(w)
                .containsExactly(new double[] {24 / 120.0, 6 / 120.0, 4 / 120.0, 6 / 120.0, 24 / 120.0}, within(1e-15));
    }

    @Test
    void simpleSharingAddsUpToTheSavingsToo() {
        SavingsGame game = RandomCommunity.game(9, 96, 9);
        double v = game.savings((1L << 9) - 1);
        assertThat(Arrays.stream(SimpleSharing.equal(game)).sum()).isCloseTo(v, within(1e-9));
        assertThat(Arrays.stream(SimpleSharing.proportional(game)).sum()).isCloseTo(v, within(1e-9));
    }

    @Test
    void theDefinitionIsRefusedBeyondTenMembers() {
        SavingsGame game = RandomCommunity.game(11, 4, 3);
        Assertions.assertThatThrownBy(() -> ShapleyByDefinition.compute(game))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("limited to 10 members");
    }
}
