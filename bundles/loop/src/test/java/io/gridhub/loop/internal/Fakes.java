package io.gridhub.loop.internal;

import io.gridhub.api.dispatch.Dispatcher;
import io.gridhub.api.dispatch.Scenario;
import io.gridhub.api.governance.Actor;
import io.gridhub.api.model.Asset;
import io.gridhub.api.model.AssetKind;
import io.gridhub.api.model.AssetSchedule;
import io.gridhub.api.model.Community;
import io.gridhub.api.model.Explanation;
import io.gridhub.api.model.Feeder;
import io.gridhub.api.model.Member;
import io.gridhub.api.model.MemberType;
import io.gridhub.api.model.Participation;
import io.gridhub.api.model.Plan;
import io.gridhub.api.model.Site;
import io.gridhub.api.model.Transformer;
import io.gridhub.testkit.FakeGovernance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Function;

/** The community the loop's tests run (the hub's services come from the hub test kit). */
final class Fakes {
    private Fakes() {}

    /** Two members on feeder f1 (load, PV, meter each), a shared 30 kW / 60 kWh battery on f1. */
    static Community community() {
        List<Member> members = new ArrayList<>();
        for (int i = 1; i <= 2; i++) {
            String m = "m0" + i;
            members.add(new Member(
                    m,
                    m,
                    MemberType.HOUSEHOLD,
                    List.of(new Site(
                            m + "-site",
                            null,
                            "f1",
                            List.of(
                                    new Asset(m + "-meter", null, AssetKind.METER, 0, 0),
                                    new Asset(m + "-load", null, AssetKind.LOAD, 0, 0),
                                    new Asset(m + "-pv", null, AssetKind.PV, 4000 * i, 0)))),
                    List.of(new Participation("demo", 1.0))));
        }
        return new Community(
                "demo",
                "demo",
                members,
                List.of(new Asset("shared-bat", null, AssetKind.BATTERY, 30_000, 60_000)),
                List.of(new Feeder("f1", null, "t1", 60_000, 40_000)),
                List.of(new Transformer("t1", null, 250_000)));
    }

    /**
     * {@link #community()} with a hot-water system at each member (m01-hw, m02-hw: 3.6 kW element, 14.5 kWh of heat)
     * and a member battery m02-bat (5 kW / 10 kWh), all behind the members' meters.
     */
    static Community withMemberAssets() {
        return withSiteAssets((member, assets) -> {
            assets.add(new Asset(member + "-hw", null, AssetKind.FLEXIBLE_LOAD, 3_600, 14_500));
            if (member.equals("m02")) {
                assets.add(new Asset("m02-bat", null, AssetKind.BATTERY, 5_000, 10_000));
            }
        });
    }

    /** {@link #community()} with assets {@code add} puts on each member's site (given the member id). */
    static Community withSiteAssets(BiConsumer<String, List<Asset>> add) {
        Community c = community();
        List<Member> members = new ArrayList<>();
        for (Member m : c.members()) {
            Site s = m.sites().get(0);
            List<Asset> assets = new ArrayList<>(s.assets());
            add.accept(m.id(), assets);
            members.add(new Member(
                    m.id(),
                    m.name(),
                    m.type(),
                    List.of(new Site(s.id(), s.name(), s.feederId(), assets)),
                    m.participations()));
        }
        return new Community(c.id(), c.name(), members, c.sharedAssets(), c.feeders(), c.transformers());
    }

    /** Approves a control-authority policy that makes community {@code demo} autonomous; returns its proposal id. */
    static long autonomous(FakeGovernance governance) throws Exception {
        long id = proposed(
                governance,
                "{\"id\":\"control-authority-demo\",\"version\":1,\"kind\":\"control-authority\","
                        + "\"community\":\"demo\",\"mode\":\"autonomous\"}");
        approve(governance, id);
        return id;
    }

    /** A policy an operator proposed; returns its proposal id. */
    static long proposed(FakeGovernance governance, String policy) throws Exception {
        return governance
                .propose(policy, null, new Actor("operator", Set.of("operator"), "operator"))
                .id();
    }

    /** A governance lead approves a proposal. */
    static void approve(FakeGovernance governance, long id) throws Exception {
        governance.approve(id, new Actor("lead", Set.of(Actor.GOVERNANCE_LEAD), "lead"));
    }

    /**
     * A dispatcher "test" 1.0.0 whose plan has the schedules {@code schedules} gives a scenario, solved in
     * {@code solveTime}; each plan gets an id of its own (the scenario's, {@code @1}, {@code @2}, …).
     */
    static Dispatcher dispatcher(Function<Scenario, List<AssetSchedule>> schedules, Duration solveTime) {
        AtomicInteger plans = new AtomicInteger();
        return new Dispatcher() {
            @Override
            public Plan plan(Scenario s) {
                return new Plan(
                        s.id() + "@" + plans.incrementAndGet(),
                        "test",
                        s.start(),
                        s.start(),
                        s.step(),
                        s.steps(),
                        schedules.apply(s),
                        new Explanation("test plan", 1, 2, List.of()),
                        solveTime);
            }

            @Override
            public String name() {
                return "test";
            }

            @Override
            public String version() {
                return "1.0.0";
            }
        };
    }
}
