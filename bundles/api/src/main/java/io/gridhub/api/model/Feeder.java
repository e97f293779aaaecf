package io.gridhub.api.model;

/** A feeder with its thermal limits at the transformer end, in W (import = power flowing to the sites). */
public record Feeder(String id, String name, String transformerId, double importLimitW, double exportLimitW) {
    public Feeder {
        Ids.require(id, "feeder id");
        name = name == null ? id : name;
        if (importLimitW <= 0 || exportLimitW <= 0) {
            throw new IllegalArgumentException("feeder " + id + ": limits must be positive");
        }
    }
}
