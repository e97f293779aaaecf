package io.gridhub.api.loop;

import io.gridhub.api.check.Fields;

/** The control mode in force for a community and where it comes from (a governed policy, or the configuration). */
public record ControlAuthority(String community, ControlMode mode, String source) {
    public ControlAuthority {
        Fields.require("community mode", community, mode);
        source = Fields.orEmpty(source);
    }

    /** The governed policy id that holds a community's control mode. */
    public static String policyId(String community) {
        return "control-authority-" + community;
    }
}
