package io.gridhub.anomaly.detect.internal;

/**
 * Every threshold of the telemetry detector, in one place (docs/anomalies.md explains each and how the defaults were
 * chosen on the tuning set of bench/anomaly). Times are in seconds of the series' own clock.
 *
 * @param stuckSeconds a value repeated exactly for at least this long is stuck
 * @param stuckMinSamples ... and over at least this many samples
 * @param spikeFactor a spike leaves and returns to its neighbours by this many times the series' jump scale
 * @param gapFactor a silence longer than this many times the series' usual sampling interval is a gap
 * @param gapMinSeconds ... and at least this long
 * @param ratingFactor power beyond this many times the asset's rating is out of range
 * @param meterMaxW a meter or load without a rating: power beyond this is out of range
 * @param signFlipSeconds a one-way asset running the wrong way at least this long has its sign flipped
 * @param signFlipMinSamples ... over at least this many samples
 * @param clockAheadSeconds a source time this far ahead of its arrival is a clock ahead
 * @param clockDriftSeconds an arrival delay this much beyond the series' usual delay is a clock behind
 * @param clockMinSamples ... over at least this many consecutive samples
 * @param lossFraction expected losses between the feeder measurement and the sum of its meters
 * @param imbalanceFraction tolerated difference beyond the losses, as a fraction of the meters' sum
 * @param imbalanceMinW ... and at least this many W
 * @param imbalanceSeconds ... held at least this long
 * @param socTolerancePct a battery's state of charge may differ from its integrated power by this many points
 * @param socRelativeTolerance ... plus this fraction of the integrated change
 * @param socSegmentSeconds the state of charge is checked over stretches of this length
 * @param batteryEfficiency one-way efficiency assumed when integrating battery power
 * @param pvNightFraction PV above this fraction of its reference (rating, else its peak) while the sun is down
 * @param pvNightMinW ... and above this many W
 * @param pvNightSeconds ... for at least this long
 * @param pvClearCorrelation a day whose PV correlates with the clear-sky curve at least this well is clear
 * @param pvUnderRatio a clear day whose yield per clear-sky irradiance is below this fraction of the reference
 * @param pvPerformanceRatio the reference per W of rating when no other clear day is in the window
 * @param learnedZ the learned detector flags residuals beyond this many robust standard deviations
 * @param learnedSeconds ... held at least this long
 * @param learnedMinSamples ... over at least this many samples
 */
public record Thresholds(
        double stuckSeconds,
        int stuckMinSamples,
        double spikeFactor,
        double gapFactor,
        double gapMinSeconds,
        double ratingFactor,
        double meterMaxW,
        double signFlipSeconds,
        int signFlipMinSamples,
        double clockAheadSeconds,
        double clockDriftSeconds,
        int clockMinSamples,
        double lossFraction,
        double imbalanceFraction,
        double imbalanceMinW,
        double imbalanceSeconds,
        double socTolerancePct,
        double socRelativeTolerance,
        double socSegmentSeconds,
        double batteryEfficiency,
        double pvNightFraction,
        double pvNightMinW,
        double pvNightSeconds,
        double pvClearCorrelation,
        double pvUnderRatio,
        double pvPerformanceRatio,
        double learnedZ,
        double learnedSeconds,
        int learnedMinSamples) {

    /** The defaults, tuned on bench/anomaly's tuning period (docs/anomalies.md). */
    public static final Thresholds DEFAULTS = new Thresholds(
            4 * 3600, // stuckSeconds
            6, // stuckMinSamples
            2.5, // spikeFactor
            5, // gapFactor
            600, // gapMinSeconds
            1.25, // ratingFactor
            60_000, // meterMaxW
            90 * 60, // signFlipSeconds
            3, // signFlipMinSamples
            120, // clockAheadSeconds
            300, // clockDriftSeconds
            3, // clockMinSamples
            0.03, // lossFraction
            0.06, // imbalanceFraction
            1000, // imbalanceMinW
            3600, // imbalanceSeconds
            5, // socTolerancePct
            0.25, // socRelativeTolerance
            2 * 3600, // socSegmentSeconds
            0.95, // batteryEfficiency
            0.02, // pvNightFraction
            50, // pvNightMinW
            20 * 60, // pvNightSeconds
            0.98, // pvClearCorrelation
            0.6, // pvUnderRatio
            0.75, // pvPerformanceRatio
            10, // learnedZ
            6 * 3600, // learnedSeconds
            12); // learnedMinSamples
}
