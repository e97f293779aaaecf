package io.gridhub.loop.internal;

import io.gridhub.api.model.Asset;
import io.gridhub.api.model.AssetKind;
import io.gridhub.api.model.AssetSchedule;
import io.gridhub.api.model.Direction;
import io.gridhub.api.model.Feeder;
import io.gridhub.api.model.Plan;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The safety envelope every setpoint passes before it is written: the asset's rating, its state-of-charge limits
 * (no discharge at or below the minimum, no charge at or above the maximum), its ramp rate from the last commanded
 * value, and the headroom of its feeder in the latest measurements; an asset that only consumes (EV charger,
 * flexible load, heat pump, load) never gets a negative setpoint. A value outside is clamped, and the reason says
 * which limits bound it.
 */
final class Envelope {
    record Settings(double rampFractionPerSecond, double socMinPercent, double socMaxPercent) {}

    /** The value to command, and why it differs from the planned one (empty when it does not). */
    record Clamp(double valueW, String reason) {
        boolean clamped() {
            return !reason.isEmpty();
        }
    }

    /**
     * What the envelope looks at: measured power and state of charge, the asset's feeder flow now, the last command.
     */
    record Inputs(
            Optional<Double> measuredW,
            Optional<Double> socPercent,
            Feeder feeder,
            Optional<Double> feederFlowW,
            Optional<Double> lastCommandedW,
            double secondsSinceLast) {}

    private static final String CONSUMES_ONLY = "it only consumes: not below 0 W";

    private final Settings settings;

    Envelope(Settings settings) {
        this.settings = settings;
    }

    Clamp check(Asset a, double plannedW, Inputs in) {
        double w = plannedW;
        List<String> why = new ArrayList<>();
        if (!Double.isFinite(w)) {
            return new Clamp(0, "the plan's value " + plannedW + " is not a number: 0 W");
        }
        boolean consumes = a.kind().powerDirection() == Direction.CONSUMPTION_POSITIVE;
        if (consumes && w < 0) {
            w = 0;
            why.add(CONSUMES_ONLY);
        }
        double rating = a.ratedPowerW();
        if (rating > 0 && Math.abs(w) > rating) {
            w = Math.copySign(rating, w);
            why.add(String.format(Locale.ROOT, "rating %.0f W", rating));
        }
        if (a.kind() == AssetKind.BATTERY && in.socPercent().isPresent()) {
            double soc = in.socPercent().get();
            if (w > 0 && soc <= settings.socMinPercent()) {
                w = 0;
                why.add(socLimit(soc, "at or below its minimum", settings.socMinPercent()));
            } else if (w < 0 && soc >= settings.socMaxPercent()) {
                w = 0;
                why.add(socLimit(soc, "at or above its maximum", settings.socMaxPercent()));
            }
        }
        if (rating > 0 && settings.rampFractionPerSecond() > 0) {
            double from = in.lastCommandedW().or(in::measuredW).orElse(0.0);
            double maxStep = rating * settings.rampFractionPerSecond() * Math.max(1, in.secondsSinceLast());
            if (Math.abs(w - from) > maxStep) {
                w = from + Math.copySign(maxStep, w - from);
                why.add(String.format(
                        Locale.ROOT,
                        "ramp rate %.0f W/s from %.0f W",
                        rating * settings.rampFractionPerSecond(),
                        from));
            }
        }
        if (in.feeder() != null && in.feederFlowW().isPresent()) {
            // The flow on the feeder without this asset's present contribution, then with the new value.
            double sign = importSign(a.kind());
            double without = in.feederFlowW().get() - sign * in.measuredW().orElse(0.0);
            // Do no harm: a feeder already over a limit without this asset bars the asset from adding to it, but
            // does not force the asset to take the other side (each asset alone would take it all, together far
            // too much; correcting it is the plan's work).
            double lo = Math.min(0, -in.feeder().exportLimitW() - without);
            double hi = Math.max(0, in.feeder().importLimitW() - without);
            double effect = sign * w;
            if (lo <= hi && (effect > hi || effect < lo)) {
                double bounded = Math.max(lo, Math.min(hi, effect));
                w = sign * bounded;
                why.add(String.format(
                        Locale.ROOT,
                        "feeder %s headroom (%.0f W measured without this asset, limits "
                                + "%.0f W import, %.0f W export)",
                        in.feeder().id(),
                        without,
                        in.feeder().importLimitW(),
                        in.feeder().exportLimitW()));
            }
        }
        if (consumes && w < 0) {
            // The ramp from a negative reading, or a feeder already over its import limit, would ask for generation.
            w = 0;
            if (!why.contains(CONSUMES_ONLY)) {
                why.add(CONSUMES_ONLY);
            }
        }
        if (why.isEmpty() || Math.abs(w - plannedW) < 0.5) {
            return new Clamp(plannedW, "");
        }
        return new Clamp(
                w,
                String.format(Locale.ROOT, "clamped from %.0f W to %.0f W: %s", plannedW, w, String.join("; ", why)));
    }

    /**
     * What the envelope would clip in a plan whatever the measurements: a setpoint that is not a number, beyond its
     * asset's rating, or below 0 W on an asset that only consumes (the ramp, the state of charge and the feeder's
     * headroom depend on the measurements when a setpoint is written, and are checked then). One problem per asset,
     * at its first such step; an asset the community does not have is left to the plan's output checks.
     */
    List<String> breaches(Topo topo, Plan plan) {
        Map<String, Topo.Placed> assets = topo.byId();
        Inputs unmeasured = new Inputs(
                Optional.empty(), Optional.empty(), null, Optional.empty(), Optional.empty(), Double.MAX_VALUE);
        List<String> out = new ArrayList<>();
        for (AssetSchedule s : plan.schedules()) {
            Topo.Placed a = assets.get(s.assetId());
            double[] x = s.setpointsW();
            for (int i = 0; a != null && i < x.length; i++) {
                Clamp c = check(a.asset(), x[i], unmeasured);
                if (c.clamped()) {
                    out.add("the safety envelope would clip " + s.assetId() + " at step " + i + " ("
                            + plan.start().plus(plan.step().multipliedBy(i)) + "): " + c.reason());
                    break;
                }
            }
        }
        return out;
    }

    /** +1 when a positive setpoint draws from the grid (loads, EVs), −1 when it feeds it (battery discharge). */
    static double importSign(AssetKind kind) {
        return switch (kind) {
            case BATTERY, PV -> -1;
            default -> 1;
        };
    }

    private static String socLimit(double soc, String where, double limitPercent) {
        return String.format(Locale.ROOT, "state of charge %.1f %% %s %.1f %%", soc, where, limitPercent);
    }
}
