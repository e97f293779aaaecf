package io.gridhub.api.strategy;

import io.gridhub.api.check.Fields;
import java.time.Instant;

/**
 * One value a shadow comparison's figures are computed from: at {@code time}, what really happened and what the
 * active and the shadow strategy had said (a forecast step, a planned setpoint); lets a reader redo the figures and
 * draw both strategies against the actuals.
 *
 * @param subject the figure's subject (a forecast target, an asset, a member)
 * @param time    the start of the step
 * @param actual  what was measured (NaN when not compared with actuals)
 */
public record ShadowPoint(String subject, Instant time, double actual, double active, double shadow) {
    public ShadowPoint {
        Fields.require("subject time", subject, time);
    }
}
