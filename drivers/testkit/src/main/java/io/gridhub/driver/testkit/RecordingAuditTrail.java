package io.gridhub.driver.testkit;

import java.time.Clock;

/**
 * The hub test kit's {@link io.gridhub.testkit.RecordingAuditTrail} under its old name, for tests not moved yet.
 *
 * @deprecated use {@code io.gridhub.testkit.RecordingAuditTrail}
 */
@Deprecated
public final class RecordingAuditTrail extends io.gridhub.testkit.RecordingAuditTrail {
    public RecordingAuditTrail() {}

    public RecordingAuditTrail(Clock clock) {
        super(clock);
    }
}
