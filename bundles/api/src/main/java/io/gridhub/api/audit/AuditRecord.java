package io.gridhub.api.audit;

import java.time.Instant;
import java.util.Objects;

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
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(action, "action");
        subject = subject == null ? "" : subject;
        outcome = outcome == null ? "" : outcome;
        detail = detail == null ? "" : detail;
        mac = mac == null ? "" : mac;
    }
}
