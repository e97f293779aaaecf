package io.gridhub.api.ev;

import io.gridhub.api.check.Fields;
import java.time.Instant;

/**
 * A charge point that tried to connect with an identity no configuration knows: refused, and listed here so that an
 * operator can approve it by configuring it.
 *
 * @param id          the identity it gave
 * @param address     the remote address it came from
 * @param lastAttempt its last attempt
 * @param attempts    attempts since the hub started
 */
public record UnknownChargePoint(String id, String address, Instant lastAttempt, long attempts) {
    public UnknownChargePoint {
        Fields.require("id lastAttempt", id, lastAttempt);
        address = Fields.orEmpty(address);
    }
}
