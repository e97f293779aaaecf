package io.gridhub.api.model;

import io.gridhub.api.check.Fields;
import java.util.List;

/** A grid connection point with its meter, on a feeder, and the assets behind it. */
public record Site(String id, String name, String feederId, List<Asset> assets) {
    public Site {
        Ids.require(id, "site id");
        name = name == null ? id : name;
        assets = Fields.copyOf(assets);
    }
}
