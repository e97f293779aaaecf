package io.gridhub.strategy.testkit;

import io.gridhub.api.allocation.AllocationPolicy;
import io.gridhub.api.allocation.AllocationRequest;
import io.gridhub.api.allocation.Prices;
import io.gridhub.api.model.MeterInterval;
import io.gridhub.api.model.Participation;
import io.gridhub.api.model.PolicyRef;
import io.gridhub.strategy.testkit.SampleData.Season;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The requests {@link AllocatorContract} runs, under a policy the contract's {@code rules} hook may fill in (the
 * default has no parameters). Realistic: five households (the sample home's load on five days of the week, two with
 * its rooftop PV) and a 30 kWp community plant over two days at 30 minutes, at flat prices, at the season's day-ahead
 * prices, and with one household taking part at 50 %. Edge: no meter data, a single prosumer, a night without
 * generation, no prices, a single interval.
 */
public final class AllocationInputs {
    /** The community every request is for. */
    public static final String COMMUNITY = "contract";

    /** The policy every request names. */
    public static final PolicyRef POLICY = new PolicyRef("contract-policy", 1);

    private static final int DAY = 48;
    private static final Prices FLAT = Prices.flat(0.25, 0.08);

    private AllocationInputs() {}

    /** @param rules the policy's rules from a policy without parameters (the contract's hook) */
    public static List<Case<AllocationRequest>> realistic(UnaryOperator<AllocationPolicy> rules) {
        List<MeterInterval> twoDays = community(Season.SUMMER, 0, 2 * DAY);
        AllocationPolicy plain = rules.apply(AllocationPolicy.defaults(POLICY));
        AllocationPolicy partly = new AllocationPolicy(
                POLICY,
                COMMUNITY,
                plain.method(),
                plain.resolutionMinutes(),
                plain.members(),
                plain.staticShares(),
                plain.priorityGroups(),
                Map.of("H2", List.of(new Participation(COMMUNITY, 0.5), new Participation("elsewhere", 0.5))),
                plain.memberTypes(),
                plain.nonBusinessMinShare(),
                plain.incentiveEurPerKWh(),
                plain.cacerShareThreshold());
        return List.of(
                new Case<>("six members, two summer days, flat prices", request(twoDays, plain, FLAT)),
                new Case<>(
                        "six members, two winter days, day-ahead prices",
                        request(community(Season.WINTER, 0, 2 * DAY), plain, dayAhead())),
                new Case<>("one member takes part at 50 %", request(twoDays, partly, FLAT)));
    }

    public static List<Case<AllocationRequest>> edge(UnaryOperator<AllocationPolicy> rules) {
        AllocationPolicy plain = rules.apply(AllocationPolicy.defaults(POLICY));
        List<MeterInterval> summer = community(Season.SUMMER, 0, DAY);
        List<MeterInterval> prosumer =
                summer.stream().filter(m -> m.memberId().equals("H1")).toList();
        // Midnight to 04:00: no generation anywhere.
        List<MeterInterval> night = community(Season.SUMMER, 0, 8);
        List<MeterInterval> noon = community(Season.SUMMER, 24, 1);
        return List.of(
                new Case<>("no meter data", request(List.of(), plain, FLAT)),
                new Case<>("a single prosumer", request(prosumer, plain, FLAT)),
                new Case<>("a night without generation", request(night, plain, FLAT)),
                new Case<>("no prices", request(summer, plain, Prices.none())),
                new Case<>("a single interval", request(noon, plain, FLAT)));
    }

    private static AllocationRequest request(List<MeterInterval> meters, AllocationPolicy rules, Prices prices) {
        return new AllocationRequest(COMMUNITY, POLICY, meters, rules, prices);
    }

    /** The season's day-ahead prices from its second day on, import with 0.18 EUR/kWh of fees. */
    private static Prices dayAhead() {
        var ts = SampleData.dayAheadEurPerKWh(Season.WINTER);
        Instant t0 = SampleData.homeLoadW(Season.WINTER).timeAt(DAY);
        List<Prices.Step> steps = new ArrayList<>();
        for (int h = 0; h < 2 * 24; h++) {
            double p = ts.value(24 + h);
            steps.add(new Prices.Step(t0.plus(Duration.ofHours(h)), p + 0.18, p));
        }
        return Prices.steps(steps);
    }

    /**
     * {@code n} intervals from interval {@code from} of the season's second day: H1 to H5 consume the home's load of
     * days 1 to 5, H1 and H3 feed in its PV of days 1 and 2, P is a 30 kWp plant.
     */
    private static List<MeterInterval> community(Season season, int from, int n) {
        double[] load = SampleData.homeLoadW(season).values();
        double[] pv = SampleData.homePvW(season).values();
        Instant t0 = SampleData.homeLoadW(season).timeAt(DAY);
        Duration q = SampleData.HALF_HOUR;
        List<MeterInterval> out = new ArrayList<>();
        for (int k = from; k < from + n; k++) {
            Instant t = t0.plus(q.multipliedBy(k));
            for (int h = 1; h <= 5; h++) {
                // W over half an hour to Wh; the second day's values start at index DAY.
                double c = load[(h * DAY + k) % load.length] / 2;
                double g = h == 1 ? pv[DAY + k] / 2 : h == 3 ? pv[(2 * DAY + k) % pv.length] / 2 : 0;
                out.add(new MeterInterval(t, q, "H" + h, c, g));
            }
            out.add(new MeterInterval(t, q, "P", 0, pv[DAY + k] / 2 * 30 / 1.7));
        }
        return out;
    }
}
