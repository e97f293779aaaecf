package io.gridhub.api.loop;

import java.util.Objects;

/** The control mode in force for a community and where it comes from (a governed policy, or the configuration). */
public record ControlAuthority(String community, ControlMode mode, String source) {
    public ControlAuthority {
        Objects.requireNonNull(community, "community");
        Objects.requireNonNull(mode, "mode");
        source = source == null ? "" : source;
    }

    /** The governed policy id that holds a community's control mode. */
    public static String policyId(String community) {
        return "control-authority-" + community;
    }
}
