package io.gridhub.api.audit;

import io.gridhub.api.check.Fields;
import java.time.Instant;

/**
 * One entry of the audit trail.
 *
 * @param seq     1, 2, 3, … without gaps
 * @param actor   who acted: a user, a SCADA master, or the hub itself (e.g. {@code loop})
 * @param channel how: {@code rest}, {@code opcua}, {@code iec104}, {@code loop}, {@code strategy}, {@code config}
 * @param action  what, e.g. {@code setpoint.write}, {@code plan.confirm}, {@code policy.approve}
 * @param subject on what, e.g. a point id or a proposal
 * @param outcome the result, e.g. {@code confirmed}, {@code refused}, {@code denied}
 * @param detail  the rest, one line (plan id, value, authority mode, reason)
 * @param mac     the HMAC of this entry's content and the previous entry's mac (hex)
 */
public record AuditRecord(
        long seq,
        Instant at,
        String actor,
        String channel,
        String action,
        String subject,
        String outcome,
        String detail,
        String mac) {
    public AuditRecord {
        Fields.require("at actor channel action", at, actor, channel, action);
        subject = Fields.orEmpty(subject);
        outcome = Fields.orEmpty(outcome);
        detail = Fields.orEmpty(detail);
        mac = Fields.orEmpty(mac);
    }
}
