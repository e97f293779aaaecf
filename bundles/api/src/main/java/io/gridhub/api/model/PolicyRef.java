package io.gridhub.api.model;

/** Names one version of one governed policy; every allocation line carries the one that produced it. */
public record PolicyRef(String id, int version) {
    public PolicyRef {
        Ids.require(id, "policy id");
        if (version < 1) {
            throw new IllegalArgumentException("policy " + id + ": version must be ≥ 1, got " + version);
        }
    }

    @Override
    public String toString() {
        return id + "@v" + version;
    }
}
