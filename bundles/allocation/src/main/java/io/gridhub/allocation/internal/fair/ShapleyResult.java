package io.gridhub.allocation.internal.fair;

/**
 * Shapley values of the savings game.
 *
 * @param total           φ_i(v) over all intervals, EUR
 * @param perInterval     φ_i per interval ({@code t*n+i}); where {@code periodPart} is not null, the per-interval
 *                        values hold only the closed-form part and {@code periodPart} the coalition part
 * @param periodPart      per member the coalition part over all mixed intervals, or null
 * @param standardError   per member, EUR (0 when exact)
 * @param relativeError   Σ_i SE_i / Σ_i |φ_i| (0 when exact): the error metric reported and targeted
 * @param permutations    permutations sampled (0 when exact)
 * @param mixedIntervals  intervals that needed coalitions
 */
public record ShapleyResult(
        double[] total,
        double[] perInterval,
        double[] periodPart,
        double[] standardError,
        double relativeError,
        long permutations,
        int mixedIntervals,
        boolean exact) {}
