package io.gridhub.drill;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * What a drill found (docs/drills.md, "Report"): how the samples were run, the critical loads' survival and the
 * energy not served for the community and per member (P10, P50, P90 over the samples), the cost, the deterministic
 * drill's trajectory for the charts, and the recommended response with its explanation. Hours, kWh, EUR.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DrillReport(
        String drill,
        String description,
        String scenario,
        String community,
        String method,
        List<String> events,
        String windowStart,
        String windowEnd,
        double windowHours,
        int runsRequested,
        int runsCompleted,
        long elapsedMillis,
        boolean budgetExhausted,
        Figures communityFigures,
        List<MemberFigures> members,
        Double baselineCostEur,
        Trajectory deterministic,
        Recommendation recommendation,
        ObjectNode proposal) {

    /** P10, P50 and P90 over the samples, and the mean. */
    public record Spread(double p10, double p50, double p90, double mean) {}

    /**
     * Survival of the critical loads (hours from the window's start until one is first not fully served; the whole
     * window when never), the share of samples in which they survive the whole window, energy not served (critical
     * and all), and the cost (energy at the connection).
     */
    public record Figures(
            Spread survivalHours,
            double survivesWindowShare,
            Spread criticalNotServedKWh,
            Spread notServedKWh,
            Spread costEur) {}

    /** A member's figures, with its load class. */
    public record MemberFigures(
            String member,
            double criticalW,
            double criticalShare,
            int shedPriority,
            Spread survivalHours,
            double survivesWindowShare,
            Spread criticalNotServedKWh,
            Spread notServedKWh) {}

    /**
     * The deterministic drill per solved step: start times, stored energy (Wh), PV (W), exchange at the connection
     * (W, + import), critical load served and not served, other loads served and not served (W).
     */
    public record Trajectory(
            List<String> times,
            double[] storedWh,
            double[] pvW,
            double[] gridW,
            double[] criticalServedW,
            double[] criticalShedW,
            double[] otherServedW,
            double[] otherShedW) {}

    /** One step of a pre-charge plan: when, and at which power from the grid (W). */
    public record ChargeStep(String time, double powerW, double priceEurPerKWh) {}

    /** The pre-charge plan before the window: energy to add (Wh), the steps, what they cost, in words. */
    public record PreCharge(double energyWh, List<ChargeStep> steps, double costEur, String explanation) {}

    /** A class of loads in the order they are shed, with how much and when (P50) and in how many samples. */
    public record ShedStep(
            int order,
            String priority,
            List<String> members,
            double shedShare,
            Double firstShedHoursP50,
            double shedKWhP50,
            String explanation) {}

    /**
     * The battery reserve to hold (Wh above the minimum state of charge, and as a share of what is usable), the
     * pre-charge plan, the shed order, and every reason in words.
     */
    public record Recommendation(
            Double reserveWh,
            Double reserveShare,
            PreCharge preCharge,
            List<ShedStep> shedOrder,
            List<String> explanation) {}

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
