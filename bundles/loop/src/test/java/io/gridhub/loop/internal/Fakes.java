package io.gridhub.loop.internal;

import io.gridhub.api.model.Asset;
import io.gridhub.api.model.AssetKind;
import io.gridhub.api.model.Community;
import io.gridhub.api.model.Feeder;
import io.gridhub.api.model.Member;
import io.gridhub.api.model.MemberType;
import io.gridhub.api.model.Participation;
import io.gridhub.api.model.Site;
import io.gridhub.api.model.Transformer;
import java.util.ArrayList;
import java.util.List;

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
}
