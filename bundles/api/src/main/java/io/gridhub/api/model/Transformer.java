package io.gridhub.api.model;

/** A distribution transformer with its rating in VA. */
public record Transformer(String id, String name, double ratedApparentPowerVA) {
    public Transformer {
        Ids.require(id, "transformer id");
        name = name == null ? id : name;
        if (ratedApparentPowerVA <= 0) {
            throw new IllegalArgumentException("transformer " + id + ": rating must be positive");
        }
    }
}
